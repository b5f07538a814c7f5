/**
 * Bulk actions: find users (a test run of the filter, so the site is scanned by the queue, not inside a resolver),
 * read the found users paged and sorted, then run the chosen actions live on a selection or on all matching users.
 */
import { RESOLVERS, type BulkResultsAnswer, type BulkUser, type TestRunQuote } from '../../contract';
import { IRREVERSIBLE_ACTIONS } from '../../domain/actions';
import { selectionFingerprint } from '../../domain/liveGate';
import type { UserOutcome } from '../../domain/run';
import type { RunRecord } from '../../engine/records';
import { MAX_SELECTED_ACCOUNTS, startRun } from '../../engine/startRun';
import { FIRST_USERS_KEPT } from '../../engine/runTallies';
import type { EngineDeps } from '../../engine/ports';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';
import { MAX_BATCHES_PER_PAGE, readAllBatches, readAllOutcomes, readOutcomePage, toSummary } from './runViews';
import { schemeOrRefuse } from './schemeInput';
import { quoteRun } from './liveGate';

export const FIND_RUN_NAME = 'Bulk action: find users';
export const BULK_RUN_NAME = 'Bulk action';

async function bulkScheme(deps: EngineDeps, name: string, filter: Record<string, unknown>, actions: unknown[]) {
  return schemeOrRefuse(deps, { name, filter, actions });
}

define(RESOLVERS.bulkFind, async ({ filter, nameOrEmailContains }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  // Finding changes nothing (test mode); the run still needs an action to plan, so a placeholder stands in.
  const scheme = await bulkScheme(deps, FIND_RUN_NAME, filter, [{ type: 'removeAccess' }]);
  const result = await startRun(deps, {
    kind: 'bulk',
    trigger: 'bulk',
    mode: 'test',
    scheme,
    requestedBy: accountId,
    ...(nameOrEmailContains ? { nameOrEmailContains } : {}),
  });
  if (!result.ok) throw new RefusedError({ code: 'INVALID_INPUT', message: result.message });
  return toSummary(result.run);
});

const COMPARE: Record<'name' | 'email' | 'lastActive' | 'outcome', (a: BulkUser, b: BulkUser) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  email: (a, b) => (a.email ?? '').localeCompare(b.email ?? ''),
  // Never active sorts as the oldest activity.
  lastActive: (a, b) => (a.lastActive ?? '').localeCompare(b.lastActive ?? ''),
  outcome: (a, b) => a.outcome.localeCompare(b.outcome),
};

const toBulkUser = (user: UserOutcome): BulkUser => ({
  accountId: user.accountId,
  name: user.name,
  email: user.email,
  lastActive: user.lastActive,
  outcome: user.outcome,
  reason: user.reason,
});

/**
 * A search whose stored pages all fit in one view's read budget is sorted (every page read); a bigger one (a search
 * stores a page per 100 accounts scanned, found or not) is shown in the order found, a page from a cursor.
 */
export const SORTABLE_SEARCH_PAGES = MAX_BATCHES_PER_PAGE;

define(
  RESOLVERS.bulkResults,
  async ({ runId, sortKey, sortOrder, page, pageSize, cursor }, { cloudId }): Promise<BulkResultsAnswer> => {
    const deps = createEngineDeps({ cloudId });
    const run = await deps.runs.getRun(runId);
    if (!run)
      throw new RefusedError({
        code: 'NOT_FOUND',
        message: 'These search results no longer exist; find the users again.',
      });
    if (!run.scan.complete || run.scan.pages > SORTABLE_SEARCH_PAGES) {
      // Without the cursor the page before gave, a page can only start at the first user found.
      const found = await readOutcomePage(deps, runId, { pageSize, ...(cursor ? { cursor } : {}) });
      return {
        run: toSummary(run),
        users: found.users.map(toBulkUser),
        total: run.counts.matched,
        selectable: run.counts.matched - run.counts.exempt,
        page: cursor ? page : 1,
        pageSize,
        sorted: false,
        nextCursor: found.nextCursor,
      };
    }
    const users = (await readAllBatches(deps, runId, 1)).flatMap((batch) => batch.users).map(toBulkUser);
    const direction = sortOrder === 'ASC' ? 1 : -1;
    users.sort((a, b) => direction * COMPARE[sortKey](a, b) || a.accountId.localeCompare(b.accountId));
    const start = (page - 1) * pageSize;
    return {
      run: toSummary(run),
      users: users.slice(start, start + pageSize),
      total: users.length,
      selectable: users.filter((user) => user.outcome !== 'exempt').length,
      page,
      pageSize,
      sorted: true,
      nextCursor: null,
    };
  },
);

