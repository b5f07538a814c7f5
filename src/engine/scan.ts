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
import { createClassifier, planContextOf, type FieldValuesByUser } from './classify';
import type { DirectoryUser } from '../domain/user';
import { isRetryable, type EngineDeps } from './ports';
import { RetryLater } from './retry';
import { randomUUID } from 'node:crypto';
import type { BatchRecord, RunRecord, RunStep, ScanThrough, UndoOf } from './records';
import { describeUndo } from '../domain/undo';
import { addCounts, countOutcomes, emptyCounts, type RunCounts, type UserOutcome } from '../domain/run';
import {
  applyStep,
  planAction,
  protectedFromActions,
  type ActionType,
  type PlanContext,
  type ResolvedAction,
} from '../domain/actions';
import { lastActiveAnywhere, withDirectRole } from '../domain/org';
import { storedSeatOf } from './billingSeats';
import { chooseForSeatTarget, holdsSeat, SEAT_FREEING_ACTIONS } from '../domain/seatTarget';
import { transition } from './transitions';
import { startActing, finishRun } from './phases';
import { hasTimeFor } from './budget';
import { tallyUsers } from '../domain/snapshot';
import { comebacks } from './warnings';
import { decidedAsOf } from './startRun';
import { addActing, emptyActingTally } from './runTallies';
import type { ActingTally } from './records';

export const PAGE_SIZE = 100;

