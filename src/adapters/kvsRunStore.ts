/**
 * Runs and their batches in Forge storage (@forge/kvs): custom entities, so they can be listed by index and
 * changed by compare-and-set transactions. A live run's action journal lives in its batches (BatchRecord.acting).
 * Journal keys of runs from before that (one per user) are still deleted with their run.
 */
import { kvs, Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { RunStore } from '../engine/ports';
import type { BatchRecord, RunRecord } from '../engine/records';
import { ENTITY, keys } from './storageKeys';
import { SNAPSHOT_SCHEME_ID, isSearchOrPreview } from '../engine/startRun';
import { isConditionFailed, isKeyConflict } from './kvsErrors';

interface RunEntity {
  schemeId: string;
  state: string;
  startedAt: number;
  /**
   * 'search' for a bulk search or an editor preview, so Run history can leave them out in the query (a page of 25
   * is 25 runs, and its cursor stays right). Every other run says 'run': the filter is "not a search", and a run
   * that names its purpose matches it whatever the store makes of a missing attribute. Runs stored before the
   * attribute have none (listed locally; on Forge, as its filters treat a missing attribute).
   */
  purpose?: 'search' | 'run';
  data: RunRecord;
}

interface BatchEntity {
  runId: string;
  seq: number;
  phase: string;
  data: BatchRecord;
}

const BATCH_GET_LIMIT = 25;
const PAGE_LIMIT = 100;

function runEntity(run: RunRecord): RunEntity {
  return {
    schemeId: run.schemeId,
    state: run.state,
    startedAt: new Date(run.startedAt).getTime(),
    purpose: isSearchOrPreview(run) ? 'search' : 'run',
    data: run,
  };
}

function batchEntity(batch: BatchRecord): BatchEntity {
  return { runId: batch.runId, seq: batch.seq, phase: batch.phase, data: batch };
}

export function createKvsRunStore(): RunStore {
  const runs = kvs.entity<RunEntity>(ENTITY.run);
  const batches = kvs.entity<BatchEntity>(ENTITY.batch);

  return {
    async createRun(run) {
      await runs.set(run.id, runEntity(run));
    },

    async getRun(runId) {
      return (await runs.get(runId))?.data;
    },

    async replaceRunIf(expectedState, run) {
      try {
        await kvs
          .transact()
          .set(run.id, runEntity(run), {
            entityName: ENTITY.run,
            conditions: new Filter<RunEntity>().and('state', FilterConditions.equalTo(expectedState)),
          })
          .execute();
        return true;
      } catch (error) {
        if (isConditionFailed(error)) return false;
        throw error;
      }
    },

    async listRuns({ cursor, limit, schemeId, state, startedBefore, withSnapshots, withoutSearches }) {
      const range =
        startedBefore !== undefined ? WhereConditions.lessThan(startedBefore) : WhereConditions.greaterThanEqualTo(0);
      const base = schemeId
        ? runs.query().index('by-scheme', { partition: [schemeId] })
        : state
          ? runs.query().index('by-state', { partition: [state] })
          : runs.query().index('by-started');
      let query = base.where(range).sort(Sort.DESC).limit(Math.min(limit, PAGE_LIMIT));
      // The daily snapshots would bury the runs admins look for; they have their own scheme id to ask for them.
      const hideSnapshots = !schemeId && !withSnapshots;
      const hidden = [
        ...(hideSnapshots ? [['schemeId', SNAPSHOT_SCHEME_ID] as const] : []),
        ...(withoutSearches ? [['purpose', 'search'] as const] : []),
      ];
      const [first, ...rest] = hidden;
      if (first) {
        const filter = rest.reduce(
          (all, [field, value]) => all.and(field, FilterConditions.notEqualTo(value)),
          new Filter<RunEntity>().and(first[0], FilterConditions.notEqualTo(first[1])),
        );
        query = query.filters(filter);
      }
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      return {
        runs: page.results.map((result) => result.value.data),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },

    async deleteRun(runId) {
      await runs.delete(runId);
    },

    async createBatch(batch) {
      try {
        await batches.set(keys.batch(batch.runId, batch.seq), batchEntity(batch), { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },

    async putBatch(batch) {
      await batches.set(keys.batch(batch.runId, batch.seq), batchEntity(batch));
    },

    async getBatch(runId, seq) {
      return (await batches.get(keys.batch(runId, seq)))?.data;
    },

    async listBatches(runId, { cursor, phase, afterSeq, limit, newestFirst }) {
      const base = phase
        ? batches.query().index('by-run-phase', { partition: [runId, phase] })
        : batches.query().index('by-run', { partition: [runId] });
      const range =
        afterSeq !== undefined ? WhereConditions.greaterThan(afterSeq) : WhereConditions.greaterThanEqualTo(0);
      let query = base
        .where(range)
        .sort(newestFirst ? Sort.DESC : Sort.ASC)
        .limit(Math.min(limit ?? PAGE_LIMIT, PAGE_LIMIT));
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      return {
        batches: page.results.map((result) => result.value.data),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },

    async claimReport(runId) {
      try {
        await kvs.set(keys.reportClaim(runId), true, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },

    async deleteRunData(runId) {
      for (;;) {
        const page = await batches
          .query()
          .index('by-run', { partition: [runId] })
          .where(WhereConditions.greaterThanEqualTo(0))
          .limit(BATCH_GET_LIMIT)
          .getMany();
        if (page.results.length === 0) break;
        await kvs.batchDelete(page.results.map((result) => ({ key: result.key, entityName: ENTITY.batch })));
      }
      await kvs.delete(keys.reportClaim(runId));
      for (;;) {
        const page = await kvs
          .query()
          .where('key', WhereConditions.beginsWith(keys.journalPrefix(runId)))
          .limit(BATCH_GET_LIMIT)
          .getMany();
        if (page.results.length === 0) break;
        await kvs.batchDelete(page.results.map((result) => ({ key: result.key })));
      }
    },
  };
}
