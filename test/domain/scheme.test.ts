import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidSchemeError,
  exportScheme,
  formatSchemeErrors,
  parseScheme,
  parseSchemeText,
  parseStoredScheme,
  resolveGroupNames,
  type Scheme,
  type SchemeIssue,
} from '../../src/domain/scheme';
import type { DirectoryGroup } from '../../src/domain/user';

/** The example from the scheme file format documentation. */
const EXAMPLE = {
  name: 'Inactive for 90 days',
  enabled: true,
  mode: 'test',
  schedule: { every: 1, unit: 'day', at: '02:00', timeZone: 'Pacific/Auckland' },
  filter: {
    inactiveDays: 90,
    neverActiveAfterDays: 30,
    groups: { anyOf: ['contractors'], noneOf: ['vip'] },
    emailDomains: { anyOf: ['acme.com'], noneOf: [] },
    accountTypes: ['atlassian'],
    statuses: ['active'],
  },
  exemptions: { users: ['u-9'], groups: ['service-accounts'] },
  actions: [{ type: 'removeAccess' }, { type: 'addGroups', groups: ['inactive-users'] }],
  limits: { maxUsersPerRun: 500 },
  report: { emailUsers: [], emailGroups: ['site-admins'], onlyWhenUsersMatched: false },
};

const MINIMAL = { name: 'Minimal', filter: {}, actions: [{ type: 'removeAccess' }] };

const SITE_GROUPS: DirectoryGroup[] = [
  { id: 'g-contractors', name: 'contractors' },
  { id: 'g-vip', name: 'VIP' },
  { id: 'g-service', name: 'service-accounts' },
  { id: 'g-inactive', name: 'inactive-users' },
  { id: 'g-admins', name: 'site-admins' },
];

function parsed(input: unknown, opts?: { defaultTimeZone?: string }): Scheme {
  const result = parseScheme(input, opts);
  if (!result.ok) assert.fail(formatSchemeErrors(result.errors));
  return result.scheme;
}

function errorsOf(input: unknown, opts?: { defaultTimeZone?: string }): SchemeIssue[] {
  const result = parseScheme(input, opts);
  if (result.ok) assert.fail('expected the scheme to be refused');
  return result.errors;
}

/** The message for one path, failing if that path has no error. */
function messageAt(errors: SchemeIssue[], path: string): string {
  const found = errors.find((error) => error.path === path);
  if (!found) assert.fail(`no error at ${path}; errors: ${JSON.stringify(errors)}`);
  return found.message;
}

const withFilter = (filter: object) => ({ ...MINIMAL, filter });
const withSchedule = (schedule: object) => ({ ...MINIMAL, schedule });
const withActions = (actions: object[]) => ({ ...MINIMAL, actions });

describe('parseScheme: the documented example', () => {
  test('parses as written', () => {
    const scheme = parsed(EXAMPLE);
    assert.equal(scheme.name, 'Inactive for 90 days');
    assert.deepEqual(scheme.schedule, { unit: 'day', every: 1, at: '02:00', timeZone: 'Pacific/Auckland' });
    assert.deepEqual(scheme.filter.groups, { anyOf: ['contractors'], noneOf: ['vip'] });
    assert.deepEqual(scheme.actions, [{ type: 'removeAccess' }, { type: 'addGroups', groups: ['inactive-users'] }]);
  });

  test('exportScheme gives the file form back, and it parses to the same scheme', () => {
    const scheme = parsed(EXAMPLE);
    assert.deepEqual(exportScheme(scheme), EXAMPLE);
    assert.deepEqual(parsed(JSON.parse(JSON.stringify(exportScheme(scheme)))), scheme);
  });
});

