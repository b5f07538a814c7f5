/**
 * The act phase of a live run, as one chain of queue events: each event takes the pending batches (up to 100
 * users each) one after another while its invocation has time, then hands on to the next event. One chain, because
 * Atlassian's rate limit on the Admin API is shared by every act step: parallel events would only wait on each other.
 * For each batch:
 *   1. re-check its pending users in bulk, right before acting: the directory search by exact email (100 a call),
 *      then by account id (10 a call) for those whose email did not come back, gives each user's current activity,
 *      status, groups and roles; exemptions come from the current settings and custom field values are re-read.
 *      Each user is decided again as of the run's start (RunPlan.asOf): who came back since the scan is skipped
 *      ("active again"), who is now exempt is exempt;
 *   2. write the intent into the batch (one write): the users about to be acted on, with the state they were
 *      re-checked in;
 *   3. run the scheme's actions for those users, planned from that state (an action already true is never sent);
 *   4. write the results with the intent cleared, and the follow-ups they owe listed (one write): the record comes
 *      first (see the invariant where these steps are ordered, in actOnBatch);
 *   5. do the follow-ups: the audit entries of those actions (one write per 25), pending deletions, "restore my
 *      access" emails; then write the batch without them.
 * A crash between 2 and 4 leaves the intent. The next attempt (after the claim's lease) re-reads those users' state
 * on the site with the same bulk search and finishes their actions: a step already true is not sent again and counts
 * as done, because only this run was doing it. A crash or a retryable failure in 5 leaves the follow-ups listed and
 * the batch pending: the next act step does them first; the audit entries have ids of their own, so none is written
 * twice, and a user already offered a restore is not emailed again.
 * Each finished user's outcome records the steps that took effect (`changes`), so the run can be undone: an undo run
 * (src/engine/undo.ts) goes through this same step, deciding with decideUndo and acting with undoUser.
 * A 429 or 5xx ends the step with RetryLater after recording who is finished: the event comes back after
 * Retry-After, and only a user whose call may have reached Atlassian stays in the intent.
 * Two act steps never act on one batch at once: they share one concurrency slot (ACT_CONCURRENCY), so a duplicated
 * or revived event runs after the other, finds the batch's results or intent, and carries on from there; the lease
 * only guards against an invocation the platform has not yet declared dead.
 */
import { protectedFromActions } from '../domain/actions';
import { confluenceAccess, idpHeldAccess, lastActiveAnywhere, withDirectRole } from '../domain/org';
import { outcomeOfResults, type ActionResult, type UserOutcome } from '../domain/run';
import type { DirectoryUser } from '../domain/user';
import type { UserMatcher } from '../domain/matching';
import { hasTimeFor } from './budget';
import { createClassifier, planContextOf } from './classify';
import { isRetryable, type EngineDeps } from './ports';
import type { BatchRecord, IntentUser, RunRecord, UndoOf } from './records';
import { assessUndo, DELETION_GRACE_DAYS, includesDeletion, type RecordedChanges } from '../domain/undo';
import { RetryLater } from './retry';
import { closeWarning, passWarning } from './warnings';
import { finishRun, firstPendingBatch } from './phases';
import { batchCounts, countCompletedBatch } from './runTallies';
import { decidedAsOf } from './startRun';
import { decideDueDeletion, deletionsToFile } from './stagedDeletions';
import { sendRestoreOffers } from './restoreAccess';
import { actOnUser, undoUser, type ToAct } from './actSteps';

/** How long a claim on a batch holds: longer than any invocation of the worker may live. */
export const CLAIM_LEASE_MS = 150_000;
/** How often (in users) a batch re-reads its run, so a cancel stops it quickly. */
const CANCEL_CHECK_EVERY = 20;

export async function actStep(deps: EngineDeps, step: { runId: string; seq: number }): Promise<void> {
  let seq = step.seq;
  for (;;) {
    const run = await deps.runs.getRun(step.runId);
    if (!run || run.state !== 'acting') return;
    await actOnBatch(deps, run, seq);
    // One batch read, not every pending one. Batches before this one are finished by the chain (or a revived one);
    // the look from the start only happens when nothing is left after this one.
    const next = (await firstPendingBatch(deps, run.id, seq)) ?? (await firstPendingBatch(deps, run.id));
    if (next === undefined) {
      // Ended here rather than by pushing a finish step: Forge cuts a chain of pushes at 1000. If storage's eventual
      // consistency hides our own write, the watchdog finishes the run.
      await finishRun(deps, run, 'acting');
      return;
    }
    if (!hasTimeFor(deps.invocation, 'batch')) {
      await deps.queue.push([{ step: { kind: 'act', runId: run.id, seq: next } }]);
      return;
    }
    seq = next;
  }
}

