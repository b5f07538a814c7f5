/**
 * Daily upkeep: delete runs past the retention period (with their batches and journal) and audit entries past
 * theirs, and end runs that stopped making progress (their queue events lost beyond every retry) so their scheme can run again.
 */
import { differenceInHours, subDays } from 'date-fns';
import { isTerminal } from '../domain/run';
import type { EngineDeps } from './ports';
import { transition } from './transitions';
import { pruneSnapshots } from './snapshot';
import { warnAboutKeyExpiry } from './keyExpiry';
import { copyWaitingRequests } from './restoreAccess';

/** A run that has not changed state for this long has stalled: scans take minutes, acting at most hours. */
const STALL_HOURS = { queued: 2, scanning: 6, acting: 36, reporting: 2 } as const;

export interface HousekeepingReport {
  deletedRuns: number;
  stalledRuns: number;
  deletedAuditEntries: number;
  /** Daily site snapshots older than a year. */
  deletedSnapshots: number;
  /** The org API key's expiry warning sent today (14 or 3 days before), or null. */
  keyExpiryNotice?: number | null;
  /** Access requests filed before the request list had its own copies, copied today (once, then 0). */
  copiedRequests?: number;
}

/** At most this many audit entries go per day: a backlog drains over days, within one invocation's time each time. */
const AUDIT_DELETIONS_PER_RUN = 5_000;

export async function housekeeping(deps: EngineDeps): Promise<HousekeepingReport> {
  const now = deps.now();
  const settings = await deps.settings.get();
  const cutoff = subDays(now, settings.retentionDays).getTime();
  const report: HousekeepingReport = { deletedRuns: 0, stalledRuns: 0, deletedAuditEntries: 0, deletedSnapshots: 0 };

  let cursor: string | undefined;
  do {
    const page = await deps.runs.listRuns({ limit: 50, withSnapshots: true, ...(cursor ? { cursor } : {}) });
    for (const run of page.runs) {
      if (isTerminal(run.state)) {
        if (new Date(run.startedAt).getTime() < cutoff) {
          await deps.runs.deleteRunData(run.id);
          await deps.runs.deleteRun(run.id);
          report.deletedRuns += 1;
        }
        continue;
      }
      const limit = STALL_HOURS[run.state as keyof typeof STALL_HOURS];
      if (differenceInHours(now, new Date(run.stateChangedAt)) >= limit) {
        const ended = await transition(deps, run, 'failed', {
          reason: `The run stopped making progress while ${run.state} (no step for ${limit} hours) and was ended. Whatever it recorded stays in its history; start the scheme again to finish the work.`,
        });
        if (ended) report.stalledRuns += 1;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  report.deletedAuditEntries = await deps.audit.deleteOlderThan(
    subDays(now, settings.auditRetentionDays).getTime(),
    AUDIT_DELETIONS_PER_RUN,
  );
  report.deletedSnapshots = await pruneSnapshots(deps);
  report.keyExpiryNotice = (await warnAboutKeyExpiry(deps)).sentNotice;
  report.copiedRequests = await copyWaitingRequests(deps);
  deps.log.step({ step: 'housekeeping', ...report });
  return report;
}
