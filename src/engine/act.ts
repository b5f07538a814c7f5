/**
 * The act phase of a live run, as one chain of queue events: each event takes the pending batches (up to 100
 * users each) one after another while its invocation has time, then hands on to the next event. One chain, because
 * the per-user re-check is limited to 200 calls a minute per org: parallel events would only wait on each other.
 * For each user, in order:
 *   1. claim the user in the action journal (recorded before anything is done);
 *   2. re-check exemptions against the current settings, and the user's activity with the per-user
 *      last-active endpoint: a user who came back since the scan is skipped ("active again");
 *   3. run the scheme's actions in order, recording each step before it is sent and after it answers;
 *   4. record the user's outcome.
 * A crash anywhere leaves a journal entry that the next attempt (after the claim's lease) continues from, so no
 * user is lost and no step is repeated except the one in flight, whose repeat Atlassian answers "already".
 * A 429 or 5xx ends the step with RetryLater: the event comes back after Retry-After with the progress kept.
 */
import { applyStep, DESTRUCTIVE_ACTIONS, planAction, type ActionStep } from '../domain/actions';
import { outcomeOfResults, type ActionResult, type UserOutcome } from '../domain/run';
import type { DirectoryUser } from '../domain/user';
import { hasTimeFor } from './budget';
import { classifyUser, type FieldValuesByUser } from './classify';
import { isRetryable, type Directory, type EngineDeps } from './ports';
import type { BatchRecord, JournalEntry, RunRecord } from './records';
import { RetryLater } from './retry';
import { closeWarning, passWarning } from './warnings';
import { finishStep } from './phases';

/** How long a claim on a user holds: longer than any invocation of the worker may live. */
export const CLAIM_LEASE_MS = 150_000;
/** How often (in users) a batch re-reads its run, so a cancel stops it quickly. */
const CANCEL_CHECK_EVERY = 20;

export async function actStep(deps: EngineDeps, step: { runId: string; seq: number }): Promise<void> {
  let seq = step.seq;
  for (;;) {
    const run = await deps.runs.getRun(step.runId);
    if (!run || run.state !== 'acting') return;
    await actOnBatch(deps, run, seq);
    const [next] = (await deps.runs.listBatches(run.id, { phase: 'pending' })).batches;
    if (!next) {
      // Checked here rather than by pushing a finish step: Forge cuts a chain of pushes at 1000. If storage's eventual
      // consistency hides our own write, the watchdog finishes the run.
      await finishStep(deps, { kind: 'finish', runId: run.id });
      return;
    }
    if (!hasTimeFor(deps.invocation, 'batch')) {
      await deps.queue.push([{ step: { kind: 'act', runId: run.id, seq: next.seq } }]);
      return;
    }
    seq = next.seq;
  }
}

