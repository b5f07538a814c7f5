import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScheme, type Scheme } from '../../src/domain/scheme';
import { definitionFingerprint, freshTestProblem, quoteTestRun, selectionFingerprint } from '../../src/domain/liveGate';
import type { UserOutcome } from '../../src/domain/run';

function scheme(file: Record<string, unknown>): Scheme {
  const parsed = parseScheme({ name: 'S', filter: { inactiveDays: 90 }, actions: [{ type: 'removeAccess' }], ...file });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.scheme;
}

test('the fingerprint covers filter, exemptions and actions, not the name, schedule, mode or report', () => {
  const base = definitionFingerprint(scheme({}));
  assert.equal(definitionFingerprint(scheme({ name: 'Renamed', mode: 'live', schedule: { unit: 'day' } })), base);
  assert.equal(definitionFingerprint(scheme({ report: { emailUsers: ['acc-1'] } })), base);
  assert.notEqual(definitionFingerprint(scheme({ filter: { inactiveDays: 91 } })), base);
  assert.notEqual(definitionFingerprint(scheme({ exemptions: { users: ['acc-1'] } })), base);
  assert.notEqual(definitionFingerprint(scheme({ actions: [{ type: 'suspend' }] })), base);
  // Group lists are sets, compared without case, as the matcher compares them.
  assert.equal(
    definitionFingerprint(scheme({ filter: { inactiveDays: 90, groups: { anyOf: ['B', 'a'] } } })),
    definitionFingerprint(scheme({ filter: { inactiveDays: 90, groups: { anyOf: ['A', 'b'] } } })),
  );
  // Actions are an order: remove access then delete is not delete after nothing.
  assert.notEqual(
    definitionFingerprint(scheme({ actions: [{ type: 'removeAccess' }, { type: 'delete' }] })),
    definitionFingerprint(scheme({ actions: [{ type: 'delete' }] })),
  );
  assert.notEqual(selectionFingerprint(scheme({}).filter, 'ann'), selectionFingerprint(scheme({}).filter, undefined));
});

test('a test run vouches only when it is a finished test of the same definition, fresh enough', () => {
  const fingerprint = definitionFingerprint(scheme({}));
  const now = new Date('2026-06-02T00:00:00Z');
  const run = {
    plan: { mode: 'test' as const },
    state: 'done' as const,
    finishedAt: '2026-06-01T12:00:00Z',
    fingerprint,
  };
  assert.equal(freshTestProblem(run, fingerprint, now, 24), null);
  assert.match(freshTestProblem(undefined, fingerprint, now, 24)!, /Run this scheme in test mode first/);
  assert.match(freshTestProblem({ ...run, plan: { mode: 'live' } }, fingerprint, now, 24)!, /not a test run/);
  assert.match(freshTestProblem({ ...run, state: 'scanning' }, fingerprint, now, 24)!, /not finished yet/);
  assert.match(freshTestProblem({ ...run, state: 'failed' }, fingerprint, now, 24)!, /ended as failed/);
  assert.match(freshTestProblem({ ...run, fingerprint: 'other' }, fingerprint, now, 24)!, /changed since/);
  assert.match(freshTestProblem(run, fingerprint, now, 6)!, /older than 6 hours/);
});

test('the quote counts each action, names groups and users, and says what cannot be undone', () => {
  const user = (n: number, wouldDo: UserOutcome['actions'], outcome: UserOutcome['outcome'] = 'planned') => ({
    accountId: `acc-${n}`,
    name: `User ${n}`,
    email: null,
    lastActive: null,
    outcome,
    actions: ['removeAccess', 'delete'] as UserOutcome['actions'],
    wouldDo,
    reason: '',
  });
  const quote = quoteTestRun({
    runId: 'run-1',
    finishedAt: null,
    actions: [{ type: 'removeAccess' }, { type: 'delete' }],
    actionGroups: { removeAccess: ['confluence-users'] },
    outcomes: [user(1, ['removeAccess', 'delete']), user(2, ['removeAccess']), user(3, [], 'exempt')],
    firstUsersShown: 1,
  });
  assert.equal(
    quote.sentence,
    'Will remove Confluence access from 2 users (confluence-users) and delete 1 (cannot be undone); 1 exempt.',
  );
  assert.deepEqual(quote.firstUsers, [{ accountId: 'acc-1', name: 'User 1' }]);
  assert.equal(quote.users, 2);
  assert.match(quote.cannotBeUndone[0]!, /^Deleting 1 user cannot be undone/);
});