describe('parseScheme: defaults', () => {
  test('a minimal file gets safe defaults: test mode, enabled, on demand only', () => {
    const scheme = parsed(MINIMAL);
    assert.equal(scheme.mode, 'test');
    assert.equal(scheme.enabled, true);
    assert.equal(scheme.schedule, null);
    assert.deepEqual(scheme.filter, { accountTypes: ['atlassian'], statuses: ['active'] });
    assert.deepEqual(scheme.exemptions, { users: [], groups: [] });
    assert.deepEqual(scheme.limits, { maxUsersPerRun: 500 });
    assert.deepEqual(scheme.report, { emailUsers: [], emailGroups: [], onlyWhenUsersMatched: false });
  });

  test('a schedule takes the default time zone from settings, else UTC', () => {
    assert.deepEqual(parsed(withSchedule({ unit: 'day' }), { defaultTimeZone: 'Europe/Berlin' }).schedule, {
      unit: 'day',
      every: 1,
      at: '00:00',
      timeZone: 'Europe/Berlin',
    });
    assert.equal(parsed(withSchedule({ unit: 'day' })).schedule?.timeZone, 'UTC');
    // The file's own zone wins over the default.
    const own = parsed(withSchedule({ unit: 'day', timeZone: 'America/New_York' }), {
      defaultTimeZone: 'Europe/Berlin',
    });
    assert.equal(own.schedule?.timeZone, 'America/New_York');
  });

  test('"schedule": null means on demand only', () => {
    assert.equal(parsed({ ...MINIMAL, schedule: null }).schedule, null);
  });

  test('lists are normalised: domains lowercased without "@", duplicates dropped', () => {
    const scheme = parsed(
      withFilter({
        emailDomains: { anyOf: ['@ACME.com', 'acme.com', ' Example.org '] },
        groups: { anyOf: ['contractors', 'Contractors'] },
        statuses: ['active', 'active'],
      }),
    );
    assert.deepEqual(scheme.filter.emailDomains, { anyOf: ['acme.com', 'example.org'] });
    assert.deepEqual(scheme.filter.groups, { anyOf: ['contractors'] });
    assert.deepEqual(scheme.filter.statuses, ['active']);
  });

  test('weekday names are accepted in any case and stored lowercase', () => {
    const scheme = parsed(withSchedule({ unit: 'week', dayOfWeek: 'Monday', at: '09:00' }));
    assert.deepEqual(scheme.schedule, { unit: 'week', every: 1, at: '09:00', timeZone: 'UTC', dayOfWeek: 'monday' });
  });

  test('time zone names are stored in their canonical spelling', () => {
    assert.equal(parsed(withSchedule({ unit: 'day', timeZone: 'europe/berlin' })).schedule?.timeZone, 'Europe/Berlin');
  });
});

describe('parseScheme: needsApproval', () => {
  test('absent means false; true is kept and survives export; anything but true or false is refused', () => {
    assert.equal(parsed(MINIMAL).needsApproval ?? false, false);
    assert.equal('needsApproval' in exportScheme(parsed(MINIMAL)), false, 'a file without it exports without it');
    const approved = parsed({ ...MINIMAL, needsApproval: true });
    assert.equal(approved.needsApproval, true);
    assert.deepEqual(parsed(exportScheme(approved)), approved);
    assert.match(messageAt(errorsOf({ ...MINIMAL, needsApproval: 'yes' }), 'needsApproval'), /true or false/);
  });
});

