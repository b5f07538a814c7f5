/**
 * Records an admin's change (settings, a scheme, exemptions, email settings) in the audit log: who, when,
 * before → after with secrets masked, and which fields changed, in one line an admin reads.
 */
import { maskSecrets, type AuditKind } from '../domain/audit';
import type { EngineDeps } from './ports';

export interface Change {
  kind: Extract<AuditKind, 'settings.changed' | 'scheme.saved' | 'scheme.deleted'>;
  actor: string;
  subject: string;
  /** e.g. `Scheme "Inactive 90" saved` */
  summary: string;
  before: unknown;
  after: unknown;
}

/** Top-level fields whose values differ (compared as JSON). */
export function changedFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...fields].filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field])).sort();
}

export async function recordChange(deps: Pick<EngineDeps, 'audit' | 'now'>, change: Change): Promise<void> {
  const fields = changedFields(change.before, change.after);
  await deps.audit.append({
    at: deps.now().toISOString(),
    kind: change.kind,
    actor: change.actor,
    subject: change.subject,
    summary: fields.length > 0 && change.before !== null ? `${change.summary} (${fields.join(', ')})` : change.summary,
    details: { before: maskSecrets(change.before), after: maskSecrets(change.after), changed: fields },
  });
}