type Decided = Pick<UserOutcome, 'outcome' | 'reason' | 'results' | 'warning'>;

/** Acts on the pending users of one batch; returns when none is left, throws RetryLater to come back later. */
async function actOnBatch(deps: EngineDeps, run: RunRecord, seq: number): Promise<void> {
  let batch = await deps.runs.getBatch(run.id, seq);
  // Complete already: its counts may not have reached the run (an invocation that died between the two writes).
  if (!batch || batch.phase === 'complete') return batch ? countCompletedBatch(deps, batch) : undefined;
  // Kept in every write of the batch from here on: its completion moves the run's counts by the difference.
  batch.baseCounts ??= batchCounts(batch);
  const now = deps.now().getTime();
  if (batch.acting && batch.acting.owner !== deps.invocation.id && batch.acting.leaseUntil > now) {
    // Another invocation holds the batch (or held it and died): come back when its claim expires.
    throw new RetryLater(
      Math.max(1, Math.ceil((batch.acting.leaseUntil - now) / 1000)),
      'another invocation is acting on this batch',
    );
  }
  const pausedUntil = await deps.pauses.pausedUntil('act');
  if (pausedUntil !== undefined && pausedUntil > now) {
    throw new RetryLater(
      Math.ceil((pausedUntil - now) / 1000),
      'Atlassian asked the app to wait (rate limit); continuing after the pause',
    );
  }

  if (batch.followUps?.length) {
    // Results recorded by an attempt that could not finish their follow-ups: those first.
    batch = await completeFollowUps(deps, run, batch);
    if (batch.phase === 'complete') return countCompletedBatch(deps, batch);
  }
  const pending = batch.users.filter((user) => user.outcome === 'pending');
  const inFlight = batch.acting?.users ?? {};
  const settings = await deps.settings.get();
  const directory = await deps.directory();
  const current = settleDirectRoles(
    await withPause(deps, () => directory.findUsers(pending, { rolesOf: rolesNeeded(run, pending) })),
    run.plan.accessGroupIds,
  );
  // Current values, not the scan's: an admin who extends a contract end date after the scan keeps that user.
  const fieldValues = run.plan.fields?.length
    ? await deps.fields.valuesOf(pending.map((user) => user.accountId))
    : undefined;
  const classify = createClassifier(
    { ...run.plan, globalExemptions: { users: settings.exemptions.users, groupIds: settings.exemptions.groupIds } },
    decidedAsOf(run),
    fieldValues,
  );

  const toAct: ToAct[] = [];
  let decidedHere = 0;
  for (const user of pending) {
    const resumed = inFlight[user.accountId];
    if (resumed) {
      // Decided and maybe partly acted on by an attempt that died: its decision stands, the site says what is left.
      toAct.push({ user, intent: resumed, resumed: true });
      continue;
    }
    let decided: Decided | { intent: IntentUser };
    try {
      decided = run.plan.undoOf
        ? decideUndo(deps, run.plan.undoOf, user, current.get(user.accountId))
        : run.plan.dueDeletions
          ? decideDeletion(user, current.get(user.accountId), classify)
          : await decide(deps, run, user, current.get(user.accountId), classify);
    } catch (error) {
      // The record comes first: users already decided (warned, skipped) keep their outcomes whatever happens next.
      if (decidedHere > 0) await deps.runs.putBatch(batch);
      throw error;
    }
    if ('intent' in decided) toAct.push({ user, intent: decided.intent, resumed: false });
    else {
      setOutcome(user, decided);
      decidedHere += 1;
    }
  }

  if (toAct.length > 0) {
    batch.acting = {
      owner: deps.invocation.id,
      leaseUntil: deps.now().getTime() + CLAIM_LEASE_MS,
      users: Object.fromEntries(toAct.map((item) => [item.user.accountId, item.intent])),
    };
    await deps.runs.putBatch(batch);
  }

  const finished: Array<{ item: ToAct; results: ActionResult[]; changes?: RecordedChanges }> = [];
  let stop: { retry: RetryLater; pause: boolean; touched: ToAct | null } | { cancelled: true } | undefined;
  for (const [index, item] of toAct.entries()) {
    if (index > 0 && index % CANCEL_CHECK_EVERY === 0) {
      const latest = await deps.runs.getRun(run.id);
      if (!latest || latest.state !== 'acting') {
        stop = { cancelled: true };
        break;
      }
    }
    if (!hasTimeFor(deps.invocation, 'user')) {
      stop = {
        retry: new RetryLater(1, 'time budget of this invocation used; continuing in a new one'),
        pause: false,
        touched: null,
      };
      break;
    }
    const progress = { touched: false };
    try {
      const acted = run.plan.undoOf
        ? await undoUser(directory, item, current, progress)
        : await actOnUser(deps, run, directory, item, current, progress);
      finished.push({ item, ...acted });
    } catch (error) {
      if (!(error instanceof RetryLater) && !isRetryable(error)) throw error;
      const retry = error instanceof RetryLater ? error : new RetryLater(error.retryAfterSeconds ?? 30, error.message);
      stop = { retry, pause: true, touched: progress.touched || item.resumed ? item : null };
      break;
    }
  }

  // THE RECORD COMES FIRST. This is the one place that orders an act step's writes and side effects, and the order
  // is an invariant: the results of the actions just taken (outcomes and `changes`, the intent cleared) are written
  // by the next storage write, before anything that can fail after them (audit entries, pending deletions, restore
  // offer emails: the batch's follow-ups). That write also lists the follow-ups owed, so a crash, a refused email or
  // a failed run never loses who was changed: the run's page, report and Undo read these outcomes. A follow-up that
  // fails for one user (a refused address) becomes a warning on that user's outcome; one that must come back later
  // (429, 5xx) keeps the batch pending, and the next act step does the follow-ups before anything else.
  for (const { item, results, changes } of finished) {
    setOutcome(item.user, { ...outcomeOfResults(results), results });
    if (changes && changes.actions.length > 0) item.user.changes = changes;
    deps.log.step({
      step: 'act.user',
      runId: run.id,
      accountId: item.user.accountId,
      outcome: item.user.outcome,
      reason: item.user.reason,
    });
  }
  // Only a user whose call may have reached Atlassian stays in flight; the others are re-checked when we come back.
  const stillInFlight = stop && 'touched' in stop && stop.touched ? stop.touched : null;
  const owed = [
    ...(batch.followUps ?? []),
    ...finished.map(({ item }) => ({ accountId: item.user.accountId, auditFrom: item.intent.results.length })),
  ];
  const recorded: BatchRecord = {
    ...batch,
    phase: owed.length > 0 || batch.users.some((user) => user.outcome === 'pending') ? 'pending' : 'complete',
    acting:
      stillInFlight && batch.acting
        ? // Released (lease 0): the retry of this event, a new invocation, takes the user over at once.
          { ...batch.acting, leaseUntil: 0, users: { [stillInFlight.user.accountId]: stillInFlight.intent } }
        : null,
  };
  if (owed.length > 0) recorded.followUps = owed;
  else delete recorded.followUps;
  delete recorded.subjects;
  await deps.runs.putBatch(recorded);
  const settled = await completeFollowUps(deps, run, recorded);
  await countCompletedBatch(deps, settled);
  await settlePendingDeletions(deps, run, settled);
  if (stop && 'retry' in stop) {
    if (stop.pause) await deps.pauses.pause('act', deps.now().getTime() + stop.retry.retryAfterSeconds * 1000);
    throw stop.retry;
  }
  deps.log.step({ step: 'act.batch', runId: run.id, seq: batch.seq, users: pending.length, acted: finished.length });
}