/** Acts on the pending users of one batch; returns when none is left, throws RetryLater to come back later. */
async function actOnBatch(deps: EngineDeps, acting: RunRecord, seq: number): Promise<void> {
  let run: RunRecord | undefined = acting;
  const batch = await deps.runs.getBatch(run.id, seq);
  if (!batch || batch.phase === 'complete') return;

  const pausedUntil = await deps.pauses.pausedUntil('act');
  const now = deps.now().getTime();
  if (pausedUntil !== undefined && pausedUntil > now) {
    throw new RetryLater(
      Math.ceil((pausedUntil - now) / 1000),
      'Atlassian asked the app to wait (rate limit); continuing after the pause',
    );
  }
  const settings = await deps.settings.get();
  const directory = await deps.directory();
  const pending = batch.users.filter((user) => user.outcome === 'pending');
  const journal = await deps.runs.getJournal(
    run.id,
    pending.map((user) => user.accountId),
  );
  // Current values, not the scan's: an admin who extends a contract end date after the scan keeps that user.
  const fieldValues = run.plan.fields?.length
    ? await deps.fields.valuesOf(pending.map((user) => user.accountId))
    : undefined;
  let busyUntil = 0;
  let handled = 0;

  for (const user of pending) {
    if (handled > 0 && handled % CANCEL_CHECK_EVERY === 0) {
      run = await deps.runs.getRun(batch.runId);
      if (!run || run.state !== 'acting') return;
    }
    if (!hasTimeFor(deps.invocation, 'user')) {
      await deps.runs.putBatch(batch);
      throw new RetryLater(1, 'time budget of this invocation used; continuing in a new one');
    }
    handled += 1;
    const claim = await claimUser(deps, run, user.accountId, journal.get(user.accountId));
    if (claim.kind === 'finished') {
      Object.assign(user, claim.outcome);
      continue;
    }
    if (claim.kind === 'busy') {
      busyUntil = Math.max(busyUntil, claim.until);
      continue;
    }
    const subject = batch.subjects[user.accountId];
    const entry = claim.entry;
    try {
      const decided = subject
        ? await actOnUser(deps, run, directory, subject, entry, {
            exemptUsers: settings.exemptions.users,
            exemptGroupIds: settings.exemptions.groupIds,
            fieldValues,
          })
        : { outcome: 'failed' as const, reason: 'the scanned state of this user was not stored; nothing was done' };
      Object.assign(user, decided);
      if ('results' in decided && decided.results === undefined) delete user.results;
      await deps.runs.putJournal({
        ...entry,
        state: 'finished',
        outcome: { outcome: decided.outcome, reason: decided.reason },
      });
      deps.log.step({
        step: 'act.user',
        runId: run.id,
        accountId: user.accountId,
        outcome: decided.outcome,
        reason: decided.reason,
      });
    } catch (error) {
      if (error instanceof RetryLater || isRetryable(error)) {
        // Release our claim so the retry of this event can continue with this user at once.
        await deps.runs.putJournal({ ...entry, leaseUntil: 0 });
        await deps.runs.putBatch(batch);
        const retry =
          error instanceof RetryLater ? error : new RetryLater(error.retryAfterSeconds ?? 30, error.message);
        await deps.pauses.pause('act', deps.now().getTime() + retry.retryAfterSeconds * 1000);
        throw retry;
      }
      throw error;
    }
  }

  if (busyUntil > 0) {
    // Another invocation holds some users (or held them and died): come back when its claim expires.
    await deps.runs.putBatch(batch);
    throw new RetryLater(
      Math.max(1, Math.ceil((busyUntil - deps.now().getTime()) / 1000)),
      'some users are being handled by another invocation',
    );
  }
  const completed: BatchRecord = { ...batch, phase: 'complete', subjects: {} };
  await deps.runs.putBatch(completed);
  deps.log.step({ step: 'act.batch', runId: run.id, seq: batch.seq, users: pending.length });
}

type Claim =
  | { kind: 'mine'; entry: JournalEntry }
  | { kind: 'finished'; outcome: Pick<UserOutcome, 'outcome' | 'reason' | 'results'> }
  | { kind: 'busy'; until: number };

/** Takes the user for this invocation, unless another live invocation has them or they are already finished. */
async function claimUser(
  deps: EngineDeps,
  run: RunRecord,
  accountId: string,
  existing: JournalEntry | undefined,
): Promise<Claim> {
  const now = deps.now().getTime();
  const fresh: JournalEntry = {
    runId: run.id,
    accountId,
    state: 'acting',
    owner: deps.invocation.id,
    leaseUntil: now + CLAIM_LEASE_MS,
    results: [],
    doneSteps: [],
    inFlight: null,
  };
  if (!existing) {
    if (await deps.runs.createJournal(fresh)) return { kind: 'mine', entry: fresh };
    const [raced] = (await deps.runs.getJournal(run.id, [accountId])).values();
    if (!raced) return { kind: 'busy', until: now + 1000 };
    existing = raced;
  }
  if (existing.state === 'finished') {
    return {
      kind: 'finished',
      outcome: { ...existing.outcome!, ...(existing.results.length ? { results: existing.results } : {}) },
    };
  }
  if (existing.owner !== deps.invocation.id && existing.leaseUntil > now)
    return { kind: 'busy', until: existing.leaseUntil };
  // The previous owner's lease ran out: it died. Continue from what it recorded.
  const takenOver: JournalEntry = { ...existing, owner: deps.invocation.id, leaseUntil: now + CLAIM_LEASE_MS };
  await deps.runs.putJournal(takenOver);
  return { kind: 'mine', entry: takenOver };
}

