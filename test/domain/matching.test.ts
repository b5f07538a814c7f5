import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { subDays, subHours, subMinutes } from 'date-fns';
import {
  createMatcher,
  daysInactive,
  daysSinceAdded,
  describeFilter,
  emailDomain,
  matchUser,
  type MatchContext,
  type MatchResult,
} from '../../src/domain/matching';
import { formatSchemeErrors, parseScheme, resolveGroupNames, type ResolvedScheme } from '../../src/domain/scheme';
import type { DirectoryGroup, DirectoryUser } from '../../src/domain/user';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const daysAgo = (days: number) => subDays(NOW, days).toISOString();

const GROUPS: DirectoryGroup[] = [
  { id: 'g-access', name: 'confluence-users' },
  { id: 'g-access-2', name: 'confluence-guests-paid' },
  { id: 'g-other', name: 'jira-users' },
  { id: 'g-contractors', name: 'contractors' },
  { id: 'g-vip', name: 'vip' },
  { id: 'g-service', name: 'service-accounts' },
  { id: 'g-board', name: 'board' },
];

const CONTEXT: MatchContext = {
  now: NOW,
  accessGroupIds: ['g-access', 'g-access-2'],
  globalExemptions: { users: [], groupIds: [] },
};

function user(overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    accountId: 'u-1',
    name: 'Ada Example',
    email: 'ada@acme.com',
    accountType: 'atlassian',
    status: 'active',
    managed: true,
    orgAdmin: false,
    groupIds: ['g-access'],
    addedToOrg: daysAgo(400),
    lastActive: daysAgo(100),
    ...overrides,
  };
}

function resolved(filter: object, extra: object = {}): ResolvedScheme {
  const parsed = parseScheme({ name: 'Test scheme', filter, actions: [{ type: 'removeAccess' }], ...extra });
  if (!parsed.ok) assert.fail(formatSchemeErrors(parsed.errors));
  const result = resolveGroupNames(parsed.scheme, GROUPS);
  if (!result.ok) assert.fail(formatSchemeErrors(result.errors));
  return result.resolved;
}

function match(
  candidate: DirectoryUser,
  filter: object,
  extra: object = {},
  context: MatchContext = CONTEXT,
): MatchResult {
  return matchUser(candidate, resolved(filter, extra), context);
}

const OUTSIDE: MatchResult = { kind: 'outside' };

describe('population: who holds a Confluence seat', () => {
  test('an active Atlassian account in an access group is in; outside every access group is out', () => {
    assert.equal(match(user(), {}).kind, 'matched');
    assert.equal(match(user({ groupIds: ['g-access-2', 'g-other'] }), {}).kind, 'matched');
    assert.deepEqual(match(user({ groupIds: ['g-other', 'g-contractors'] }), {}), OUTSIDE);
    assert.deepEqual(match(user({ groupIds: [] }), {}), OUTSIDE);
  });

  test('by default only active users; naming suspended or deactivated widens to them (still in an access group)', () => {
    const suspended = user({ status: 'suspended' });
    const deactivated = user({ status: 'deactivated' });
    assert.deepEqual(match(suspended, {}), OUTSIDE);
    assert.deepEqual(match(deactivated, {}), OUTSIDE);
    assert.equal(match(suspended, { statuses: ['active', 'suspended'] }).kind, 'matched');
    assert.equal(match(deactivated, { statuses: ['deactivated'] }).kind, 'matched');
    assert.deepEqual(match(user(), { statuses: ['deactivated'] }), OUTSIDE);
    assert.deepEqual(match(user({ status: 'suspended', groupIds: ['g-other'] }), { statuses: ['suspended'] }), OUTSIDE);
  });

  test('account types: Atlassian accounts by default; customers only when named', () => {
    const customer = user({ accountType: 'customer' });
    assert.deepEqual(match(customer, {}), OUTSIDE);
    assert.equal(match(customer, { accountTypes: ['customer'] }).kind, 'matched');
    assert.deepEqual(match(user(), { accountTypes: ['customer'] }), OUTSIDE);
  });
});

