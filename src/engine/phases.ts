/**
 * The hand-overs between phases: scanning → acting (start the chain of act steps), and
 * acting or scanning → reporting → done (add up the batches). Each hand-over is a compare-and-set
 * transition, so when duplicated events race to it only one goes through.
 */
import { addCounts, countOutcomes, emptyCounts, type RunCounts } from '../domain/run';
import type { EngineDeps } from './ports';
import type { BatchRecord, FinalTally, RunRecord, RunStep } from './records';
import { transition } from './transitions';
import { completeReporting } from './reporting';
import { sumRunBatches } from './batchSum';

/**
 * Act steps of all runs share this concurrency key, one at a time: Atlassian's rate limit on the Admin API (shared by
 * the re-check searches and the actions) is the bottleneck, so parallel act steps (a duplicate, a revived chain, two
 * runs) would only collect 429s.
 */
export const ACT_CONCURRENCY = { key: 'act', limit: 1 };
/** While a run acts, a watchdog step checks every few minutes that it still progresses (events can be lost). */
export const WATCHDOG_DELAY_SECONDS = 300;

export async function startActing(deps: EngineDeps, run: RunRecord): Promise<void> {
  // Read before moving on: a storage 429 here retries the scan step while the run is still `scanning`. After the
  // transition, a retried scan step would find the run `acting` and stop, and nothing would start the act chain.
  const firstSeq = await firstPendingBatch(deps, run.id);
  const acting = await transition(deps, run, 'acting');
  if (!acting) return;
  if (firstSeq === undefined) return finishRun(deps, acting, 'acting');
  const jobIds = [await deps.queue.push([{ step: { kind: 'act', runId: run.id, seq: firstSeq } }])];
  await deps.queue.push([
    {
      step: { kind: 'finish', runId: run.id, watchdog: { firstPending: firstSeq } },
      delaySeconds: WATCHDOG_DELAY_SECONDS,
    },
  ]);
  deps.log.step({ step: 'act.start', runId: run.id, firstSeq });
  // Job ids are kept for cancel. A lost update here only loses the ability to drop waiting events early:
  // those events still check the run's state and do nothing once it is cancelled.
  const latest = await deps.runs.getRun(run.id);
  if (latest && latest.state === 'acting') await deps.runs.replaceRunIf('acting', { ...latest, jobIds });
}

/**
 * The first batch (after `afterSeq`, if given) with users still to act on: one batch read, however many are pending.
 */
export async function firstPendingBatch(
  deps: EngineDeps,
  runId: string,
  afterSeq?: number,
): Promise<number | undefined> {
  const page = await deps.runs.listBatches(runId, {
    phase: 'pending',
    limit: 1,
    ...(afterSeq !== undefined ? { afterSeq } : {}),
  });
  return page.batches[0]?.seq;
}

/** How many users' warnings a run lists by name; the rest are counted. */
const WARNINGS_LISTED = 20;

/**
 * Sums every batch into the run's final counts, and gathers the warnings recorded on its users' outcomes (an email
 * refused for one address) so the run's page and report name them; resumable after a storage 429 (batchSum.ts).
 * Undefined when another delivery moved the run on.
 */
export async function sumBatches(
  deps: EngineDeps,
  from: RunRecord,
): Promise<{ run: RunRecord; counts: RunCounts; userWarnings: string[] } | undefined> {
  const summed = await sumRunBatches(deps, from, {
    start: from.finalTally ?? { afterSeq: -1, counts: emptyCounts() },
    add: addBatch,
    keep: (run, finalTally) => ({ ...run, finalTally }),
  });
  return summed && { run: summed.run, counts: summed.sum.counts, userWarnings: warningLines(summed.sum) };
}

function addBatch(sum: FinalTally, batch: BatchRecord): FinalTally {
  const warnings = [...(sum.warnings ?? [])];
  let unlisted = sum.unlistedWarnings ?? 0;
  for (const user of batch.users) {
    if (!user.warning) continue;
    if (warnings.length < WARNINGS_LISTED) warnings.push(`${user.name}: ${user.warning}`);
    else unlisted += 1;
  }
  return {
    afterSeq: batch.seq,
    counts: addCounts(sum.counts, countOutcomes(batch.users, batch.scanned)),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(unlisted > 0 ? { unlistedWarnings: unlisted } : {}),
  };
}

function warningLines(sum: FinalTally): string[] {
  const unlisted = sum.unlistedWarnings ?? 0;
  const listed = sum.warnings ?? [];
  return unlisted > 0 ? [...listed, `and ${unlisted} more users with a warning (see the run's users)`] : listed;
}

/**
 * Sums the batches into the run's final counts (unless the caller just did: the scan has them) and ends it.
 * Safe to call from several events at once.
 */
export async function finishRun(
  deps: EngineDeps,
  run: RunRecord,
  from: 'scanning' | 'acting',
  known?: RunCounts,
): Promise<void> {
  if (run.state !== from) return;
  const summed = known ? { run, counts: known, userWarnings: [] } : await sumBatches(deps, run);
  if (!summed) return;
  const reporting = await transition(deps, summed.run, 'reporting', {
    counts: summed.counts,
    ...(summed.userWarnings.length > 0 ? { warnings: [...(run.warnings ?? []), ...summed.userWarnings] } : {}),
  });
  if (!reporting) return;
  await completeReporting(deps, reporting);
}

/**
 * A finish step: ends an acting run once no batch is pending. Each act step runs this check inline when it completes its
 * last batch. The watchdog sends one every few minutes while the run acts; when the first pending batch is still the
 * one it saw last time, the act chain's event was lost (an invocation died past its retries), so it starts the chain
 * again: act steps are idempotent, and act steps share one concurrency slot, so a revived chain never runs beside one.
 */
export async function finishStep(deps: EngineDeps, step: Extract<RunStep, { kind: 'finish' }>): Promise<void> {
  const run = await deps.runs.getRun(step.runId);
  if (!run || run.state !== 'acting') return;
  const firstSeq = await firstPendingBatch(deps, run.id);
  if (firstSeq === undefined) {
    await finishRun(deps, run, 'acting');
    return;
  }
  if (!step.watchdog) return;
  const seenBefore = step.watchdog.firstPending;
  if (seenBefore === undefined || firstSeq <= seenBefore) {
    deps.log.step({ step: 'act.revive', runId: run.id, firstSeq });
    await deps.queue.push([{ step: { kind: 'act', runId: run.id, seq: firstSeq } }]);
  }
  await deps.queue.push([
    {
      step: { kind: 'finish', runId: run.id, watchdog: { firstPending: firstSeq } },
      delaySeconds: WATCHDOG_DELAY_SECONDS,
    },
  ]);
}
