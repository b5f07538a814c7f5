/**
 * The per-user table of a run as CSV (written by src/domain/csv.ts: RFC 4180, formula-like cells kept as text).
 */
import type { UserOutcome } from '../domain/run';
import { csvLine } from '../domain/csv';
import { describeSeat, seatFacts } from '../domain/billing';

export { csvCell, csvLine } from '../domain/csv';

export const OUTCOMES_CSV_HEADER = [
  'Name',
  'Email',
  'Account ID',
  'Last active',
  'Outcome',
  'Actions',
  'Reason',
  'Seat held through',
] as const;

/**
 * One row per user. A run that knows users' activity on other products and sites adds a last column, "Last active
 * anywhere" (src/domain/org.ts); runs that do not keep the eight columns, so readers of the old shape still work.
 */
export function outcomesCsv(users: readonly UserOutcome[]): string {
  const anywhere = users.some((user) => user.lastActiveAnywhere !== undefined);
  const rows = users.map((user) =>
    csvLine([
      user.name,
      user.email ?? '',
      user.accountId,
      user.lastActive ?? 'never',
      user.outcome,
      user.actions.join('; '),
      user.reason,
      user.seat ? describeSeat(seatFacts(user.seat)) : '',
      ...(anywhere ? [user.lastActiveAnywhere === undefined ? '' : (user.lastActiveAnywhere ?? 'never')] : []),
    ]),
  );
  const header = anywhere ? [...OUTCOMES_CSV_HEADER, 'Last active anywhere'] : OUTCOMES_CSV_HEADER;
  return [csvLine(header), ...rows].join('\r\n') + '\r\n';
}
