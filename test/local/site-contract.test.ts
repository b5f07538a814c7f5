/**
 * The simulated site against Atlassian's published OpenAPI files: every operation it serves exists in the
 * spec, every answer it gives (successes and the main errors) validates against the schema the spec
 * declares for that operation and status, with undeclared fields rejected. Statuses the spec does not
 * declare are allowed only from the short, explained list below, and their bodies must still have the
 * family's error shape.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { VirtualClock } from './clock';
import { SpecContracts, type SpecFile } from './site/openapi';
import {
  DEFAULT_ORG_API_KEY,
  SAMPLE,
  sampleSiteFile,
  SimulatedSite,
  SITE_OPERATIONS,
  type SiteOperation,
  type SiteOptions,
  type SiteRequest,
} from './site/index';

const contracts = new SpecContracts();
const ADMIN = 'https://api.atlassian.com/admin';
const LIFECYCLE = 'https://api.atlassian.com/users';
const WIKI = `${SAMPLE.siteUrl}/wiki`;
const USERS = `${ADMIN}/v2/orgs/${SAMPLE.orgId}/directories/-/users`;
const GROUPS = `${ADMIN}/v2/orgs/${SAMPLE.orgId}/directories/-/groups`;
const KEY = { authorization: `Bearer ${DEFAULT_ORG_API_KEY}` };
const AS_APP = { 'x-local-forge-principal': 'app' };
const AS_ADMIN = { 'x-local-forge-principal': `user:${SAMPLE.users.admin}` };
const u = SAMPLE.users;
const g = SAMPLE.groups;

/** Statuses a gateway can answer for any operation, whether or not the operation's spec lists them. */
const GATEWAY_STATUSES: Record<number, string> = {
  401: 'no credentials (Confluence operations that list no 401 still need a logged-in caller)',
  429: 'rate limited ("any REST API can return a rate limit response")',
  500: 'server error (injected fault)',
  502: 'bad gateway (injected fault)',
  503: 'unavailable (injected fault)',
};

/** Undeclared statuses the site answers on purpose, and why. */
const UNDECLARED: Record<string, string> = {
  'confluence.getGroupMembers 404': 'an unknown group id; the spec lists no 404 for membersByGroupId',
  'confluence.getGroups 400': 'a bad accessType or limit',
  'confluence.getUserGroups 400': 'accountId missing',
  'confluence.getUserGroups 404': 'an unknown accountId; the spec lists no 404 for memberof',
  'confluence.getUser 400': 'accountId missing',
  'confluence.getUserEmail 403': 'the calling user has no Confluence seat',
  'lifecycle.disable 400': 'a body that is not JSON',
};

const confluenceV1Error = z
  .object({
    statusCode: z.number().int(),
    message: z.string(),
    data: z
      .object({ authorized: z.boolean(), valid: z.boolean(), errors: z.array(z.unknown()), successful: z.boolean() })
      .strict(),
  })
  .strict();
const confluenceV2Error = z
  .object({
    errors: z
      .array(z.object({ status: z.number().int(), code: z.string(), title: z.string(), detail: z.string() }).strict())
      .min(1),
  })
  .strict();

/** The family's error shape, for answers whose status declares no body schema (or is not declared). */
function familyErrorProblems(operation: SiteOperation, body: string): string[] {
  const admin = (pointer: string[]) => contracts.validateAt('admin-org.json', pointer, body);
  switch (operation.errorStyle) {
    case 'adminV1': {
      const proxy = admin(['components', 'schemas', 'ProxyError']);
      return proxy.length === 0 ? [] : admin(['components', 'schemas', 'Errors.ApplicationErrors.Model']);
    }
    case 'adminV2':
      return admin(['components', 'schemas', 'Errors']);
    case 'userManagement': {
      const proxy = admin(['components', 'schemas', 'ProxyError']);
      return proxy.length === 0
        ? []
        : contracts.validateAt(
            'user-management.json',
            ['components', 'schemas', 'Response.BadRequest.BodyParseFailure'],
            body,
          );
    }
    case 'confluenceV1':
    case 'confluenceV2': {
      const parsed = (operation.errorStyle === 'confluenceV1' ? confluenceV1Error : confluenceV2Error).safeParse(
        JSON.parse(body),
      );
      return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    }
  }
}

