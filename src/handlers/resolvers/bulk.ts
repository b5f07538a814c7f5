/**
 * Bulk actions: find users (a test run of the filter, so the site is scanned by the queue, not inside a resolver),
 * read the found users paged and sorted, then run the chosen actions live on a selection or on all matching users.
 */
import { RESOLVERS, type BulkResultsAnswer, type BulkUser } from '../../contract';
import { IRREVERSIBLE_ACTIONS } from '../../domain/actions';
import { MAX_SELECTED_ACCOUNTS, startRun } from '../../engine/startRun';
import type { EngineDeps } from '../../engine/ports';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';
import { readAllOutcomes, toSummary } from './runViews';
import { schemeOrRefuse } from './schemeInput';

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

define(
  RESOLVERS.bulkResults,
  async ({ runId, sortKey, sortOrder, page, pageSize }, { cloudId }): Promise<BulkResultsAnswer> => {
    const deps = createEngineDeps({ cloudId });
    const run = await deps.runs.getRun(runId);
    if (!run)
      throw new RefusedError({
        code: 'NOT_FOUND',
        message: 'These search results no longer exist; find the users again.',
      });
    const users: BulkUser[] = (await readAllOutcomes(deps, runId)).map((user) => ({
      accountId: user.accountId,
      name: user.name,
      email: user.email,
      lastActive: user.lastActive,
      outcome: user.outcome,
      reason: user.reason,
    }));
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
    };
  },
);

define(
  RESOLVERS.bulkRun,
  async ({ filter, nameOrEmailContains, actions, selection, confirm, confirmedCount }, { cloudId, accountId }) => {
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
      ...(selection.kind === 'some' ? { onlyAccountIds: selection.accountIds } : {}),
      ...(nameOrEmailContains ? { nameOrEmailContains } : {}),
    });
    if (!result.ok) throw new RefusedError({ code: 'INVALID_INPUT', message: result.message });
    return toSummary(result.run);
  },
);