/**
 * Whose role assignments the re-check reads (one call each): a removeAccess run's users in an access group, whose
 * Confluence role may also be direct (the search shows that only for users without a group), and an undo run's users
 * whose direct role it gives back or takes.
 */
function rolesNeeded(run: RunRecord, pending: readonly UserOutcome[]): (user: DirectoryUser) => boolean {
  if (run.plan.undoOf) {
    const touching = new Set(
      pending
        .filter((user) =>
          user.undoing?.actions.some(({ steps }) =>
            steps.some((step) => step.kind === 'revokeRole' || step.kind === 'grantRole'),
          ),
        )
        .map((user) => user.accountId),
    );
    return (user) => touching.has(user.accountId);
  }
  if (!run.plan.actions.some((action) => action.type === 'removeAccess')) return () => false;
  // A user an identity provider's group holds is skipped whatever their roles: no call for them.
  const org = {
    accessGroupIds: run.plan.accessGroupIds,
    ...(run.plan.syncedGroups ? { syncedGroups: run.plan.syncedGroups } : {}),
  };
  return (user) =>
    confluenceAccess(user, org.accessGroupIds).groups.length > 0 && idpHeldAccess(user, org).length === 0;
}

function settleDirectRoles(
  users: Map<string, DirectoryUser>,
  accessGroupIds: readonly string[],
): Map<string, DirectoryUser> {
  for (const [accountId, user] of users) users.set(accountId, withDirectRole(user, accessGroupIds));
  return users;
}

