/**
 * The staged lifecycle: `{ "type": "deactivate", "deleteAfterDays": 30 }` deactivates now and deletes the same users
 * once they have stayed deactivated that long.
 * - When a live run deactivates a user for such an action, it files a pending deletion (scheme, user, when due).
 * - Every day the housekeeping step starts, per scheme with deletions due, one live run (the scheme's lock held)
 *   whose "scan" re-checks those users in bulk instead of reading the directory, and whose act step deletes each one
 *   still deactivated; a user re-enabled meanwhile (or gone) is left alone, saying why. Either way the pending
 *   deletion is settled and removed. Exempt and protected users are never deleted.
 * - An admin sees the pending deletions in the page (who, when) and can cancel each: the user stays deactivated.
 */
import type { UserOutcome } from '../domain/run';
import type { DirectoryUser } from '../domain/user';
import type { EngineDeps } from './ports';
import type { RunRecord } from './records';
import type { PendingDeletion } from './ports/deletionStore';
import { startRun } from './startRun';

/** A deletion run names its users in its record (≤ 240 KiB): more due than this wait for the next day. */
export const MAX_DUE_PER_RUN = 500;

/** The pending deletions a live run files for the users it just deactivated with a `deleteAfterDays` action. */
export function deletionsToFile(
  run: RunRecord,
  finished: ReadonlyArray<{ user: UserOutcome; deactivated: boolean }>,
  now: Date,
): PendingDeletion[] {
  const staged = run.plan.actions.find((action) => action.type === 'deactivate' && action.deleteAfterDays);
  if (!staged || staged.type !== 'deactivate' || !staged.deleteAfterDays || run.plan.undoOf || run.plan.dueDeletions)
    return [];
  const deleteAt = new Date(now.getTime() + staged.deleteAfterDays * 24 * 3600 * 1000).toISOString();
  return finished
    .filter((item) => item.deactivated)
    .map(({ user }) => ({
      schemeId: run.schemeId,
      accountId: user.accountId,
      name: user.name,
      email: user.email,
      runId: run.id,
      deactivatedAt: now.toISOString(),
      deleteAt,
    }));
}

/** A deletion run's decision for one user, from their re-checked state: delete only one still deactivated. */
export function decideDueDeletion(
  current: DirectoryUser | undefined,
): { outcome: 'skipped'; reason: string } | { act: true } {
  if (!current)
    return { outcome: 'skipped', reason: 'no longer in the organization directory (re-checked before acting)' };
  if (current.status !== 'deactivated')
    return {
      outcome: 'skipped',
      reason: `re-enabled since it was deactivated (now ${current.status}): not deleted, and no longer scheduled for deletion`,
    };
  return { act: true };
}

/**
 * The daily step: for each scheme with deletions due, start its deletion run. A scheme that is running waits for the
 * next day; one that was deleted, disabled or set back to test mode keeps its users deactivated and waits too.
 */
export async function startDueDeletions(deps: EngineDeps): Promise<{ started: number; due: number }> {
  const now = deps.now().getTime();
  const due = new Map<string, PendingDeletion[]>();
  let cursor: string | undefined;
  do {
    const page = await deps.deletions.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const deletion of page.deletions) {
      if (Date.parse(deletion.deleteAt) > now) continue;
      due.set(deletion.schemeId, [...(due.get(deletion.schemeId) ?? []), deletion]);
    }
    cursor = page.nextCursor;
  } while (cursor);
  let started = 0;
  let count = 0;
  for (const [schemeId, deletions] of due) {
    count += deletions.length;
    const scheme = await deps.schemes.get(schemeId);
    if (!scheme || !scheme.enabled || scheme.mode !== 'live') {
      deps.log.step({ step: 'deletions.waiting', schemeId, due: deletions.length });
      continue;
    }
    const result = await startRun(deps, {
      kind: 'scheme',
      trigger: 'schedule',
      schemeId,
      scheme,
      mode: 'live',
      dueDeletions: deletions.slice(0, MAX_DUE_PER_RUN).map(({ accountId, name, email, deactivatedAt }) => ({
        accountId,
        name,
        email,
        deactivatedAt,
      })),
    });
    if (result.ok) started += 1;
    else deps.log.step({ step: 'deletions.refused', schemeId, reason: result.message });
  }
  return { started, due: count };
}
