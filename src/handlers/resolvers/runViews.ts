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

/** Batches read per storage query while filling a page (a batch holds up to 100 users, 1 to 3 read units). */
const BATCHES_PER_QUERY = 3;
/**
 * The most batches one page reads. A page of 25 unfiltered users is one or two batches; a rare outcome (failed)
 * may be spread thin, and then the page comes back short, with a cursor to go on from: each view stays within its
 * read budget (50 units) whatever the run's size.
 */
export const MAX_BATCHES_PER_PAGE = 12;

/** Where a page of a run's users starts: a batch and a user in it, as `<seq>.<index>`. */
export function outcomeCursor(seq: number, index: number): string {
  return `${seq}.${index}`;
}

function parseOutcomeCursor(cursor: string): { seq: number; index: number } | undefined {
  const match = /^(\d{1,9})\.(\d{1,4})$/.exec(cursor);
  return match ? { seq: Number(match[1]), index: Number(match[2]) } : undefined;
}

/**
 * One page of a run's users (those with `outcome`, or all), reading only the batches the page is in: from `cursor`
 * (a batch and a user in it), or the run's start. `nextCursor` is null once the run's last batch is read.
 */
export async function readOutcomePage(
  deps: Pick<EngineDeps, 'runs'>,
  runId: string,
  opts: {
    cursor?: string;
    outcome?: UserOutcome['outcome'];
    /** Narrows further (the users an undo would restore). */
    match?: (user: UserOutcome) => boolean;
    pageSize: number;
    maxBatches?: number;
  },
): Promise<{ users: UserOutcome[]; nextCursor: string | null }> {
  const start = (opts.cursor ? parseOutcomeCursor(opts.cursor) : undefined) ?? { seq: 0, index: 0 };
  const users: UserOutcome[] = [];
  const maxBatches = opts.maxBatches ?? MAX_BATCHES_PER_PAGE;
  let afterSeq = start.seq - 1;
  let read = 0;
  for (;;) {
    const { batches } = await deps.runs.listBatches(runId, {
      afterSeq,
      limit: Math.min(BATCHES_PER_QUERY, maxBatches - read),
    });
    for (const batch of batches) {
      read += 1;
      afterSeq = batch.seq;
      const from = batch.seq === start.seq ? start.index : 0;
      for (let index = from; index < batch.users.length; index += 1) {
        const user = batch.users[index]!;
        if ((opts.outcome && user.outcome !== opts.outcome) || (opts.match && !opts.match(user))) continue;
        if (users.length === opts.pageSize) return { users, nextCursor: outcomeCursor(batch.seq, index) };
        users.push(user);
      }
    }
    // The last batch read, or the page's read budget spent: go on from the batch after the last one read.
    if (batches.length === 0 || batches[batches.length - 1]!.nextCursor === null) return { users, nextCursor: null };
    if (read >= maxBatches) return { users, nextCursor: outcomeCursor(afterSeq + 1, 0) };
  }
}

/** How many of a run's users have `outcome` (all users without one), from the counts kept on the run. */
export function outcomeTotal(run: RunRecord, outcome?: UserOutcome['outcome']): number {
  const c = run.counts;
  if (!outcome) return c.matched;
  if (outcome === 'pending') return Math.max(0, c.matched - c.exempt - c.planned - c.done - c.skipped - c.failed);
  return c[outcome];
}
