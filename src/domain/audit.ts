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
  | 'user.restoreOffered'
  | 'user.restoreRequested'
  | 'user.accessRestored'
  | 'user.restoreDeclined'
  | 'report.sent'
  | 'seats.alert'
  | 'apiKey.expiring';

export const AUDIT_KINDS: readonly AuditKind[] = [
  'settings.changed',
  'scheme.saved',
  'scheme.deleted',
  'run.started',
  'run.ended',
  'user.action',
  'user.warned',
  'user.keptAccess',
  'user.restoreOffered',
  'user.restoreRequested',
  'user.accessRestored',
  'user.restoreDeclined',
  'report.sent',
  'seats.alert',
  'apiKey.expiring',
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
/** Dates about a secret ("apiKeyExpiresOn") are not secrets. */
const NOT_SECRET = /ExpiresOn$/;

/** Masks anything that looks like a secret before it is written to the log. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      SECRET_FIELDS.test(key) && !NOT_SECRET.test(key) && typeof inner === 'string' && inner.length > 0
        ? `••••${inner.slice(-4)}`
        : maskSecrets(inner),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// One plain sentence per entry, for the audit log page: names instead of account ids, scheme names instead of ids.

/** What the sentence needs to name people and schemes; unknown ids fall back to the id itself. */
export interface AuditNames {
  /** "Joan Allen (joan@acme.com)" for an account id the site knows. */
  person(accountId: string): string | undefined;
  scheme(schemeId: string): string | undefined;
}

/** Names from what the audit resolver sends with a page: people as "Name (email)", schemes by id. */
export function auditNames(
  people: Record<string, { name: string; email: string | null }>,
  schemeNames: Record<string, string>,
): AuditNames {
  return {
    person: (accountId) => {
      const user = people[accountId];
      if (!user) return undefined;
      return user.email ? `${user.name} (${user.email})` : user.name;
    },
    scheme: (schemeId) => schemeNames[schemeId],
  };
}

const ACTION_DONE: Record<string, [verb: string, preposition: string]> = {
  removeAccess: ['removed Confluence access from', ''],
  suspend: ['suspended', ''],
  deactivate: ['deactivated', ''],
  delete: ['deleted the account of', ''],
  addGroups: ['added', 'to groups'],
  removeGroups: ['removed', 'from groups'],
  notify: ['warned', ''],
};

const ACTION_NAMES: Record<string, string> = {
  removeAccess: 'remove Confluence access',
  suspend: 'suspend',
  deactivate: 'deactivate',
  delete: 'delete',
  addGroups: 'add to groups',
  removeGroups: 'remove from groups',
  notify: 'warn',
};

/** Who did it: a person by name, or the app for scheduled and background work. */
export function auditActor(entry: Pick<AuditEntry, 'actor'>, names: AuditNames): string {
  if (entry.actor === 'app') return 'The app';
  return names.person(entry.actor) ?? entry.actor;
}

/** What the entry is about, by name: a user, a scheme, a run of a scheme, or the settings. */
export function auditSubject(entry: AuditEntry, names: AuditNames): string {
  if (entry.kind.startsWith('user.')) return names.person(entry.subject) ?? entry.subject;
  if (entry.kind.startsWith('scheme.')) return quoted(schemeName(entry, names)) ?? entry.subject;
  if (entry.subject === 'settings') return 'Settings';
  if (entry.subject === 'custom-fields') return 'User fields';
  const scheme = quoted(schemeName(entry, names));
  return scheme ? `Run of ${scheme}` : entry.subject;
}

/** The entry as one sentence an admin reads: who did what to whom, with the result. */
export function auditSentence(entry: AuditEntry, names: AuditNames): string {
  const who = auditActor(entry, names);
  const d = entry.details;
  const scheme = quoted(schemeName(entry, names));
  const inScheme = scheme ? ` (${scheme})` : '';
  switch (entry.kind) {
    case 'user.action': {
      const person = names.person(entry.subject) ?? entry.subject;
      const action = String(d.action ?? '');
      const detail = typeof d.detail === 'string' && d.detail ? `: ${d.detail}` : '';
      if (d.result === 'done') {
        const [verb, after] = ACTION_DONE[action] ?? [`did ${action} for`, ''];
        return `${who} ${verb} ${person}${after ? ` ${after}` : ''}${inScheme}${detail}.`;
      }
      const name = ACTION_NAMES[action] ?? action;
      if (d.result === 'skipped') return `${who} skipped "${name}" for ${person}${inScheme}${detail}.`;
      return `${who} failed to "${name}" for ${person}${inScheme}${detail}.`;
    }
    case 'user.warned': {
      const person = names.person(entry.subject) ?? entry.subject;
      const until = typeof d.actAfter === 'string' ? d.actAfter.slice(0, 10) : 'the grace period';
      return `${who} warned ${person} by email${inScheme}: the scheme acts after ${until} unless they use Confluence.`;
    }
    case 'user.keptAccess': {
      const person = names.person(entry.subject) ?? entry.subject;
      const until = typeof d.until === 'string' ? d.until.slice(0, 10) : 'a while';
      return `${person} asked to keep their access${inScheme}, so the scheme leaves them alone until ${until}.`;
    }
    case 'user.restoreOffered': {
      const person = names.person(entry.subject) ?? entry.subject;
      const until = typeof d.expiresAt === 'string' ? d.expiresAt.slice(0, 10) : 'a while';
      return `${who} emailed ${person} a "restore my access" link${inScheme}, valid until ${until}.`;
    }
    case 'user.restoreRequested': {
      const person = names.person(entry.subject) ?? entry.subject;
      return `${person} asked for their Confluence access back${inScheme}; the site is at its seat target, so an admin decides.`;
    }
    case 'user.accessRestored': {
      const person = names.person(entry.subject) ?? entry.subject;
      return entry.actor === entry.subject
        ? `${person} restored their own Confluence access with the emailed link${inScheme}.`
        : `${who} approved the request of ${person} and restored their Confluence access${inScheme}.`;
    }
    case 'user.restoreDeclined': {
      const person = names.person(entry.subject) ?? entry.subject;
      return `${who} declined the request of ${person} for their Confluence access back${inScheme}.`;
    }
    case 'scheme.saved':
    case 'scheme.deleted': {
      const verb = entry.kind === 'scheme.deleted' ? 'deleted' : d.before ? 'changed' : 'created';
      const changed = entry.kind === 'scheme.saved' && d.before ? changedList(d, names) : '';
      return `${who} ${verb} the scheme ${scheme ?? entry.subject}${changed ? `: ${changed}` : ''}.`;
    }
    case 'settings.changed': {
      const changed = changedList(d, names);
      if (!changed) return `${who}: ${entry.summary}.`;
      return `${who} changed ${entry.subject === 'settings' ? 'the settings' : entry.subject}: ${changed}.`;
    }
    case 'run.started':
      return `${who} started a ${String(d.mode ?? '')} run of ${scheme ?? 'a scheme'}${d.trigger ? ` (${triggerWords(String(d.trigger))})` : ''}.`;
    case 'run.ended': {
      const counts = (d.counts ?? {}) as Record<string, number>;
      const reason = typeof d.reason === 'string' && d.reason ? ` (${d.reason})` : '';
      return `The run of ${scheme ?? 'a scheme'} ended ${String(d.state ?? '')}${reason}: ${counts.matched ?? 0} matched, ${counts.done ?? 0} done, ${counts.skipped ?? 0} skipped, ${counts.failed ?? 0} failed.`;
    }
    case 'report.sent': {
      const to = Array.isArray(d.recipients) ? d.recipients.map(String) : [];
      return `${who} sent the report of ${scheme ?? 'a run'} to ${to.length > 0 ? to.join(', ') : 'nobody'}.`;
    }
    case 'seats.alert':
    case 'apiKey.expiring':
      return `${entry.summary}.`;
  }
}

function schemeName(entry: AuditEntry, names: AuditNames): string | undefined {
  const d = entry.details;
  const id = entry.kind.startsWith('scheme.') ? entry.subject : typeof d.schemeId === 'string' ? d.schemeId : undefined;
  const known = id ? names.scheme(id) : undefined;
  if (known) return known;
  // A deleted scheme's entries still carry its name.
  for (const side of [d.after, d.before]) {
    if (side && typeof side === 'object' && typeof (side as { name?: unknown }).name === 'string')
      return (side as { name: string }).name;
  }
  const match = /"([^"]+)"/.exec(entry.summary);
  return match?.[1];
}

