/**
 * The seat target of a scheme (`limits.untilSeatsAtMost`): act on the longest-inactive users first, and only on as
 * many as it takes to bring the site's billed seats down to the target. Seats are what Atlassian bills, as
 * src/domain/org.ts defines them (an access group or a direct role; app accounts and customers are not billed).
 */
import type { ActionType } from './actions';
export { holdsSeat } from './org';

/** Actions that free the user's seat; a scheme without one cannot bring seats down. */
export const SEAT_FREEING_ACTIONS: ReadonlySet<ActionType> = new Set([
  'removeAccess',
  'suspend',
  'deactivate',
  'delete',
]);

export interface SeatCandidate {
  accountId: string;
  /** ISO time, or null for never active: those go first. */
  lastActive: string | null;
}

/**
 * The candidates to act on, longest-inactive first (never active before anyone, then the oldest activity),
 * as many as `seats - target`; ties broken by account id so runs repeat.
 */
export function chooseForSeatTarget(candidates: readonly SeatCandidate[], seats: number, target: number): Set<string> {
  const excess = Math.max(0, seats - target);
  const ordered = [...candidates].sort((a, b) => {
    if (a.lastActive === null || b.lastActive === null) {
      if (a.lastActive !== b.lastActive) return a.lastActive === null ? -1 : 1;
    } else if (a.lastActive !== b.lastActive) {
      return a.lastActive < b.lastActive ? -1 : 1;
    }
    return a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
  });
  return new Set(ordered.slice(0, excess).map((candidate) => candidate.accountId));
}