describe('activity', () => {
  test('inactiveDays matches at N × 24 h and not a minute before', () => {
    const exactly = user({ lastActive: subHours(NOW, 90 * 24).toISOString() });
    const almost = user({ lastActive: subMinutes(subHours(NOW, 90 * 24), -1).toISOString() });
    assert.deepEqual(match(exactly, { inactiveDays: 90 }), { kind: 'matched', reason: 'inactive for 90 days' });
    assert.deepEqual(match(almost, { inactiveDays: 90 }), OUTSIDE);
    assert.deepEqual(match(user({ lastActive: daysAgo(147) }), { inactiveDays: 90 }), {
      kind: 'matched',
      reason: 'inactive for 147 days',
    });
  });

  test('never active is not "inactive for N days"', () => {
    assert.deepEqual(match(user({ lastActive: null }), { inactiveDays: 1 }), OUTSIDE);
  });

  test('neverActiveAfterDays matches never-active users added at least M days ago', () => {
    const newcomer = user({ lastActive: null, addedToOrg: daysAgo(29) });
    const idle = user({ lastActive: null, addedToOrg: daysAgo(212) });
    assert.deepEqual(match(idle, { neverActiveAfterDays: 30 }), {
      kind: 'matched',
      reason: 'never active, added 212 days ago',
    });
    assert.deepEqual(match(user({ lastActive: null, addedToOrg: daysAgo(30) }), { neverActiveAfterDays: 30 }), {
      kind: 'matched',
      reason: 'never active, added 30 days ago',
    });
    assert.deepEqual(match(newcomer, { neverActiveAfterDays: 30 }), OUTSIDE);
  });

  test('neverActiveAfterDays: an unknown join date does not match, and an active user does not match', () => {
    assert.deepEqual(match(user({ lastActive: null, addedToOrg: null }), { neverActiveAfterDays: 30 }), OUTSIDE);
    assert.deepEqual(match(user({ lastActive: daysAgo(500) }), { neverActiveAfterDays: 30 }), OUTSIDE);
  });

  test('both given: either matches', () => {
    const filter = { inactiveDays: 90, neverActiveAfterDays: 30 };
    assert.deepEqual(match(user({ lastActive: daysAgo(120) }), filter), {
      kind: 'matched',
      reason: 'inactive for 120 days',
    });
    assert.deepEqual(match(user({ lastActive: null, addedToOrg: daysAgo(45) }), filter), {
      kind: 'matched',
      reason: 'never active, added 45 days ago',
    });
    assert.deepEqual(match(user({ lastActive: daysAgo(10) }), filter), OUTSIDE);
    assert.deepEqual(match(user({ lastActive: null, addedToOrg: daysAgo(10) }), filter), OUTSIDE);
  });

  test('neither given: everyone in the population matches', () => {
    assert.deepEqual(match(user({ lastActive: daysAgo(1) }), {}), {
      kind: 'matched',
      reason: 'no activity condition (last active 1 day ago)',
    });
    assert.deepEqual(match(user({ lastActive: null, addedToOrg: null }), {}), {
      kind: 'matched',
      reason: 'no activity condition (never active)',
    });
  });

  test('an unreadable date never matches', () => {
    assert.deepEqual(match(user({ lastActive: 'last Tuesday' }), { inactiveDays: 1 }), OUTSIDE);
    assert.deepEqual(match(user({ lastActive: null, addedToOrg: 'long ago' }), { neverActiveAfterDays: 1 }), OUTSIDE);
  });
});