/** Where each spec file's paths start, on the wire. */
function specPathOf(file: SpecFile, url: URL): string {
  const path = url.pathname;
  if (file === 'admin-org.json') return path.replace(/^\/admin/, '');
  if (file === 'confluence-v2.json') return path.replace(/^\/wiki\/api\/v2/, '');
  return path;
}

/** The spec's own path template matching a concrete path, found without the site's routing table. */
function specTemplateFor(file: SpecFile, method: string, concretePath: string): string | undefined {
  const candidates = contracts
    .operations(file)
    .filter((entry) => entry.startsWith(`${method.toUpperCase()} `))
    .map((entry) => entry.slice(method.length + 1));
  const segments = concretePath.split('/');
  const matches = candidates.filter((template) => {
    const parts = template.split('/');
    return (
      parts.length === segments.length && parts.every((part, index) => part.startsWith('{') || part === segments[index])
    );
  });
  // A literal segment beats a parameter (`/users/search` over `/users/{userId}`).
  const literals = (template: string) => template.split('/').filter((part) => !part.startsWith('{')).length;
  return matches.sort((a, b) => literals(b) - literals(a))[0];
}

const validated = new Map<string, Set<number>>();

/** Sends one request, then checks routing against the spec and the answer against its schema. */
async function expectContract(
  site: SimulatedSite,
  request: SiteRequest,
  expectedStatus: number | ((status: number) => boolean),
) {
  const before = site.requestLog.length;
  const answer = await site.handle(request);
  const entry = site.requestLog[before];
  assert.ok(entry, 'the request was logged');
  const operation = SITE_OPERATIONS.find((candidate) => candidate.operation === entry.operation);
  assert.ok(operation, `${request.method} ${request.url} was served by a known operation, not ${entry.operation}`);
  const label = `${operation.operation} ${request.method} ${request.url} → ${answer.status} ${answer.body.slice(0, 300)}`;
  if (typeof expectedStatus === 'number') assert.equal(answer.status, expectedStatus, label);
  else assert.ok(expectedStatus(answer.status), label);

  const template = specTemplateFor(
    operation.spec.file,
    request.method,
    specPathOf(operation.spec.file, new URL(request.url)),
  );
  assert.equal(template, operation.spec.path, `the spec's own template for ${request.method} ${request.url}`);

  const check = contracts.checkResponse(
    operation.spec.file,
    operation.spec.path,
    operation.method,
    answer.status,
    answer.body,
  );
  if (!check.declared) {
    const reason = UNDECLARED[`${operation.operation} ${answer.status}`] ?? GATEWAY_STATUSES[answer.status];
    assert.ok(
      reason,
      `${label}: status ${answer.status} is neither declared by the spec nor on the list of explained exceptions`,
    );
  }
  assert.deepEqual(check.problems, [], label);
  if (answer.status < 300 && answer.body !== '')
    assert.ok(check.validated, `${label}: the spec gives this success a schema, and it was applied`);
  if (!check.validated && answer.body !== '')
    assert.deepEqual(familyErrorProblems(operation, answer.body), [], `${label} (family error shape)`);
  if (answer.status >= 200 && answer.status < 300) {
    for (const header of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
      assert.ok(answer.headers[header], `${label}: ${header}`);
    assert.ok(
      !Number.isNaN(Date.parse(answer.headers['x-ratelimit-reset'] as string)),
      'X-RateLimit-Reset is an ISO time',
    );
  }
  if (answer.status === 429) assert.match(answer.headers['retry-after'] ?? '', /^\d+$/, `${label}: Retry-After`);
  const statuses = validated.get(operation.operation) ?? new Set<number>();
  statuses.add(answer.status);
  validated.set(operation.operation, statuses);
  return answer;
}

/** The sample site plus what a real org has besides: a direct role, activity elsewhere, an IdP-synced group. */
const ORG = { synced: 'g-sso', dora: 'u-dora' } as const;

function contractSiteFile() {
  const file = sampleSiteFile();
  file.site.activityLagHours = 24;
  file.groups.push({ id: ORG.synced, name: 'sso-confluence', grantsConfluenceAccess: true, synced: true });
  file.users.push({
    accountId: ORG.dora,
    name: 'Dora Direct',
    email: 'dora@acme.com',
    accountType: 'atlassian',
    managed: true,
    status: 'active',
    orgAdmin: false,
    groups: [ORG.synced],
    addedToOrg: '2024-01-01',
    lastActive: '2026-11-24T20:00:00Z',
    directAccess: true,
    activity: [
      { product: 'jira-software', site: SAMPLE.cloudId, lastActive: '2026-11-23' },
      { product: 'confluence', site: 'cloud-2', lastActive: null },
    ],
  });
  return file;
}

function makeSite(options: Partial<SiteOptions> = {}) {
  return SimulatedSite.fromSiteFile(contractSiteFile(), { clock: new VirtualClock(SAMPLE.now), ...options });
}
const ROLE = { resource: `ari:cloud:confluence::site/${SAMPLE.cloudId}`, role: 'atlassian/user' };

const json = (value: unknown) => JSON.stringify(value);
const req = (method: string, url: string, headers: Record<string, string>, body?: unknown): SiteRequest => ({
  method,
  url,
  headers,
  ...(body !== undefined ? { body: typeof body === 'string' ? body : json(body) } : {}),
});

/** One successful request per served operation; the fault and rate-limit checks reuse them. */
const SUCCESS: Record<string, { request: SiteRequest; status: number }> = {
  'admin.getOrgs': { request: req('GET', `${ADMIN}/v1/orgs`, KEY), status: 200 },
  'admin.getOrg': { request: req('GET', `${ADMIN}/v1/orgs/${SAMPLE.orgId}`, KEY), status: 200 },
  'admin.listDirectories': {
    request: req(
      'GET',
      `${ADMIN}/v2/orgs/${SAMPLE.orgId}/directories?accountId=${encodeURIComponent(u.ada)}&limit=100`,
      KEY,
    ),
    status: 200,
  },
  'admin.getLastActiveDates': {
    request: req('GET', `${ADMIN}/v1/orgs/${SAMPLE.orgId}/directory/users/${u.ada}/last-active-dates`, KEY),
    status: 200,
  },
  'admin.searchUsers': {
    request: req('POST', `${USERS}/search`, KEY, {
      limit: 100,
      expand: ['productAccess', 'groups', 'platformRoles', 'counts.resources'],
    }),
    status: 200,
  },
  'admin.suspendUser': { request: req('POST', `${USERS}/${u.bob}/suspend`, KEY), status: 204 },
  'admin.restoreUser': { request: req('POST', `${USERS}/${u.cy}/restore`, KEY), status: 204 },
  'admin.removeUser': { request: req('DELETE', `${USERS}/${u.bob}`, KEY), status: 204 },
  'admin.searchGroups': {
    request: req('POST', `${GROUPS}/search`, KEY, { expand: ['counts.users', 'counts.resources'] }),
    status: 200,
  },
  'admin.getGroup': { request: req('GET', `${GROUPS}/${ORG.synced}`, KEY), status: 200 },
  'admin.getUserRoleAssignments': { request: req('GET', `${USERS}/${ORG.dora}/role-assignments`, KEY), status: 200 },
  'admin.revokeRole': {
    request: req('POST', `${ADMIN}/v1/orgs/${SAMPLE.orgId}/users/${ORG.dora}/roles/revoke`, KEY, ROLE),
    status: 204,
  },
  'admin.assignRole': {
    request: req('POST', `${ADMIN}/v1/orgs/${SAMPLE.orgId}/users/${u.bob}/roles/assign`, KEY, ROLE),
    status: 204,
  },
  'admin.getGroupRoleAssignments': { request: req('GET', `${GROUPS}/${g.access}/role-assignments`, KEY), status: 200 },
  'admin.addGroupMember': {
    request: req('POST', `${GROUPS}/${g.engineering}/memberships`, KEY, { accountId: u.bob }),
    status: 204,
  },
  'admin.removeGroupMember': { request: req('DELETE', `${GROUPS}/${g.access}/memberships/${u.bob}`, KEY), status: 204 },
  'lifecycle.disable': {
    request: req('POST', `${LIFECYCLE}/${u.bob}/manage/lifecycle/disable`, KEY, { message: 'Inactive for 200 days' }),
    status: 204,
  },
  'lifecycle.enable': { request: req('POST', `${LIFECYCLE}/${u.dee}/manage/lifecycle/enable`, KEY), status: 204 },
  'lifecycle.delete': { request: req('POST', `${LIFECYCLE}/${u.bob}/manage/lifecycle/delete`, KEY), status: 200 },
  'lifecycle.cancelDelete': {
    request: req('POST', `${LIFECYCLE}/${u.pending}/manage/lifecycle/cancel-delete`, KEY),
    status: 200,
  },
  'confluence.getGroups': { request: req('GET', `${WIKI}/rest/api/group?start=0&limit=2`, AS_APP), status: 200 },
  'confluence.getGroupMembers': {
    request: req(
      'GET',
      `${WIKI}/rest/api/group/${g.access}/membersByGroupId?limit=3&shouldReturnTotalSize=true`,
      AS_APP,
    ),
    status: 200,
  },
  'confluence.addGroupMember': {
    request: req('POST', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.engineering}`, AS_ADMIN, {
      accountId: u.bob,
    }),
    status: 201,
  },
  'confluence.removeGroupMember': {
    request: req('DELETE', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.access}&accountId=${u.bob}`, AS_ADMIN),
    status: 204,
  },
  'confluence.getUserGroups': {
    request: req('GET', `${WIKI}/rest/api/user/memberof?accountId=${u.admin}&limit=1`, AS_APP),
    status: 200,
  },
  'confluence.getUser': { request: req('GET', `${WIKI}/rest/api/user?accountId=${u.ada}`, AS_APP), status: 200 },
  'confluence.getCurrentUser': { request: req('GET', `${WIKI}/rest/api/user/current`, AS_APP), status: 200 },
  'confluence.getUserEmail': {
    request: req('GET', `${WIKI}/rest/api/user/email?accountId=${u.ada}`, AS_APP),
    status: 200,
  },
  'confluence.usersBulk': {
    request: req('POST', `${WIKI}/api/v2/users-bulk`, AS_APP, { accountIds: Object.values(u) }),
    status: 200,
  },
};

