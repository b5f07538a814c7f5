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

export function outcomesCsv(users: readonly UserOutcome[]): string {
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
    ]),
  );
  return [csvLine(OUTCOMES_CSV_HEADER), ...rows].join('\r\n') + '\r\n';
}
