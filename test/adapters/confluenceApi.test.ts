import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createConfluenceApi } from '../../src/adapters/confluenceApi';
import { ApiError } from '../../src/adapters/http';

import { fakeAtlassian, type Reply, type Routes } from './fakeTransport';

function confluence(routes: Routes) {
  const { transport, requests } = fakeAtlassian(routes);
  return { client: createConfluenceApi({ transport }), requests };
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const group = (id: string, name: string) => ({
  type: 'group',
  id,
  name,
  usageType: 'USERBASE_GROUP',
  managedBy: 'ADMINS',
  _links: { self: 'x' },
});
const groupPage = (groups: unknown[], start: number, next: boolean) => ({
  results: groups,
  start,
  limit: 200,
  size: groups.length,
  _links: next
    ? { base: 'https://acme.atlassian.net/wiki', next: `/rest/api/group?start=${start + groups.length}` }
    : { base: 'b' },
});
/** A v1 User as the spec shapes it. */
const v1User = (accountId: string, overrides: Record<string, unknown> = {}) => ({
  type: 'known',
  accountId,
  accountType: 'atlassian',
  email: `${accountId}@example.com`,
  publicName: `public ${accountId}`,
  displayName: `Display ${accountId}`,
  isGuest: false,
  profilePicture: { path: '/p.png', width: 48, height: 48, isDefault: true },
  ...overrides,
});

describe('createConfluenceApi: groups', () => {
  test('walks every page of the site-admin groups, following _links.next with start/limit', async () => {
    const { client, requests } = confluence({
      'GET /wiki/rest/api/group?accessType=site-admin&start=0&limit=200': ok(
        groupPage([group('g1', 'administrators'), group('g2', 'jira-admins')], 0, true),
      ),
      'GET /wiki/rest/api/group?accessType=site-admin&start=2&limit=200': ok(
        groupPage([group('g3', 'site-admins')], 2, false),
      ),
      'GET /wiki/rest/api/user/memberof?accountId=boss&start=0&limit=200': ok(
        groupPage([group('g3', 'site-admins')], 0, false),
      ),
    });
    assert.equal(await client.isSiteAdmin('boss'), true, 'a member of the admin group on the second page');
    assert.equal(requests.length, 3);
    assert.deepEqual(requests[0]?.headers, { Accept: 'application/json' });
  });

  test('lists a page of members with their account type; app accounts are marked, null entries skipped', async () => {
    const { client, requests } = confluence({
      'GET /wiki/rest/api/group/g%201/membersByGroupId?start=0&limit=2': ok({
        results: [v1User('u1'), v1User('bot', { accountType: 'app', email: '' }), null],
        start: 0,
        limit: 2,
        size: 3,
        _links: { next: '/rest/api/group/g%201/membersByGroupId?start=3' },
      }),
      'GET /wiki/rest/api/group/g%201/membersByGroupId?start=3&limit=2': ok({
        results: [v1User('u3', { accountType: '', displayName: null })],
        start: 3,
        limit: 2,
        size: 1,
        _links: {},
      }),
    });
    const first = await client.listGroupMembers('g 1', { limit: 2 });
    assert.deepEqual(first, {
      members: [
        { accountId: 'u1', displayName: 'Display u1', email: 'u1@example.com', accountType: 'atlassian' },
        { accountId: 'bot', displayName: 'Display bot', email: null, accountType: 'app' },
      ],
      nextStart: 3,
    });
    const second = await client.listGroupMembers('g 1', { start: 3, limit: 2 });
    assert.deepEqual(second, {
      members: [{ accountId: 'u3', displayName: 'public u3', email: 'u3@example.com', accountType: 'unknown' }],
      nextStart: null,
    });
    assert.equal(requests.length, 2);
  });

  test('refuses a member page above 200 before calling Confluence', async () => {
    const { client, requests } = confluence({});
    await assert.rejects(client.listGroupMembers('g1', { limit: 201 }), RangeError);
    assert.equal(requests.length, 0);
  });
});

describe('createConfluenceApi: emails', () => {
  test('reads an email; an unknown user gives null; an unapproved app is a badRequest', async () => {
    const { client } = confluence({
      'GET /wiki/rest/api/user/email?accountId=u%3A1': ok({ accountId: 'u:1', email: 'ann@example.com' }),
      'GET /wiki/rest/api/user/email?accountId=nobody': { status: 404 },
      'GET /wiki/rest/api/user/email?accountId=x': {
        status: 400,
        body: { statusCode: 400, message: 'App not approved' },
      },
    });
    assert.equal(await client.getUserEmail('u:1'), 'ann@example.com');
    assert.equal(await client.getUserEmail('nobody'), null);
    await assert.rejects(client.getUserEmail('x'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'badRequest');
      assert.match(error.message, /App not approved/);
      return true;
    });
  });
});

