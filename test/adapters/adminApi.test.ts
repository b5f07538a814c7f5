import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createAdminApi } from '../../src/adapters/adminApi';
import { ApiError, type HttpTransport } from '../../src/adapters/http';

import { fakeAtlassian, type Reply, type Routes } from './fakeTransport';

const ORG = 'org-1111';
const CLOUD = 'cloud-2222';
const SITE_ARI = `ari:cloud:confluence::site/${CLOUD}`;
const V2 = `https://api.atlassian.com/admin/v2/orgs/${ORG}`;
const SEARCH_USERS = `POST ${V2}/directories/-/users/search`;
const ok = (body?: unknown, headers?: Record<string, string>): Reply => ({
  status: body === undefined ? 204 : 200,
  ...(body !== undefined ? { body } : {}),
  ...(headers ? { headers } : {}),
});

function api(routes: Routes, options: { orgId?: string | null; now?: Date } = {}) {
  const fake = fakeAtlassian(routes);
  const client = createAdminApi({
    apiKey: 'key-abc',
    cloudId: CLOUD,
    transport: fake.transport,
    ...(options.orgId === null ? {} : { orgId: options.orgId ?? ORG }),
    ...(options.now ? { now: () => options.now as Date } : {}),
  });
  return { client, requests: fake.requests };
}

/** A directory user shaped like the spec's MultiDirectoryUser example, with overrides. */
function directoryUser(overrides: Record<string, unknown>) {
  return {
    accountId: 'acc-1',
    accountType: 'atlassian',
    accountStatus: 'active',
    membershipStatus: 'active',
    status: 'active',
    claimStatus: 'unmanaged',
    name: 'John Doe',
    nickname: 'Jonny',
    email: 'email@example.com',
    emailVerified: true,
    addedToOrg: '2024-01-01T00:00:00.000Z',
    avatar: 'https://avatar.example.com/avatar.png',
    links: { self: 'ObSbZxpM1f1fzia2_GnuJw' },
    ...overrides,
  };
}

const userPage = (users: unknown[], next?: string) =>
  ok({ data: users, links: next ? { self: 's', next } : { self: 's' } });

