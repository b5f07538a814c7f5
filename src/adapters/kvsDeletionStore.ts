/** Pending deletions of staged lifecycles in Forge storage, one key per scheme and user (25 per batch call). */
import { kvs, WhereConditions } from '@forge/kvs';
import type { DeletionStore, PendingDeletion } from '../engine/ports/deletionStore';
import { keys } from './storageKeys';

const BATCH = 25;

export function createKvsDeletionStore(): DeletionStore {
  return {
    async put(deletions) {
      for (let i = 0; i < deletions.length; i += BATCH) {
        const result = await kvs.batchSet(
          deletions
            .slice(i, i + BATCH)
            .map((deletion) => ({ key: keys.pendingDeletion(deletion.schemeId, deletion.accountId), value: deletion })),
        );
        if (result.failedKeys.length > 0)
          throw new Error(`Could not file ${result.failedKeys.length} pending deletions; the step is retried.`);
      }
    },
    async remove(schemeId, accountIds) {
      for (let i = 0; i < accountIds.length; i += BATCH)
        await kvs.batchDelete(
          accountIds.slice(i, i + BATCH).map((accountId) => ({ key: keys.pendingDeletion(schemeId, accountId) })),
        );
    },
    async get(schemeId, accountId) {
      return kvs.get<PendingDeletion>(keys.pendingDeletion(schemeId, accountId));
    },
    async list({ cursor, limit }) {
      let query = kvs
        .query()
        .where('key', WhereConditions.beginsWith(keys.pendingDeletionPrefix()))
        .limit(Math.min(limit, 100));
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<PendingDeletion>();
      return {
        deletions: page.results.map((result) => result.value),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  };
}