type Selection = { kind: 'some'; accountIds: string[] } | { kind: 'allMatching' };

/**
 * The find run the admin selected from: a finished search from the last `freshTestHours` hours, of the same
 * filters and search text when `fingerprint` is given (src/domain/liveGate.ts). Otherwise a refusal that says why.
 */
async function foundRun(deps: EngineDeps, findRunId: string | undefined, fingerprint?: string): Promise<RunRecord> {
  const run = findRunId ? await deps.runs.getRun(findRunId) : undefined;
  const { freshTestHours } = await deps.settings.get();
  const refuse = (message: string): never => {
    throw new RefusedError({ code: 'TEST_RUN_REQUIRED', message });
  };
  if (!run || run.kind !== 'bulk' || run.plan.mode !== 'test')
    return refuse('Find the users first: a bulk action acts only on users its search found, once you confirm them.');
  if (run.state !== 'done' || !run.finishedAt)
    return refuse(
      run.state === 'queued' || run.state === 'scanning' || run.state === 'reporting'
        ? 'The search has not finished yet; wait for its results, then confirm.'
        : `The search ended as ${run.state}; find the users again.`,
    );
  if (fingerprint !== undefined && run.selectionFingerprint !== fingerprint)
    return refuse('The filters changed since the search; find the users again and select from the new results.');
  if (deps.now().getTime() - Date.parse(run.finishedAt) > freshTestHours * 3600_000)
    return refuse(
      `The search is older than ${freshTestHours} hours; find the users again so the action works on who is inactive now.`,
    );
  return run;
}

/** The found users the selection names (exempt users are never selectable). */
function selected(outcomes: readonly UserOutcome[], selection: Selection): UserOutcome[] {
  const actable = outcomes.filter((user) => user.outcome !== 'exempt' && !user.informational);
  if (selection.kind === 'allMatching') return actable;
  const ids = new Set(selection.accountIds);
  return actable.filter((user) => ids.has(user.accountId));
}

/** The bulk confirmation's numbers and names: the selected found users, with the chosen actions. */
define(RESOLVERS.bulkReview, async ({ findRunId, actions, selection }, { cloudId }): Promise<TestRunQuote> => {
  const deps = createEngineDeps({ cloudId });
  const run = await foundRun(deps, findRunId);
  const scheme = await bulkScheme(deps, BULK_RUN_NAME, exportFilter(run), actions);
  // All the users found: the counts the search kept (every chosen action for each), not a read of every batch.
  if (selection.kind === 'allMatching' && run.acting) {
    const users = run.acting.users;
    return quoteRun(deps, scheme, run, {
      users,
      exempt: run.counts.exempt,
      byAction: Object.fromEntries(scheme.actions.map((action) => [action.type, users])),
      firstUsers: run.acting.firstUsers,
    });
  }
  if (selection.kind === 'some') {
    // The selected users are counted as selected (the live run refuses any the search did not find), and the first
    // of them are named from the stored pages they are in, as far as one view's reads go.
    const ids = new Set(selection.accountIds);
    const first = await readOutcomePage(deps, run.id, {
      match: (user) => ids.has(user.accountId) && user.outcome !== 'exempt' && !user.informational,
      pageSize: FIRST_USERS_KEPT,
    });
    return quoteRun(deps, scheme, run, {
      users: ids.size,
      exempt: 0,
      byAction: Object.fromEntries(scheme.actions.map((action) => [action.type, ids.size])),
      firstUsers: first.users.map((user) => ({ accountId: user.accountId, name: user.name })),
    });
  }
  // A search stored before its run kept the acting users' counts.
  const outcomes = await readAllOutcomes(deps, run.id);
  const chosen = selected(outcomes, selection).map((user) => {
    const { wouldDo: _placeholder, ...rest } = user;
    return { ...rest, actions: scheme.actions.map((action) => action.type) };
  });
  const exempt = outcomes.filter((user) => user.outcome === 'exempt');
  return quoteRun(deps, scheme, run, [...chosen, ...exempt]);
});

