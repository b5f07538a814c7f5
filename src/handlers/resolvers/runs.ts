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
import {
  describeApproval,
  planApproval,
  startApproved,
  whyNotApprovable,
  type ApprovalPlan,
} from '../../engine/approve';
import { cancelRun } from '../../engine/startRun';
import {
  describeUndoPlan,
  planUndo,
  startUndo,
  reviewUndoUsers,
  whyNotUndoable,
  type UndoPlan,
} from '../../engine/undo';
import type { EngineDeps } from '../../engine/ports';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';
import { outcomeTotal, readAllOutcomes, readOutcomePage, toSummary } from './runViews';
import type { UserOutcome } from '../../domain/run';

export { toSummary } from './runViews';

/** Batches per runs/get call. */
const RUN_GET_BATCHES = 5;

const GONE = 'This run no longer exists; runs older than the retention period are deleted.';

define(
  RESOLVERS.runsList,
  async ({ cursor, schemeId, state, startedBefore, limit, withSearches }, { cloudId }): Promise<RunsPage> => {
    const deps = createEngineDeps({ cloudId });
    // "Started before" a day includes that whole day.
    const before = startedBefore ? addDays(parseISO(startedBefore), 1).getTime() : undefined;
    const page = await deps.runs.listRuns({
      limit,
      ...(cursor ? { cursor } : {}),
      ...(schemeId ? { schemeId } : {}),
      ...(state ? { state } : {}),
      ...(before !== undefined ? { startedBefore: before } : {}),
      // Left out in the query, not here: a page of 25 is then 25 runs an admin reviews, and the cursor stays right.
      ...(withSearches ? {} : { withoutSearches: true }),
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
  // A few batches a call (a page of up to a few hundred users): the CLI follows the cursor to read a whole run.
  const page = await deps.runs.listBatches(runId, {
    limit: RUN_GET_BATCHES,
    ...(batchCursor ? { cursor: batchCursor } : {}),
  });
  const users = page.batches.flatMap((batch) => batch.users).filter((user) => !outcome || user.outcome === outcome);
  return {
    ...toSummary(run),
    errors: run.errors,
    actions: run.plan.actions.map((action) => action.type),
    users,
    nextBatchCursor: page.nextCursor ?? null,
  };
});

define(
  RESOLVERS.runsOutcomes,
  async ({ runId, outcome, page, pageSize, cursor }, { cloudId }): Promise<RunOutcomesPage> => {
    const deps = createEngineDeps({ cloudId });
    const run = await deps.runs.getRun(runId);
    if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: GONE });
    // Only the batches this page is in (from the cursor the previous page gave), and the total from the counts the
    // run keeps: a view of a 1,000,000-user run costs what a view of a small one does.
    const found =
      cursor || page === 1
        ? await readOutcomePage(deps, runId, {
            pageSize,
            ...(cursor ? { cursor } : {}),
            ...(outcome ? { outcome } : {}),
          })
        : await skipToPage(deps, runId, { page, pageSize, ...(outcome ? { outcome } : {}) });
    return {
      ...toSummary(run),
      errors: run.errors,
      actions: run.plan.actions.map((action) => action.type),
      users: found.users,
      total: outcomeTotal(run, outcome),
      page,
      pageSize,
      nextCursor: found.nextCursor,
    };
  },
);

/** A page asked for by number alone (callers from before cursors): the pages before it are read and dropped. */
async function skipToPage(
  deps: EngineDeps,
  runId: string,
  opts: { page: number; pageSize: number; outcome?: UserOutcome['outcome'] },
): Promise<{ users: UserOutcome[]; nextCursor: string | null }> {
  const users = (await readAllOutcomes(deps, runId)).filter((user) => !opts.outcome || user.outcome === opts.outcome);
  const start = (opts.page - 1) * opts.pageSize;
  return { users: users.slice(start, start + opts.pageSize), nextCursor: null };
}

