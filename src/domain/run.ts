/**
 * A run: one execution of a scheme (scheduled, "run now", or a bulk action), and the per-user outcomes it records.
 *
 * States move one way: queued → scanning → acting → reporting → done, or end early as aborted, failed or
 * cancelled. Terminal states never change again, which is what makes re-delivered queue events harmless:
 * every step first checks the run's state and does nothing when the run has moved on.
 */
import type { ActionType } from './actions';
import type { RecordedChanges } from './undo';
import type { StoredSeat } from './billing';

export type RunState = 'queued' | 'scanning' | 'acting' | 'reporting' | 'done' | 'aborted' | 'failed' | 'cancelled';
export type RunMode = 'test' | 'live';
export type RunTrigger = 'schedule' | 'manual' | 'bulk';

export const TERMINAL_STATES: readonly RunState[] = ['done', 'aborted', 'failed', 'cancelled'];
export const ACTIVE_STATES: readonly RunState[] = ['queued', 'scanning', 'acting', 'reporting'];

/** Which states each state may move to. Anything else is a bug or a stale event, and is refused. */
const NEXT_STATES: Record<RunState, readonly RunState[]> = {
  queued: ['scanning', 'failed', 'cancelled'],
  scanning: ['acting', 'reporting', 'aborted', 'failed', 'cancelled'],
  acting: ['reporting', 'failed', 'cancelled'],
  reporting: ['done', 'failed'],
  done: [],
  aborted: [],
  failed: [],
  cancelled: [],
};

export function isTerminal(state: RunState): boolean {
  return TERMINAL_STATES.includes(state);
}

export function canMove(from: RunState, to: RunState): boolean {
  return NEXT_STATES[from].includes(to);
}

/** A user's outcome in a run. `pending` exists only between the scan and the act step of a live run. */
export type Outcome = 'pending' | 'planned' | 'exempt' | 'done' | 'skipped' | 'failed';

export interface ActionResult {
  action: ActionType;
  result: 'done' | 'skipped' | 'failed';
  detail?: string;
}

export interface UserOutcome {
  accountId: string;
  name: string;
  email: string | null;
  lastActive: string | null;
  outcome: Outcome;
  /** The scheme's actions this user gets (or got), in order. */
  actions: ActionType[];
  /**
   * Test runs: the actions that would change something for this user as the scan saw them (no "delete" for an
   * account the org does not manage, no "remove access" for a user without an access group).
   */
  wouldDo?: ActionType[];
  /** Why the user matched, was exempt, skipped or failed, in words. */
  reason: string;
  results?: ActionResult[];
  /**
   * Listed for the admin's information only, not matched by the filter and not counted: e.g. a warned user who came
   * back, so the report of a `notify` scheme says who did.
   */
  informational?: true;
  /** Live runs: what the run changed for this user (the steps that took effect), so the run can be undone. */
  changes?: RecordedChanges;
  /** An undo run's users: the original run's changes this run undoes. */
  undoing?: RecordedChanges;
  /**
   * Something that went wrong after this user's outcome was recorded and did not change it: an email the provider
   * refused for their address (e.g. the "restore my access" offer). Listed in the run's warnings and report too.
   */
  warning?: string;
  /** What held the user's seat when the scan saw them (src/domain/billing.ts); absent in runs before issue 18. */
  seat?: StoredSeat;
  /**
   * The latest activity on any product or site of the org (src/domain/org.ts), beside `lastActive` (this site's
   * Confluence); absent when the directory did not say which products the user holds.
   */
  lastActiveAnywhere?: string | null;
  /** Skipped because groups synced from the identity provider hold the user's access: their names, for the report. */
  heldByIdentityProvider?: string[];
}

export interface RunCounts {
  scanned: number;
  matched: number;
  exempt: number;
  planned: number;
  done: number;
  skipped: number;
  failed: number;
}

export function emptyCounts(): RunCounts {
  return { scanned: 0, matched: 0, exempt: 0, planned: 0, done: 0, skipped: 0, failed: 0 };
}

export function addCounts(a: RunCounts, b: RunCounts): RunCounts {
  return {
    scanned: a.scanned + b.scanned,
    matched: a.matched + b.matched,
    exempt: a.exempt + b.exempt,
    planned: a.planned + b.planned,
    done: a.done + b.done,
    skipped: a.skipped + b.skipped,
    failed: a.failed + b.failed,
  };
}

/** Counts of a set of outcomes; `matched` includes exempt users, as the report lists them. */
export function countOutcomes(users: readonly UserOutcome[], scanned: number): RunCounts {
  const counts = emptyCounts();
  counts.scanned = scanned;
  for (const user of users) {
    if (user.informational) continue;
    counts.matched += 1;
    if (user.outcome === 'exempt') counts.exempt += 1;
    else if (user.outcome === 'planned') counts.planned += 1;
    else if (user.outcome === 'done') counts.done += 1;
    else if (user.outcome === 'skipped') counts.skipped += 1;
    else if (user.outcome === 'failed') counts.failed += 1;
  }
  return counts;
}

/**
 * The outcome of one user after their actions ran: done if anything changed, failed if any action failed,
 * otherwise skipped (everything was already true, or not possible for this account).
 */
export function outcomeOfResults(results: readonly ActionResult[]): {
  outcome: 'done' | 'skipped' | 'failed';
  reason: string;
} {
  const failed = results.filter((r) => r.result === 'failed');
  if (failed.length > 0)
    return { outcome: 'failed', reason: failed.map((r) => `${r.action}: ${r.detail ?? 'failed'}`).join('; ') };
  const done = results.filter((r) => r.result === 'done');
  if (done.length > 0) {
    const skipped = results.filter((r) => r.result === 'skipped');
    const note =
      skipped.length > 0
        ? `; ${skipped.map((r) => `${r.action} skipped (${r.detail ?? 'not needed'})`).join('; ')}`
        : '';
    return { outcome: 'done', reason: `${done.map((r) => r.action).join(', ')} done${note}` };
  }
  return { outcome: 'skipped', reason: results.map((r) => `${r.action}: ${r.detail ?? 'not needed'}`).join('; ') };
}
