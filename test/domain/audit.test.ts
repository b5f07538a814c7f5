import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  auditActor,
  auditSentence,
  auditSubject,
  maskSecrets,
  type AuditEntry,
  type AuditNames,
} from '../../src/domain/audit';
import { changedFields } from '../../src/engine/changes';

test('secrets are masked at any depth, leaving their last four characters', () => {
  const masked = maskSecrets({
    apiKey: 'abcdefgh1234',
    email: { provider: 'postmark', serverToken: 'tok-9876' },
    name: 'x',
  }) as Record<string, any>;
  assert.equal(masked.apiKey, '••••1234');
  assert.equal(masked.email.serverToken, '••••9876');
  assert.equal(masked.email.provider, 'postmark');
  assert.equal(masked.name, 'x');
  assert.ok(!JSON.stringify(masked).includes('abcdefgh'));
});

test('changed fields are the top-level keys whose values differ', () => {
  assert.deepEqual(changedFields({ a: 1, b: [1, 2], c: 'x' }, { a: 1, b: [1, 3], d: true }), ['b', 'c', 'd']);
  assert.deepEqual(changedFields(null, { a: 1 }), ['a']);
});

describe('auditSentence: one plain sentence per entry, with names', () => {
  const names: AuditNames = {
    person: (id) => ({ 'u-ann': 'Ann Lee (ann@acme.com)', 'u-joan': 'Joan Allen (joan@acme.com)' })[id],
    scheme: (id) => ({ 's-1': 'Inactive 90' })[id],
  };
  const entry = (kind: AuditEntry['kind'], details: Record<string, unknown>, more: Partial<AuditEntry> = {}) => ({
    id: 'e',
    at: '2026-06-01T00:00:00Z',
    kind,
    actor: 'app',
    subject: 'u-joan',
    summary: '',
    details,
    ...more,
  });

  test('actions on users name the user, the scheme and the result', () => {
    const done = entry('user.action', { schemeId: 's-1', action: 'suspend', result: 'done' });
    assert.equal(auditSentence(done, names), 'The app suspended Joan Allen (joan@acme.com) ("Inactive 90").');
    const skipped = entry('user.action', {
      schemeId: 's-1',
      action: 'delete',
      result: 'skipped',
      detail: 'not a managed account',
    });
    assert.equal(
      auditSentence(skipped, names),
      'The app skipped "delete" for Joan Allen (joan@acme.com) ("Inactive 90"): not a managed account.',
    );
    const failed = entry(
      'user.action',
      { schemeId: 's-1', action: 'addGroups', result: 'failed', detail: '403' },
      { actor: 'u-ann' },
    );
    assert.equal(
      auditSentence(failed, names),
      'Ann Lee (ann@acme.com) failed to "add to groups" for Joan Allen (joan@acme.com) ("Inactive 90"): 403.',
    );
  });

  test('warnings, kept access, reports and deleted schemes read as sentences', () => {
    assert.equal(
      auditSentence(entry('user.warned', { schemeId: 's-1', actAfter: '2026-06-15T00:00:00Z' }), names),
      'The app warned Joan Allen (joan@acme.com) by email ("Inactive 90"): the scheme acts after 2026-06-15 unless they use Confluence.',
    );
    assert.equal(
      auditSentence(
        entry('user.keptAccess', { schemeId: 's-1', until: '2026-09-01T00:00:00Z' }, { actor: 'u-joan' }),
        names,
      ),
      'Joan Allen (joan@acme.com) asked to keep their access ("Inactive 90"), so the scheme leaves them alone until 2026-09-01.',
    );
    assert.equal(
      auditSentence(
        entry(
          'report.sent',
          { runId: 'r', recipients: ['ann@acme.com'] },
          { subject: 'r', summary: 'Report of "Old scheme" sent' },
        ),
        names,
      ),
      'The app sent the report of "Old scheme" to ann@acme.com.',
    );
    // A deleted scheme is no longer on the site: its name comes from the entry itself, never its id.
    const deleted = entry(
      'scheme.deleted',
      { before: { name: 'Gone' }, after: null },
      { actor: 'u-ann', subject: 's-gone' },
    );
    assert.equal(auditSentence(deleted, names), 'Ann Lee (ann@acme.com) deleted the scheme "Gone".');
    assert.equal(auditSubject(deleted, names), '"Gone"');
    assert.equal(auditActor({ actor: 'u-unknown' }, names), 'u-unknown', 'an unknown account falls back to its id');
  });

  test('a settings change lists each field before → after, account ids as names', () => {
    const change = entry(
      'settings.changed',
      {
        before: { retentionDays: 90, seatAlertRecipients: [] },
        after: { retentionDays: 120, seatAlertRecipients: ['u-ann'] },
        changed: ['retentionDays', 'seatAlertRecipients'],
      },
      { actor: 'u-ann', subject: 'settings' },
    );
    assert.equal(
      auditSentence(change, names),
      'Ann Lee (ann@acme.com) changed the settings: retention days 90 → 120; seat alert recipients none → Ann Lee (ann@acme.com).',
    );
  });
});
