/**
 * The scan phase: read the org's users 100 a page (the Admin API's directory search with productAccess,
 * the cheapest source of last-activity data), decide each user's fate, and store the matched users of each
 * page as a batch. Pages are a cursor chain, so the scan is one sequential chain of queue events; each event
 * scans pages while its invocation has time, then hands the cursor to the next event.
 *
 * At-least-once: batches are keyed by page number and written only if absent, stamped with the scan step's token.
 * A re-delivery or retry of the same step walks the batches it already wrote and carries on; a stray duplicate
 * push of a next page has another token, finds the page written, and stops: a duplicated chain dies at once.
 */
import { createClassifier, type FieldValuesByUser } from './classify';
import type { DirectoryUser } from '../domain/user';
import { isRetryable, type EngineDeps } from './ports';
import { RetryLater } from './retry';
import { randomUUID } from 'node:crypto';
import type { BatchRecord, RunRecord, RunStep } from './records';
import { countOutcomes, type UserOutcome } from '../domain/run';
import { chooseForSeatTarget, holdsSeat, SEAT_FREEING_ACTIONS } from '../domain/seatTarget';
import { transition } from './transitions';
import { startActing, finishRun } from './phases';
import { hasTimeFor } from './budget';
import { tallyUsers } from '../domain/snapshot';
import { comebacks } from './warnings';

export const PAGE_SIZE = 100;

export async function scanStep(deps: EngineDeps, step: Extract<RunStep, { kind: 'scan' }>): Promise<void> {
  let run = await deps.runs.getRun(step.runId);
  if (!run) return;
  if (run.state === 'queued') {
    const moved = await transition(deps, run, 'scanning');
    if (!moved) return;
    run = moved;
  }
  if (run.state !== 'scanning') return; // a stale or duplicated event of a run that moved on

  const directory = await deps.directory();
  let seq = step.seq;
  let cursor = step.cursor;
  try {
    await scanPages(deps, run, step, directory, seq, cursor, (at, next) => {
      seq = at;
      cursor = next;
    });
  } catch (error) {
    // Throttled (a 429 from Atlassian or Forge storage) after storing pages: hand over from where this event got to.
    // A retry of this event would walk again every page it stored, which on a big site costs more storage reads
    // than a minute's quota allows, so it would never get further.
    if (seq === step.seq || !(isRetryable(error) || error instanceof RetryLater)) throw error;
    const delaySeconds = Math.min(900, Math.max(1, Math.ceil(retryAfterOf(error))));
    await deps.queue.push([{ step: { ...step, seq, cursor }, delaySeconds }]);
  }
}

function retryAfterOf(error: unknown): number {
  if (error instanceof RetryLater) return error.retryAfterSeconds;
  return (error as { retryAfterSeconds?: number }).retryAfterSeconds ?? 30;
}

async function scanPages(
  deps: EngineDeps,
  run: RunRecord,
  step: Extract<RunStep, { kind: 'scan' }>,
  directory: Awaited<ReturnType<EngineDeps['directory']>>,
  startSeq: number,
  startCursor: string | null,
  reached: (seq: number, cursor: string | null) => void,
): Promise<void> {
  let seq = startSeq;
  let cursor = startCursor;
  for (;;) {
    const existing = await deps.runs.getBatch(run.id, seq);
    let batch: BatchRecord;
    if (existing) {
      if (existing.writtenBy !== step.token) return; // another step owns this page: we are a stray duplicate
      batch = existing;
    } else {
      const page = await directory.searchUsers({ ...(cursor ? { cursor } : {}), limit: PAGE_SIZE });
      batch = buildBatch(
        run,
        seq,
        step.token,
        page.users,
        page.nextCursor,
        deps.now(),
        await fieldValuesOf(deps, run, page.users),
      );
      if (run.plan.actions[0]?.type === 'notify') {
        const listed = new Set(batch.users.map((user) => user.accountId));
        batch.users.push(
          ...(await comebacks(
            deps,
            run,
            page.users.filter((user) => !listed.has(user.accountId)),
          )),
        );
      }
      if (!(await deps.runs.createBatch(batch))) return; // lost a race with a duplicate of this page
    }
    deps.log.step({ step: 'scan.page', runId: run.id, seq, scanned: batch.scanned, matched: batch.users.length });
    if (batch.nextCursor === null) {
      await completeScan(deps, run, seq + 1);
      return;
    }
    seq += 1;
    cursor = batch.nextCursor;
    reached(seq, cursor);
    if (!hasTimeFor(deps.invocation, 'page')) {
      await deps.queue.push([{ step: { kind: 'scan', runId: run.id, seq, cursor, token: randomUUID() } }]);
      return;
    }
  }
}

/** The page's custom field values, read only when the run filters on fields (a few batch reads per page). */
async function fieldValuesOf(
  deps: EngineDeps,
  run: RunRecord,
  users: DirectoryUser[],
): Promise<FieldValuesByUser | undefined> {
  if (!run.plan.fields?.length) return undefined;
  return deps.fields.valuesOf(users.map((user) => user.accountId));
}