describe('groups and email domains', () => {
  test('groups.anyOf: member of at least one', () => {
    const filter = { groups: { anyOf: ['contractors', 'board'] } };
    assert.equal(match(user({ groupIds: ['g-access', 'g-board'] }), filter).kind, 'matched');
    assert.deepEqual(match(user({ groupIds: ['g-access'] }), filter), OUTSIDE);
  });

  test('groups.noneOf: member of none', () => {
    const filter = { groups: { noneOf: ['vip'] } };
    assert.deepEqual(match(user({ groupIds: ['g-access', 'g-vip'] }), filter), OUTSIDE);
    assert.equal(match(user({ groupIds: ['g-access'] }), filter).kind, 'matched');
  });

  test('emailDomains.anyOf: domain listed, case-insensitive, exact (no subdomains); no email fails', () => {
    const filter = { emailDomains: { anyOf: ['acme.com'] } };
    assert.equal(match(user({ email: 'Ada@ACME.com' }), filter).kind, 'matched');
    assert.deepEqual(match(user({ email: 'ada@eu.acme.com' }), filter), OUTSIDE);
    assert.deepEqual(match(user({ email: 'ada@example.org' }), filter), OUTSIDE);
    assert.deepEqual(match(user({ email: null }), filter), OUTSIDE);
  });

  test('emailDomains.noneOf: domain not listed; no email passes', () => {
    const filter = { emailDomains: { noneOf: ['acme.com'] } };
    assert.deepEqual(match(user({ email: 'ada@acme.com' }), filter), OUTSIDE);
    assert.equal(match(user({ email: 'ada@example.org' }), filter).kind, 'matched');
    assert.equal(match(user({ email: null }), filter).kind, 'matched');
  });

  test('keys combine with AND', () => {
    const filter = { inactiveDays: 90, groups: { anyOf: ['contractors'] }, emailDomains: { noneOf: ['acme.com'] } };
    const contractor = user({ groupIds: ['g-access', 'g-contractors'], email: 'c@freelance.io' });
    assert.equal(match(contractor, filter).kind, 'matched');
    assert.deepEqual(match({ ...contractor, lastActive: daysAgo(5) }, filter), OUTSIDE);
    assert.deepEqual(match({ ...contractor, groupIds: ['g-access'] }, filter), OUTSIDE);
    assert.deepEqual(match({ ...contractor, email: 'c@acme.com' }, filter), OUTSIDE);
  });
});

describe('exemptions', () => {
  test('org admins are always protected, even when the scheme lists no exemptions', () => {
    assert.deepEqual(match(user({ orgAdmin: true }), { inactiveDays: 30 }), {
      kind: 'exempt',
      reason: 'org admin: always protected',
    });
  });

  test('app accounts are always protected; by default they are not even in the population', () => {
    const app = user({ accountType: 'app', email: null, lastActive: null, addedToOrg: daysAgo(100) });
    assert.deepEqual(match(app, { accountTypes: ['atlassian', 'app'] }), {
      kind: 'exempt',
      reason: 'app account: always protected',
    });
    assert.deepEqual(match(app, {}), OUTSIDE);
  });

  test('protected categories win over every other exemption', () => {
    const admin = user({ accountId: 'u-admin', orgAdmin: true, groupIds: ['g-access', 'g-service'] });
    const context = { ...CONTEXT, globalExemptions: { users: ['u-admin'], groupIds: ['g-service'] } };
    const result = match(admin, {}, { exemptions: { users: ['u-admin'], groups: ['service-accounts'] } }, context);
    assert.deepEqual(result, { kind: 'exempt', reason: 'org admin: always protected' });
  });

  test('global exemptions: user, then group (named when the name is known)', () => {
    const withGlobal = (users: string[], groupIds: string[], groupNames?: Map<string, string>): MatchContext => ({
      ...CONTEXT,
      globalExemptions: { users, groupIds },
      ...(groupNames && { groupNames }),
    });
    assert.deepEqual(match(user(), {}, {}, withGlobal(['u-1'], [])), {
      kind: 'exempt',
      reason: 'exempt in settings (user)',
    });
    const vip = user({ groupIds: ['g-access', 'g-vip'] });
    assert.deepEqual(match(vip, {}, {}, withGlobal([], ['g-vip'], new Map([['g-vip', 'vip']]))), {
      kind: 'exempt',
      reason: 'exempt in settings (group vip)',
    });
    assert.deepEqual(match(vip, {}, {}, withGlobal([], ['g-vip'])), {
      kind: 'exempt',
      reason: 'exempt in settings (group g-vip)',
    });
  });

  test("the scheme's own exemptions: user and group", () => {
    assert.deepEqual(match(user(), {}, { exemptions: { users: ['u-1'] } }), {
      kind: 'exempt',
      reason: 'exempt by this scheme (user)',
    });
    const service = user({ groupIds: ['g-access', 'g-service'] });
    assert.deepEqual(match(service, {}, { exemptions: { groups: ['service-accounts'] } }), {
      kind: 'exempt',
      reason: 'exempt by this scheme (group service-accounts)',
    });
    assert.equal(match(user(), {}, { exemptions: { users: ['u-2'], groups: ['service-accounts'] } }).kind, 'matched');
  });

  test('settings exemptions are reported before the scheme ones', () => {
    const context = { ...CONTEXT, globalExemptions: { users: ['u-1'], groupIds: [] } };
    assert.deepEqual(match(user(), {}, { exemptions: { users: ['u-1'] } }, context), {
      kind: 'exempt',
      reason: 'exempt in settings (user)',
    });
  });

  test('only users the filter matched are reported as exempt; others stay outside', () => {
    const admin = user({ orgAdmin: true, lastActive: daysAgo(3) });
    assert.deepEqual(match(admin, { inactiveDays: 30 }), OUTSIDE);
    assert.deepEqual(
      match(user({ lastActive: daysAgo(3) }), { inactiveDays: 30 }, { exemptions: { users: ['u-1'] } }),
      OUTSIDE,
    );
  });
});