/** A deletion run's user: delete one still deactivated and not exempt; leave anyone re-enabled alone. */
function decideDeletion(
  user: UserOutcome,
  current: DirectoryUser | undefined,
  classify: UserMatcher,
): Decided | { intent: IntentUser } {
  const decided = decideDueDeletion(current);
  if (!('act' in decided)) return decided;
  const verdict = classify(current!);
  if (verdict.kind === 'exempt') return { outcome: 'exempt', reason: `${verdict.reason}; not deleted` };
  return { intent: { subject: current!, results: [] } };
}

/**
 * Pending deletions settled by this batch: a deletion run's users once decided (deleted or left alone), and an undo
 * run's users once re-enabled (an undone deactivation is no longer due for deletion).
 */
async function settlePendingDeletions(deps: EngineDeps, run: RunRecord, batch: BatchRecord): Promise<void> {
  const settled = run.plan.dueDeletions
    ? batch.users.filter((user) => user.outcome !== 'pending')
    : run.plan.undoOf
      ? batch.users.filter((user) => user.outcome === 'done')
      : [];
  if (settled.length > 0)
    await deps.deletions.remove(
      run.schemeId,
      settled.map((user) => user.accountId),
    );
}

/** Re-decides one pending user from their re-checked state: an outcome now, or the intent to act on them. */
async function decide(
  deps: EngineDeps,
  run: RunRecord,
  scanned: UserOutcome,
  current: DirectoryUser | undefined,
  classify: UserMatcher,
): Promise<Decided | { intent: IntentUser }> {
  if (!current) {
    return {
      outcome: 'skipped',
      reason: 'no longer in the organization directory (re-checked before acting); nothing was done',
    };
  }
  const verdict = classify(current);
  const notify = run.plan.actions[0]?.type === 'notify' ? run.plan.actions[0] : undefined;
  if (verdict.kind === 'exempt') return { outcome: 'exempt', reason: verdict.reason };
  if (verdict.kind === 'outside') {
    if (notify) await closeWarning(deps, run, current.accountId, 'cameBack');
    const cameBack =
      current.lastActive !== null && (scanned.lastActive === null || current.lastActive > scanned.lastActive);
    return {
      outcome: 'skipped',
      reason: cameBack
        ? `active again (last active ${current.lastActive!.slice(0, 10)})`
        : 'no longer matches the scheme (changed since the scan)',
    };
  }
  // Access an identity provider holds, or activity elsewhere an org-wide action would cut: no warning, no action.
  const protection = protectedFromActions(run.plan.actions, current, planContextOf(run.plan, decidedAsOf(run)));
  if (protection) {
    scanned.lastActiveAnywhere = lastActiveAnywhere(current);
    if (protection.idpGroups) scanned.heldByIdentityProvider = protection.idpGroups;
    return { outcome: 'skipped', reason: protection.reason };
  }
  if (current.otherAccess) scanned.lastActiveAnywhere = lastActiveAnywhere(current);
  if (!notify) return { intent: { subject: current, results: [] } };
  const gate = await passWarning(deps, run, current, notify);
  if (gate.kind === 'stop') return gate.outcome;
  return { intent: { subject: current, results: [gate.result] } };
}

function setOutcome(user: UserOutcome, decided: Decided): void {
  user.outcome = decided.outcome;
  user.reason = decided.reason;
  if (decided.results) user.results = decided.results;
  else delete user.results;
  if (decided.warning) user.warning = decided.warning;
}

/**
 * An undo run's decision for one user, from their re-checked state: undo what the original run changed, or leave
 * them alone (already restored, changed since for another reason, gone, or a deletion past its grace period).
 */
