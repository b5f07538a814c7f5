/**
 * The audit log: an append-only record of every change the app makes or is asked to make, so admins can
 * prove what it did and why. Entries are never edited; housekeeping deletes them after the retention period.
 */
export type AuditKind =
  | 'settings.changed'
  | 'scheme.saved'
  | 'scheme.deleted'
  | 'run.started'
  | 'run.ended'
  | 'user.action'
  | 'user.warned'
  | 'user.keptAccess'
  | 'report.sent'
  | 'seats.alert';

export const AUDIT_KINDS: readonly AuditKind[] = [
  'settings.changed',
  'scheme.saved',
  'scheme.deleted',
  'run.started',
  'run.ended',
  'user.action',
  'user.warned',
  'user.keptAccess',
  'report.sent',
  'seats.alert',
];

export interface AuditEntry {
  id: string;
  /** ISO time. */
  at: string;
  kind: AuditKind;
  /** Who: an admin's account id, `app` for scheduled work, or the user themselves (keep-access links). */
  actor: string;
  /** What it is about: a user's account id, a scheme id or a run id. */
  subject: string;
  /** One line an admin reads in the log. */
  summary: string;
  /** Details: before → after for changes (secrets masked), run/action/result/error for actions. */
  details: Record<string, unknown>;
}

const SECRET_FIELDS = /key|token|secret|password/i;

/** Masks anything that looks like a secret before it is written to the log. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      SECRET_FIELDS.test(key) && typeof inner === 'string' && inner.length > 0
        ? `••••${inner.slice(-4)}`
        : maskSecrets(inner),
    ]),
  );
}