describe('parseScheme: strict keys', () => {
  test('an unknown top-level key is an error naming it', () => {
    const errors = errorsOf({ ...MINIMAL, exemption: { users: ['u-1'] } });
    assert.match(messageAt(errors, 'exemption'), /unknown key \(did you mean "exemptions"\?\)/);
  });

  test('a typo in a nested key is an error at its path, never ignored', () => {
    const errors = errorsOf(withFilter({ inactiveDays: 90, groups: { anyOf: ['contractors'], noneof: ['vip'] } }));
    assert.match(messageAt(errors, 'filter.groups.noneof'), /did you mean "noneOf"/);
    assert.match(messageAt(errors, 'filter.groups.noneof'), /typo cannot change who is acted on/);
  });

  test('an unknown key inside an action is judged by that action type', () => {
    const errors = errorsOf(withActions([{ type: 'suspend', message: 'Bye' }]));
    assert.match(messageAt(errors, 'actions[0].message'), /only "notify" and "deactivate" take "message"/);
    const typo = errorsOf(withActions([{ type: 'addGroups', group: ['x'] }]));
    assert.match(messageAt(typo, 'actions[0].group'), /did you mean "groups"/);
  });

  test('a file that is not an object, or not JSON, is refused with one clear message', () => {
    assert.deepEqual(errorsOf([MINIMAL]), [{ path: '', message: 'must be an object in { }, not a list' }]);
    const text = parseSchemeText('{ "name": "x", }');
    assert.equal(text.ok, false);
    if (!text.ok) assert.match(text.errors[0]?.message ?? '', /^the file is not valid JSON/);
    assert.equal(parseSchemeText(JSON.stringify(MINIMAL)).ok, true);
  });

  test('missing required keys are named', () => {
    const errors = errorsOf({ name: 'x' });
    assert.equal(messageAt(errors, 'filter'), 'is required');
    assert.equal(messageAt(errors, 'actions'), 'is required');
  });
});

describe('parseScheme: field messages name their path', () => {
  test('inactiveDays and neverActiveAfterDays are whole days ≥ 1', () => {
    for (const value of [0, -3, 1.5, '90', null]) {
      const errors = errorsOf(withFilter({ inactiveDays: value }));
      assert.deepEqual(
        errors,
        [{ path: 'filter.inactiveDays', message: 'must be a whole number of days ≥ 1' }],
        String(value),
      );
    }
    assert.equal(
      messageAt(errorsOf(withFilter({ neverActiveAfterDays: 0 })), 'filter.neverActiveAfterDays'),
      'must be a whole number of days ≥ 1',
    );
  });

  test('enumerations list what is allowed', () => {
    assert.equal(
      messageAt(errorsOf({ ...MINIMAL, mode: 'Live' }), 'mode'),
      '"Live" is not allowed here; use one of "test", "live"',
    );
    assert.match(
      messageAt(errorsOf(withFilter({ statuses: ['inactive'] })), 'filter.statuses[0]'),
      /use one of "active", "suspended", "deactivated"/,
    );
    assert.match(
      messageAt(errorsOf(withFilter({ accountTypes: [] })), 'filter.accountTypes'),
      /at least one account type/,
    );
  });

  test('type mistakes say what was expected', () => {
    assert.equal(
      messageAt(errorsOf(withFilter({ statuses: 'active' })), 'filter.statuses'),
      'must be a list in [ ], not "active"',
    );
    assert.equal(messageAt(errorsOf({ ...MINIMAL, enabled: 'yes' }), 'enabled'), 'must be true or false, not "yes"');
    assert.match(messageAt(errorsOf({ ...MINIMAL, name: '  ' }), 'name'), /must not be empty/);
  });

  test('email domains must look like domains', () => {
    const errors = errorsOf(withFilter({ emailDomains: { anyOf: ['acme'] } }));
    assert.equal(
      messageAt(errors, 'filter.emailDomains.anyOf[0]'),
      '"acme" is not an email domain (write it like "acme.com")',
    );
  });

  test('an empty anyOf is refused (it would match nobody); an empty noneOf is fine', () => {
    assert.match(
      messageAt(errorsOf(withFilter({ groups: { anyOf: [] } })), 'filter.groups.anyOf'),
      /at least one group/,
    );
    assert.deepEqual(parsed(withFilter({ groups: { noneOf: [] } })).filter.groups, { noneOf: [] });
  });

  test('limits and exemptions are checked', () => {
    assert.equal(
      messageAt(errorsOf({ ...MINIMAL, limits: { maxUsersPerRun: 0 } }), 'limits.maxUsersPerRun'),
      'must be a whole number ≥ 1',
    );
    assert.match(
      messageAt(errorsOf({ ...MINIMAL, exemptions: { users: ['a b'] } }), 'exemptions.users[0]'),
      /no spaces/,
    );
  });

  test('all problems are reported at once', () => {
    const errors = errorsOf({ ...MINIMAL, mode: 'on', filter: { inactiveDays: 0 }, limits: { maxUsersPerRun: -1 } });
    assert.deepEqual(
      errors.map((error) => error.path),
      ['mode', 'filter.inactiveDays', 'limits.maxUsersPerRun'],
    );
  });
});

