/**
 * Undoing a live run, whole or for chosen users: the undo is a run of its own (queued, batched, journalled, audited
 * and reported like any live run), whose "scan" reads the original run's batches instead of the directory and whose
 * act step sends the inverse of what the original run recorded it changed (src/domain/undo.ts), after re-checking
 * each user. Only users the original run changed are in it: never one it skipped or found exempt.
 */
import { isTerminal, type UserOutcome } from '../domain/run';
import { DELETION_GRACE_DAYS, describeUndo, includesDeletion } from '../domain/undo';
import type { EngineDeps } from './ports';
import type { RunRecord } from './records';
import { launchRun, queuedRun, SCHEME_LOCK_SECONDS, type StartRunResult } from './startRun';

const DAY_MS = 24 * 3600 * 1000;

/** What an undo would do, user by user: what the confirmation names. */
export interface UndoPlan {
  run: RunRecord;
  users: Array<{ accountId: string; name: string; email: string | null; undo: string }>;
  /** Users the undo cannot restore (a deletion past Atlassian's grace period), with why. */
  cannotUndo: Array<{ accountId: string; name: string; reason: string }>;
  deletionsFinalAt: number;
  pages: number;
  /** The users chosen, when the undo is not of the whole run. */
  onlyAccountIds?: string[];
  /** A review of a whole big run lists its first users only: how many it restores in all (at most). */
  total?: number;
}

export type UndoRefusal = { ok: false; code: 'NOT_FOUND' | 'NOT_UNDOABLE'; message: string };

/** Reads the original run and decides who an undo would restore, or why it cannot be undone. */
export async function planUndo(
  deps: EngineDeps,
  runId: string,
  accountIds?: readonly string[],
): Promise<{ ok: true; plan: UndoPlan } | UndoRefusal> {
  const run = await deps.runs.getRun(runId);
  if (!run) return { ok: false, code: 'NOT_FOUND', message: 'This run no longer exists.' };
  const refusal = whyNotUndoable(run);
  if (refusal) return { ok: false, code: 'NOT_UNDOABLE', message: refusal };
  const changed: UserOutcome[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await deps.runs.listBatches(run.id, cursor ? { cursor } : {});
    for (const batch of page.batches) {
      pages = Math.max(pages, batch.seq + 1);
      for (const user of batch.users) if (user.changes && user.changes.actions.length > 0) changed.push(user);
    }
    cursor = page.nextCursor;
  } while (cursor);
  if (changed.length === 0)
    return {
      ok: false,
      code: 'NOT_UNDOABLE',
      message: 'This run changed nobody on the site: there is nothing to undo.',
    };
  let chosen = changed;
  if (accountIds) {
    // Each named by account id or email address.
    const byKey = new Map<string, UserOutcome>();
    for (const user of changed) {
      byKey.set(user.accountId, user);
      if (user.email) byKey.set(user.email.toLowerCase(), user);
    }
    const find = (key: string) => byKey.get(key) ?? byKey.get(key.trim().toLowerCase());
    const unknown = accountIds.filter((key) => !find(key));
    if (unknown.length > 0) {
      return {
        ok: false,
        code: 'NOT_UNDOABLE',
        message: `This run changed nothing for ${unknown.length === 1 ? 'this user' : 'these users'}, so there is nothing to undo: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}.`,
      };
    }
    chosen = [...new Set(accountIds.map((key) => find(key)!))];
  }
  const { users, cannotUndo, deletionsFinalAt } = await reviewUndoUsers(deps, run, chosen);
  return {
    ok: true,
    plan: {
      run,
      users,
      cannotUndo,
      deletionsFinalAt,
      pages,
      ...(accountIds ? { onlyAccountIds: chosen.map((user) => user.accountId) } : {}),
    },
  };
}

export function whyNotUndoable(run: RunRecord): string | null {
  if (run.plan.undoOf) return 'An undo cannot itself be undone: run the scheme (or bulk action) again instead.';
  if (run.plan.mode !== 'live') return 'A test run changed nothing on the site, so there is nothing to undo.';
  if (run.plan.snapshot) return 'A site snapshot changed nothing on the site, so there is nothing to undo.';
  if (!isTerminal(run.state)) return 'This run is still running: wait for it to end (or cancel it), then undo it.';
  return null;
}