/** The filter the find run used, in the scheme file form. */
function exportFilter(run: RunRecord): Record<string, unknown> {
  return run.plan.scheme.scheme.filter as unknown as Record<string, unknown>;
}

define(
  RESOLVERS.bulkRun,
  async (
    { filter, nameOrEmailContains, actions, selection, confirm, confirmedCount, findRunId },
    { cloudId, accountId },
  ) => {
    const deps = createEngineDeps({ cloudId });
    const scheme = await bulkScheme(deps, BULK_RUN_NAME, filter, actions);
    if (selection.kind === 'some' && selection.accountIds.length > MAX_SELECTED_ACCOUNTS) {
      throw new RefusedError({
        code: 'INVALID_INPUT',
        message: `You selected ${selection.accountIds.length} users; a bulk action names at most ${MAX_SELECTED_ACCOUNTS}. Select all matching users instead.`,
        fields: { selection: `at most ${MAX_SELECTED_ACCOUNTS} users` },
      });
    }
    if (confirm !== true) {
      const irreversible = scheme.actions.some((action) => IRREVERSIBLE_ACTIONS.has(action.type));
      throw new RefusedError({
        code: 'CONFIRMATION_REQUIRED',
        message: `A bulk action changes users on the site${irreversible ? ', and deleting accounts cannot be undone after 14 days' : ''}. Confirm it explicitly to start it.`,
      });
    }
    const run = await foundRun(deps, findRunId, selectionFingerprint(scheme.filter, nameOrEmailContains));
    const found = selected(await readAllOutcomes(deps, run.id), selection);
    if (selection.kind === 'some' && found.length < selection.accountIds.length) {
      throw new RefusedError({
        code: 'INVALID_INPUT',
        message: `${selection.accountIds.length - found.length} of the selected users were not found by the search (or are exempt); find the users again and select from the results.`,
        fields: { selection: 'select users from the search results' },
      });
    }
    // "All matching" acts on the users the search found (when few enough to name), not on whoever matches later.
    const onlyAccountIds = found.length <= MAX_SELECTED_ACCOUNTS ? found.map((user) => user.accountId) : undefined;
    // The run scans again and acts only on users who still match: someone active since the search is left alone.
    const result = await startRun(deps, {
      kind: 'bulk',
      trigger: 'bulk',
      mode: 'live',
      // The safety limit is what the admin confirmed: if more users match by the time the run scans, it acts on nobody.
      scheme: {
        ...scheme,
        limits: {
          maxUsersPerRun:
            selection.kind === 'some' ? selection.accountIds.length : (confirmedCount ?? scheme.limits.maxUsersPerRun),
        },
      },
      requestedBy: accountId,
      ...(onlyAccountIds ? { onlyAccountIds } : {}),
      ...(nameOrEmailContains ? { nameOrEmailContains } : {}),
    });
    if (!result.ok) throw new RefusedError({ code: 'INVALID_INPUT', message: result.message });
    return toSummary(result.run);
  },
);