async function actOnUser(
  deps: EngineDeps,
  run: RunRecord,
  directory: Directory,
  scanned: DirectoryUser,
  entry: JournalEntry,
  current: { exemptUsers: string[]; exemptGroupIds: string[]; fieldValues: FieldValuesByUser | undefined },
): Promise<Pick<UserOutcome, 'outcome' | 'reason' | 'results'>> {
  const plan = { ...run.plan, globalExemptions: { users: current.exemptUsers, groupIds: current.exemptGroupIds } };
  let user = scanned;
  const needsRecheck =
    entry.results.length === 0 && run.plan.actions.some((action) => DESTRUCTIVE_ACTIONS.has(action.type));
  if (needsRecheck) {
    const fresh = await directory.getLastActive(scanned.accountId);
    user = { ...scanned, lastActive: fresh.lastActive, addedToOrg: fresh.addedToOrg ?? scanned.addedToOrg };
  }
  const verdict = classifyUser(user, plan, deps.now(), current.fieldValues);
  const notify = run.plan.actions[0]?.type === 'notify' ? run.plan.actions[0] : undefined;
  if (verdict.kind === 'exempt') return { outcome: 'exempt', reason: verdict.reason };
  if (verdict.kind === 'outside') {
    if (notify) await closeWarning(deps, run, user.accountId, 'cameBack');
    const cameBack = user.lastActive !== null && (scanned.lastActive === null || user.lastActive > scanned.lastActive);
    return {
      outcome: 'skipped',
      reason: cameBack
        ? `active again (last active ${user.lastActive!.slice(0, 10)})`
        : 'no longer matches the scheme (changed since the scan)',
    };
  }
  if (notify && entry.results.length === 0) {
    const gate = await passWarning(deps, run, user, notify);
    if (gate.kind === 'stop') return gate.outcome;
    entry.results = [gate.result];
    await deps.runs.putJournal(entry);
  }

  const results: ActionResult[] = [...entry.results];
  for (const [index, action] of run.plan.actions.entries()) {
    if (index < results.length) {
      // Finished by an earlier attempt: only bring our copy of the user up to date.
      const planned = planAction(action, user, run.plan.accessGroupIds);
      if (planned.kind === 'steps') for (const step of planned.steps) user = applyStep(user, step);
      continue;
    }
    const planned = planAction(action, user, run.plan.accessGroupIds);
    if (planned.kind === 'skip') {
      results.push({ action: action.type, result: 'skipped', detail: planned.reason });
    } else {
      const result = await runSteps(deps, directory, entry, user.accountId, planned.steps);
      results.push({ action: action.type, ...result });
      for (const step of planned.steps) user = applyStep(user, step);
    }
    entry.results = results;
    await deps.runs.putJournal(entry);
    const last = results[results.length - 1]!;
    await deps.audit.append({
      at: deps.now().toISOString(),
      kind: 'user.action',
      actor: run.requestedBy ?? 'app',
      subject: user.accountId,
      summary: `${last.action} ${last.result} for ${scanned.name}${last.detail ? ` (${last.detail})` : ''}`,
      details: {
        runId: run.id,
        schemeId: run.schemeId,
        action: last.action,
        result: last.result,
        ...(last.detail ? { detail: last.detail } : {}),
      },
    });
  }
  if (notify) await closeWarning(deps, run, user.accountId, 'actedOn');
  return { ...outcomeOfResults(results), results };
}

async function runSteps(
  deps: EngineDeps,
  directory: Directory,
  entry: JournalEntry,
  accountId: string,
  steps: readonly ActionStep[],
): Promise<Omit<ActionResult, 'action'>> {
  let changed = false;
  for (const step of steps) {
    const key = stepKey(step);
    if (entry.doneSteps.includes(key)) {
      changed = true;
      continue;
    }
    const wasInFlight = entry.inFlight === key;
    entry.inFlight = key;
    await deps.runs.putJournal(entry);
    let answer: 'done' | 'already';
    try {
      answer = await directory.perform(accountId, step);
    } catch (error) {
      if (isRetryable(error)) throw error; // the journal keeps the step in flight; the retry finds out
      entry.inFlight = null;
      return { result: 'failed', detail: (error as Error).message };
    }
    // "Already" for a step we had sent before dying means our earlier call did it.
    if (answer === 'done' || wasInFlight) changed = true;
    entry.doneSteps.push(key);
    entry.inFlight = null;
    await deps.runs.putJournal(entry);
  }
  return changed ? { result: 'done' } : { result: 'skipped', detail: 'already so on the site' };
}

function stepKey(step: ActionStep): string {
  return 'groupId' in step ? `${step.kind}:${step.groupId}` : step.kind;
}
