/** Daily site snapshots and the seat warning's state, as plain keys (`snapshot:<yyyy-mm-dd>` sorts by day). */
import { kvs, WhereConditions } from '@forge/kvs';
import type { SeatAlertState, SnapshotOverview, SnapshotRecord, SnapshotStore } from '../engine/ports/snapshotStore';
import { isKeyConflict } from './kvsErrors';
import { keys } from './storageKeys';

const PAGE = 100;

export function createKvsSnapshotStore(): SnapshotStore {
  const page = async (cursor: string | undefined, limit: number) => {
    let query = kvs
      .query()
      .where('key', WhereConditions.beginsWith(keys.snapshotPrefix()))
      .limit(Math.min(limit, PAGE));
    if (cursor) query = query.cursor(cursor);
    return query.getMany<SnapshotRecord>();
  };
  return {
    async put(snapshot) {
      await kvs.set(keys.snapshot(snapshot.day), snapshot);
    },
    async list({ cursor, limit }) {
      const found = await page(cursor, limit);
      const snapshots = found.results.map((result) => result.value).sort((a, b) => a.day.localeCompare(b.day));
      return { snapshots, ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}) };
    },
    async deleteBefore(day) {
      const old: string[] = [];
      let cursor: string | undefined;
      do {
        const found = await page(cursor, PAGE);
        for (const result of found.results) if (result.value.day < day) old.push(result.key);
        cursor = found.nextCursor;
      } while (cursor);
      for (const key of old) await kvs.delete(key);
      return old.length;
    },
    async getOverview() {
      return kvs.get<SnapshotOverview>(keys.snapshotOverview());
    },
    async putOverview(overview) {
      await kvs.set(keys.snapshotOverview(), overview);
    },
    async getAlertState() {
      return kvs.get<SeatAlertState>(keys.seatAlert());
    },
    async setAlertState(state) {
      await kvs.set(keys.seatAlert(), state);
    },
    async claimAlert(day) {
      try {
        await kvs.set(keys.seatAlertClaim(day), true, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },
  };
}
