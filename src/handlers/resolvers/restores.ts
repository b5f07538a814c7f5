/** "Give me my access back" requests (src/engine/restoreAccess.ts): the list, and an admin's approve or decline. */
import { RESOLVERS, type RestoreOffersPage } from '../../contract';
import { createEngineDeps } from '../../adapters/engineDeps';
import { decideRestoreRequest } from '../../engine/restoreAccess';
import { define, RefusedError } from './define';

define(RESOLVERS.restoresList, async ({ cursor, limit, status }, { cloudId }): Promise<RestoreOffersPage> => {
  const { restores } = createEngineDeps({ cloudId });
  // The page shows waiting requests only: it reads those, not every offer a big run made.
  const params = { limit, ...(cursor ? { cursor } : {}) };
  const page = status === 'requested' ? await restores.listRequests(params) : await restores.list(params);
  return { offers: page.offers, nextCursor: page.nextCursor ?? null };
});

define(RESOLVERS.restoresDecide, async ({ runId, accountId: subject, decision, confirm }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const offer = await deps.restores.get(runId, subject);
  if (!offer || offer.status !== 'requested')
    throw new RefusedError({
      code: 'NOT_FOUND',
      message: 'This request is no longer waiting: another admin has decided it already.',
    });
  // However it is reached, the decision names who it is about before it is made.
  if (confirm !== true)
    throw new RefusedError({
      code: 'CONFIRMATION_REQUIRED',
      message:
        decision === 'approve'
          ? `Give ${offer.name} (${offer.email}) their Confluence access back? Confirm it explicitly.`
          : `Decline the request of ${offer.name} (${offer.email}) for their Confluence access back? Confirm it explicitly.`,
    });
  const result = await decideRestoreRequest(
    deps,
    { runId, accountId: subject, approve: decision === 'approve' },
    accountId,
  );
  if (!result.ok) throw new RefusedError({ code: 'NOT_FOUND', message: result.message });
  return { status: result.offer.status };
});
