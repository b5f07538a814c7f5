/**
 * Views of stored runs for the page: summaries, and reading a finished run's batches page by page.
 * A run's batches are what its scan stored (one per 100 users scanned), never the site itself.
 */
import type { RunSummary } from '../../contract';
import type { EngineDeps } from '../../engine/ports';
import type { BatchRecord, RunRecord } from '../../engine/records';
import type { UserOutcome } from '../../domain/run';

export function toSummary(run: RunRecord): RunSummary {
  return {
    id: run.id,
    schemeId: run.schemeId,
    schemeName: run.plan.schemeName,
    kind: run.kind,
    trigger: run.trigger,
    mode: run.plan.mode,
    state: run.state,
    reason: run.reason,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    counts: run.counts,
    report: run.report ?? null,
    warnings: run.warnings ?? [],
    ...(run.plan.undoOf ? { undoOf: run.plan.undoOf.runId } : {}),
    ...(run.plan.approvedFrom ? { approvedFrom: run.plan.approvedFrom.runId } : {}),
    ...(run.plan.needsApproval ? { needsApproval: true as const } : {}),
    ...(run.billing ? { billing: run.billing } : {}),
  };
}

/**
 * Every batch of one run, following the store's pages (≤ 100 batches each). A 10,000-user site is 100 batches,
 * one or two reads; `maxPages` keeps a huge site's run inside the resolver's time.
 */
export async function readAllBatches(deps: EngineDeps, runId: string, maxPages = 50): Promise<BatchRecord[]> {
  const batches: BatchRecord[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await deps.runs.listBatches(runId, cursor ? { cursor } : {});
    batches.push(...answer.batches);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return batches;
}

export async function readAllOutcomes(deps: EngineDeps, runId: string): Promise<UserOutcome[]> {
  return (await readAllBatches(deps, runId)).flatMap((batch) => batch.users);
}