describe('createAdminApi: searching users', () => {
  test('sends the v2 directory search with the expands, key and JSON headers', async () => {
    const { client, requests } = api({ [SEARCH_USERS]: userPage([]) });
    await client.searchUsers({ statuses: ['active', 'suspended'] });
    assert.equal(requests.length, 1);
    const [request] = requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.url, `${V2}/directories/-/users/search`);
    assert.deepEqual(request?.headers, {
      Authorization: 'Bearer key-abc',
      Accept: 'application/json',
      'Content-Type': 'application/json',
    });
    assert.deepEqual(request?.body, {
      limit: 100,
      expand: ['productAccess', 'groups', 'platformRoles'],
      status: ['active', 'suspended'],
    });
  });

  test("maps users: this site's Confluence activity, other products and sites, managed, admin roles, bare group ids", async () => {
    const { client } = api({
      [SEARCH_USERS]: userPage([
        directoryUser({
          accountId: 'admin-1',
          claimStatus: 'managed',
          platformRoles: ['atlassian/site-admin', 'atlassian/org-admin'],
          groups: [
            { id: 'ari:cloud:identity::group/g-users', name: 'confluence-users', description: null },
            { id: 'g-plain', name: 'plain id', description: null },
          ],
          productAccess: [
            { id: SITE_ARI, key: 'jira-software', lastActiveTimestamp: '2026-07-01T10:00:00Z' },
            {
              id: 'ari:cloud:confluence::site/other-site',
              key: 'confluence',
              lastActiveTimestamp: '2026-07-02T10:00:00Z',
            },
            { id: SITE_ARI, key: 'confluence', lastActiveTimestamp: '2025-11-06T23:07:29.936941226Z' },
          ],
        }),
        directoryUser({
          accountId: 'never-1',
          email: undefined,
          platformRoles: ['atlassian/site-admin'],
          productAccess: [
            {
              id: 'ari:cloud:confluence::site/other-site',
              key: 'confluence',
              lastActiveTimestamp: '2026-07-02T10:00:00Z',
            },
          ],
        }),
      ]),
    });
    const { users } = await client.searchUsers();
    assert.deepEqual(users, [
      {
        accountId: 'admin-1',
        name: 'John Doe',
        email: 'email@example.com',
        accountType: 'atlassian',
        status: 'active',
        managed: true,
        orgAdmin: true,
        groupIds: ['g-users', 'g-plain'],
        addedToOrg: '2024-01-01T00:00:00.000Z',
        lastActive: '2025-11-06T23:07:29.936Z',
        siteAccess: true,
        otherAccess: [
          { product: 'jira-software', site: CLOUD, thisSite: true, lastActive: '2026-07-01T10:00:00.000Z' },
          { product: 'confluence', site: 'other-site', thisSite: false, lastActive: '2026-07-02T10:00:00.000Z' },
        ],
        siteAdmin: true,
      },
      {
        accountId: 'never-1',
        name: 'John Doe',
        email: null,
        accountType: 'atlassian',
        status: 'active',
        managed: false,
        orgAdmin: false,
        groupIds: [],
        addedToOrg: '2024-01-01T00:00:00.000Z',
        lastActive: null,
        siteAccess: false,
        otherAccess: [
          { product: 'confluence', site: 'other-site', thisSite: false, lastActive: '2026-07-02T10:00:00.000Z' },
        ],
        siteAdmin: true,
      },
    ]);
  });

  test('maps statuses: suspended, for_deletion reads as deactivated, not_invited is left out', async () => {
    const { client } = api({
      [SEARCH_USERS]: userPage([
        directoryUser({ accountId: 's', membershipStatus: 'suspended', status: 'suspended' }),
        directoryUser({ accountId: 'd', accountStatus: 'inactive', status: 'deactivated' }),
        directoryUser({ accountId: 'f', accountStatus: 'inactive', status: 'for_deletion' }),
        directoryUser({ accountId: 'n', membershipStatus: 'no_membership', status: 'not_invited' }),
        directoryUser({ accountId: 'derived', status: undefined, membershipStatus: 'suspended' }),
      ]),
    });
    const { users } = await client.searchUsers();
    assert.deepEqual(
      users.map((u) => [u.accountId, u.status]),
      [
        ['s', 'suspended'],
        ['d', 'deactivated'],
        ['f', 'deactivated'],
        ['derived', 'suspended'],
      ],
    );
  });

  test('passes the cursor on and reports the next one until the last page', async () => {
    const { client, requests } = api({
      [SEARCH_USERS]: (request) =>
        (request.body as { cursor?: string }).cursor === 'page-2'
          ? userPage([directoryUser({ accountId: 'b' })])
          : userPage([directoryUser({ accountId: 'a' })], 'page-2'),
    });
    const first = await client.searchUsers({ limit: 50 });
    assert.equal(first.nextCursor, 'page-2');
    const second = await client.searchUsers({ limit: 50, cursor: first.nextCursor ?? undefined });
    assert.equal(second.nextCursor, null);
    assert.deepEqual(
      [...first.users, ...second.users].map((u) => u.accountId),
      ['a', 'b'],
    );
    assert.deepEqual(requests[1]?.body, {
      limit: 50,
      cursor: 'page-2',
      expand: ['productAccess', 'groups', 'platformRoles'],
    });
  });

  test('refuses a limit above 100 or more than 10 account ids before calling the API', async () => {
    const { client, requests } = api({});
    await assert.rejects(client.searchUsers({ limit: 101 }), RangeError);
    await assert.rejects(client.searchUsers({ accountIds: Array.from({ length: 11 }, (_, i) => `a${i}`) }), RangeError);
    assert.equal(requests.length, 0);
  });

  test('rejects a page whose users lack an accountId, naming the field', async () => {
    const { client } = api({ [SEARCH_USERS]: userPage([{ name: 'no id' }]) });
    await assert.rejects(client.searchUsers(), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'unavailable');
      assert.equal(error.retryable, false);
      assert.match(error.message, /data the app does not understand at data\.0\.accountId/);
      return true;
    });
  });
});

