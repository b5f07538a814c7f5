/** Shared pauses in Forge storage: one small key per kind of work, expiring by itself when the pause ends. */
import { kvs } from '@forge/kvs';
import type { PauseStore } from '../engine/ports';
import { keys } from './storageKeys';

export function createKvsPauseStore(): PauseStore {
  return {
    async pausedUntil(kind) {
      return kvs.get<number>(keys.pause(kind));
    },
    async pause(kind, untilMs) {
      const seconds = Math.max(1, Math.ceil((untilMs - Date.now()) / 1000));
      await kvs.set(keys.pause(kind), untilMs, { ttl: { value: seconds, unit: 'SECONDS' } });
    },
  };
}
