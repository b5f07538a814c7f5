/** Settings changes (settings, exemptions, email) recorded in the audit log, before → after, secrets masked. */
import type { Settings } from '../../engine/settings';
import { recordChange } from '../../engine/changes';
import { createKvsAuditStore } from '../../adapters/kvsAuditStore';

export async function recordSettingsChange(
  actor: string,
  what: string,
  before: Settings,
  after: Settings,
  secretsChanged: string[] = [],
): Promise<void> {
  // A new secret is recorded as changed, never by value (not even masked: the old and new keys stay unknown).
  const marks = Object.fromEntries(secretsChanged.map((name) => [name, 'changed']));
  await recordChange(
    { audit: createKvsAuditStore(), now: () => new Date() },
    {
      kind: 'settings.changed',
      actor,
      subject: 'settings',
      summary: `${what} changed`,
      before,
      after: { ...after, ...marks },
    },
  );
}
