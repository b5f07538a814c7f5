/**
 * The per-user table of a run as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote
 * or a line break, quotes doubled). Names and reasons come from user input and Atlassian's answers, and admins
 * open this file in spreadsheets: a cell that starts like a formula is prefixed with `'` so it stays text.
 */
import type { UserOutcome } from '../domain/run';

export const OUTCOMES_CSV_HEADER = ['Name', 'Email', 'Account ID', 'Last active', 'Outcome', 'Actions', 'Reason'] as const;

/** Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

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
    ]),
  );
  return [csvLine(OUTCOMES_CSV_HEADER), ...rows].join('\r\n') + '\r\n';
}
