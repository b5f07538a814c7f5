/**
 * The audit log tab's pure parts: the filter form → the resolver's query (dates are the admin's own days), and the
 * names an entry's sentence uses (the sentence itself is `auditSentence` in src/domain/audit.ts, one function).
 */
export { auditNames } from '../domain/audit';

export interface AuditFilters {
  /** YYYY-MM-DD, the admin's own day; empty = no bound. */
  from: string;
  to: string;
  /** The account id of who did it, picked by name. */
  actor: string;
  /** Only what the app did on its own (schedules, background work): overrides `actor`. */
  byApp: boolean;
  /** The account id of the user the entries are about, picked by name. */
  subject: string;
  /** An audit kind; empty = any. */
  kind: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { from: '', to: '', actor: '', byApp: false, subject: '', kind: '' };

export interface AuditQuery {
  kind?: string;
  actor?: string;
  subject?: string;
  from?: string;
  to?: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The start (or end) of a day in the admin's time zone as an ISO instant; null when the text is not a real date. */
function dayBound(text: string, end: boolean): string | null {
  const match = DAY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = end ? new Date(year, month - 1, day, 23, 59, 59, 999) : new Date(year, month - 1, day, 0, 0, 0, 0);
  // 2026-02-31 rolls over to March: not the day the admin meant.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.toISOString();
}

/** The query for the resolver, or per-field messages when a date is not one. */
export function auditQuery(filters: AuditFilters): { query: AuditQuery; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const query: AuditQuery = {};
  if (filters.kind) query.kind = filters.kind;
  if (filters.byApp) query.actor = 'app';
  else if (filters.actor.trim()) query.actor = filters.actor.trim();
  if (filters.subject.trim()) query.subject = filters.subject.trim();
  for (const [name, end] of [
    ['from', false],
    ['to', true],
  ] as const) {
    const text = filters[name].trim();
    if (!text) continue;
    const bound = dayBound(text, end);
    if (bound) query[name] = bound;
    else fields[name] = 'Enter a date as YYYY-MM-DD, e.g. 2026-06-30.';
  }
  if (query.from && query.to && query.from > query.to) fields.to = 'The end date is before the start date.';
  return { query, fields };
}

/** The records in a CSV text (quoted fields may hold line breaks), not counting the header. */
export function csvRowCount(csv: string): number {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const c = csv[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) records += 1;
  }
  if (csv.length > 0 && !csv.endsWith('\n')) records += 1;
  return Math.max(0, records - 1);
}
