/**
 * The hand-overs between phases: scanning → acting (start the chain of act steps), and
 * acting or scanning → reporting → done (add up the batches). Each hand-over is a compare-and-set
 * transition, so when duplicated events race to it only one goes through.
 */
import { addCounts, countOutcomes, emptyCounts, type RunCounts } from '../domain/run';
import type { EngineDeps } from './ports';
import type { RunRecord, RunStep } from './records';
import { transition } from './transitions';
import { completeReporting } from './reporting';

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

/** Batches read per storage query while summing a run's final counts. */
const SUM_PAGE = 100;

/**
 * Sums every batch into the run's final counts, 100 at a time, keeping the running sum on the run after each read:
 * a 1,000,000-user run's batches cost more than a minute's storage quota, so a 429 midway resumes where the sum
 * stopped instead of starting over, which could never end. Undefined when another delivery moved the run on.
 */
async function sumBatches(
  deps: EngineDeps,
  from: RunRecord,
): Promise<{ run: RunRecord; counts: RunCounts } | undefined> {
  let run = from;
  let sum = run.finalTally ?? { afterSeq: -1, counts: emptyCounts() };
  for (;;) {
    const { batches } = await deps.runs.listBatches(run.id, { afterSeq: sum.afterSeq, limit: SUM_PAGE });
    for (const batch of batches)
      sum = { afterSeq: batch.seq, counts: addCounts(sum.counts, countOutcomes(batch.users, batch.scanned)) };
    if (batches.length < SUM_PAGE) return { run, counts: sum.counts };
    const saved: RunRecord = { ...run, finalTally: sum };
    if (!(await deps.runs.replaceRunIf(run.state, saved))) return undefined;
    run = saved;
  }
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
  const summed = known ? { run, counts: known } : await sumBatches(deps, run);
  if (!summed) return;
  const reporting = await transition(deps, summed.run, 'reporting', { counts: summed.counts });
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
