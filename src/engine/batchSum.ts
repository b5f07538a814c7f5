/**
 * A sum over every batch of a run that survives storage quotas: 100 batches a read, the running sum kept on the run
 * after each read. A 1,000,000-user run's batches cost more than a minute's storage quota, so a 429 midway resumes
 * where the sum stopped instead of starting over, which could never end. The end-of-run counts (phases.ts) and what a
 * run saves on the bill (reporting.ts) are both sums of this kind.
 */
import type { EngineDeps } from './ports';
import type { BatchRecord, RunRecord } from './records';

/** Batches read per storage query. */
const SUM_PAGE = 100;

export interface BatchSum<S extends { afterSeq: number }> {
  /** Where the sum starts: the one kept on the run by an earlier attempt, or an empty one (`afterSeq: -1`). */
  start: S;
  /** The sum with one more batch added (its `afterSeq` that batch's seq). */
  add: (sum: S, batch: BatchRecord) => S;
  /** The run with the running sum kept on it. */
  keep: (run: RunRecord, sum: S) => RunRecord;
}

/** The sum over all of the run's batches, and the run as last stored; undefined when another delivery moved it on. */
export async function sumRunBatches<S extends { afterSeq: number }>(
  deps: EngineDeps,
  from: RunRecord,
  { start, add, keep }: BatchSum<S>,
): Promise<{ run: RunRecord; sum: S } | undefined> {
  let run = from;
  let sum = start;
  for (;;) {
    const { batches } = await deps.runs.listBatches(run.id, { afterSeq: sum.afterSeq, limit: SUM_PAGE });
    for (const batch of batches) sum = add(sum, batch);
    // A short read is the last.
    if (batches.length < SUM_PAGE) return { run, sum };
    const saved = keep(run, sum);
    if (!(await deps.runs.replaceRunIf(run.state, saved))) return undefined;
    run = saved;
  }
}