describe('createAdminApi: organization', () => {
  test('discovers the org id from the key once and uses it for later calls', async () => {
    const { client, requests } = api(
      {
        'GET https://api.atlassian.com/admin/v1/orgs': ok({
          data: [{ id: ORG, type: 'orgs', attributes: { name: 'Acme' }, links: { self: 'x' }, relationships: {} }],
          links: {},
        }),
        [SEARCH_USERS]: userPage([]),
      },
      { orgId: null },
    );
    assert.deepEqual(await client.getOrganization(), { id: ORG, name: 'Acme' });
    await client.searchUsers();
    await client.searchUsers();
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.url}`),
      ['GET https://api.atlassian.com/admin/v1/orgs', SEARCH_USERS, SEARCH_USERS],
    );
  });

  test('asks for the org id when the key reaches several organizations', async () => {
    const org = (id: string, name: string) => ({
      id,
      type: 'orgs',
      attributes: { name },
      links: { self: 'x' },
      relationships: {},
    });
    const { client } = api(
      { 'GET https://api.atlassian.com/admin/v1/orgs': ok({ data: [org('o1', 'Acme'), org('o2', 'Beta')] }) },
      { orgId: null },
    );
    await assert.rejects(client.getOrganization(), /2 organizations \(Acme, Beta\): enter the organization id/);
  });

  test('reads a configured org by id', async () => {
    const { client, requests } = api({
      [`GET https://api.atlassian.com/admin/v1/orgs/${ORG}`]: ok({
        data: { id: ORG, type: 'orgs', attributes: { name: 'Acme' }, links: { self: 'x' }, relationships: {} },
      }),
    });
    assert.deepEqual(await client.getOrganization(), { id: ORG, name: 'Acme' });
    assert.equal(requests.length, 1);
  });
});

describe('createAdminApi: last active dates', () => {
  const lastActiveUrl = (accountId: string) =>
    `https://api.atlassian.com/admin/v1/orgs/${ORG}/directory/users/${encodeURIComponent(accountId)}/last-active-dates`;

  test("walks the pages and keeps this site's Confluence entry only", async () => {
    const url = lastActiveUrl('557058:abc');
    const { client, requests } = api({
      [`GET ${url}`]: ok({
        data: {
          added_to_org: '2023-02-01',
          added_to_org_timestamp: '2023-02-01T08:00:00Z',
          product_access: [
            {
              id: CLOUD,
              key: 'jira-software',
              last_active: '2026-07-01',
              last_active_timestamp: '2026-07-01T09:00:00Z',
            },
            {
              id: 'other-cloud',
              key: 'confluence',
              last_active: '2026-07-05',
              last_active_timestamp: '2026-07-05T09:00:00Z',
            },
          ],
        },
        links: { next: 'c2' },
      }),
      [`GET ${url}?cursor=c2`]: ok({
        data: {
          product_access: [
            { id: CLOUD, key: 'confluence', last_active: '2026-06-15', last_active_timestamp: '2026-06-15T12:30:00Z' },
          ],
        },
        links: {},
      }),
    });
    assert.deepEqual(await client.getLastActive('557058:abc'), {
      lastActive: '2026-06-15T12:30:00.000Z',
      addedToOrg: '2023-02-01T08:00:00.000Z',
    });
    assert.equal(requests[0]?.url, url);
    assert.match(url, /557058%3Aabc/);
  });

  test('stops when the API hands back a cursor it already gave', async () => {
    const url = lastActiveUrl('loop');
    const page = ok({ data: { product_access: [] }, links: { next: 'same' } });
    const { client, requests } = api({ [`GET ${url}`]: page, [`GET ${url}?cursor=same`]: page });
    assert.deepEqual(await client.getLastActive('loop'), { lastActive: null, addedToOrg: null });
    assert.equal(requests.length, 2);
  });

  test('never active: an empty product_access gives null; a date without time reads as the end of that day', async () => {
    const { client } = api({
      [`GET ${lastActiveUrl('never')}`]: ok({ data: { added_to_org: '2024-03-09', product_access: [] } }),
      [`GET ${lastActiveUrl('dated')}`]: ok({
        data: { product_access: [{ id: SITE_ARI, key: 'confluence', last_active: '2026-01-02' }] },
      }),
    });
    assert.deepEqual(await client.getLastActive('never'), { lastActive: null, addedToOrg: '2024-03-09T23:59:59.999Z' });
    assert.deepEqual(await client.getLastActive('dated'), { lastActive: '2026-01-02T23:59:59.999Z', addedToOrg: null });
  });
});

