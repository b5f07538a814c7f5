/** Run history: list runs, one run with its per-user outcomes (paged by batch), cancel. */
import { RESOLVERS, type RunDetail, type RunSummary } from '../../contract';
import { cancelRun } from '../../engine/startRun';
import type { RunRecord } from '../../engine/records';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';

export function toSummary(run: RunRecord): RunSummary {
  return {
    id: run.id,
    schemeId: run.schemeId,
    schemeName: run.plan.schemeName,
    kind: run.kind,
    trigger: run.trigger,
    mode: run.plan.mode,
    state: run.state,
    reason: run.reason,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    counts: run.counts,
  };
}

define(RESOLVERS.runsList, async ({ cursor, schemeId, limit }, { cloudId }) => {
  const deps = createEngineDeps({ cloudId });
  const page = await deps.runs.listRuns({ limit, ...(cursor ? { cursor } : {}), ...(schemeId ? { schemeId } : {}) });
  return { runs: page.runs.map(toSummary), nextCursor: page.nextCursor ?? null };
});

define(RESOLVERS.runsGet, async ({ runId, batchCursor, outcome }, { cloudId }): Promise<RunDetail> => {
  const deps = createEngineDeps({ cloudId });
  const run = await deps.runs.getRun(runId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: 'This run no longer exists; runs older than the retention period are deleted.' });
  const page = await deps.runs.listBatches(runId, batchCursor ? { cursor: batchCursor } : {});
  const users = page.batches.flatMap((batch) => batch.users).filter((user) => !outcome || user.outcome === outcome);
  return { ...toSummary(run), errors: run.errors, users, nextBatchCursor: page.nextCursor ?? null };
});

define(RESOLVERS.runsCancel, async ({ runId }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const run = await cancelRun(deps, runId, accountId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: 'This run no longer exists.' });
  return toSummary(run);
});