define(RESOLVERS.runsProgress, async ({ runId }, { cloudId }): Promise<RunProgress> => {
  const deps = createEngineDeps({ cloudId });
  const run = await deps.runs.getRun(runId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: GONE });
  // Once the scan is complete, the run's counts say it all; while it scans, counting its stored pages is the
  // progress (the site's total is unknown until the end).
  if (run.scan.complete)
    return {
      ...toSummary(run),
      pagesScanned: run.scan.pages,
      usersScanned: run.counts.scanned,
      usersFound: run.counts.matched,
      scanComplete: true,
    };
  // The newest stored page carries the scan's running totals: one read, whatever the run's size.
  const newest = (await deps.runs.listBatches(runId, { newestFirst: true, limit: 1 })).batches[0];
  return {
    ...toSummary(run),
    pagesScanned: newest ? newest.seq + 1 : 0,
    usersScanned: newest?.through?.scanned ?? 0,
    usersFound: newest?.through?.found ?? 0,
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
    ...(plan.total !== undefined ? { total: plan.total } : {}),
  };
}

define(RESOLVERS.runsUndoPreview, async ({ runId, accountIds }, { cloudId }): Promise<UndoPreview> => {
  const deps = createEngineDeps({ cloudId });
  if (accountIds) return toUndoPreview(await undoPlanOrRefuse(deps, runId, accountIds));
  return toUndoPreview(await wholeUndoReview(deps, runId));
});

/** Users a review names; the rest are counted (the run's page lists them all). */
const REVIEW_LISTED = 25;

/**
 * The review of undoing a whole run: its first users only, read from the batches they are in, and how many it
 * restores from the run's counts (done, and failed with something changed). Starting it reads the run as before.
 */
async function wholeUndoReview(deps: EngineDeps, runId: string): Promise<UndoPlan> {
  const run = await deps.runs.getRun(runId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: 'This run no longer exists.' });
  const refusal = whyNotUndoable(run);
  if (refusal) throw new RefusedError({ code: 'INVALID_INPUT', message: refusal });
  const changed = (user: UserOutcome) => (user.changes?.actions.length ?? 0) > 0;
  const page = await readOutcomePage(deps, runId, { match: changed, pageSize: REVIEW_LISTED });
  if (page.users.length === 0 && page.nextCursor === null)
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: 'This run changed nobody on the site: there is nothing to undo.',
    });
  const { users, cannotUndo, deletionsFinalAt } = await reviewUndoUsers(deps, run, page.users);
  const total = Math.max(page.users.length, run.counts.done + run.counts.failed) - cannotUndo.length;
  return { run, users, cannotUndo, deletionsFinalAt, pages: run.scan.pages, total };
}

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
  const plan =
    excludeAccountIds && excludeAccountIds.length > 0
      ? await approvalOrRefuse(deps, runId, excludeAccountIds)
      : await wholeApprovalReview(deps, runId);
  return {
    runId,
    schemeName: plan.run.plan.schemeName,
    actions: plan.run.plan.actions.map((action) => action.type),
    approved: plan.approved.map(({ accountId, name, email, reason }) => ({ accountId, name, email, reason })),
    excluded: plan.excluded,
    message: describeApproval(plan),
    ...(plan.total !== undefined ? { total: plan.total } : {}),
  };
});

/**
 * The review of applying a whole test run: its first planned users (to untick), read from the batches they are in,
 * and how many it plans from the run's counts. Starting it reads the run as before.
 */
async function wholeApprovalReview(deps: EngineDeps, runId: string): Promise<ApprovalPlan> {
  const run = await deps.runs.getRun(runId);
  const refusal = whyNotApprovable(run);
  if (refusal || !run)
    throw new RefusedError({
      code: refusal?.code === 'NOT_APPROVABLE' ? 'INVALID_INPUT' : 'NOT_FOUND',
      message: refusal?.message ?? GONE,
    });
  const page = await readOutcomePage(deps, runId, {
    outcome: 'planned',
    match: (user) => !user.informational,
    pageSize: REVIEW_LISTED,
  });
  if (page.users.length === 0 && page.nextCursor === null)
    throw new RefusedError({ code: 'INVALID_INPUT', message: 'No user is approved: there is nothing to apply.' });
  const approved = page.users.map(({ accountId, name, email, reason }) => ({ accountId, name, email, reason }));
  return { run, approved, excluded: [], pages: run.scan.pages, total: Math.max(approved.length, run.counts.planned) };
}

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