describe('createAdminApi: suspend and restore', () => {
  const directoriesOf = (accountId: string) =>
    `GET ${V2}/directories?accountId=${encodeURIComponent(accountId)}&limit=100`;

  test('suspends the user in each directory that holds them', async () => {
    const { client, requests } = api({
      [directoriesOf('u:1')]: ok({
        data: [
          { directoryId: 'dir-a', name: 'Primary' },
          { directoryId: 'dir-b', name: 'IdP' },
        ],
        links: {},
      }),
      [`POST ${V2}/directories/dir-a/users/u%3A1/suspend`]: ok(),
      [`POST ${V2}/directories/dir-b/users/u%3A1/suspend`]: ok(),
    });
    assert.equal(await client.suspend('u:1'), 'done');
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.url}`),
      [
        directoriesOf('u:1'),
        `POST ${V2}/directories/dir-a/users/u%3A1/suspend`,
        `POST ${V2}/directories/dir-b/users/u%3A1/suspend`,
      ],
    );
    assert.equal(requests[1]?.body, undefined);
  });

  test('answers already when a refused suspend finds the user suspended', async () => {
    const { client, requests } = api({
      [directoriesOf('u1')]: ok({ data: [{ directoryId: 'dir-a' }] }),
      [`POST ${V2}/directories/dir-a/users/u1/suspend`]: {
        status: 409,
        body: { errors: [{ code: 'ADMIN-409-28', title: 'Conflict' }] },
      },
      [SEARCH_USERS]: userPage([
        directoryUser({ accountId: 'u1', membershipStatus: 'suspended', status: 'suspended' }),
      ]),
    });
    assert.equal(await client.suspend('u1'), 'already');
    assert.deepEqual(requests[2]?.body, {
      limit: 1,
      accountIds: ['u1'],
      expand: ['productAccess', 'groups', 'platformRoles'],
    });
  });

  test('keeps the refusal when the user is still active', async () => {
    const { client } = api({
      [directoriesOf('u1')]: ok({ data: [{ directoryId: 'dir-a' }] }),
      [`POST ${V2}/directories/dir-a/users/u1/suspend`]: {
        status: 400,
        body: { errors: [{ detail: 'Cannot suspend an org admin' }] },
      },
      [SEARCH_USERS]: userPage([directoryUser({ accountId: 'u1' })]),
    });
    await assert.rejects(client.suspend('u1'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'badRequest');
      assert.equal(error.operation, 'suspend');
      assert.match(error.message, /Cannot suspend an org admin/);
      return true;
    });
  });

  test('restores in each directory', async () => {
    const { client } = api({
      [directoriesOf('u1')]: ok({ data: [{ directoryId: 'dir-a' }] }),
      [`POST ${V2}/directories/dir-a/users/u1/restore`]: ok(),
    });
    assert.equal(await client.restore('u1'), 'done');
  });

  test('a user in no directory is already suspended, but cannot be restored', async () => {
    const { client } = api({
      [directoriesOf('gone')]: ok({ data: [] }),
      [directoriesOf('odd')]: ok({ data: [] }),
      [SEARCH_USERS]: (request) =>
        userPage(
          (request.body as { accountIds: string[] }).accountIds[0] === 'odd'
            ? [directoryUser({ accountId: 'odd' })]
            : [],
        ),
    });
    assert.equal(await client.suspend('gone'), 'already');
    await assert.rejects(
      client.restore('gone'),
      (error: unknown) => error instanceof ApiError && error.kind === 'notFound',
    );
    // Active per the user search yet in no directory: the client does not pretend the suspension happened.
    await assert.rejects(client.suspend('odd'), /shows no directory holding user odd/);
  });
});

describe('createAdminApi: groups', () => {
  const SEARCH_GROUPS = `POST ${V2}/directories/-/groups/search`;
  const group = (id: string, name: string, directoryId = 'dir-a') => ({ id, name, directoryId, managedBy: 'admins' });

  test('lists access groups by role on this site, page by page', async () => {
    const { client, requests } = api({
      [SEARCH_GROUPS]: (request) =>
        (request.body as { cursor?: string }).cursor
          ? ok({ data: [group('g2', 'confluence-users-2')], links: {} })
          : ok({ data: [group('g1', 'confluence-users')], links: { next: 'n1' } }),
    });
    assert.deepEqual(await client.listAccessGroups(), [
      { id: 'g1', name: 'confluence-users' },
      { id: 'g2', name: 'confluence-users-2' },
    ]);
    assert.deepEqual(requests[0]?.body, { limit: 100, resourceIds: [SITE_ARI], roleIds: ['atlassian/user'] });
    assert.deepEqual(requests[1]?.body, {
      limit: 100,
      resourceIds: [SITE_ARI],
      roleIds: ['atlassian/user'],
      cursor: 'n1',
    });
  });

  test('searches groups by name and returns the cursor', async () => {
    const { client, requests } = api({ [SEARCH_GROUPS]: ok({ data: [group('g1', 'eng')], links: { next: 'n2' } }) });
    assert.deepEqual(await client.searchGroups({ name: 'eng' }), {
      groups: [{ id: 'g1', name: 'eng' }],
      nextCursor: 'n2',
    });
    assert.deepEqual(requests[0]?.body, { limit: 100, searchTerm: 'eng' });
  });

  test("adds to a group in the group's directory, learned once", async () => {
    const { client, requests } = api({
      [SEARCH_GROUPS]: ok({ data: [group('g1', 'confluence-users', 'dir-z')] }),
      [`POST ${V2}/directories/dir-z/groups/g1/memberships`]: ok(),
    });
    assert.equal(await client.addToGroup('g1', 'u1'), 'done');
    assert.equal(await client.addToGroup('g1', 'u2'), 'done');
    assert.deepEqual(
      requests.map((r) => [r.url, r.body]),
      [
        [`${V2}/directories/-/groups/search`, { limit: 100, groupIds: ['g1'] }],
        [`${V2}/directories/dir-z/groups/g1/memberships`, { accountId: 'u1' }],
        [`${V2}/directories/dir-z/groups/g1/memberships`, { accountId: 'u2' }],
      ],
    );
    assert.deepEqual(client.metrics.calls, { findGroup: 1, addToGroup: 2 });
  });

  test('a 409 on add is already when the user is in the group, else the user limit', async () => {
    const conflict = { status: 409, body: { errors: [{ code: 'ADMIN-409-3', title: 'License limit exceeded' }] } };
    const { client } = api({
      [SEARCH_GROUPS]: ok({ data: [group('g1', 'confluence-users')] }),
      [`POST ${V2}/directories/dir-a/groups/g1/memberships`]: conflict,
      [SEARCH_USERS]: (request) =>
        (request.body as { accountIds: string[] }).accountIds[0] === 'member'
          ? userPage([
              directoryUser({ accountId: 'member', groups: [{ id: 'ari:cloud:identity::group/g1', name: 'x' }] }),
            ])
          : userPage([directoryUser({ accountId: 'outsider', groups: [] })]),
    });
    assert.equal(await client.addToGroup('g1', 'member'), 'already');
    await assert.rejects(client.addToGroup('g1', 'outsider'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'conflict');
      assert.equal(error.code, 'ADMIN-409-3');
      assert.match(error.message, /user limit is reached/);
      return true;
    });
  });

  test('removing a non-member answers already; a member is removed', async () => {
    const { client } = api({
      [SEARCH_GROUPS]: ok({ data: [group('g1', 'confluence-users')] }),
      [`DELETE ${V2}/directories/dir-a/groups/g1/memberships/gone`]: {
        status: 404,
        body: { errors: [{ code: 'ADMIN-404-8' }] },
      },
      [`DELETE ${V2}/directories/dir-a/groups/g1/memberships/member`]: ok(),
      [SEARCH_USERS]: userPage([directoryUser({ accountId: 'gone', groups: [{ id: 'g-other' }] })]),
    });
    assert.equal(await client.removeFromGroup('g1', 'gone'), 'already');
    assert.equal(await client.removeFromGroup('g1', 'member'), 'done');
  });

  test('an unknown group is a notFound error naming it', async () => {
    const { client } = api({ [SEARCH_GROUPS]: ok({ data: [] }) });
    await assert.rejects(client.removeFromGroup('g-deleted', 'u1'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'notFound');
      assert.match(error.message, /group g-deleted/);
      return true;
    });
  });
});

describe('createAdminApi: lifecycle of managed accounts', () => {
  const lifecycle = (accountId: string, action: string) =>
    `POST https://api.atlassian.com/users/${encodeURIComponent(accountId)}/manage/lifecycle/${action}`;

  test('deactivates with the message as body, reactivates without one', async () => {
    const { client, requests } = api({ [lifecycle('u:1', 'disable')]: ok(), [lifecycle('u:1', 'enable')]: ok() });
    assert.equal(await client.deactivate('u:1', 'Inactive for 90 days'), 'done');
    assert.equal(await client.activate('u:1'), 'done');
    assert.equal(requests[0]?.url, 'https://api.atlassian.com/users/u%3A1/manage/lifecycle/disable');
    assert.deepEqual(requests[0]?.body, { message: 'Inactive for 90 days' });
    assert.equal(requests[0]?.headers.Authorization, 'Bearer key-abc');
    assert.equal(requests[1]?.body, undefined);
  });

  test('deletion and its cancellation answer 200 with a message', async () => {
    const { client } = api({
      [lifecycle('u1', 'delete')]: ok({ message: 'scheduled' }),
      [lifecycle('u1', 'cancel-delete')]: ok({ message: 'cancelled' }),
    });
    assert.equal(await client.deleteAccount('u1'), 'done');
    assert.equal(await client.cancelDelete('u1'), 'done');
  });

  test('a 409 on an account already deactivated or scheduled for deletion answers already', async () => {
    const lifecycleConflict = {
      status: 409,
      body: {
        key: 'conflict.lifecycleErrors',
        context: { accountId: 'u1', message: 'not eligible', errorCodes: [{ code: 'x' }] },
      },
    };
    const { client } = api({
      [lifecycle('u1', 'disable')]: lifecycleConflict,
      [lifecycle('u1', 'delete')]: lifecycleConflict,
      [SEARCH_USERS]: userPage([directoryUser({ accountId: 'u1', accountStatus: 'inactive', status: 'for_deletion' })]),
    });
    assert.equal(await client.deactivate('u1'), 'already');
    assert.equal(await client.deleteAccount('u1'), 'already');
  });

  test('a 409 on an account still active keeps the lifecycle error and its reasons', async () => {
    const { client } = api({
      [lifecycle('u1', 'delete')]: {
        status: 409,
        body: {
          key: 'conflict.lifecycleErrors',
          context: {
            accountId: 'u1',
            message: "This account isn't eligible",
            errorCodes: [{ code: 'ORG_ADMIN', message: 'User is an org admin' }],
          },
        },
      },
      [SEARCH_USERS]: userPage([directoryUser({ accountId: 'u1' })]),
    });
    await assert.rejects(client.deleteAccount('u1'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'conflict');
      assert.equal(error.code, 'conflict.lifecycleErrors');
      assert.match(error.message, /user management API refused to delete a managed account/);
      assert.match(error.message, /User is an org admin/);
      return true;
    });
  });

  test('a 403 for an account synced by SCIM says to change it in the identity provider', async () => {
    const { client } = api({
      [lifecycle('u1', 'disable')]: {
        status: 403,
        body: { key: 'forbidden.action', context: { allowed: false, reason: { key: 'externalDirectory.scim' } } },
      },
    });
    await assert.rejects(client.deactivate('u1'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'forbidden');
      assert.match(error.message, /cannot deactivate a managed account \(403\)/);
      assert.match(error.message, /identity provider \(SCIM\)/);
      return true;
    });
  });
});

