/** Schemes (entity `scheme`), their run locks and last results in Forge storage. */
import { kvs, Filter, FilterConditions, WhereConditions } from '@forge/kvs';
import type { SchemeStore } from '../engine/ports';
import type { SchemeLastRun, SchemeRecord } from '../engine/records';
import { ENTITY, keys } from './storageKeys';
import { isConditionFailed, isKeyConflict } from './kvsErrors';

interface SchemeEntity {
  name: string;
  enabled: boolean;
  nextRunAt: number;
  updatedAt: number;
  data: SchemeRecord;
}

function schemeEntity(record: SchemeRecord): SchemeEntity {
  return {
    name: record.name,
    enabled: record.enabled,
    nextRunAt: record.nextRunAt,
    updatedAt: new Date(record.updatedAt).getTime(),
    data: record,
  };
}

export function createKvsSchemeStore(): SchemeStore {
  const schemes = kvs.entity<SchemeEntity>(ENTITY.scheme);
  return {
    async list() {
      const all: SchemeRecord[] = [];
      let cursor: string | undefined;
      do {
        let query = schemes.query().index('by-name').where(WhereConditions.beginsWith('')).limit(100);
        if (cursor) query = query.cursor(cursor);
        const page = await query.getMany();
        all.push(...page.results.map((result) => result.value.data));
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },

    async get(schemeId) {
      return (await schemes.get(schemeId))?.data;
    },

    async put(record) {
      await schemes.set(record.id, schemeEntity(record));
    },

    async delete(schemeId) {
      await schemes.delete(schemeId);
    },

    async moveNextRunIf(seen, next) {
      try {
        await kvs
          .transact()
          .set(seen.id, schemeEntity({ ...seen, nextRunAt: next }), {
            entityName: ENTITY.scheme,
            conditions: new Filter<SchemeEntity>()
              .and('nextRunAt', FilterConditions.equalTo(seen.nextRunAt))
              .and('updatedAt', FilterConditions.equalTo(new Date(seen.updatedAt).getTime())),
          })
          .execute();
        return true;
      } catch (error) {
        if (isConditionFailed(error)) return false;
        throw error;
      }
    },

    async lock(schemeId, runId, ttlSeconds) {
      try {
        await kvs.set(keys.schemeLock(schemeId), runId, {
          keyPolicy: 'FAIL_IF_EXISTS',
          ttl: { value: ttlSeconds, unit: 'SECONDS' },
        });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },

    async lockHolder(schemeId) {
      return kvs.get<string>(keys.schemeLock(schemeId));
    },

    async unlock(schemeId, runId) {
      // Only the holder releases: a late event of an old run must not free the lock of a newer one.
      if ((await kvs.get<string>(keys.schemeLock(schemeId))) === runId) await kvs.delete(keys.schemeLock(schemeId));
    },

    async setLastRun(schemeId, lastRun) {
      await kvs.set(keys.schemeLastRun(schemeId), lastRun);
    },

    async getLastRuns(schemeIds) {
      const found = new Map<string, SchemeLastRun>();
      for (let i = 0; i < schemeIds.length; i += 25) {
        const chunk = schemeIds.slice(i, i + 25);
        const result = await kvs.batchGet<SchemeLastRun>(chunk.map((id) => ({ key: keys.schemeLastRun(id) })));
        for (const item of result.successfulKeys) found.set(item.key.slice(keys.schemeLastRun('').length), item.value);
      }
      return found;
    },
  };
}