function quoted(name: string | undefined): string | undefined {
  return name === undefined ? undefined : `"${name}"`;
}

function triggerWords(trigger: string): string {
  return trigger === 'schedule' ? 'on its schedule' : trigger === 'manual' ? 'by hand' : trigger;
}

/** "retention days 90 → 120; exempt users Joan Allen → Joan Allen, Sam Lee": each changed field, plainly. */
function changedList(details: Record<string, unknown>, names: AuditNames): string {
  const changed = Array.isArray(details.changed) ? details.changed.map(String) : [];
  const before = isRecord(details.before) ? details.before : {};
  const after = isRecord(details.after) ? details.after : {};
  return changed
    .map((field) =>
      // A secret is never written, not even masked: only that it was replaced.
      SECRET_FIELDS.test(field)
        ? `${words(field)} replaced`
        : `${words(field)} ${plainValue(before[field], names)} → ${plainValue(after[field], names)}`,
    )
    .join('; ');
}

/** "auditRetentionDays" → "audit retention days". */
function words(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function plainValue(value: unknown, names: AuditNames, depth = 0): string {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'string') return names.person(value) ?? (value === '' ? 'empty' : value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    const items = value.slice(0, 5).map((item) => plainValue(item, names, depth + 1));
    return `${items.join(', ')}${value.length > 5 ? ` and ${value.length - 5} more` : ''}`;
  }
  if (depth > 0) return '…';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return 'none';
  return `(${entries.map(([key, inner]) => `${words(key)}: ${plainValue(inner, names, depth + 1)}`).join(', ')})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
