/** Warnings in Forge storage, and the signed "keep my access" links (web trigger URL + token). */
import { kvs, WhereConditions } from '@forge/kvs';
import { webTrigger } from '@forge/api';
import { createToken, newSigningKey } from '../domain/token';
import type { WarningRecord, WarningStore } from '../engine/ports/warningStore';
import { keys } from './storageKeys';
import { isKeyConflict } from './kvsErrors';

export const KEEP_ACCESS_TRIGGER = 'keep-access-link';

/** The installation's token signing key: created on first use, kept as a Forge secret. */
export async function tokenSigningKey(): Promise<string> {
  const existing = await kvs.getSecret<string>(keys.tokenSigningKey());
  if (existing) return existing;
  try {
    await kvs.setSecret(keys.tokenSigningKey(), newSigningKey(), { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if (!isKeyConflict(error)) throw error; // another invocation created it first: use theirs
  }
  return (await kvs.getSecret<string>(keys.tokenSigningKey()))!;
}

export function createKvsWarningStore(): WarningStore {
  return {
    async get(schemeId, accountId) {
      return kvs.get<WarningRecord>(keys.warning(schemeId, accountId));
    },
    async getMany(schemeId, accountIds) {
      const found = new Map<string, WarningRecord>();
      for (let i = 0; i < accountIds.length; i += 25) {
        const chunk = accountIds.slice(i, i + 25).map((accountId) => ({ key: keys.warning(schemeId, accountId) }));
        for (const item of (await kvs.batchGet<WarningRecord>(chunk)).successfulKeys)
          found.set(item.value.accountId, item.value);
      }
      return found;
    },
    async put(warning) {
      await kvs.set(keys.warning(warning.schemeId, warning.accountId), warning);
    },
    async list({ cursor, limit }) {
      let query = kvs
        .query()
        .where('key', WhereConditions.beginsWith(keys.warningPrefix()))
        .limit(Math.min(limit, 100));
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<WarningRecord>();
      return {
        warnings: page.results.map((result) => result.value),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
    async keepAccessUrl(claim) {
      const token = createToken(claim, await tokenSigningKey());
      const url = await webTrigger.getUrl(KEEP_ACCESS_TRIGGER);
      return `${url}${url.includes('?') ? '&' : '?'}t=${encodeURIComponent(token)}`;
    },
  };
}