describe('matcher and helpers', () => {
  test('createMatcher applies one scheme to many users', () => {
    const matcher = createMatcher(resolved({ inactiveDays: 90 }), CONTEXT);
    const results = [
      user({ accountId: 'a', lastActive: daysAgo(91) }),
      user({ accountId: 'b', lastActive: daysAgo(10) }),
      user({ accountId: 'c', orgAdmin: true, lastActive: daysAgo(200) }),
    ].map((candidate) => matcher(candidate).kind);
    assert.deepEqual(results, ['matched', 'outside', 'exempt']);
  });

  test('daysInactive and daysSinceAdded count whole 24-hour periods', () => {
    assert.equal(daysInactive({ lastActive: subHours(NOW, 47).toISOString() }, NOW), 1);
    assert.equal(daysInactive({ lastActive: subHours(NOW, 48).toISOString() }, NOW), 2);
    assert.equal(daysInactive({ lastActive: null }, NOW), null);
    assert.equal(daysSinceAdded({ addedToOrg: daysAgo(212) }, NOW), 212);
    assert.equal(daysSinceAdded({ addedToOrg: null }, NOW), null);
  });

  test('emailDomain reads the lowercase domain', () => {
    assert.equal(emailDomain('Ada@Example.ORG'), 'example.org');
    assert.equal(emailDomain(null), null);
    assert.equal(emailDomain('not-an-address'), null);
  });

  test('describeFilter summarises a filter in one line', () => {
    const example = resolved({
      inactiveDays: 90,
      neverActiveAfterDays: 30,
      groups: { anyOf: ['contractors'], noneOf: ['vip', 'board'] },
      emailDomains: { anyOf: ['acme.com'] },
    }).scheme;
    assert.equal(
      describeFilter(example),
      'Active Atlassian accounts with Confluence access, inactive for 90+ days or never active and added 30+ days ago, in contractors, not in vip or board, with an email at acme.com',
    );
    assert.equal(
      describeFilter(resolved({ statuses: ['active', 'suspended'] }).scheme),
      'Active or suspended Atlassian accounts with Confluence access, regardless of activity',
    );
  });
});