describe('parseScheme: schedules', () => {
  test('an invalid time zone is an error naming it', () => {
    const errors = errorsOf(withSchedule({ unit: 'day', timeZone: 'Europe/Berlinn' }));
    assert.equal(
      messageAt(errors, 'schedule.timeZone'),
      '"Europe/Berlinn" is not a known IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")',
    );
    assert.match(
      messageAt(errorsOf(withSchedule({ unit: 'day', timeZone: '+02:00' })), 'schedule.timeZone'),
      /"\+02:00"/,
    );
  });

  test('an invalid default time zone from settings is reported when the schedule needs it', () => {
    const errors = errorsOf(withSchedule({ unit: 'day' }), { defaultTimeZone: 'Mars/Base' });
    assert.match(messageAt(errors, 'schedule.timeZone'), /default time zone in settings "Mars\/Base"/);
    // Not needed, not reported.
    assert.equal(parseScheme(MINIMAL, { defaultTimeZone: 'Mars/Base' }).ok, true);
  });

  test('unit-specific keys: week needs dayOfWeek, month needs dayOfMonth, and neither belongs elsewhere', () => {
    assert.match(
      messageAt(errorsOf(withSchedule({ unit: 'week' })), 'schedule.dayOfWeek'),
      /required when unit is "week"/,
    );
    assert.match(
      messageAt(errorsOf(withSchedule({ unit: 'month' })), 'schedule.dayOfMonth'),
      /required when unit is "month"/,
    );
    assert.match(
      messageAt(errorsOf(withSchedule({ unit: 'day', dayOfWeek: 'monday' })), 'schedule.dayOfWeek'),
      /only applies when unit is "week"/,
    );
    assert.match(
      messageAt(errorsOf(withSchedule({ unit: 'week', dayOfWeek: 'monday', dayOfMonth: 3 })), 'schedule.dayOfMonth'),
      /only applies when unit is "month"/,
    );
    assert.equal(
      messageAt(errorsOf(withSchedule({ unit: 'month', dayOfMonth: 32 })), 'schedule.dayOfMonth'),
      'must be a whole number from 1 to 31',
    );
    assert.match(
      messageAt(errorsOf(withSchedule({ unit: 'week', dayOfWeek: 'mon' })), 'schedule.dayOfWeek'),
      /"mon" is not a day/,
    );
  });

  test('every: hourly intervals divide 24; other units have sane upper bounds', () => {
    assert.match(messageAt(errorsOf(withSchedule({ unit: 'hour', every: 5 })), 'schedule.every'), /must divide 24/);
    assert.equal(parsed(withSchedule({ unit: 'hour', every: 6 })).schedule?.every, 6);
    assert.match(
      messageAt(errorsOf(withSchedule({ unit: 'week', every: 60, dayOfWeek: 'monday' })), 'schedule.every'),
      /at most 52/,
    );
    assert.equal(
      messageAt(errorsOf(withSchedule({ unit: 'day', every: 0 })), 'schedule.every'),
      'must be a whole number ≥ 1',
    );
  });

  test('at is a 24-hour HH:mm time and unit is one of the four', () => {
    assert.match(messageAt(errorsOf(withSchedule({ unit: 'day', at: '2:00' })), 'schedule.at'), /"HH:mm"/);
    assert.match(
      messageAt(errorsOf(withSchedule({ unit: 'minute' })), 'schedule.unit'),
      /use one of "hour", "day", "week", "month"/,
    );
  });
});

