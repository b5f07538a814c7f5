import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from './clock';
import {
  DEFAULT_ORG_API_KEY,
  parseSiteFile,
  SAMPLE,
  sampleSiteFile,
  SimulatedSite,
  SiteFileError,
  type SiteFile,
  type SiteOptions,
} from './site/index';

const ADMIN = 'https://api.atlassian.com/admin';
const LIFECYCLE = 'https://api.atlassian.com/users';
const WIKI = `${SAMPLE.siteUrl}/wiki`;
const KEY = { authorization: `Bearer ${DEFAULT_ORG_API_KEY}` };
const AS_APP = { 'x-local-forge-principal': 'app' };
const USERS = `${ADMIN}/v2/orgs/${SAMPLE.orgId}/directories/-/users`;
const GROUPS = `${ADMIN}/v2/orgs/${SAMPLE.orgId}/directories/-/groups`;
const u = SAMPLE.users;
const g = SAMPLE.groups;

function makeSite(options: Partial<SiteOptions> = {}, file: SiteFile = sampleSiteFile()) {
  const clock = new VirtualClock(SAMPLE.now);
  const site = SimulatedSite.fromSiteFile(parseSiteFile(file), { clock, ...options });
  return { site, clock };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;

  json: any;
}

async function call(
  site: SimulatedSite,
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const answer = await site.handle({
    method,
    url,
    headers: options.headers ?? KEY,
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  return { ...answer, json: answer.body === '' ? undefined : JSON.parse(answer.body) };
}

const search = (site: SimulatedSite, body: unknown = {}, headers: Record<string, string> = KEY) =>
  call(site, 'POST', `${USERS}/search`, { body, headers });
const ids = (answer: Answer): string[] => answer.json.data.map((user: { accountId: string }) => user.accountId);

/** A site with `count` plain active users, ids u-000 .. u-(count-1), all in the access group. */
function bigFile(count: number): SiteFile {
  const file = sampleSiteFile();
  file.users = Array.from({ length: count }, (_, index) => ({
    accountId: `u-${String(index).padStart(3, '0')}`,
    name: `User ${index}`,
    email: `user${index}@acme.com`,
    accountType: 'atlassian' as const,
    managed: true,
    status: 'active' as const,
    orgAdmin: false,
    groups: [g.access],
    addedToOrg: '2024-01-01',
    lastActive: index % 2 === 0 ? '2026-11-01' : null,
  }));
  return file;
}

describe('authentication', () => {
  test('the Admin API answers 401 without a key, with a wrong key and with an expired key', async () => {
    const { site, clock } = makeSite({ apiKeys: [{ key: 'good', scopes: 'all', expiresAt: '2026-12-01' }] });
    const missing = await search(site, {}, {});
    assert.equal(missing.status, 401);
    assert.match(missing.json.errors[0].detail, /Authorization: Bearer/);
    assert.equal((await search(site, {}, { authorization: 'Bearer nope' })).status, 401);
    assert.equal((await search(site, {}, { authorization: 'Bearer good' })).status, 200);
    clock.advanceTo(Date.parse('2026-12-01T00:00:01Z'));
    const expired = await search(site, {}, { authorization: 'Bearer good' });
    assert.equal(expired.status, 401);
    assert.match(expired.json.errors[0].detail, /expired/);
  });

  test('v1 paths answer 401 as a ProxyError body', async () => {
    const { site } = makeSite();
    const answer = await call(site, 'GET', `${ADMIN}/v1/orgs`, { headers: {} });
    assert.equal(answer.status, 401);
    assert.deepEqual(Object.keys(answer.json).sort(), ['code', 'message']);
    assert.equal(answer.json.code, 401);
  });

  test('a scoped key without the operation scope gets 403 (401 where the spec lists no 403)', async () => {
    const { site } = makeSite({ apiKeys: [{ key: 'reader', scopes: ['read:user:admin'] }] });
    const reader = { authorization: 'Bearer reader' };
    assert.equal((await search(site, {}, reader)).status, 200);
    const suspend = await call(site, 'POST', `${USERS}/${u.ada}/suspend`, { headers: reader });
    assert.equal(suspend.status, 403);
    assert.match(suspend.json.errors[0].detail, /write:user:admin/);
    assert.equal(site.user(u.ada)?.status, 'active');
    assert.equal((await call(site, 'GET', `${ADMIN}/v1/orgs/${SAMPLE.orgId}`, { headers: reader })).status, 401);
    const lifecycle = await call(site, 'POST', `${LIFECYCLE}/${u.ada}/manage/lifecycle/disable`, {
      headers: reader,
      body: {},
    });
    assert.equal(lifecycle.status, 403);
    assert.deepEqual(lifecycle.json, { key: 'forbidden' });
  });

  test('Confluence needs a principal; a user without a seat is refused', async () => {
    const { site } = makeSite();
    assert.equal((await call(site, 'GET', `${WIKI}/rest/api/group`, { headers: {} })).status, 401);
    assert.equal(
      (await call(site, 'GET', `${WIKI}/rest/api/group`, { headers: { 'x-local-forge-principal': `user:${u.cy}` } }))
        .status,
      403,
    );
    assert.equal(
      (await call(site, 'GET', `${WIKI}/rest/api/group`, { headers: { 'x-local-forge-principal': `user:${u.jira}` } }))
        .status,
      403,
    );
    assert.equal(
      (await call(site, 'GET', `${WIKI}/rest/api/group`, { headers: { 'x-local-forge-principal': `user:${u.ada}` } }))
        .status,
      200,
    );
    const bulk = await call(site, 'POST', `${WIKI}/api/v2/users-bulk`, {
      headers: { 'x-local-forge-principal': `user:${u.dee}` },
      body: { accountIds: [u.ada] },
    });
    assert.equal(bulk.status, 404);
  });

  test('an organization other than the key’s answers 404', async () => {
    const { site } = makeSite();
    const answer = await call(site, 'POST', `${ADMIN}/v2/orgs/other-org/directories/-/users/search`, { body: {} });
    assert.equal(answer.status, 404);
    assert.equal(answer.json.errors[0].code, 'ADMIN-404-2');
    assert.equal(
      (await call(site, 'POST', `${ADMIN}/v2/orgs/${SAMPLE.orgId}/directories/nope/users/search`, { body: {} })).status,
      404,
    );
    assert.equal(
      (
        await call(site, 'POST', `${ADMIN}/v2/orgs/${SAMPLE.orgId}/directories/${site.directoryId}/users/search`, {
          body: {},
        })
      ).status,
      200,
    );
  });
});

describe('user search', () => {
  test('pages through 250 users in ascending accountId order, each exactly once', async () => {
    const { site } = makeSite({}, bigFile(250));
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(site, { limit: 100, ...(cursor ? { cursor } : {}) });
      assert.equal(page.status, 200);
      sizes.push(page.json.data.length);
      seen.push(...ids(page));
      cursor = page.json.links.next;
    } while (cursor);
    assert.deepEqual(sizes, [100, 100, 50]);
    assert.equal(new Set(seen).size, 250);
    assert.deepEqual(seen, [...seen].sort());
    assert.equal((await search(site)).json.data.length, 50, 'default limit is 50');
  });

  test('a cursor keeps the first request’s filters and rejects garbage', async () => {
    const { site } = makeSite({}, bigFile(250));
    const first = await search(site, { limit: 10, accountIds: ['u-001', 'u-002', 'u-003'], expand: ['productAccess'] });
    assert.deepEqual(ids(first), ['u-001', 'u-002', 'u-003']);
    assert.equal(first.json.links.next, undefined);
    const page1 = await search(site, { limit: 2, status: ['active'] });
    const page2 = await search(site, { limit: 50, status: ['suspended'], cursor: page1.json.links.next });
    assert.deepEqual(ids(page2), ['u-002', 'u-003']);
    const bad = await search(site, { cursor: 'not-a-cursor' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.errors[0].code, 'ADMIN-400-1');
  });

  test('a user removed between pages does not shift the next page', async () => {
    const { site } = makeSite({}, bigFile(30));
    const page1 = await search(site, { limit: 10 });
    assert.equal((await call(site, 'DELETE', `${USERS}/u-003`)).status, 204);
    const page2 = await search(site, { limit: 10, cursor: page1.json.links.next });
    assert.deepEqual(ids(page2), [
      'u-010',
      'u-011',
      'u-012',
      'u-013',
      'u-014',
      'u-015',
      'u-016',
      'u-017',
      'u-018',
      'u-019',
    ]);
  });

  test('lists only Atlassian accounts, with statuses mapped', async () => {
    const { site } = makeSite();
    const answer = await search(site, { limit: 100 });
    const byId = new Map(answer.json.data.map((user: { accountId: string }) => [user.accountId, user]));
    assert.ok(!byId.has(u.app) && !byId.has(u.customer));
    assert.equal(byId.size, 8);
    const statuses = (id: string) => {
      const user = byId.get(id) as { status: string; accountStatus: string; membershipStatus: string };
      return [user.status, user.accountStatus, user.membershipStatus];
    };
    assert.deepEqual(statuses(u.ada), ['active', 'active', 'active']);
    assert.deepEqual(statuses(u.cy), ['suspended', 'active', 'suspended']);
    assert.deepEqual(statuses(u.dee), ['deactivated', 'inactive', 'active']);
    assert.deepEqual(statuses(u.pending), ['for_deletion', 'inactive', 'active']);
    assert.equal((byId.get(u.eve) as { claimStatus: string }).claimStatus, 'unmanaged');
  });

  test('filters by status, account status, claim, email domain, emails, search term, groups and roles', async () => {
    const { site } = makeSite();
    const cases: Array<[unknown, string[]]> = [
      [{ status: ['suspended', 'deactivated'] }, [u.cy, u.dee]],
      [{ accountStatus: ['inactive'] }, [u.dee, u.pending]],
      [{ membershipStatus: ['suspended'] }, [u.cy]],
      [{ claimStatus: 'unmanaged' }, [u.eve]],
      [{ emailDomains: ['gmail.com'] }, [u.eve]],
      [{ emails: ['ADA@acme.com'] }, [u.ada]],
      // Whole addresses only, several at once, combined with the other filters (AND).
      [{ emails: ['ada@acme.com', 'bob@acme.com', 'acme.com', 'nobody@acme.com'] }, [u.ada, u.bob]],
      [{ emails: ['ada@acme.com', 'cy@acme.com'], status: ['suspended'] }, [u.cy]],
      [{ emails: ['ada@acme.com', 'bob@acme.com'], accountIds: [u.bob, u.cy] }, [u.bob]],
      [{ searchTerm: 'hop' }, [u.eve]],
      [{ groupIds: [g.contractors] }, [u.eve]],
      [{ groupIds: [g.jira, g.siteAdmins] }, [u.admin, u.jira]],
      [
        {
          resourceIds: [`ari:cloud:confluence::site/${SAMPLE.cloudId}`],
          roleIds: ['atlassian/user'],
          status: ['active'],
        },
        [u.ada, u.admin, u.bob, u.eve],
      ],
      [{ roleIds: ['atlassian/org-admin'] }, [u.admin]],
      [{ accountIds: [u.app, u.ada] }, [u.ada]],
    ];
    for (const [filter, expected] of cases) {
      const answer = await search(site, { limit: 100, ...(filter as object) });
      assert.equal(answer.status, 200, JSON.stringify(filter));
      assert.deepEqual(ids(answer), [...expected].sort(), JSON.stringify(filter));
    }
  });

  test('rejects invalid requests with 400', async () => {
    const { site } = makeSite();
    for (const body of [
      { limit: 101 },
      { emails: ['a@b.c'], searchTerm: 'a' },
      { emails: ['a@b.c', 'a@b.c'] },
      { emails: Array.from({ length: 101 }, (_, i) => `u${i}@b.c`) },
      { accountIds: Array.from({ length: 11 }, (_, i) => `a${i}`) },
      { statuses: ['active'] },
      { mfaEnabled: true },
      '{not json',
    ]) {
      const answer = await search(site, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(typeof answer.json.errors[0].detail, 'string');
    }
  });

  test('expand adds product access (every product held, dated when ever active), groups and platform roles', async () => {
    const { site } = makeSite();
    const answer = await search(site, {
      accountIds: [u.ada, u.eve, u.admin],
      expand: ['productAccess', 'groups', 'platformRoles', 'counts.resources'],
    });
    const [ada, admin, eve] = answer.json.data;
    assert.deepEqual(ada.productAccess, [
      {
        id: `ari:cloud:confluence::site/${SAMPLE.cloudId}`,
        key: 'confluence',
        lastActiveTimestamp: '2026-11-18T09:30:00.000Z',
      },
    ]);
    assert.deepEqual(eve.productAccess, [{ id: `ari:cloud:confluence::site/${SAMPLE.cloudId}`, key: 'confluence' }]);
    assert.deepEqual(
      ada.groups.map((group: { name: string }) => group.name),
      ['confluence-users-acme', 'engineering'],
    );
    assert.deepEqual(admin.platformRoles, ['atlassian/org-admin', 'atlassian/site-admin']);
    assert.deepEqual(ada.platformRoles, []);
    assert.deepEqual(admin.counts, { resources: 3 });
    const plain = await search(site, { accountIds: [u.ada] });
    assert.equal(plain.json.data[0].productAccess, undefined);
  });

  test('last-active-dates shows the site’s Confluence activity and when the user joined', async () => {
    const { site } = makeSite();
    const url = (id: string) => `${ADMIN}/v1/orgs/${SAMPLE.orgId}/directory/users/${id}/last-active-dates`;
    const ada = await call(site, 'GET', url(u.ada));
    assert.deepEqual(ada.json.data, {
      product_access: [
        {
          id: SAMPLE.cloudId,
          key: 'confluence',
          last_active: '2026-11-18',
          last_active_timestamp: '2026-11-18T09:30:00Z',
        },
      ],
      added_to_org: '2024-03-01',
      added_to_org_timestamp: '2024-03-01T00:00:00Z',
    });
    assert.deepEqual((await call(site, 'GET', url(u.eve))).json.data.product_access, []);
    site.setLastActive(u.eve, '2026-11-24T08:00:00Z');
    assert.equal((await call(site, 'GET', url(u.eve))).json.data.product_access[0].last_active, '2026-11-24');
    const app = await call(site, 'GET', url(u.app));
    assert.equal(app.status, 404);
    assert.equal(app.json.errors[0].code, 'ADMIN-404-8');
  });
});

describe('actions change state and show in later reads', () => {
  test('suspend keeps groups, is idempotent, and restore undoes it', async () => {
    const { site, clock } = makeSite();
    clock.advanceBy(60_000);
    assert.equal((await call(site, 'POST', `${USERS}/${u.bob}/suspend`)).status, 204);
    assert.equal((await call(site, 'POST', `${USERS}/${u.bob}/suspend`)).status, 204);
    assert.equal(site.user(u.bob)?.status, 'suspended');
    assert.deepEqual(site.user(u.bob)?.groups, [g.access]);
    assert.equal(site.hasConfluenceSeat(u.bob), false);
    assert.deepEqual((await search(site, { accountIds: [u.bob] })).json.data[0].status, 'suspended');
    assert.deepEqual(
      site.actionLog.map((entry) => [entry.action, entry.accountId, entry.at]),
      [['suspend', u.bob, '2026-11-25T00:01:00.000Z']],
      'the repeated suspend changed nothing',
    );
    assert.equal((await call(site, 'POST', `${USERS}/${u.bob}/restore`)).status, 204);
    assert.equal(site.user(u.bob)?.status, 'active');
    assert.equal(site.hasConfluenceSeat(u.bob), true);
  });

  test('suspending a deactivated user, or an app, is refused', async () => {
    const { site } = makeSite();
    const deactivated = await call(site, 'POST', `${USERS}/${u.dee}/suspend`);
    assert.equal(deactivated.status, 400);
    assert.equal(deactivated.json.errors[0].code, 'INVALID_USER_STATE');
    assert.equal((await call(site, 'POST', `${USERS}/${u.app}/suspend`)).status, 404);
    assert.equal((await call(site, 'POST', `${USERS}/nobody/suspend`)).status, 404);
    assert.equal(site.actionLog.length, 0);
  });

  test('removing a user from the access group frees the seat and shows in Confluence', async () => {
    const { site } = makeSite();
    const seats = site.seatCount();
    assert.equal((await call(site, 'DELETE', `${GROUPS}/${g.access}/memberships/${u.bob}`)).status, 204);
    assert.equal(site.seatCount(), seats - 1);
    const again = await call(site, 'DELETE', `${GROUPS}/${g.access}/memberships/${u.bob}`);
    assert.equal(again.status, 404);
    const members = await call(site, 'GET', `${WIKI}/rest/api/group/${g.access}/membersByGroupId`, { headers: AS_APP });
    assert.ok(!members.json.results.some((member: { accountId: string }) => member.accountId === u.bob));
    assert.equal(
      (await call(site, 'POST', `${GROUPS}/${g.access}/memberships`, { body: { accountId: u.bob } })).status,
      204,
    );
    const twice = await call(site, 'POST', `${GROUPS}/${g.access}/memberships`, { body: { accountId: u.bob } });
    assert.equal(twice.status, 409);
    assert.equal(site.seatCount(), seats);
    const after = await call(site, 'GET', `${WIKI}/rest/api/group/${g.access}/membersByGroupId`, { headers: AS_APP });
    const order = after.json.results.map((member: { accountId: string }) => member.accountId);
    assert.ok(order.includes(u.bob));
    assert.deepEqual(order, [...order].sort(), 'members stay in accountId order');
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(site, { limit: 2, groupIds: [g.access], ...(cursor ? { cursor } : {}) });
      paged.push(...ids(page));
      cursor = page.json.links.next;
    } while (cursor);
    assert.deepEqual(paged, [u.ada, u.admin, u.bob, u.cy, u.dee, u.eve, u.pending].sort());
    assert.equal((await call(site, 'POST', `${GROUPS}/nope/memberships`, { body: { accountId: u.bob } })).status, 404);
  });

  test('Confluence group writes need a site-admin user; the app is refused', async () => {
    const { site } = makeSite();
    const url = `${WIKI}/rest/api/group/userByGroupId?groupId=${g.access}&accountId=${u.bob}`;
    const asApp = await call(site, 'DELETE', url, { headers: AS_APP });
    assert.equal(asApp.status, 403);
    assert.equal(
      (await call(site, 'DELETE', url, { headers: { 'x-local-forge-principal': `user:${u.ada}` } })).status,
      403,
    );
    assert.ok(site.user(u.bob)?.groups.includes(g.access));
    const asAdmin = { 'x-local-forge-principal': `user:${u.admin}` };
    assert.equal((await call(site, 'DELETE', url, { headers: asAdmin })).status, 204);
    assert.equal((await call(site, 'DELETE', url, { headers: asAdmin })).status, 204, 'removing a non-member is a 204');
    assert.deepEqual(site.user(u.bob)?.groups, []);
    const add = await call(site, 'POST', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.access}`, {
      headers: asAdmin,
      body: { accountId: u.bob },
    });
    assert.equal(add.status, 201);
    assert.deepEqual(site.user(u.bob)?.groups, [g.access]);
  });

  test('lifecycle disable and enable, seen by users-bulk', async () => {
    const { site } = makeSite();
    assert.equal(
      (
        await call(site, 'POST', `${LIFECYCLE}/${u.bob}/manage/lifecycle/disable`, {
          body: { message: 'Inactive 200 days' },
        })
      ).status,
      204,
    );
    assert.equal(site.user(u.bob)?.status, 'deactivated');
    assert.deepEqual(site.actionLog[0]?.detail, { message: 'Inactive 200 days' });
    const bulk = await call(site, 'POST', `${WIKI}/api/v2/users-bulk`, {
      headers: AS_APP,
      body: { accountIds: [u.bob, u.cy, 'nobody'] },
    });
    assert.deepEqual(
      bulk.json.results.map((user: { accountId: string; accountStatus: string }) => [
        user.accountId,
        user.accountStatus,
      ]),
      [
        [u.bob, 'inactive'],
        [u.cy, 'active'],
      ],
    );
    assert.equal((await call(site, 'POST', `${LIFECYCLE}/${u.bob}/manage/lifecycle/enable`)).status, 204);
    assert.equal(site.user(u.bob)?.status, 'active');
    const unmanaged = await call(site, 'POST', `${LIFECYCLE}/${u.eve}/manage/lifecycle/disable`, { body: {} });
    assert.equal(unmanaged.status, 403);
    assert.equal(site.user(u.eve)?.status, 'active');
    assert.deepEqual((await call(site, 'POST', `${LIFECYCLE}/nobody/manage/lifecycle/disable`, { body: {} })).json, {
      key: 'accountNotFound',
    });
  });

  test('lifecycle delete: deactivated for a 14-day grace period, cancellable, then gone', async () => {
    const { site, clock } = makeSite();
    const deleted = await call(site, 'POST', `${LIFECYCLE}/${u.bob}/manage/lifecycle/delete`);
    assert.equal(deleted.status, 200);
    assert.equal(site.user(u.bob)?.status, 'deactivated');
    assert.equal((await search(site, { accountIds: [u.bob] })).json.data[0].status, 'for_deletion');
    const twice = await call(site, 'POST', `${LIFECYCLE}/${u.bob}/manage/lifecycle/delete`);
    assert.equal(twice.status, 409);
    assert.equal(twice.json.key, 'conflict.lifecycleErrors');
    assert.equal(
      (await call(site, 'POST', `${LIFECYCLE}/${u.bob}/manage/lifecycle/enable`)).status,
      409,
      'deleted accounts need cancel-delete first',
    );

    clock.advanceBy(13 * 24 * 3600 * 1000);
    assert.equal((await call(site, 'POST', `${LIFECYCLE}/${u.bob}/manage/lifecycle/cancel-delete`)).status, 200);
    assert.equal(site.user(u.bob)?.status, 'active');
    assert.equal(site.user(u.bob)?.deletionScheduledAt, undefined);
    assert.equal(
      (await call(site, 'POST', `${LIFECYCLE}/${u.bob}/manage/lifecycle/cancel-delete`)).json.key,
      'notFound',
    );

    assert.equal((await call(site, 'POST', `${LIFECYCLE}/${u.ada}/manage/lifecycle/delete`)).status, 200);
    clock.advanceBy(14 * 24 * 3600 * 1000);
    assert.equal(site.user(u.ada), undefined);
    assert.equal(
      (await call(site, 'GET', `${ADMIN}/v1/orgs/${SAMPLE.orgId}/directory/users/${u.ada}/last-active-dates`)).status,
      404,
    );
    assert.ok(!site.toSiteFile().users.some((user) => user.accountId === u.ada));
    assert.ok(!site.groupMembers(g.access).includes(u.ada));
    assert.ok(site.actionLog.some((entry) => entry.action === 'purged' && entry.accountId === u.ada));
  });

  test('the sample’s pending deletion completes on its own date, and org admins cannot be deleted', async () => {
    const { site, clock } = makeSite();
    assert.ok(site.user(u.pending));
    clock.advanceTo(Date.parse('2026-12-04T00:00:00Z'));
    assert.equal(site.user(u.pending), undefined);
    const admin = await call(site, 'POST', `${LIFECYCLE}/${u.admin}/manage/lifecycle/delete`);
    assert.equal(admin.status, 409);
    assert.equal(admin.json.context.errorCodes[0].code, 'ACCOUNT_IS_ORG_ADMIN');
  });

  test('removing a user from the directory takes away the user and the groups', async () => {
    const { site } = makeSite();
    assert.equal((await call(site, 'DELETE', `${USERS}/${u.bob}`)).status, 204);
    assert.equal(site.user(u.bob), undefined);
    assert.equal(
      (await call(site, 'GET', `${WIKI}/rest/api/user?accountId=${u.bob}`, { headers: AS_APP })).status,
      404,
    );
    assert.equal((await call(site, 'DELETE', `${USERS}/${u.bob}`)).status, 404);
  });
});

describe('Confluence reads', () => {
  test('groups by name, members paged by start and limit (at most 200)', async () => {
    const { site } = makeSite({}, bigFile(250));
    const groups = await call(site, 'GET', `${WIKI}/rest/api/group?limit=2`, { headers: AS_APP });
    assert.deepEqual(
      groups.json.results.map((group: { name: string }) => group.name),
      ['confluence-users-acme', 'contractors'],
    );
    assert.equal(groups.json._links.next, '/rest/api/group?start=2&limit=2');
    const access = await call(site, 'GET', `${WIKI}/rest/api/group?accessType=user`, { headers: AS_APP });
    assert.deepEqual(
      access.json.results.map((group: { id: string }) => group.id),
      [g.access],
    );
    const members: string[] = [];
    for (let start = 0; ; start += 200) {
      const page = await call(
        site,
        'GET',
        `${WIKI}/rest/api/group/${g.access}/membersByGroupId?start=${start}&limit=200&shouldReturnTotalSize=true`,
        { headers: AS_APP },
      );
      assert.equal(page.json.totalSize, 250);
      members.push(...page.json.results.map((member: { accountId: string }) => member.accountId));
      if (!page.json._links.next) break;
    }
    assert.equal(new Set(members).size, 250);
    assert.equal(
      (await call(site, 'GET', `${WIKI}/rest/api/group/${g.access}/membersByGroupId?limit=201`, { headers: AS_APP }))
        .status,
      400,
    );
  });

  test('users, the current user and emails', async () => {
    const { site } = makeSite();
    const user = await call(site, 'GET', `${WIKI}/rest/api/user?accountId=${u.ada}`, { headers: AS_APP });
    assert.equal(user.json.displayName, 'Ada Lovelace');
    assert.equal(user.json.accountType, 'atlassian');
    const me = await call(site, 'GET', `${WIKI}/rest/api/user/current`, {
      headers: { 'x-local-forge-principal': `user:${u.admin}` },
    });
    assert.equal(me.json.accountId, u.admin);
    const app = await call(site, 'GET', `${WIKI}/rest/api/user/current`, { headers: AS_APP });
    assert.equal(app.json.accountType, 'app');
    const email = await call(site, 'GET', `${WIKI}/rest/api/user/email?accountId=${u.eve}`, { headers: AS_APP });
    assert.deepEqual(email.json, { accountId: u.eve, email: 'eve.hopper@gmail.com' });
    assert.equal(
      (
        await call(site, 'GET', `${WIKI}/rest/api/user/email?accountId=${u.eve}`, {
          headers: { 'x-local-forge-principal': `user:${u.ada}` },
        })
      ).status,
      400,
    );
    const tooMany = await call(site, 'POST', `${WIKI}/api/v2/users-bulk`, {
      headers: AS_APP,
      body: { accountIds: Array.from({ length: 251 }, (_, index) => `x${index}`) },
    });
    assert.equal(tooMany.status, 400);
  });
});

describe('rate limits', () => {
  test('over the limit answers 429 with Retry-After and X-RateLimit headers; the next window refills', async () => {
    const { site, clock } = makeSite({ rateLimits: { lastActive: { limit: 3, windowSeconds: 60 } } });
    clock.advanceBy(15_000);
    const url = `${ADMIN}/v1/orgs/${SAMPLE.orgId}/directory/users/${u.ada}/last-active-dates`;
    const remaining: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const answer = await call(site, 'GET', url);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers['x-ratelimit-limit'], '3');
      assert.equal(answer.headers['x-ratelimit-reset'], '2026-11-25T00:01:00.000Z');
      remaining.push(answer.headers['x-ratelimit-remaining'] as string);
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const limited = await call(site, 'GET', url);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '45');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.deepEqual(Object.keys(limited.json).sort(), ['code', 'message']);
    assert.equal((await search(site)).status, 200, 'other buckets are not affected');
    clock.advanceBy(45_000);
    assert.equal((await call(site, 'GET', url)).status, 200);
    assert.equal(site.countRequests({ operation: 'admin.getLastActiveDates', status: 429 }), 1);
  });

  test('the default last-active limit is Atlassian’s published 200 a minute', async () => {
    const { site } = makeSite();
    const url = `${ADMIN}/v1/orgs/${SAMPLE.orgId}/directory/users/${u.ada}/last-active-dates`;
    for (let index = 0; index < 200; index += 1) assert.equal((await call(site, 'GET', url)).status, 200);
    assert.equal((await call(site, 'GET', url)).status, 429);
  });

  test('a rate-limited write changes nothing', async () => {
    const { site } = makeSite({ rateLimits: { admin: { limit: 1, windowSeconds: 60 } } });
    assert.equal((await search(site)).status, 200);
    assert.equal((await call(site, 'POST', `${USERS}/${u.bob}/suspend`)).status, 429);
    assert.equal(site.user(u.bob)?.status, 'active');
  });
});

describe('faults', () => {
  async function statuses(seed: number): Promise<number[]> {
    const { site } = makeSite({ faults: { rate5xx: 0.3, rate429: 0.2, seed } });
    const result: number[] = [];
    for (let index = 0; index < 40; index += 1) result.push((await search(site)).status);
    return result;
  }

  test('are the same for the same seed and differ for another', async () => {
    const first = await statuses(42);
    assert.deepEqual(await statuses(42), first);
    assert.notDeepEqual(await statuses(43), first);
    assert.ok(first.some((status) => status >= 500) && first.includes(429) && first.includes(200));
  });

  test('a 5xx before acting changes nothing', async () => {
    const { site } = makeSite({ faults: { rate5xx: 1, seed: 1 } });
    const answer = await call(site, 'POST', `${USERS}/${u.bob}/suspend`);
    assert.ok(answer.status >= 500);
    assert.equal(site.user(u.bob)?.status, 'active');
    assert.equal(site.requestLog[0]?.fault, 'error5xx');
  });

  test('a write can succeed and still answer 500', async () => {
    const { site } = makeSite({ faults: { writeSucceedsBut5xx: 1, seed: 1 } });
    const answer = await call(site, 'POST', `${USERS}/${u.bob}/suspend`);
    assert.equal(answer.status, 500);
    assert.equal(site.user(u.bob)?.status, 'suspended');
    assert.equal((await search(site)).status, 200, 'reads are not hit');
    assert.equal(site.countRequests({ operation: 'admin.suspendUser', status: 500 }), 1);
  });

  test('a spurious 429 names a Retry-After', async () => {
    const { site } = makeSite({ faults: { rate429: 1, seed: 3 } });
    const answer = await search(site);
    assert.equal(answer.status, 429);
    assert.ok(Number(answer.headers['retry-after']) >= 1 && Number(answer.headers['retry-after']) <= 5);
  });

  test('slow answers and latency take real time', async () => {
    const { site } = makeSite({ latencyMs: 15, faults: { slowRate: 1, slowMs: 25, seed: 1 } });
    const started = performance.now();
    assert.equal((await search(site)).status, 200);
    assert.ok(performance.now() - started >= 35);
    assert.equal(site.requestLog[0]?.fault, 'slow');
  });
});

describe('request log', () => {
  test('records every request, rejected ones and unknown routes included', async () => {
    const { site } = makeSite();
    await search(site, {}, {});
    await search(site);
    await call(site, 'GET', `${ADMIN}/v1/orgs/${SAMPLE.orgId}/domains`);
    await call(site, 'GET', 'https://example.com/anything');
    assert.deepEqual(
      site.requestLog.map((entry) => [entry.operation, entry.status, entry.principal]),
      [
        ['admin.searchUsers', 401, 'no-credentials'],
        ['admin.searchUsers', 200, 'org-api-key'],
        ['unknown', 404, '-'],
        ['unknown', 404, '-'],
      ],
    );
    assert.equal(site.countRequests({ operation: 'admin.searchUsers' }), 2);
    assert.equal(site.countRequests({ method: 'get', status: 404 }), 2);
    assert.equal(site.requestLog[0]?.at, '2026-11-25T00:00:00.000Z');
  });
});

describe('site file', () => {
  test('round-trips without loss, and keeps what the APIs changed', async () => {
    const original = sampleSiteFile();
    const { site } = makeSite({}, original);
    // "now" is the site's clock, written as a full ISO time; everything else comes back as it was read.
    assert.deepEqual(site.toSiteFile(), { ...parseSiteFile(original), now: '2026-11-25T00:00:00.000Z' });
    assert.deepEqual(parseSiteFile(JSON.parse(JSON.stringify(site.toSiteFile()))), site.toSiteFile());

    await call(site, 'POST', `${USERS}/${u.bob}/suspend`);
    await call(site, 'POST', `${LIFECYCLE}/${u.ada}/manage/lifecycle/delete`);
    const written = parseSiteFile(JSON.parse(JSON.stringify(site.toSiteFile())), 'written.json');
    assert.equal(written.users.find((user) => user.accountId === u.bob)?.status, 'suspended');
    assert.equal(
      written.users.find((user) => user.accountId === u.ada)?.deletionScheduledAt,
      '2026-11-25T00:00:00.000Z',
    );
    const reread = makeSite({}, written).site;
    assert.deepEqual(reread.toSiteFile(), written);
  });

  test('a bad file names the field and what is wrong', () => {
    const problems = (
      mutate: (file: Record<string, unknown> & { users: Array<Record<string, unknown>> }) => void,
    ): string => {
      const file = JSON.parse(JSON.stringify(sampleSiteFile()));
      mutate(file);
      try {
        parseSiteFile(file, 'acme.json');
      } catch (error) {
        assert.ok(error instanceof SiteFileError);
        assert.match(error.message, /acme\.json/);
        return error.problems.join('\n');
      }
      assert.fail('the file was accepted');
    };
    assert.match(
      problems((file) => {
        (file.users[3] as Record<string, unknown>).status = 'gone';
      }),
      /^users\[3\]\.status: expected one of active, suspended, deactivated$/m,
    );
    assert.match(
      problems((file) => {
        (file.users[0] as Record<string, unknown>).groups = ['g-missing'];
      }),
      /users\[0\]\.groups\[0\]: unknown group id 'g-missing'/,
    );
    assert.match(
      problems((file) => {
        (file.users[1] as Record<string, unknown>).accountId = SAMPLE.users.ada;
      }),
      /users\[1\]\.accountId: duplicate accountId 'u-ada'/,
    );
    assert.match(
      problems((file) => {
        delete (file.users[2] as Record<string, unknown>).managed;
      }),
      /users\[2\]\.managed: expected boolean, got nothing/,
    );
    assert.match(
      problems((file) => {
        (file.users[2] as Record<string, unknown>).lastActive = 'last tuesday';
      }),
      /users\[2\]\.lastActive: expected a day \(YYYY-MM-DD\) or an ISO date-time/,
    );
    assert.match(
      problems((file) => {
        (file.users[0] as Record<string, unknown>).lastactive = null;
      }),
      /users\[0\]: unknown field 'lastactive'/,
    );
  });
});

describe('performance', () => {
  test('a 100,000-user site answers a search page in a few milliseconds', async () => {
    const file = bigFile(0);
    file.users = Array.from({ length: 100_000 }, (_, index) => ({
      accountId: `712020:${String(index).padStart(8, '0')}`,
      name: `User ${index}`,
      email: `user${index}@acme.com`,
      accountType: 'atlassian' as const,
      managed: true,
      status: index % 50 === 0 ? ('suspended' as const) : ('active' as const),
      orgAdmin: false,
      groups: [g.access],
      addedToOrg: '2024-01-01',
      lastActive: '2026-11-01',
    }));
    const clock = new VirtualClock(SAMPLE.now);
    const site = SimulatedSite.fromSiteFile(file, {
      clock,
      rateLimits: { admin: { limit: 100_000, windowSeconds: 60 } },
    });
    let cursor: string | undefined;
    const times: number[] = [];
    for (let page = 0; page < 50; page += 1) {
      const started = performance.now();
      const answer = await search(site, {
        limit: 100,
        expand: ['productAccess', 'groups'],
        ...(cursor ? { cursor } : {}),
      });
      times.push(performance.now() - started);
      cursor = answer.json.links.next;
    }
    times.sort((a, b) => a - b);
    const median = times[25] as number;
    assert.ok(median < 5, `median page time ${median.toFixed(2)} ms`);
  });
});

describe('a real org: direct roles, synced groups, other products and sites, late activity (issue 16)', () => {
  /** The sample plus a direct-role user active in Jira, an IdP-synced access group, and a 24 h activity lag. */
  function orgFile(): SiteFile {
    const file = sampleSiteFile();
    file.site.activityLagHours = 24;
    file.groups.push({ id: 'g-sso', name: 'sso-confluence', grantsConfluenceAccess: true, synced: true });
    file.users.push({
      accountId: 'u-dora',
      name: 'Dora Direct',
      email: 'dora@acme.com',
      accountType: 'atlassian',
      managed: true,
      status: 'active',
      orgAdmin: false,
      groups: ['g-sso'],
      addedToOrg: '2024-01-01',
      lastActive: '2026-06-01',
      directAccess: true,
      directSiteAdmin: true,
      activity: [
        { product: 'jira-software', site: SAMPLE.cloudId, lastActive: '2026-11-20T08:00:00Z' },
        { product: 'confluence', site: 'cloud-2', lastActive: null },
      ],
    });
    return file;
  }
  const ROLES = `${ADMIN}/v1/orgs/${SAMPLE.orgId}/users`;
  const CONFLUENCE_USER = { resource: `ari:cloud:confluence::site/${SAMPLE.cloudId}`, role: 'atlassian/user' };

  test('the search lists every product and site the user holds, dated only when visible', async () => {
    const { site } = makeSite({}, orgFile());
    const [dora] = (await search(site, { accountIds: ['u-dora'], expand: ['productAccess', 'platformRoles'] })).json
      .data;
    assert.deepEqual(dora.productAccess, [
      {
        id: `ari:cloud:confluence::site/${SAMPLE.cloudId}`,
        key: 'confluence',
        lastActiveTimestamp: '2026-06-01T00:00:00.000Z',
      },
      {
        id: `ari:cloud:jira::site/${SAMPLE.cloudId}`,
        key: 'jira-software',
        lastActiveTimestamp: '2026-11-20T08:00:00.000Z',
      },
      { id: 'ari:cloud:confluence::site/cloud-2', key: 'confluence' },
    ]);
    assert.deepEqual(dora.platformRoles, ['atlassian/site-admin']);
  });

  test('role assignments say how each role is held; revoke takes the direct one, assign gives it back', async () => {
    const { site } = makeSite({}, orgFile());
    const roles = async () =>
      (await call(site, 'GET', `${USERS}/u-dora/role-assignments`)).json.data.find(
        (entry: { resourceId: string }) => entry.resourceId === CONFLUENCE_USER.resource,
      ).roleAssignments;
    assert.deepEqual(await roles(), [{ role: 'atlassian/user', roleAssignmentMethods: ['group_direct', 'direct'] }]);
    const revoked = await call(site, 'POST', `${ROLES}/u-dora/roles/revoke`, { body: CONFLUENCE_USER });
    assert.equal(revoked.status, 204);
    assert.deepEqual(await roles(), [{ role: 'atlassian/user', roleAssignmentMethods: ['group_direct'] }]);
    const again = await call(site, 'POST', `${ROLES}/u-dora/roles/revoke`, { body: CONFLUENCE_USER });
    assert.equal(again.status, 400, 'held through a group only: the group still grants it');
    assert.match(again.json.errors[0].detail, /only through groups/);
    assert.equal((await call(site, 'POST', `${ROLES}/u-dora/roles/assign`, { body: CONFLUENCE_USER })).status, 204);
    assert.equal(site.toSiteFile().users.find((user) => user.accountId === 'u-dora')?.directAccess, true);
    const bob = await call(site, 'POST', `${ROLES}/${u.bob}/roles/revoke`, { body: CONFLUENCE_USER });
    assert.equal(bob.status, 400, 'bob holds it through the access group only');
  });

  test('a synced group says so, and its members cannot be changed through the Admin API', async () => {
    const { site } = makeSite({}, orgFile());
    const groups = (await call(site, 'POST', `${GROUPS}/search`, { body: { groupIds: ['g-sso', g.access] } })).json
      .data;
    assert.deepEqual(
      groups.map((group: { name: string; externalSynced: boolean; managedBy: string }) => [
        group.name,
        group.externalSynced,
        group.managedBy,
      ]),
      [
        ['confluence-users-acme', false, 'admins'],
        ['sso-confluence', true, 'external'],
      ],
    );
    const add = await call(site, 'POST', `${GROUPS}/g-sso/memberships`, { body: { accountId: u.bob } });
    assert.equal(add.status, 403);
    assert.match(add.json.errors[0].detail, /You can't add a user to a group synced from an identity provider/);
    assert.equal((await call(site, 'DELETE', `${GROUPS}/g-sso/memberships/u-dora`)).status, 403);
    assert.deepEqual(site.toSiteFile().users.find((user) => user.accountId === 'u-dora')?.groups, ['g-sso']);
  });

  test('activity newer than the lag is invisible: a comeback shows the old date until a day has passed', async () => {
    const { site, clock } = makeSite({}, orgFile());
    const lastActive = async () => {
      const [dora] = (await search(site, { accountIds: ['u-dora'], expand: ['productAccess'] })).json.data;
      return dora.productAccess[0].lastActiveTimestamp;
    };
    const dates = async () =>
      (await call(site, 'GET', `${ADMIN}/v1/orgs/${SAMPLE.orgId}/directory/users/u-dora/last-active-dates`)).json.data
        .product_access;
    site.setLastActive('u-dora', '2026-11-24T22:00:00Z');
    assert.equal(await lastActive(), '2026-06-01T00:00:00.000Z', 'back after months: still shows June');
    assert.equal((await dates())[0].last_active, '2026-06-01');
    clock.advanceBy(21 * 60 * 60 * 1000);
    assert.equal(await lastActive(), '2026-06-01T00:00:00.000Z');
    clock.advanceBy(60 * 60 * 1000);
    assert.equal(await lastActive(), '2026-11-24T22:00:00.000Z', 'visible once the lag has passed');
  });

  test('without a lag (old site files) activity shows at once', async () => {
    const { site } = makeSite();
    site.setLastActive(u.bob, '2026-11-24T23:00:00Z');
    const [bob] = (await search(site, { accountIds: [u.bob], expand: ['productAccess'] })).json.data;
    assert.equal(bob.productAccess[0].lastActiveTimestamp, '2026-11-24T23:00:00.000Z');
  });

  test('a 429 comes without Retry-After when asked, still with the X-RateLimit headers', async () => {
    const { site } = makeSite({ retryAfter: false, rateLimits: { admin: { limit: 1, windowSeconds: 60 } } });
    assert.equal((await search(site)).status, 200);
    const limited = await search(site);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], undefined);
    assert.equal(limited.headers['x-ratelimit-reset'], '2026-11-25T00:01:00.000Z');
  });

  test('the new fields are validated with errors that name the field', () => {
    const bad = orgFile();
    const dora = bad.users.at(-1)!;
    dora.activity = [
      { product: 'confluence', site: SAMPLE.cloudId, lastActive: null },
      { product: 'jira-software', site: 'x', lastActive: null },
      { product: 'jira-software', site: 'x', lastActive: 'yesterday' },
    ];
    const app = bad.users.find((user) => user.accountId === u.app)!;
    app.directAccess = true;
    try {
      parseSiteFile({ ...bad, site: { ...bad.site, activityLagHours: -1 } }, 'org.json');
      assert.fail('expected a SiteFileError');
    } catch (error) {
      assert.ok(error instanceof SiteFileError);
      assert.deepEqual(error.problems, [
        'site.activityLagHours: expected a number of hours, 0 or more',
        'users[10].activity[2].lastActive: expected a day (YYYY-MM-DD) or an ISO date-time (e.g. 2026-05-02T10:00:00Z)',
      ]);
    }
    try {
      parseSiteFile(
        {
          ...bad,
          users: bad.users.map((user) => (user === dora ? { ...dora, activity: dora.activity!.slice(0, 2) } : user)),
        },
        'org.json',
      );
      assert.fail('expected a SiteFileError');
    } catch (error) {
      assert.ok(error instanceof SiteFileError);
      assert.deepEqual(error.problems, [
        'users[8]: only atlassian accounts hold product access through roles (activity, directAccess), this one is app',
        "users[10].activity[0]: this site's Confluence activity belongs in users[10].lastActive, not in activity",
      ]);
    }
    const { groups: _groups, ...unknownProduct } = { groups: 0, product: 'jira' };
    assert.throws(
      () =>
        parseSiteFile({ ...bad, users: [{ ...dora, activity: [{ ...unknownProduct, site: 'x', lastActive: null }] }] }),
      /users\[0\]\.activity\[0\]\.product: expected one of jira-software, jira-service-desk/,
    );
  });
});