describe('every served operation is in the spec', () => {
  test('each route is an operation of its spec file', () => {
    for (const operation of SITE_OPERATIONS) {
      assert.ok(
        contracts.operation(operation.spec.file, operation.spec.path, operation.method),
        `${operation.operation}: ${operation.method} ${operation.spec.path} in ${operation.spec.file}`,
      );
    }
  });

  test('every route has a contract request here', () => {
    assert.deepEqual(Object.keys(SUCCESS).sort(), SITE_OPERATIONS.map((operation) => operation.operation).sort());
  });

  test('operations the spec has but the site does not serve answer 404 as unknown', async () => {
    const site = makeSite();
    for (const [method, url] of [
      ['GET', `${ADMIN}/v1/orgs/${SAMPLE.orgId}/domains`],
      ['GET', `${USERS}/${u.ada}`],
      ['GET', `${WIKI}/rest/api/search/user?cql=type=user`],
      ['PUT', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.access}`],
    ] as const) {
      const answer = await site.handle(req(method, url, method.startsWith('G') ? AS_APP : KEY));
      assert.equal(answer.status, 404, url);
    }
    assert.ok(site.requestLog.every((entry) => entry.operation === 'unknown'));
  });
});

describe('successful answers match the spec', () => {
  for (const [operation, { request, status }] of Object.entries(SUCCESS)) {
    test(operation, async () => {
      await expectContract(makeSite(), request, status);
    });
  }

  test('variants: never-active, deactivated, for-deletion, unmanaged, app and customer users', async () => {
    const site = makeSite();
    const search = await expectContract(
      site,
      req('POST', `${USERS}/search`, KEY, { limit: 100, expand: ['productAccess', 'groups', 'platformRoles'] }),
      200,
    );
    assert.equal(JSON.parse(search.body).data.length, 9); // the sample's eight directory users and Dora
    await expectContract(
      site,
      req('GET', `${ADMIN}/v1/orgs/${SAMPLE.orgId}/directory/users/${u.eve}/last-active-dates`, KEY),
      200,
    );
    await expectContract(site, req('POST', `${USERS}/search`, KEY, { limit: 1, status: ['active'] }), 200);
    // The live run's re-check: a batch's users by exact email, then by account id, with what a decision needs.
    const recheck = { limit: 100, expand: ['productAccess', 'groups', 'platformRoles'] };
    const byEmail = await expectContract(
      site,
      req('POST', `${USERS}/search`, KEY, { ...recheck, emails: ['ada@acme.com', 'eve.hopper@gmail.com', 'x@y.z'] }),
      200,
    );
    assert.deepEqual(
      JSON.parse(byEmail.body).data.map((user: { accountId: string }) => user.accountId),
      [u.ada, u.eve].sort(),
    );
    const byId = await expectContract(
      site,
      req('POST', `${USERS}/search`, KEY, { ...recheck, accountIds: [u.dee, u.pending, u.app] }),
      200,
    );
    assert.deepEqual(
      JSON.parse(byId.body).data.map((user: { accountId: string }) => user.accountId),
      [u.dee, u.pending].sort(),
    );
    for (const accountId of [u.app, u.customer, u.eve])
      await expectContract(site, req('GET', `${WIKI}/rest/api/user?accountId=${accountId}`, AS_APP), 200);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user/email?accountId=${u.app}`, AS_APP), 200);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user/current`, AS_ADMIN), 200);
    await expectContract(
      site,
      req('POST', `${GROUPS}/search`, KEY, {
        limit: 1,
        roleIds: ['atlassian/user'],
        resourceIds: [site.confluenceResourceId],
      }),
      200,
    );
    await expectContract(
      site,
      req('POST', `${GROUPS}/search`, KEY, { limit: 2, sortBy: [{ field: 'name', direction: 'desc' }] }),
      200,
    );
    await expectContract(site, req('GET', `${GROUPS}/${g.contractors}/role-assignments?limit=1`, KEY), 200);
    await expectContract(site, req('GET', `${GROUPS}/${g.siteAdmins}/role-assignments`, KEY), 200);
    await expectContract(site, req('GET', `${WIKI}/rest/api/group?accessType=site-admin`, AS_APP), 200);
    const nextGroups = await expectContract(site, req('POST', `${GROUPS}/search`, KEY, { limit: 2 }), 200);
    await expectContract(
      site,
      req('POST', `${GROUPS}/search`, KEY, { cursor: JSON.parse(nextGroups.body).links.next }),
      200,
    );
  });
});

describe('error answers match the spec', () => {
  test('Admin API', async () => {
    const site = makeSite({
      apiKeys: [
        { key: DEFAULT_ORG_API_KEY, scopes: 'all' },
        { key: 'groups-only', scopes: ['read:group:admin'] },
      ],
    });
    const scoped = { authorization: 'Bearer groups-only' };
    await expectContract(site, req('GET', `${ADMIN}/v1/orgs`, {}), 401);
    await expectContract(site, req('GET', `${ADMIN}/v1/orgs/other`, KEY), 404);
    await expectContract(site, req('GET', `${ADMIN}/v1/orgs/${SAMPLE.orgId}`, scoped), 401);
    const lastActive = (id: string) => `${ADMIN}/v1/orgs/${SAMPLE.orgId}/directory/users/${id}/last-active-dates`;
    await expectContract(site, req('GET', lastActive(u.app), KEY), 404);
    await expectContract(site, req('GET', lastActive(u.ada), scoped), 403);
    await expectContract(site, req('GET', lastActive(u.ada), { authorization: 'Bearer wrong' }), 401);
    await expectContract(site, req('POST', `${USERS}/search`, KEY, { limit: 0 }), 400);
    await expectContract(site, req('POST', `${USERS}/search`, KEY, { cursor: 'garbage' }), 400);
    const tooMany = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i));
    await expectContract(site, req('POST', `${USERS}/search`, KEY, { emails: tooMany(101, (i) => `u${i}@a.b`) }), 400);
    await expectContract(site, req('POST', `${USERS}/search`, KEY, { accountIds: tooMany(11, (i) => `a${i}`) }), 400);
    await expectContract(site, req('POST', `${USERS}/search`, KEY, { emails: ['ada@acme.com', 'ada@acme.com'] }), 400);
    await expectContract(site, req('POST', `${USERS}/search`, {}, {}), 401);
    await expectContract(site, req('POST', `${USERS}/search`, scoped, {}), 403);
    await expectContract(site, req('POST', `${ADMIN}/v2/orgs/other/directories/-/users/search`, KEY, {}), 404);
    await expectContract(site, req('POST', `${USERS}/${u.dee}/suspend`, KEY), 400);
    await expectContract(site, req('POST', `${USERS}/nobody/suspend`, KEY), 404);
    await expectContract(site, req('POST', `${USERS}/${u.ada}/suspend`, scoped), 403);
    await expectContract(site, req('POST', `${USERS}/${u.pending}/restore`, KEY), 400);
    await expectContract(site, req('DELETE', `${USERS}/${u.app}`, KEY), 404);
    await expectContract(site, req('POST', `${GROUPS}/search`, KEY, { groupNames: ['vip'], searchTerm: 'v' }), 400);
    await expectContract(site, req('POST', `${GROUPS}/search`, { authorization: 'Bearer wrong' }, {}), 401);
    await expectContract(site, req('GET', `${GROUPS}/nope`, KEY), 404);
    await expectContract(site, req('GET', `${GROUPS}/${g.access}/role-assignments?limit=0`, KEY), 400);
    await expectContract(site, req('GET', `${GROUPS}/nope/role-assignments`, KEY), 404);
    await expectContract(
      site,
      req('GET', `${GROUPS}/${g.access}/role-assignments`, { authorization: 'Bearer none' }),
      401,
    );
    await expectContract(site, req('POST', `${GROUPS}/${g.access}/memberships`, KEY, { accountId: u.ada }), 409);
    await expectContract(site, req('POST', `${GROUPS}/${g.access}/memberships`, KEY), 400);
    await expectContract(site, req('POST', `${GROUPS}/nope/memberships`, KEY, { accountId: u.ada }), 404);
    await expectContract(site, req('POST', `${GROUPS}/${g.access}/memberships`, scoped, { accountId: u.jira }), 403);
    await expectContract(site, req('DELETE', `${GROUPS}/${g.contractors}/memberships/${u.ada}`, KEY), 404);
    await expectContract(site, req('POST', `${GROUPS}/${ORG.synced}/memberships`, KEY, { accountId: u.bob }), 403);
    await expectContract(site, req('DELETE', `${GROUPS}/${ORG.synced}/memberships/${ORG.dora}`, KEY), 403);
    await expectContract(site, req('GET', `${USERS}/nobody/role-assignments`, KEY), 404);
    const roles = (id: string, action: string) => `${ADMIN}/v1/orgs/${SAMPLE.orgId}/users/${id}/roles/${action}`;
    await expectContract(site, req('POST', roles(u.ada, 'revoke'), KEY, ROLE), 400);
    await expectContract(site, req('POST', roles(u.jira, 'revoke'), KEY, ROLE), 404);
    await expectContract(site, req('POST', roles(u.ada, 'revoke'), KEY, { role: 'atlassian/nope' }), 400);
    await expectContract(site, req('POST', roles('nobody', 'assign'), KEY, ROLE), 404);
  });

  test('user management lifecycle', async () => {
    const site = makeSite({
      apiKeys: [
        { key: DEFAULT_ORG_API_KEY, scopes: 'all' },
        { key: 'scoped', scopes: ['write:user:admin'] },
      ],
    });
    const lifecycle = (id: string, action: string) => `${LIFECYCLE}/${id}/manage/lifecycle/${action}`;
    await expectContract(site, req('POST', lifecycle(u.bob, 'disable'), {}, {}), 401);
    await expectContract(site, req('POST', lifecycle(u.bob, 'disable'), { authorization: 'Bearer scoped' }, {}), 403);
    await expectContract(site, req('POST', lifecycle(u.eve, 'disable'), KEY, {}), 403);
    await expectContract(site, req('POST', lifecycle('nobody', 'disable'), KEY, {}), 404);
    await expectContract(site, req('POST', lifecycle(u.pending, 'disable'), KEY, {}), 409);
    await expectContract(site, req('POST', lifecycle(u.bob, 'disable'), KEY, '{oops'), 400);
    await expectContract(site, req('POST', lifecycle(u.pending, 'enable'), KEY), 409);
    await expectContract(site, req('POST', lifecycle(u.app, 'enable'), KEY), 403);
    await expectContract(site, req('POST', lifecycle(u.admin, 'delete'), KEY), 409);
    await expectContract(site, req('POST', lifecycle(u.pending, 'delete'), KEY), 409);
    await expectContract(site, req('POST', lifecycle('nobody', 'delete'), KEY), 404);
    await expectContract(site, req('POST', lifecycle(u.ada, 'cancel-delete'), KEY), 404);
    await expectContract(site, req('POST', lifecycle(u.customer, 'cancel-delete'), KEY), 403);
  });

  test('Confluence', async () => {
    const site = makeSite();
    const asUser = (id: string) => ({ 'x-local-forge-principal': `user:${id}` });
    await expectContract(site, req('GET', `${WIKI}/rest/api/group`, {}), 401);
    await expectContract(site, req('GET', `${WIKI}/rest/api/group`, asUser(u.cy)), 403);
    await expectContract(site, req('GET', `${WIKI}/rest/api/group?accessType=owner`, AS_APP), 400);
    await expectContract(
      site,
      req('GET', `${WIKI}/rest/api/group/${g.access}/membersByGroupId?limit=201`, AS_APP),
      400,
    );
    await expectContract(site, req('GET', `${WIKI}/rest/api/group/nope/membersByGroupId`, AS_APP), 404);
    await expectContract(site, req('GET', `${WIKI}/rest/api/group/${g.access}/membersByGroupId`, asUser(u.jira)), 403);
    await expectContract(
      site,
      req('POST', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.engineering}`, AS_APP, { accountId: u.bob }),
      403,
    );
    await expectContract(
      site,
      req('POST', `${WIKI}/rest/api/group/userByGroupId?groupId=nope`, AS_ADMIN, { accountId: u.bob }),
      404,
    );
    await expectContract(
      site,
      req('POST', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.engineering}`, AS_ADMIN, {}),
      400,
    );
    await expectContract(
      site,
      req('POST', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.engineering}`, {}, { accountId: u.bob }),
      401,
    );
    await expectContract(
      site,
      req('DELETE', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.access}&accountId=${u.bob}`, asUser(u.ada)),
      403,
    );
    await expectContract(
      site,
      req('DELETE', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.access}&accountId=nobody`, AS_ADMIN),
      404,
    );
    await expectContract(
      site,
      req('DELETE', `${WIKI}/rest/api/group/userByGroupId?groupId=${g.access}`, AS_ADMIN),
      400,
    );
    await expectContract(site, req('GET', `${WIKI}/rest/api/user/memberof?accountId=nobody`, AS_APP), 404);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user/memberof`, AS_APP), 400);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user?accountId=nobody`, AS_APP), 404);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user`, AS_APP), 400);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user?accountId=${u.ada}`, {}), 401);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user?accountId=${u.ada}`, asUser(u.dee)), 403);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user/current`, asUser(u.dee)), 403);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user/email?accountId=${u.ada}`, asUser(u.ada)), 400);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user/email?accountId=nobody`, AS_APP), 404);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user/email?accountId=${u.ada}`, {}), 401);
    await expectContract(site, req('GET', `${WIKI}/rest/api/user/email?accountId=${u.ada}`, asUser(u.cy)), 403);
    await expectContract(site, req('POST', `${WIKI}/api/v2/users-bulk`, AS_APP, { accountIds: [] }), 400);
    await expectContract(site, req('POST', `${WIKI}/api/v2/users-bulk`, asUser(u.dee), { accountIds: [u.ada] }), 404);
  });

  test('every operation answers rate limits, spurious 429s and server errors in its family’s format', async () => {
    const limits = {
      lastActive: { limit: 1, windowSeconds: 60 },
      admin: { limit: 1, windowSeconds: 60 },
      lifecycle: { limit: 1, windowSeconds: 60 },
      confluence: { limit: 1, windowSeconds: 60 },
    };
    for (const [operation, { request, status }] of Object.entries(SUCCESS)) {
      const limited = makeSite({ rateLimits: limits });
      await expectContract(limited, request, status);
      await expectContract(limited, request, 429);
      await expectContract(makeSite({ faults: { rate429: 1, seed: 5 } }), request, 429);
      for (const seed of [1, 2, 3, 4, 5, 6])
        await expectContract(makeSite({ faults: { rate5xx: 1, seed } }), request, (answer) => answer >= 500);
      const failedWrite = await makeSite({ faults: { writeSucceedsBut5xx: 1, seed: 1 } }).handle(request);
      const write = SITE_OPERATIONS.find((candidate) => candidate.operation === operation)?.write;
      assert.equal(failedWrite.status, write ? 500 : status, operation);
    }
  });
});

describe('the contract check itself', () => {
  test('fails on a drifted answer', async () => {
    const answer = await makeSite().handle(SUCCESS['admin.searchUsers']!.request);
    const body = JSON.parse(answer.body);
    const path = '/v2/orgs/{orgId}/directories/{directoryId}/users/search';
    const check = (value: unknown) =>
      contracts.checkResponse('admin-org.json', path, 'post', 200, JSON.stringify(value)).problems;
    assert.deepEqual(check(body), []);
    const drifted = structuredClone(body);
    drifted.data[0].lastActive = drifted.data[0].productAccess;
    assert.ok(check(drifted).some((problem) => problem.includes('additional properties')));
    const badEnum = structuredClone(body);
    badEnum.data[0].status = 'inactive';
    assert.notDeepEqual(check(badEnum), []);
    const badTime = structuredClone(body);
    badTime.data[0].productAccess = [{ id: 'x', key: 'confluence', lastActiveTimestamp: '2026-11-18' }];
    assert.notDeepEqual(check(badTime), []);
    assert.notDeepEqual(
      contracts.checkResponse('confluence-v1.json', '/wiki/rest/api/user', 'get', 200, json({ accountId: 'x' }))
        .problems,
      [],
    );
  });

  test('covered every operation with at least one validated success', () => {
    for (const operation of SITE_OPERATIONS) {
      const statuses = [...(validated.get(operation.operation) ?? [])];
      assert.ok(
        statuses.some((status) => status < 300),
        `${operation.operation} validated statuses: ${statuses.join(', ')}`,
      );
      assert.ok(statuses.includes(429), `${operation.operation} 429 validated`);
    }
  });
});