describe('parseScheme: actions and contradictions', () => {
  test('each action kind parses', () => {
    const actions = [
      { type: 'removeAccess' },
      { type: 'suspend' },
      { type: 'addGroups', groups: ['inactive-users'] },
      { type: 'removeGroups', groups: ['contractors'] },
      { type: 'deactivate', message: 'Inactive for 90 days' },
      { type: 'delete' },
    ];
    assert.deepEqual(parsed(withActions(actions)).actions, actions);
  });

  test('at least one action; an unknown or missing type names the allowed ones', () => {
    assert.equal(messageAt(errorsOf(withActions([])), 'actions'), 'must list at least one action');
    assert.match(
      messageAt(errorsOf(withActions([{ type: 'suspnd' }])), 'actions[0].type'),
      /"suspnd" is not an action; use one of notify, removeAccess, suspend/,
    );
    assert.match(messageAt(errorsOf(withActions([{ groups: ['x'] }])), 'actions[0].type'), /needs a "type"/);
  });

  test('group actions need groups', () => {
    assert.match(
      messageAt(errorsOf(withActions([{ type: 'addGroups', groups: [] }])), 'actions[0].groups'),
      /at least one group/,
    );
    assert.match(
      messageAt(errorsOf(withActions([{ type: 'removeGroups', groups: [] }])), 'actions[0].groups'),
      /at least one group/,
    );
    assert.equal(messageAt(errorsOf(withActions([{ type: 'addGroups' }])), 'actions[0].groups'), 'is required');
  });

  test('delete must be the last action', () => {
    const errors = errorsOf(withActions([{ type: 'delete' }, { type: 'addGroups', groups: ['inactive-users'] }]));
    assert.match(messageAt(errors, 'actions[0]'), /"delete" must be the last action.*move "addGroups" before it/);
    assert.equal(parseScheme(withActions([{ type: 'suspend' }, { type: 'delete' }])).ok, true);
  });

  test('group changes before a deletion save; deactivate comes after them and before delete', () => {
    const groupsThenDelete = withActions([
      { type: 'removeAccess' },
      { type: 'addGroups', groups: ['inactive-users'] },
      { type: 'removeGroups', groups: ['contractors'] },
      { type: 'delete' },
    ]);
    assert.equal(parseScheme(groupsThenDelete).ok, true);
    assert.equal(parseScheme(withActions([{ type: 'deactivate' }, { type: 'delete' }])).ok, true);
    const deactivateFirst = errorsOf(withActions([{ type: 'deactivate' }, { type: 'removeGroups', groups: ['x'] }]));
    assert.match(
      messageAt(deactivateFirst, 'actions[0]'),
      /"deactivate" must be after every action but "delete".*move "removeGroups" before it/,
    );
    const deleteFirst = errorsOf(withActions([{ type: 'delete' }, { type: 'deactivate' }]));
    assert.match(messageAt(deleteFirst, 'actions[0]'), /"delete" must be the last action.*move "deactivate" before it/);
  });

  test('inactivity and user counts are kept within sane ranges, with the reason', () => {
    const filter = (extra: Record<string, unknown>) => ({ ...withActions([{ type: 'removeAccess' }]), filter: extra });
    assert.match(
      messageAt(errorsOf(filter({ inactiveDays: 99_999_999_999 })), 'filter.inactiveDays'),
      /from 1 to 3650 \(10 years\)/,
    );
    assert.match(messageAt(errorsOf(filter({ neverActiveAfterDays: 3651 })), 'filter.neverActiveAfterDays'), /3650/);
    assert.equal(parseScheme(filter({ inactiveDays: 3650 })).ok, true);
    const limits = (value: Record<string, unknown>) => ({ ...withActions([{ type: 'removeAccess' }]), limits: value });
    assert.match(
      messageAt(errorsOf(limits({ maxUsersPerRun: 1e12 })), 'limits.maxUsersPerRun'),
      /from 1 to 150,000 \(Confluence Cloud's largest licence tier\)/,
    );
    assert.match(messageAt(errorsOf(limits({ untilSeatsAtMost: 150_001 })), 'limits.untilSeatsAtMost'), /150,000/);
  });

  test('an action type listed twice is refused', () => {
    const errors = errorsOf(withActions([{ type: 'suspend' }, { type: 'removeAccess' }, { type: 'suspend' }]));
    assert.equal(
      messageAt(errors, 'actions[2].type'),
      '"suspend" is already listed at actions[0]; list each action once',
    );
    const groups = errorsOf(
      withActions([
        { type: 'addGroups', groups: ['a'] },
        { type: 'addGroups', groups: ['b'] },
      ]),
    );
    assert.match(messageAt(groups, 'actions[1].type'), /merge their group lists/);
  });

  test('adding and removing the same group is refused, whatever the case', () => {
    const errors = errorsOf(
      withActions([
        { type: 'addGroups', groups: ['inactive-users'] },
        { type: 'removeGroups', groups: ['contractors', 'Inactive-Users'] },
      ]),
    );
    assert.match(messageAt(errors, 'actions[1].groups[1]'), /"Inactive-Users" is also added by actions\[0\]/);
  });

  test('a group or domain in both anyOf and noneOf is refused', () => {
    const groups = errorsOf(withFilter({ groups: { anyOf: ['contractors'], noneOf: ['Contractors'] } }));
    assert.match(messageAt(groups, 'filter.groups.noneOf[0]'), /also in anyOf: no user can match both/);
    const domains = errorsOf(withFilter({ emailDomains: { anyOf: ['acme.com'], noneOf: ['@acme.com'] } }));
    assert.match(messageAt(domains, 'filter.emailDomains.noneOf[0]'), /"acme.com" is also in anyOf/);
  });
});

describe('formatSchemeErrors', () => {
  test('one readable block, one line per problem', () => {
    const errors = errorsOf({ ...MINIMAL, filter: { inactiveDays: 0 }, extra: true });
    assert.equal(
      formatSchemeErrors(errors, 'inactive.json'),
      [
        'The scheme file "inactive.json" has 2 problems:',
        '  - filter.inactiveDays: must be a whole number of days ≥ 1',
        '  - extra: unknown key (expected one of name, enabled, mode, schedule, filter, exemptions, actions, limits, report, needsApproval): unknown keys are refused so that a typo cannot change who is acted on',
      ].join('\n'),
    );
    assert.equal(
      formatSchemeErrors([{ path: '', message: 'the file is not valid JSON' }]),
      'The scheme has a problem:\n  - (whole file): the file is not valid JSON',
    );
  });
});

describe('InvalidSchemeError', () => {
  test('carries the issues, a code, and the readable block as its message', () => {
    const errors = errorsOf(withFilter({ inactiveDays: 0 }));
    const error = new InvalidSchemeError(errors, 'inactive.json');
    assert.equal(error.code, 'INVALID_SCHEME');
    assert.deepEqual(error.issues, errors);
    assert.equal(error.message, formatSchemeErrors(errors, 'inactive.json'));
  });
});

describe('stored schemes', () => {
  const metadata = { id: 's-1', createdAt: '2026-06-01T10:00:00.000Z', updatedAt: '2026-06-02T10:00:00.000Z' };

  test('the stored form is the scheme plus metadata, and reads back', () => {
    const scheme = parsed(EXAMPLE);
    const stored = { ...scheme, ...metadata };
    const read = parseStoredScheme(JSON.parse(JSON.stringify(stored)));
    assert.deepEqual(read, { ok: true, scheme: stored });
  });

  test('export drops the metadata', () => {
    const stored = { ...parsed(MINIMAL), ...metadata };
    const file = exportScheme(stored) as Record<string, unknown>;
    assert.equal('id' in file || 'createdAt' in file || 'updatedAt' in file, false);
    assert.equal(parseScheme(file).ok, true);
  });

  test('missing metadata and scheme problems are both reported', () => {
    const read = parseStoredScheme({
      ...MINIMAL,
      mode: 'maybe',
      createdAt: 'yesterday',
      updatedAt: metadata.updatedAt,
    });
    assert.equal(read.ok, false);
    if (!read.ok) {
      assert.equal(messageAt(read.errors, 'id'), 'is required');
      assert.equal(messageAt(read.errors, 'createdAt'), 'must be an ISO 8601 date-time');
      assert.match(messageAt(read.errors, 'mode'), /"maybe"/);
    }
  });
});

describe('resolveGroupNames', () => {
  test('every named group resolves to the site group, by case-insensitive name', () => {
    const result = resolveGroupNames(
      parsed({ ...EXAMPLE, filter: { ...EXAMPLE.filter, groups: { anyOf: ['Contractors'], noneOf: ['vip'] } } }),
      SITE_GROUPS,
    );
    if (!result.ok) assert.fail(formatSchemeErrors(result.errors));
    const { resolved } = result;
    assert.deepEqual(resolved.filterGroups, {
      anyOf: [{ id: 'g-contractors', name: 'contractors' }],
      noneOf: [{ id: 'g-vip', name: 'VIP' }],
    });
    assert.deepEqual(resolved.exemptGroups, [{ id: 'g-service', name: 'service-accounts' }]);
    assert.deepEqual(resolved.actions, [
      { type: 'removeAccess' },
      { type: 'addGroups', groups: [{ id: 'g-inactive', name: 'inactive-users' }] },
    ]);
    assert.deepEqual(resolved.reportGroups, [{ id: 'g-admins', name: 'site-admins' }]);
  });

  test('a scheme without groups resolves to empty lists and no anyOf condition', () => {
    const result = resolveGroupNames(parsed(MINIMAL), SITE_GROUPS);
    assert.equal(result.ok, true);
    if (result.ok) assert.deepEqual(result.resolved.filterGroups, { noneOf: [] });
  });

  test('every unknown name is an error naming it and its path', () => {
    const scheme = parsed({
      ...EXAMPLE,
      filter: { ...EXAMPLE.filter, groups: { anyOf: ['contractrs'], noneOf: ['vip'] } },
      exemptions: { groups: ['robots'] },
      actions: [{ type: 'removeAccess' }, { type: 'removeGroups', groups: ['inactive-users', 'alumni'] }],
      report: { emailGroups: ['site-admin'] },
    });
    const result = resolveGroupNames(scheme, SITE_GROUPS);
    if (result.ok) assert.fail('expected unknown groups to be refused');
    assert.deepEqual(result.errors, [
      {
        path: 'filter.groups.anyOf[0]',
        message: 'no group named "contractrs" on this site (did you mean "contractors"?)',
      },
      { path: 'exemptions.groups[0]', message: 'no group named "robots" on this site' },
      { path: 'actions[1].groups[1]', message: 'no group named "alumni" on this site' },
      {
        path: 'report.emailGroups[0]',
        message: 'no group named "site-admin" on this site (did you mean "site-admins"?)',
      },
    ]);
  });

  test('names that differ only in case: the exact spelling wins, otherwise the name is ambiguous', () => {
    const groups = [...SITE_GROUPS, { id: 'g-vip-2', name: 'vip' }];
    const exact = resolveGroupNames(parsed(withFilter({ groups: { noneOf: ['vip'] } })), groups);
    assert.equal(exact.ok && exact.resolved.filterGroups.noneOf[0]?.id, 'g-vip-2');
    const ambiguous = resolveGroupNames(parsed(withFilter({ groups: { noneOf: ['Vip'] } })), groups);
    if (ambiguous.ok) assert.fail('expected an ambiguous name to be refused');
    assert.match(messageAt(ambiguous.errors, 'filter.groups.noneOf[0]'), /could mean several groups.*"VIP", "vip"/);
  });
});