function decideUndo(
  deps: EngineDeps,
  undoOf: UndoOf,
  user: UserOutcome,
  current: DirectoryUser | undefined,
): Decided | { intent: IntentUser } {
  const changes = user.undoing;
  if (!changes) return { outcome: 'skipped', reason: 'the original run recorded no change for this user' };
  const deletion = includesDeletion(changes);
  if (deletion && deps.now().getTime() > undoOf.deletionsFinalAt) {
    return {
      outcome: 'skipped',
      reason: `cannot be undone: the run deleted this account more than ${DELETION_GRACE_DAYS} days ago, past Atlassian's grace period`,
    };
  }
  if (!current) {
    return {
      outcome: 'skipped',
      reason: deletion
        ? 'cannot be undone: the account the run deleted is gone from the organization'
        : 'no longer in the organization directory (re-checked before acting); nothing was done',
    };
  }
  const assessment = assessUndo(changes, current);
  if (assessment.kind === 'alreadyRestored') return { outcome: 'skipped', reason: 'already restored' };
  if (assessment.kind === 'changedSince') return { outcome: 'skipped', reason: assessment.reason };
  return { intent: { subject: current, results: [] } };
}

/**
 * The follow-ups of a batch's recorded results, in order: audit entries (ids of their own, so a repeat writes none
 * twice), pending deletions of a staged lifecycle, then the "restore my access" emails (a user already offered is
 * not emailed again). Then the batch is written without them. A refused address is a warning on that user's
 * outcome; a retryable failure or a configuration error (src/engine/mailFailure.ts) is thrown with the follow-ups
 * still listed, so they are done on the next attempt, or stay visible on a failed run whose outcomes are kept.
 */
async function completeFollowUps(deps: EngineDeps, run: RunRecord, batch: BatchRecord): Promise<BatchRecord> {
  const owed = batch.followUps ?? [];
  if (owed.length === 0) return batch;
  const byId = new Map(batch.users.map((user) => [user.accountId, user]));
  const users = owed.flatMap((entry) => {
    const user = byId.get(entry.accountId);
    return user ? [{ user, auditFrom: entry.auditFrom }] : [];
  });
  await recordActions(deps, run, users);
  const toFile = deletionsToFile(
    run,
    users.map(({ user }) => ({
      user,
      deactivated: (user.results ?? []).some((result) => result.action === 'deactivate' && result.result === 'done'),
    })),
    deps.now(),
  );
  if (toFile.length > 0) await deps.deletions.put(toFile);
  const refused = await sendRestoreOffers(
    deps,
    run,
    users.map(({ user }) => user),
  );
  for (const { accountId, problem } of refused) {
    const user = byId.get(accountId);
    if (user) user.warning = problem;
  }
  const settled: BatchRecord = {
    ...batch,
    phase: batch.users.some((user) => user.outcome === 'pending') || batch.acting ? 'pending' : 'complete',
  };
  delete settled.followUps;
  await deps.runs.putBatch(settled);
  return settled;
}

/** The audit entries of recorded users' actions (those after `auditFrom`: a warning gate is audited on its own). */
async function recordActions(
  deps: EngineDeps,
  run: RunRecord,
  finished: ReadonlyArray<{ user: UserOutcome; auditFrom: number }>,
): Promise<void> {
  const at = deps.now().toISOString();
  const entries = finished.flatMap(({ user, auditFrom }) =>
    (user.results ?? []).slice(auditFrom).map((result) => ({
      at,
      kind: 'user.action' as const,
      actor: run.requestedBy ?? 'app',
      subject: user.accountId,
      summary: `${run.plan.undoOf ? 'undo ' : ''}${result.action} ${result.result} for ${user.name}${result.detail ? ` (${result.detail})` : ''}`,
      details: {
        runId: run.id,
        schemeId: run.schemeId,
        action: result.action,
        result: result.result,
        ...(run.plan.undoOf ? { undoOf: run.plan.undoOf.runId } : {}),
        ...(result.detail ? { detail: result.detail } : {}),
      },
    })),
  );
  if (entries.length > 0) await deps.audit.appendUserActions(entries);
}

/** A retryable Atlassian error becomes a shared pause (no other act step spends a refused call) and a RetryLater. */
async function withPause<T>(deps: EngineDeps, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isRetryable(error)) throw error;
    const retry = new RetryLater(error.retryAfterSeconds ?? 30, error.message);
    await deps.pauses.pause('act', deps.now().getTime() + retry.retryAfterSeconds * 1000);
    throw retry;
  }
}