function buildBatch(
  run: RunRecord,
  seq: number,
  token: string,
  users: DirectoryUser[],
  nextCursor: string | null,
  now: Date,
  fieldValues: FieldValuesByUser | undefined,
): BatchRecord {
  const outcomes: UserOutcome[] = [];
  const subjects: BatchRecord['subjects'] = {};
  const classify = createClassifier(run.plan, now, fieldValues);
  for (const user of users) {
    const verdict = classify(user);
    if (verdict.kind === 'outside') continue;
    const base = {
      accountId: user.accountId,
      name: user.name,
      email: user.email,
      lastActive: user.lastActive,
      actions: run.plan.actions.map((action) => action.type),
    };
    if (verdict.kind === 'exempt') outcomes.push({ ...base, outcome: 'exempt', reason: verdict.reason });
    else if (run.plan.mode === 'test') outcomes.push({ ...base, outcome: 'planned', reason: verdict.reason });
    else {
      outcomes.push({ ...base, outcome: 'pending', reason: verdict.reason });
      subjects[user.accountId] = user;
    }
  }
  const hasWork = outcomes.some((user) => user.outcome === 'pending');
  const accessGroups = new Set(run.plan.accessGroupIds);
  const seats = users.filter((user) => holdsSeat(user, accessGroups)).length;
  const tally = run.plan.snapshot ? { tally: tallyUsers(users, { accessGroupIds: run.plan.accessGroupIds, now }) } : {};
  return {
    runId: run.id,
    seq,
    phase: hasWork ? 'pending' : 'complete',
    writtenBy: token,
    scanned: users.length,
    seats,
    nextCursor,
    users: outcomes,
    subjects,
    ...tally,
  };
}

/** All pages are stored: apply the seat target, count them, apply the safety limit, then act (live) or report (test). */
async function completeScan(deps: EngineDeps, run: RunRecord, pages: number): Promise<void> {
  const batches: BatchRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(run.id, cursor ? { cursor } : {});
    batches.push(...page.batches);
    cursor = page.nextCursor;
  } while (cursor);
  if (run.plan.untilSeatsAtMost !== undefined) await applySeatTarget(deps, run, batches, run.plan.untilSeatsAtMost);

  const matched = batches.flatMap((batch) => batch.users);
  const counts = countOutcomes(
    matched,
    batches.reduce((sum, batch) => sum + batch.scanned, 0),
  );
  const toActOn = matched.filter((user) => user.outcome === 'pending').length;
  const scannedRun: RunRecord = { ...run, scan: { pages, complete: true }, counts };
  deps.log.step({
    step: 'scan.complete',
    runId: run.id,
    scanned: counts.scanned,
    matched: counts.matched,
    exempt: counts.exempt,
    toActOn,
  });

  if (run.plan.mode === 'live' && toActOn > run.plan.maxUsersPerRun) {
    await transition(deps, scannedRun, 'aborted', {
      reason:
        `This live run would act on ${toActOn} users, more than the scheme's limit of ${run.plan.maxUsersPerRun} per run, ` +
        `so it acted on nobody. Check the scheme's filter in test mode, or raise limits.maxUsersPerRun if this is intended.`,
    });
    return;
  }
  if (run.plan.mode === 'live' && toActOn > 0) {
    await startActing(deps, scannedRun);
    return;
  }
  await finishRun(deps, scannedRun, 'scanning', counts);
}

/**
 * `limits.untilSeatsAtMost`: only the longest-inactive users needed to bring the seats down to the target keep
 * their planned actions; the others are skipped, saying why. Batches are rewritten once (idempotent: a repeat
 * chooses the same users from the same batches).
 */
async function applySeatTarget(
  deps: EngineDeps,
  run: RunRecord,
  batches: BatchRecord[],
  target: number,
): Promise<void> {
  const seats = batches.reduce((sum, batch) => sum + batch.seats, 0);
  const acting = (user: UserOutcome) => user.outcome === 'pending' || user.outcome === 'planned';
  const freesSeats = run.plan.actions.some((action) => SEAT_FREEING_ACTIONS.has(action.type));
  const chosen = freesSeats
    ? chooseForSeatTarget(
        batches.flatMap((batch) => batch.users.filter(acting)),
        seats,
        target,
      )
    : new Set<string>();
  const reason =
    seats <= target
      ? `not needed: the site has ${seats} seats, already within the target of ${target}`
      : `not needed: acting on the ${chosen.size} longest-inactive users brings the site from ${seats} seats to the target of ${target}`;
  for (const batch of batches) {
    const dropped = batch.users.filter((user) => acting(user) && !chosen.has(user.accountId));
    if (dropped.length === 0) continue;
    for (const user of dropped) Object.assign(user, { outcome: 'skipped', reason });
    const stillPending = batch.users.some((user) => user.outcome === 'pending');
    const subjects = Object.fromEntries(Object.entries(batch.subjects).filter(([accountId]) => chosen.has(accountId)));
    Object.assign(batch, { phase: stillPending ? 'pending' : 'complete', subjects });
    await deps.runs.putBatch(batch);
  }
  deps.log.step({ step: 'scan.seatTarget', runId: run.id, seats, target, chosen: chosen.size });
}