export async function scanStep(deps: EngineDeps, step: Extract<RunStep, { kind: 'scan' }>): Promise<void> {
  let run = await deps.runs.getRun(step.runId);
  if (!run) return;
  if (run.state === 'queued') {
    // Losing this race means a duplicate delivery of the step moved the run: go on with it (pages are claimed one
    // by one below), since Forge may heed only one delivery's retry and the other could end the chain.
    const moved = (await transition(deps, run, 'scanning')) ?? (await deps.runs.getRun(step.runId));
    if (!moved) return;
    run = moved;
  }
  if (run.state !== 'scanning') return; // a stale or duplicated event of a run that moved on

  const directory = await deps.directory();
  let seq = step.seq;
  let cursor = step.cursor;
  let through = step.seq === 0 ? { scanned: 0, found: 0 } : step.through;
  try {
    await scanPages(deps, run, step, directory, { seq, cursor, through }, (at, next, totals) => {
      seq = at;
      cursor = next;
      through = totals;
    });
  } catch (error) {
    // Throttled (a 429 from Atlassian or Forge storage) after storing pages: hand over from where this event got to.
    // A retry of this event would walk again every page it stored, which on a big site costs more storage reads
    // than a minute's quota allows, so it would never get further.
    if (seq === step.seq || !(isRetryable(error) || error instanceof RetryLater)) throw error;
    const delaySeconds = Math.min(900, Math.max(1, Math.ceil(retryAfterOf(error))));
    const { through: _stale, ...rest } = step;
    await deps.queue.push([{ step: { ...rest, seq, cursor, ...(through ? { through } : {}) }, delaySeconds }]);
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
  start: { seq: number; cursor: string | null; through: ScanThrough | undefined },
  reached: (seq: number, cursor: string | null, through: ScanThrough | undefined) => void,
): Promise<void> {
  let { seq, cursor, through } = start;
  // Each new page carries the scan's running totals, so a scanning run's progress reads only its newest page.
  const stamped = (batch: BatchRecord): BatchRecord =>
    through
      ? {
          ...batch,
          through: { scanned: through.scanned + batch.scanned, found: through.found + batch.users.length },
        }
      : batch;
  // An earlier attempt of this step wrote its pages in order: once one is missing, so are the ones after it, and
  // looking for them would only spend storage requests (a page written meanwhile by a duplicate fails createBatch).
  let mayExist = true;
  for (;;) {
    const existing: BatchRecord | undefined = mayExist ? await deps.runs.getBatch(run.id, seq) : undefined;
    mayExist = existing !== undefined;
    let batch: BatchRecord;
    if (existing) {
      if (existing.writtenBy !== step.token) return; // another step owns this page: we are a stray duplicate
      batch = existing;
    } else if (run.plan.approvedFrom) {
      batch = stamped(await approvedBatch(deps, run, run.plan.approvedFrom, seq, step.token));
      if (!(await deps.runs.createBatch(batch))) return; // lost a race with a duplicate of this page
    } else if (run.plan.dueDeletions) {
      batch = stamped(dueDeletionBatch(run, run.plan.dueDeletions, seq, step.token));
      if (!(await deps.runs.createBatch(batch))) return; // lost a race with a duplicate of this page
    } else if (run.plan.undoOf) {
      batch = stamped(await undoBatch(deps, run, run.plan.undoOf, seq, step.token));
      if (!(await deps.runs.createBatch(batch))) return; // lost a race with a duplicate of this page
    } else {
      const page = await directory.searchUsers({ ...(cursor ? { cursor } : {}), limit: PAGE_SIZE });
      batch = buildBatch(run, seq, step.token, page.users, page.nextCursor, await fieldValuesOf(deps, run, page.users));
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
      batch = stamped(batch);
      if (!(await deps.runs.createBatch(batch))) {
        // A duplicate delivery of this same step stored the page first. Forge heeds only the original delivery's
        // retry, so a duplicate that later hits a 429 could end the chain: both go on from the stored page.
        const winner = await deps.runs.getBatch(run.id, seq);
        if (!winner || winner.writtenBy !== step.token) return; // another step owns this page
        batch = winner;
      }
    }
    deps.log.step({ step: 'scan.page', runId: run.id, seq, scanned: batch.scanned, matched: batch.users.length });
    if (batch.nextCursor === null) {
      await completeScan(deps, run, seq + 1);
      return;
    }
    seq += 1;
    cursor = batch.nextCursor;
    // A page stored without totals (by an older version) ends them: the pages after it are not stamped.
    through = batch.through;
    reached(seq, cursor, through);
    if (!hasTimeFor(deps.invocation, 'page')) {
      await deps.queue.push([
        { step: { kind: 'scan', runId: run.id, seq, cursor, token: randomUUID(), ...(through ? { through } : {}) } },
      ]);
      return;
    }
  }
}

/**
 * An undo run's page: the users of the original run's batch of the same number whose changes it recorded (only
 * those chosen, when the undo names users), pending, each with the changes to undo. Users the original run skipped,
 * or found exempt, changed nothing and are not in it.
 */
async function undoBatch(
  deps: EngineDeps,
  run: RunRecord,
  undoOf: UndoOf,
  seq: number,
  token: string,
): Promise<BatchRecord> {
  const original = await deps.runs.getBatch(undoOf.runId, seq);
  const only = undoOf.onlyAccountIds ? new Set(undoOf.onlyAccountIds) : undefined;
  const users: UserOutcome[] = (original?.users ?? []).flatMap((user) =>
    user.changes && user.changes.actions.length > 0 && (!only || only.has(user.accountId))
      ? [
          {
            accountId: user.accountId,
            name: user.name,
            email: user.email,
            lastActive: user.lastActive,
            outcome: run.plan.mode === 'live' ? ('pending' as const) : ('planned' as const),
            actions: user.changes.actions.map(({ action }) => action),
            reason: `undo: ${describeUndo(user.changes)}`,
            undoing: user.changes,
          },
        ]
      : [],
  );
  return {
    runId: run.id,
    seq,
    phase: users.some((user) => user.outcome === 'pending') ? 'pending' : 'complete',
    writtenBy: token,
    scanned: users.length,
    seats: 0,
    nextCursor: seq + 1 < undoOf.pages ? String(seq + 1) : null,
    users,
  };
}

/** An applied test run's page: the approved planned users of the test run's batch of the same number, pending. */
async function approvedBatch(
  deps: EngineDeps,
  run: RunRecord,
  from: NonNullable<RunRecord['plan']['approvedFrom']>,
  seq: number,
  token: string,
): Promise<BatchRecord> {
  const tested = await deps.runs.getBatch(from.runId, seq);
  const excluded = new Set(from.excludedAccountIds);
  const users: UserOutcome[] = (tested?.users ?? [])
    .filter((user) => user.outcome === 'planned' && !user.informational && !excluded.has(user.accountId))
    .map((user) => ({ ...user, outcome: 'pending' as const }));
  return {
    runId: run.id,
    seq,
    phase: users.length > 0 ? 'pending' : 'complete',
    writtenBy: token,
    scanned: tested?.scanned ?? 0,
    seats: tested?.seats ?? 0,
    nextCursor: seq + 1 < from.pages ? String(seq + 1) : null,
    users,
  };
}

/** A deletion run's page: 100 of its due users, pending (the act step re-checks each one before deleting). */
function dueDeletionBatch(
  run: RunRecord,
  due: NonNullable<RunRecord['plan']['dueDeletions']>,
  seq: number,
  token: string,
): BatchRecord {
  const users: UserOutcome[] = due.slice(seq * PAGE_SIZE, (seq + 1) * PAGE_SIZE).map((user) => ({
    accountId: user.accountId,
    name: user.name,
    email: user.email,
    lastActive: null,
    outcome: 'pending',
    actions: ['delete'],
    reason: `deactivated by this scheme on ${user.deactivatedAt.slice(0, 10)}; its deletion is due`,
  }));
  return {
    runId: run.id,
    seq,
    phase: users.length > 0 ? 'pending' : 'complete',
    writtenBy: token,
    scanned: users.length,
    seats: 0,
    nextCursor: (seq + 1) * PAGE_SIZE < due.length ? String(seq + 1) : null,
    users,
  };
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
  scanned: DirectoryUser[],
  nextCursor: string | null,
  fieldValues: FieldValuesByUser | undefined,
): BatchRecord {
  // Every page is decided as of the run's start, however long the scan takes (429s, retries).
  const now = decidedAsOf(run);
  const users = scanned.map((user) => withDirectRole(user, run.plan.accessGroupIds));
  const org = planContextOf(run.plan, now);
  const outcomes: UserOutcome[] = [];
  const classify = createClassifier(run.plan, now, fieldValues);
  for (const user of users) {
    const verdict = classify(user);
    if (verdict.kind === 'outside') continue;
    const base = {
      accountId: user.accountId,
      name: user.name,
      email: user.email,
      lastActive: user.lastActive,
      ...(user.otherAccess ? { lastActiveAnywhere: lastActiveAnywhere(user) } : {}),
      actions: run.plan.actions.map((action) => action.type),
      seat: storedSeatOf(user, run.plan),
    };
    if (verdict.kind === 'exempt') {
      outcomes.push({ ...base, outcome: 'exempt', reason: verdict.reason });
      continue;
    }
    // Access an identity provider holds, or activity elsewhere an org-wide action would cut: skipped, test or live.
    const protection = protectedFromActions(run.plan.actions, user, org);
    if (protection) {
      outcomes.push({
        ...base,
        outcome: 'skipped',
        reason: protection.reason,
        ...(protection.idpGroups ? { heldByIdentityProvider: protection.idpGroups } : {}),
      });
    } else if (run.plan.mode === 'test')
      outcomes.push({
        ...base,
        outcome: 'planned',
        reason: verdict.reason,
        wouldDo: wouldDo(run.plan.actions, user, org),
      });
    else outcomes.push({ ...base, outcome: 'pending', reason: verdict.reason });
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
    ...tally,
  };
}

/** The actions that would change something for the user, planned in order as the act step plans them. */
function wouldDo(actions: readonly ResolvedAction[], user: DirectoryUser, org: PlanContext): ActionType[] {
  let state = user;
  const changing: ActionType[] = [];
  for (const action of actions) {
    if (action.type === 'notify') {
      changing.push('notify');
      continue;
    }
    const plan = planAction(action, state, org);
    if (plan.kind === 'skip') continue;
    changing.push(action.type);
    state = plan.steps.reduce(applyStep, state);
  }
  return changing;
}

/** All pages are stored: apply the seat target, count them, apply the safety limit, then act (live) or report (test). */
async function completeScan(deps: EngineDeps, scanning: RunRecord, pages: number): Promise<void> {
  const tallied =
    scanning.plan.untilSeatsAtMost !== undefined
      ? await countWithSeatTarget(deps, scanning, scanning.plan.untilSeatsAtMost)
      : await tallyPages(deps, scanning);
  if (!tallied) return; // another delivery of this step moved the run on, and finishes the scan
  const { run, counts, toActOn, acting } = tallied;
  const scannedRun: RunRecord = { ...run, scan: { pages, complete: true }, counts, acting };
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

/** Pages read per storage query at the end of a scan (Forge's page size limit). */
const TALLY_PAGE = 100;

interface Tally {
  run: RunRecord;
  counts: RunCounts;
  toActOn: number;
  acting: ActingTally;
}

const countPending = (users: readonly UserOutcome[]) => users.filter((user) => user.outcome === 'pending').length;

/**
 * Counts the stored pages 100 at a time, in page order, keeping the running tally on the run after each read. On a
 * big site the pages cost more than a minute's storage quota (10,000 pages for 1,000,000 users): a 429 midway then
 * resumes where the tally stopped, instead of starting over, which could never end.
 */
async function tallyPages(deps: EngineDeps, scanning: RunRecord): Promise<Tally | undefined> {
  let run = scanning;
  // A tally kept by an older version has no acting users: it starts over, once.
  let tally =
    run.scan.tally?.acting !== undefined
      ? { ...run.scan.tally, acting: run.scan.tally.acting }
      : { afterSeq: -1, counts: emptyCounts(), toActOn: 0, acting: emptyActingTally() };
  for (;;) {
    const { batches } = await deps.runs.listBatches(run.id, { afterSeq: tally.afterSeq, limit: TALLY_PAGE });
    tally = batches.reduce(
      (sum, batch) => ({
        afterSeq: batch.seq,
        counts: addCounts(sum.counts, countOutcomes(batch.users, batch.scanned)),
        toActOn: sum.toActOn + countPending(batch.users),
        acting: addActing(sum.acting, batch.users),
      }),
      tally,
    );
    // A short read is the last: no page after it is stored.
    if (batches.length < TALLY_PAGE) return { run, counts: tally.counts, toActOn: tally.toActOn, acting: tally.acting };
    const saved: RunRecord = { ...run, scan: { ...run.scan, tally } };
    if (!(await deps.runs.replaceRunIf(run.state, saved))) return undefined;
    run = saved;
  }
}

/** The seat target chooses among every matched user at once, so it reads all pages together. */
async function countWithSeatTarget(deps: EngineDeps, run: RunRecord, target: number): Promise<Tally> {
  const batches: BatchRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(run.id, cursor ? { cursor } : {});
    batches.push(...page.batches);
    cursor = page.nextCursor;
  } while (cursor);
  await applySeatTarget(deps, run, batches, target);
  const matched = batches.flatMap((batch) => batch.users);
  const scanned = batches.reduce((sum, batch) => sum + batch.scanned, 0);
  return {
    run,
    counts: countOutcomes(matched, scanned),
    toActOn: countPending(matched),
    acting: addActing(emptyActingTally(), matched),
  };
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
    Object.assign(batch, { phase: stillPending ? 'pending' : 'complete' });
    await deps.runs.putBatch(batch);
  }
  deps.log.step({ step: 'scan.seatTarget', runId: run.id, seats, target, chosen: chosen.size });
}
