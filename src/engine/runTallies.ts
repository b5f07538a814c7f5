/**
 * What the run record keeps so that no page has to read every batch of a run (a page view costs at most 50 KVS read
 * units; a 1,000,000-user run has 10,000 batches): the users each action would act on and the first few of them
 * (the go-live confirmation's quote), counted by the end-of-scan tally; and, while a live run acts, its counts,
 * brought up to date as each batch completes.
 */
import { addCounts, countOutcomes, type RunCounts, type UserOutcome } from '../domain/run';
import type { EngineDeps } from './ports';
import type { ActingTally, BatchRecord, RunRecord } from './records';

/** How many users a confirmation names; the rest are behind a link to the run's page. */
export const FIRST_USERS_KEPT = 10;

export function emptyActingTally(): ActingTally {
  return { users: 0, byAction: {}, firstUsers: [] };
}

const isActing = (user: UserOutcome) =>
  !user.informational && (user.outcome === 'planned' || user.outcome === 'pending');

/** Adds one batch's acting users, in page order (so the first users are the run's first). */
export function addActing(tally: ActingTally, users: readonly UserOutcome[]): ActingTally {
  const byAction = { ...tally.byAction };
  const firstUsers = [...tally.firstUsers];
  let count = tally.users;
  for (const user of users) {
    if (!isActing(user)) continue;
    count += 1;
    for (const action of new Set(user.wouldDo ?? user.actions)) byAction[action] = (byAction[action] ?? 0) + 1;
    if (firstUsers.length < FIRST_USERS_KEPT) firstUsers.push({ accountId: user.accountId, name: user.name });
  }
  return { users: count, byAction, firstUsers };
}

/** A batch's share of its run's counts. */
export function batchCounts(batch: Pick<BatchRecord, 'users' | 'scanned'>): RunCounts {
  return countOutcomes(batch.users, batch.scanned);
}

function subtract(a: RunCounts, b: RunCounts): RunCounts {
  return {
    scanned: a.scanned - b.scanned,
    matched: a.matched - b.matched,
    exempt: a.exempt - b.exempt,
    planned: a.planned - b.planned,
    done: a.done - b.done,
    skipped: a.skipped - b.skipped,
    failed: a.failed - b.failed,
  };
}

/**
 * A live run's counts move on by what one completed batch changed (its counts now less its counts before the act
 * step touched it, `baseCounts`). Idempotent under at-least-once delivery: the run remembers the last batch it
 * counted, and the act chain completes batches in page order, so a second delivery (or a crash between the batch's
 * write and this one, retried) counts nothing twice. A batch completed out of order (the chain revived at an earlier
 * one) is left for the end: the run's final counts are summed from every batch when it finishes.
 */
export async function countCompletedBatch(deps: Pick<EngineDeps, 'runs'>, batch: BatchRecord): Promise<void> {
  if (batch.phase !== 'complete' || !batch.baseCounts) return;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const run = await deps.runs.getRun(batch.runId);
    if (!run || run.state !== 'acting' || (run.countedThrough ?? -1) >= batch.seq) return;
    const next: RunRecord = {
      ...run,
      counts: addCounts(run.counts, subtract(batchCounts(batch), batch.baseCounts)),
      countedThrough: batch.seq,
    };
    if (await deps.runs.replaceRunIf('acting', next)) return;
  }
}