describe('createAdminApi: errors, rate limits and metrics', () => {
  const now = new Date('2026-08-01T12:00:00Z');

  /** Runs a user search against one canned answer (or a transport that throws) and returns the ApiError. */
  async function failure(reply: Reply | Error): Promise<ApiError> {
    const transport: HttpTransport = async (url, init) => {
      if (reply instanceof Error) throw reply;
      return fakeAtlassian({ [`${init.method} ${url}`]: reply }).transport(url, init);
    };
    const client = createAdminApi({ apiKey: 'k', orgId: ORG, cloudId: CLOUD, transport, now: () => now });
    try {
      await client.searchUsers();
    } catch (error) {
      assert.ok(error instanceof ApiError);
      return error;
    }
    throw new Error('expected searchUsers to fail');
  }

  test('401 names the key problem and where to make a new key', async () => {
    const error = await failure({ status: 401, body: { code: 401, message: 'Unauthorized' } });
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.status, 401);
    assert.equal(error.retryable, false);
    assert.equal(error.operation, 'searchUsers');
    assert.match(error.message, /^The organization API key was rejected \(401\): it may have expired or been revoked/);
    assert.match(error.message, /admin\.atlassian\.com → Settings → API keys/);
  });

  test('403 names the operation the key cannot do', async () => {
    const error = await failure({
      status: 403,
      body: { errors: [{ code: 'ADMIN-403-3', title: 'Not allowed to manage the org' }] },
    });
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.code, 'ADMIN-403-3');
    assert.match(
      error.message,
      /^The organization API key cannot search the organization's users \(403\): it lacks the needed scope/,
    );
    assert.match(error.message, /Not allowed to manage the org/);
  });

  test('429 carries Retry-After seconds', async () => {
    const error = await failure({
      status: 429,
      headers: { 'Retry-After': '30' },
      body: { code: 429, message: 'Too many' },
    });
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterSeconds, 30);
    assert.match(error.message, /rate limiting the app \(429\).*30 s/);
  });

  test('429 reads Retry-After as an HTTP date, else X-RateLimit-Reset, else waits 60 s', async () => {
    const asDate = await failure({ status: 429, headers: { 'Retry-After': 'Sat, 01 Aug 2026 12:01:30 GMT' } });
    assert.equal(asDate.retryAfterSeconds, 90);
    const fromReset = await failure({ status: 429, headers: { 'X-RateLimit-Reset': '2026-08-01T12:00:45Z' } });
    assert.equal(fromReset.retryAfterSeconds, 45);
    const none = await failure({ status: 429 });
    assert.equal(none.retryAfterSeconds, 60);
  });

  test('5xx is unavailable and retryable; a thrown transport is a retryable network error', async () => {
    const serverError = await failure({ status: 503, body: '<html>Service Unavailable</html>' });
    assert.equal(serverError.kind, 'unavailable');
    assert.equal(serverError.retryable, true);
    assert.doesNotMatch(serverError.message, /<html>/);
    const network = await failure(new Error('ECONNRESET'));
    assert.equal(network.kind, 'network');
    assert.equal(network.retryable, true);
    assert.match(
      network.message,
      /Could not reach the Atlassian Admin API to search the organization's users: ECONNRESET/,
    );
  });

  test('counts calls per operation and keeps the last rate-limit headers', async () => {
    const { client } = api({
      [SEARCH_USERS]: ok(
        { data: [] },
        { 'X-RateLimit-Remaining': '17', 'X-RateLimit-Limit': '100', 'X-RateLimit-Reset': '2026-08-01T12:01:00Z' },
      ),
      [`GET https://api.atlassian.com/admin/v1/orgs/${ORG}/directory/users/u1/last-active-dates`]: ok({
        data: { product_access: [] },
      }),
    });
    assert.equal(client.lastRateLimit, null);
    await client.searchUsers();
    await client.searchUsers();
    assert.deepEqual(client.lastRateLimit, {
      remaining: 17,
      limit: 100,
      reset: '2026-08-01T12:01:00Z',
      operation: 'searchUsers',
    });
    await client.getLastActive('u1');
    assert.deepEqual(client.metrics.calls, { searchUsers: 2, getLastActive: 1 });
    assert.deepEqual(client.lastRateLimit, { remaining: null, limit: null, reset: null, operation: 'getLastActive' });
  });
});
