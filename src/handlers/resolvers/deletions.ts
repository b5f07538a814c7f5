/** A staged lifecycle's pending deletions (src/engine/stagedDeletions.ts): who is due when, and cancelling one. */
import { RESOLVERS, type PendingDeletionsPage } from '../../contract';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';

define(RESOLVERS.deletionsList, async ({ cursor, limit }, { cloudId }): Promise<PendingDeletionsPage> => {
  const deps = createEngineDeps({ cloudId });
  const page = await deps.deletions.list({ limit, ...(cursor ? { cursor } : {}) });
  return { deletions: page.deletions, nextCursor: page.nextCursor ?? null };
});

/** Cancelling a deletion is not destructive: the user stays deactivated, and is never deleted by this scheme. */
define(RESOLVERS.deletionsCancel, async ({ schemeId, accountId: subject }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const pending = await deps.deletions.get(schemeId, subject);
  if (!pending)
    throw new RefusedError({
      code: 'NOT_FOUND',
      message: 'This deletion is no longer pending: it was cancelled, or its run has already settled it.',
    });
  await deps.deletions.remove(schemeId, [subject]);
  await deps.audit.append({
    at: deps.now().toISOString(),
    kind: 'user.action',
    actor: accountId,
    subject,
    summary: `Pending deletion of ${pending.name} cancelled (stays deactivated)`,
    details: { schemeId, action: 'cancelDeletion', result: 'done', runId: pending.runId },
  });
  return { cancelled: subject };
});