/** Of these users a run changed: who an undo restores and how, and who it cannot (a deletion past the grace period). */
export async function reviewUndoUsers(
  deps: EngineDeps,
  run: RunRecord,
  chosen: ReadonlyArray<UserOutcome>,
): Promise<Pick<UndoPlan, 'users' | 'cannotUndo' | 'deletionsFinalAt'>> {
  // Atlassian deletes an account 14 days after the call; the call was made after the run started.
  const deletionsFinalAt = Date.parse(run.startedAt) + DELETION_GRACE_DAYS * DAY_MS;
  const pastGrace = deps.now().getTime() > deletionsFinalAt;
  const users: UndoPlan['users'] = [];
  const cannotUndo: UndoPlan['cannotUndo'] = [];
  const groupName = await undoGroupNamer(deps, chosen);
  for (const user of chosen) {
    if (pastGrace && includesDeletion(user.changes!)) {
      cannotUndo.push({
        accountId: user.accountId,
        name: user.name,
        reason: `cannot be undone: deleted more than ${DELETION_GRACE_DAYS} days ago, past Atlassian's grace period`,
      });
    } else {
      users.push({
        accountId: user.accountId,
        name: user.name,
        email: user.email,
        undo: describeUndo(user.changes!, groupName),
      });
    }
  }
  return { users, cannotUndo, deletionsFinalAt };
}

/**
 * How an undo's confirmation names the groups it gives back, as the admin knows them (one listing per plan).
 * Naming is for the reader: a directory that cannot answer now leaves the groups by id, not the undo refused.
 */
async function undoGroupNamer(
  deps: EngineDeps,
  users: ReadonlyArray<UserOutcome>,
): Promise<(groupId: string) => string> {
  const touchesGroups = users.some((user) =>
    (user.changes?.actions ?? []).some(({ steps }) => steps.some((step) => 'groupId' in step)),
  );
  const groups = touchesGroups
    ? await deps
        .directory()
        .then((directory) => directory.listAllGroups())
        .catch(() => [])
    : [];
  return (id: string) => groups.find((group) => group.id === id)?.name ?? id;
}

/** The confirmation's words: who is restored and how, and who cannot be. */
export function describeUndoPlan(plan: UndoPlan, shown = 10): string {
  const names = plan.users
    .slice(0, shown)
    .map((user) => `${user.name} (${user.undo})`)
    .join('; ');
  const total = plan.total ?? plan.users.length;
  const more =
    total > Math.min(shown, plan.users.length) ? `; and ${total - Math.min(shown, plan.users.length)} more` : '';
  const cannot =
    plan.cannotUndo.length > 0
      ? ` ${plan.cannotUndo.length} user${plan.cannotUndo.length === 1 ? '' : 's'} cannot be undone (deleted more than ${DELETION_GRACE_DAYS} days ago): ${plan.cannotUndo
          .slice(0, shown)
          .map((user) => user.name)
          .join(', ')}.`
      : '';
  return `Undo "${plan.run.plan.schemeName}" for ${total} user${total === 1 ? '' : 's'}: ${names}${more}.${cannot} Each user is re-checked first; anyone changed since for another reason is left alone.`;
}

/** Starts the undo run of a planned undo (the caller has the admin's confirmation). */
export async function startUndo(deps: EngineDeps, plan: UndoPlan, requestedBy: string | null): Promise<StartRunResult> {
  const original = plan.run;
  const now = deps.now().toISOString();
  const count = plan.users.length + plan.cannotUndo.length;
  const {
    onlyAccountIds: _only,
    nameOrEmailContains: _search,
    fields: _fields,
    untilSeatsAtMost: _target,
    // What made the original read its users from elsewhere: the undo reads the original's batches instead.
    dueDeletions: _due,
    approvedFrom: _approved,
    ...rest
  } = original.plan;
  const run = queuedRun(
    {
      // Filed with the original's scheme, and holding its lock: an undo never runs beside a run of the same scheme.
      schemeId: original.schemeId,
      kind: original.kind,
      trigger: 'manual',
      requestedBy,
      plan: {
        ...rest,
        asOf: now,
        schemeName: `Undo of "${original.plan.schemeName}"`,
        mode: 'live',
        actions: original.plan.actions.filter((action) => action.type !== 'notify'),
        // The safety limit is what the admin confirmed. Users who cannot be undone are in it too: the report lists them.
        maxUsersPerRun: Math.max(1, count),
        undoOf: {
          runId: original.id,
          pages: plan.pages,
          ...(plan.onlyAccountIds ? { onlyAccountIds: plan.onlyAccountIds } : {}),
          deletionsFinalAt: plan.deletionsFinalAt,
        },
      },
    },
    now,
  );
  if (run.kind === 'scheme' && !(await deps.schemes.lock(run.schemeId, run.id, SCHEME_LOCK_SECONDS))) {
    const holder = await deps.schemes.lockHolder(run.schemeId);
    return {
      ok: false,
      code: 'ALREADY_RUNNING',
      message: `"${original.plan.schemeName}" is running now; undo its earlier run once this one ends, so the two never act on the same users at once.`,
      ...(holder ? { runId: holder } : {}),
    };
  }
  await launchRun(deps, run, {
    summary: `Undo of run ${original.id} ("${original.plan.schemeName}") started for ${count} users`,
    details: { undoOf: original.id },
    log: { step: 'undo.start', undoOf: original.id, users: count },
  });
  return { ok: true, run };
}