describe('createConfluenceApi: site admins', () => {
  test('a member of a site-admin group is a site admin; the admin groups are read once', async () => {
    const { client, requests } = confluence({
      'GET /wiki/rest/api/group?accessType=site-admin&start=0&limit=200': ok(
        groupPage([group('g-admins', 'site-admins')], 0, false),
      ),
      'GET /wiki/rest/api/user/memberof?accountId=boss&start=0&limit=200': ok(
        groupPage([group('g-users', 'confluence-users'), group('g-admins', 'site-admins')], 0, false),
      ),
      'GET /wiki/rest/api/user/memberof?accountId=worker&start=0&limit=200': ok(
        groupPage([group('g-users', 'confluence-users')], 0, false),
      ),
    });
    assert.equal(await client.isSiteAdmin('boss'), true);
    assert.equal(await client.isSiteAdmin('worker'), false);
    assert.deepEqual(client.metrics.calls, { listSiteAdminGroups: 1, listUserGroups: 2 });
    assert.equal(requests.length, 3);
  });
});

describe('createConfluenceApi: errors', () => {
  test("401 and 403 speak of the app's credentials and permissions", async () => {
    const { client } = confluence({
      'GET /wiki/rest/api/user/email?accountId=u1': { status: 401 },
      'GET /wiki/rest/api/group/g1/membersByGroupId?start=0&limit=200': {
        status: 403,
        body: { statusCode: 403, message: 'Forbidden' },
      },
    });
    await assert.rejects(client.getUserEmail('u1'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'unauthorized');
      assert.match(error.message, /Confluence rejected the app's credentials \(401\)/);
      return true;
    });
    await assert.rejects(client.listGroupMembers('g1'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'forbidden');
      assert.match(error.message, /The app is not allowed to list a group's members \(403\)/);
      return true;
    });
  });

  test('429 carries Retry-After and the rate-limit headers are kept', async () => {
    const { client } = confluence({
      'GET /wiki/rest/api/user/email?accountId=u1': {
        status: 429,
        headers: { 'Retry-After': '12', 'X-RateLimit-Remaining': '0' },
      },
    });
    await assert.rejects(client.getUserEmail('u1'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'rateLimited');
      assert.equal(error.retryable, true);
      assert.equal(error.retryAfterSeconds, 12);
      return true;
    });
    assert.equal(client.lastRateLimit?.remaining, 0);
  });

  test('a 502 is retryable; a 501 (API not enabled) is not', async () => {
    const { client } = confluence({
      'GET /wiki/rest/api/group/g1/membersByGroupId?start=0&limit=200': { status: 502 },
      'GET /wiki/rest/api/user/email?accountId=u1': { status: 501 },
    });
    await assert.rejects(
      client.listGroupMembers('g1'),
      (error: unknown) => error instanceof ApiError && error.kind === 'unavailable' && error.retryable,
    );
    await assert.rejects(
      client.getUserEmail('u1'),
      (error: unknown) => error instanceof ApiError && error.kind === 'unavailable' && !error.retryable,
    );
  });
});
