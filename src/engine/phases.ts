/**
 * The hand-overs between phases: scanning → acting (fan the pending batches out to the queue), and
 * acting or scanning → reporting → done (add up the batches). Each hand-over is a compare-and-set
 * transition, so when duplicated events race to it only one goes through.
 */
import { addCounts, countOutcomes, emptyCounts } from '../domain/run';
import type { EngineDeps } from './ports';
import type { RunRecord, RunStep } from './records';
import { transition } from './transitions';
import { completeReporting } from './reporting';

const MAX_EVENTS_PER_PUSH = 50;
/**
 * Act steps of all runs share this concurrency key, one at a time: the per-user activity re-check (200 a minute
 * per org) is the bottleneck, so parallel act steps would only collect 429s. One step paces itself exactly.
 */
export const ACT_CONCURRENCY = { key: 'act', limit: 1 };
/** While a run acts, a watchdog step checks every few minutes that it still progresses (events can be lost). */
export const WATCHDOG_DELAY_SECONDS = 300;

export async function startActing(deps: EngineDeps, run: RunRecord): Promise<void> {
  const acting = await transition(deps, run, 'acting');
  if (!acting) return;
  const seqs: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(run.id, { phase: 'pending', ...(cursor ? { cursor } : {}) });
    seqs.push(...page.batches.map((batch) => batch.seq));
    cursor = page.nextCursor;
  } while (cursor);
  const jobIds: string[] = [];
  for (let i = 0; i < seqs.length; i += MAX_EVENTS_PER_PUSH) {
    const steps = seqs.slice(i, i + MAX_EVENTS_PER_PUSH).map((seq) => ({ step: { kind: 'act', runId: run.id, seq } as RunStep }));
    jobIds.push(await deps.queue.push(steps));
  }
  await deps.queue.push([{ step: { kind: 'finish', runId: run.id, watchdog: { lastPending: seqs.length } }, delaySeconds: WATCHDOG_DELAY_SECONDS }]);
  deps.log.step({ step: 'act.fanout', runId: run.id, batches: seqs.length, jobs: jobIds.length });
  // Job ids are kept for cancel. A lost update here only loses the ability to drop waiting events early:
  // those events still check the run's state and do nothing once it is cancelled.
  const latest = await deps.runs.getRun(run.id);
  if (latest && latest.state === 'acting') await deps.runs.replaceRunIf('acting', { ...latest, jobIds });
}

/** Sums the batches into the run's final counts and ends it. Safe to call from several events at once. */
export async function finishRun(deps: EngineDeps, run: RunRecord, from: 'scanning' | 'acting'): Promise<void> {
  if (run.state !== from) return;
  let counts = emptyCounts();
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(run.id, cursor ? { cursor } : {});
    for (const batch of page.batches) counts = addCounts(counts, countOutcomes(batch.users, batch.scanned));
    cursor = page.nextCursor;
  } while (cursor);
  const reporting = await transition(deps, run, 'reporting', { counts });
  if (!reporting) return;
  await completeReporting(deps, reporting);
}

/**
 * A finish step: ends an acting run once no batch is pending. Each act step runs this check inline when it completes its batch.
 * The watchdog sends one every few minutes while the run acts; when no batch completed since its last look, the
 * act events were lost (an invocation died past its retries), so it pushes them again: act steps are idempotent.
 */
export async function finishStep(deps: EngineDeps, step: Extract<RunStep, { kind: 'finish' }>): Promise<void> {
  const run = await deps.runs.getRun(step.runId);
  if (!run || run.state !== 'acting') return;
  const pendingSeqs: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(run.id, { phase: 'pending', ...(cursor ? { cursor } : {}) });
    pendingSeqs.push(...page.batches.map((batch) => batch.seq));
    cursor = step.watchdog ? page.nextCursor : undefined; // an act step's check only needs to know if any is left
  } while (cursor);
  if (pendingSeqs.length === 0) {
    await finishRun(deps, run, 'acting');
    return;
  }
  if (!step.watchdog) return;
  if (pendingSeqs.length >= step.watchdog.lastPending) {
    deps.log.step({ step: 'act.revive', runId: run.id, batches: pendingSeqs.length });
    for (let i = 0; i < pendingSeqs.length; i += MAX_EVENTS_PER_PUSH) {
      await deps.queue.push(pendingSeqs.slice(i, i + MAX_EVENTS_PER_PUSH).map((seq) => ({ step: { kind: 'act', runId: run.id, seq } as RunStep })));
    }
  }
  await deps.queue.push([
    { step: { kind: 'finish', runId: run.id, watchdog: { lastPending: pendingSeqs.length } }, delaySeconds: WATCHDOG_DELAY_SECONDS },
  ]);
}
