/** Run history: list runs (filtered by scheme, status, date), one run with its per-user outcomes (paged by batch), progress, cancel. */
import { parseISO, addDays } from 'date-fns';
import {
  RESOLVERS,
  type RunDetail,
  type RunOutcomesPage,
  type RunProgress,
  type RunsPage,
  type UndoPreview,
  type ApplyPreview,
} from '../../contract';
import { describeApproval, planApproval, startApproved, type ApprovalPlan } from '../../engine/approve';
import { cancelRun } from '../../engine/startRun';
import { describeUndoPlan, planUndo, startUndo, type UndoPlan } from '../../engine/undo';
import type { EngineDeps } from '../../engine/ports';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';
import { readAllBatches, readAllOutcomes, toSummary } from './runViews';

export { toSummary } from './runViews';

const GONE = 'This run no longer exists; runs older than the retention period are deleted.';

define(
  RESOLVERS.runsList,
  async ({ cursor, schemeId, state, startedBefore, limit }, { cloudId }): Promise<RunsPage> => {
    const deps = createEngineDeps({ cloudId });
    // "Started before" a day includes that whole day.
    const before = startedBefore ? addDays(parseISO(startedBefore), 1).getTime() : undefined;
    const page = await deps.runs.listRuns({
      limit,
      ...(cursor ? { cursor } : {}),
      ...(schemeId ? { schemeId } : {}),
      ...(state ? { state } : {}),
      ...(before !== undefined ? { startedBefore: before } : {}),
    });
    // The store answers one index at a time: with a scheme and a status, the status narrows the scheme's page here.
    const runs = page.runs.filter((run) => !state || run.state === state).map(toSummary);
    return { runs, nextCursor: page.nextCursor ?? null };
  },
);

define(RESOLVERS.runsGet, async ({ runId, batchCursor, outcome }, { cloudId }): Promise<RunDetail> => {
  const deps = createEngineDeps({ cloudId });
  const run = await deps.runs.getRun(runId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: GONE });
  const page = await deps.runs.listBatches(runId, batchCursor ? { cursor: batchCursor } : {});
  const users = page.batches.flatMap((batch) => batch.users).filter((user) => !outcome || user.outcome === outcome);
  return {
    ...toSummary(run),
    errors: run.errors,
    actions: run.plan.actions.map((action) => action.type),
    users,
    nextBatchCursor: page.nextCursor ?? null,
  };
});

define(RESOLVERS.runsOutcomes, async ({ runId, outcome, page, pageSize }, { cloudId }): Promise<RunOutcomesPage> => {
  const deps = createEngineDeps({ cloudId });
  const run = await deps.runs.getRun(runId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: GONE });
  // The run's stored batches (one per 100 users scanned), read whole so a filter and the page numbers are exact.
  const users = (await readAllOutcomes(deps, runId)).filter((user) => !outcome || user.outcome === outcome);
  const start = (page - 1) * pageSize;
  return {
    ...toSummary(run),
    errors: run.errors,
    actions: run.plan.actions.map((action) => action.type),
    users: users.slice(start, start + pageSize),
    total: users.length,
    page,
    pageSize,
  };
});

define(RESOLVERS.runsProgress, async ({ runId }, { cloudId }): Promise<RunProgress> => {
  const deps = createEngineDeps({ cloudId });
  const run = await deps.runs.getRun(runId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: GONE });
  // The scan stores one batch per page as it goes; counting them is the progress (the site's total is unknown until the end).
  const batches = await readAllBatches(deps, runId);
  return {
    ...toSummary(run),
    pagesScanned: batches.length,
    usersScanned: batches.reduce((sum, batch) => sum + batch.scanned, 0),
    usersFound: batches.reduce((sum, batch) => sum + batch.users.length, 0),
    scanComplete: run.scan.complete || !['queued', 'scanning'].includes(run.state),
  };
});

define(RESOLVERS.runsCancel, async ({ runId }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const run = await cancelRun(deps, runId, accountId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: 'This run no longer exists.' });
  return toSummary(run);
});

async function undoPlanOrRefuse(deps: EngineDeps, runId: string, accountIds?: string[]): Promise<UndoPlan> {
  const planned = await planUndo(deps, runId, accountIds);
  if (!planned.ok)
    throw new RefusedError({
      code: planned.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID_INPUT',
      message: planned.message,
    });
  return planned.plan;
}

function toUndoPreview(plan: UndoPlan): UndoPreview {
  return {
    runId: plan.run.id,
    schemeName: plan.run.plan.schemeName,
    users: plan.users,
    cannotUndo: plan.cannotUndo,
    message: describeUndoPlan(plan),
  };
}

define(RESOLVERS.runsUndoPreview, async ({ runId, accountIds }, { cloudId }): Promise<UndoPreview> => {
  const deps = createEngineDeps({ cloudId });
  return toUndoPreview(await undoPlanOrRefuse(deps, runId, accountIds));
});

define(RESOLVERS.runsUndo, async ({ runId, accountIds, confirm }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const plan = await undoPlanOrRefuse(deps, runId, accountIds);
  // However it is reached, the undo changes users on the site: without the admin's confirmation it names who and what.
  if (confirm !== true)
    throw new RefusedError({
      code: 'CONFIRMATION_REQUIRED',
      message: `${describeUndoPlan(plan)} Confirm it explicitly to start it.`,
    });
  const result = await startUndo(deps, plan, accountId);
  if (!result.ok)
    throw new RefusedError({
      code: result.code === 'ALREADY_RUNNING' ? 'ALREADY_RUNNING' : 'INVALID_INPUT',
      message: result.message,
    });
  return toSummary(result.run);
});

async function approvalOrRefuse(deps: EngineDeps, runId: string, exclude?: string[]): Promise<ApprovalPlan> {
  const planned = await planApproval(deps, runId, exclude);
  if (!planned.ok)
    throw new RefusedError({
      code: planned.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID_INPUT',
      message: planned.message,
    });
  return planned.plan;
}

define(RESOLVERS.runsApplyPreview, async ({ runId, excludeAccountIds }, { cloudId }): Promise<ApplyPreview> => {
  const deps = createEngineDeps({ cloudId });
  const plan = await approvalOrRefuse(deps, runId, excludeAccountIds);
  return {
    runId,
    schemeName: plan.run.plan.schemeName,
    actions: plan.run.plan.actions.map((action) => action.type),
    approved: plan.approved.map(({ accountId, name, email, reason }) => ({ accountId, name, email, reason })),
    excluded: plan.excluded,
    message: describeApproval(plan),
  };
});

define(RESOLVERS.runsApply, async ({ runId, excludeAccountIds, confirm }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const plan = await approvalOrRefuse(deps, runId, excludeAccountIds);
  // A live run changes users on the site: however it is reached, without confirmation it names who and what.
  if (confirm !== true)
    throw new RefusedError({
      code: 'CONFIRMATION_REQUIRED',
      message: `${describeApproval(plan)} Confirm it explicitly to start it.`,
    });
  const result = await startApproved(deps, plan, accountId);
  if (!result.ok)
    throw new RefusedError({
      code: result.code === 'ALREADY_RUNNING' ? 'ALREADY_RUNNING' : 'INVALID_INPUT',
      message: result.message,
    });
  return toSummary(result.run);
});
