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
 * Act steps of all runs share this concurrency key, one at a time: the per-user activity re-check (200 a minute
 * per org) is the bottleneck, so parallel act steps (a duplicate, a revived chain, two runs) would only collect 429s.
 */
export const ACT_CONCURRENCY = { key: 'act', limit: 1 };
/** While a run acts, a watchdog step checks every few minutes that it still progresses (events can be lost). */
export const WATCHDOG_DELAY_SECONDS = 300;

export async function startActing(deps: EngineDeps, run: RunRecord): Promise<void> {
  // Read before moving on: a storage 429 here retries the scan step while the run is still `scanning`. After the
  // transition, a retried scan step would find the run `acting` and stop, and nothing would start the act chain.
  const { count: pending, firstSeq } = await pendingBatches(deps, run.id);
  const acting = await transition(deps, run, 'acting');
  if (!acting) return;
  if (firstSeq === undefined) return finishRun(deps, acting, 'acting');
  const jobIds = [await deps.queue.push([{ step: { kind: 'act', runId: run.id, seq: firstSeq } }])];
  await deps.queue.push([
    {
      step: { kind: 'finish', runId: run.id, watchdog: { lastPending: pending } },
      delaySeconds: WATCHDOG_DELAY_SECONDS,
    },
  ]);
  deps.log.step({ step: 'act.start', runId: run.id, batches: pending });
  // Job ids are kept for cancel. A lost update here only loses the ability to drop waiting events early:
  // those events still check the run's state and do nothing once it is cancelled.
  const latest = await deps.runs.getRun(run.id);
  if (latest && latest.state === 'acting') await deps.runs.replaceRunIf('acting', { ...latest, jobIds });
}

/** How many batches still have users to act on, and the first of them. */
async function pendingBatches(
  deps: EngineDeps,
  runId: string,
): Promise<{ count: number; firstSeq: number | undefined }> {
  let count = 0;
  let firstSeq: number | undefined;
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(runId, { phase: 'pending', ...(cursor ? { cursor } : {}) });
    firstSeq ??= page.batches[0]?.seq;
    count += page.batches.length;
    cursor = page.nextCursor;
  } while (cursor);
  return { count, firstSeq };
}

async function sumBatches(deps: EngineDeps, runId: string): Promise<RunCounts> {
  let counts = emptyCounts();
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(runId, cursor ? { cursor } : {});
    for (const batch of page.batches) counts = addCounts(counts, countOutcomes(batch.users, batch.scanned));
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
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
  const counts = known ?? (await sumBatches(deps, run.id));
  const reporting = await transition(deps, run, 'reporting', { counts });
  if (!reporting) return;
  await completeReporting(deps, reporting);
}

/**
 * A finish step: ends an acting run once no batch is pending. Each act step runs this check inline when it completes its
 * batch. The watchdog sends one every few minutes while the run acts; when no batch completed since its last look, the
 * act chain's event was lost (an invocation died past its retries), so it starts the chain again: act steps are idempotent.
 */
export async function finishStep(deps: EngineDeps, step: Extract<RunStep, { kind: 'finish' }>): Promise<void> {
  const run = await deps.runs.getRun(step.runId);
  if (!run || run.state !== 'acting') return;
  // An act step only needs to know whether any batch is left; the watchdog also counts them.
  const { count: pending, firstSeq } = step.watchdog
    ? await pendingBatches(deps, run.id)
    : { count: -1, firstSeq: (await deps.runs.listBatches(run.id, { phase: 'pending' })).batches[0]?.seq };
  if (firstSeq === undefined) {
    await finishRun(deps, run, 'acting');
    return;
  }
  if (!step.watchdog) return;
  if (pending >= step.watchdog.lastPending) {
    deps.log.step({ step: 'act.revive', runId: run.id, batches: pending });
    await deps.queue.push([{ step: { kind: 'act', runId: run.id, seq: firstSeq } }]);
  }
  await deps.queue.push([
    {
      step: { kind: 'finish', runId: run.id, watchdog: { lastPending: pending } },
      delaySeconds: WATCHDOG_DELAY_SECONDS,
    },
  ]);
}
