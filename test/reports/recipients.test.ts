import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRecipients, type RecipientDirectory } from '../../src/reports/recipients';

/** A directory over plain maps that counts its calls. */
function directory(
  groups: Record<string, string[]>,
  emails: Record<string, string | null>,
  failures: Record<string, Error> = {},
) {
  const calls = { groups: [] as string[], emails: [] as string[] };
  const dir: RecipientDirectory = {
    async groupMemberIds(groupId) {
      calls.groups.push(groupId);
      const failure = failures[groupId];
      if (failure) throw failure;
      return groups[groupId] ?? [];
    },
    async emailOf(accountId) {
      calls.emails.push(accountId);
      const failure = failures[accountId];
      if (failure) throw failure;
      return emails[accountId] ?? null;
    },
  };
  return { dir, calls };
}

describe('resolveRecipients', () => {
  test('joins the named users and the groups’ members, each once', async () => {
    const { dir, calls } = directory(
      { admins: ['u-a', 'u-b'], leads: ['u-b', 'u-c'] },
      { 'u-a': 'a@acme.com', 'u-b': 'b@acme.com', 'u-c': 'c@acme.com', 'u-d': 'd@acme.com' },
    );
    const result = await resolveRecipients(
      { userIds: ['u-d', 'u-a', 'u-d'], groupIds: ['admins', 'leads', 'admins'] },
      dir,
    );
    assert.deepEqual(result.recipients, [
      { accountId: 'u-d', email: 'd@acme.com' },
      { accountId: 'u-a', email: 'a@acme.com' },
      { accountId: 'u-b', email: 'b@acme.com' },
      { accountId: 'u-c', email: 'c@acme.com' },
    ]);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(calls.groups, ['admins', 'leads'], 'each group is read once');
    assert.deepEqual(calls.emails, ['u-d', 'u-a', 'u-b', 'u-c'], 'each address is read once');
  });

  test('a recipient without a known address is a warning, not a failure', async () => {
    const { dir } = directory({ admins: ['u-a', 'u-x'] }, { 'u-a': 'a@acme.com', 'u-x': null, 'u-y': '  ' });
    const result = await resolveRecipients({ userIds: ['u-y'], groupIds: ['admins'] }, dir);
    assert.deepEqual(result.recipients, [{ accountId: 'u-a', email: 'a@acme.com' }]);
    assert.deepEqual(result.warnings, [
      'No email address is known for u-y; they get no report.',
      'No email address is known for u-x; they get no report.',
    ]);
  });

  test('two accounts with one address get one copy', async () => {
    const { dir } = directory({}, { 'u-a': 'Alan@acme.com', 'u-a2': 'alan@ACME.com' });
    const result = await resolveRecipients({ userIds: ['u-a', 'u-a2'], groupIds: [] }, dir);
    assert.deepEqual(result.recipients, [{ accountId: 'u-a', email: 'Alan@acme.com' }]);
  });

  test('a group that cannot be read is a warning; the others still get the report', async () => {
    const { dir } = directory(
      { leads: ['u-c'] },
      { 'u-c': 'c@acme.com' },
      { gone: new Error('The group was not found (404).') },
    );
    const result = await resolveRecipients({ userIds: [], groupIds: ['gone', 'leads'] }, dir);
    assert.deepEqual(result.recipients, [{ accountId: 'u-c', email: 'c@acme.com' }]);
    assert.deepEqual(result.warnings, [
      'The members of group gone could not be read, so they get no report: The group was not found (404).',
    ]);
  });

  test('a retryable failure (rate limit) is thrown, so the reporting step is retried instead of sending to half the list', async () => {
    const throttled = Object.assign(new Error('rate limited'), { retryable: true, retryAfterSeconds: 30 });
    const { dir } = directory({ admins: ['u-a'] }, { 'u-a': 'a@acme.com' }, { 'u-b': throttled });
    await assert.rejects(resolveRecipients({ userIds: ['u-b'], groupIds: ['admins'] }, dir), /rate limited/);
  });

  test('nobody asked for: no recipients, no warnings', async () => {
    const { dir, calls } = directory({}, {});
    assert.deepEqual(await resolveRecipients({ userIds: [], groupIds: [] }, dir), { recipients: [], warnings: [] });
    assert.deepEqual(calls, { groups: [], emails: [] });
  });
});
