/**
 * Confluence Cloud REST, as the Forge runtime calls it for the app (`asApp`) or for a user (`asUser`):
 * v1 groups, group members, a user's groups (`user/memberof`) and group membership writes, users; v2 bulk
 * user lookup.
 *
 * Decisions where the spec is silent:
 * - Group lists are ordered by name, members by accountId. `/group` lists every group of the org (the
 *   simulator has one site). `accessType=user` lists the groups granting Confluence access, `admin` and
 *   `site-admin` the groups granting site admin.
 * - Members carry no status: suspended and deactivated users keep their groups and are listed.
 * - Membership writes need a user principal who is a site admin (org admin or in a site-admin group):
 *   the app (and any other user) gets 403, as FORGE-NOTES reports for background jobs. Adding an existing
 *   member answers 201, removing a non-member 204 (documented).
 * - An unknown group or user id answers 404 even where the spec lists no 404 (membersByGroupId, memberof).
 * - A user principal without a Confluence seat (suspended, deactivated, or in no access group) gets 403
 *   (404 from users-bulk, as that spec says).
 * - `user/email` answers only the app principal (the spec: "only supports access via asApp()"); a user
 *   principal gets 400. App accounts have no email: `email` is "".
 * - v1 user objects have `accountType` `atlassian`, `app`, or "" for customers (the v1 enum has no customer);
 *   v2 reports `accountStatus` `inactive` for deactivated accounts and `active` for suspended ones
 *   (suspension is org membership, not the account).
 * - The app principal's own user (`user/current`) is the site file's user with the app account id if there
 *   is one, else a synthesized app account.
 */
import { z } from 'zod';
import { queryInt, readBody, type HandlerContext, type Reply, type Route } from './http';
import type { SiteGroup, SiteUser } from './siteFile';
import type { SiteState } from './state';

export const DEFAULT_APP_ACCOUNT_ID = 'local-forge-app';

const BAD_PARAMETER = 'INVALID_REQUEST_PARAMETER';
const usersBulkSchema = z.object({ accountIds: z.array(z.string()).min(1).max(250) }).strict();
const memberSchema = z.object({ accountId: z.string().min(1) }).strict();

/** Page links as Confluence v1 writes them: `next` is relative to `base`. */
function links(state: SiteState, next?: string): Record<string, string> {
  const result: Record<string, string> = { base: `${state.site.url}/wiki`, context: '/wiki' };
  if (next !== undefined) result.next = next;
  return result;
}

function userLink(state: SiteState, accountId: string): string {
  return `${state.site.url}/wiki/rest/api/user?accountId=${encodeURIComponent(accountId)}`;
}

function profilePicture(accountId: string): { path: string; width: number; height: number; isDefault: boolean } {
  return { path: `/wiki/aa-avatar/${encodeURIComponent(accountId)}`, width: 48, height: 48, isDefault: true };
}

/** A v1 `User`. */
function v1User(
  state: SiteState,
  user: Pick<SiteUser, 'accountId' | 'name' | 'email' | 'accountType'>,
): Record<string, unknown> {
  return {
    type: 'known',
    accountId: user.accountId,
    accountType: user.accountType === 'customer' ? '' : user.accountType,
    email: user.email,
    publicName: user.name,
    displayName: user.name,
    profilePicture: profilePicture(user.accountId),
    isExternalCollaborator: false,
    isGuest: false,
    _expandable: { operations: '', personalSpace: '' },
    _links: { self: userLink(state, user.accountId) },
  };
}

/** A v2 `User`, as users-bulk returns it. */
function v2User(user: SiteUser): Record<string, unknown> {
  return {
    accountId: user.accountId,
    accountStatus: user.status === 'deactivated' ? 'inactive' : 'active',
    accountType: user.accountType,
    email: user.email ?? '',
    publicName: user.name,
    displayName: user.name,
    isExternalCollaborator: false,
    profilePicture: { path: profilePicture(user.accountId).path, isDefault: true },
  };
}

function getGroups(context: HandlerContext): Reply {
  const start = queryInt(context, 'start', { defaultValue: 0, min: 0, code: BAD_PARAMETER });
  if (!start.ok) return start.reply;
  // "This may be restricted by fixed system limits": pages hold at most 200 groups.
  const limit = queryInt(context, 'limit', {
    defaultValue: 200,
    min: 0,
    max: 200,
    tooBig: 'clamp',
    code: BAD_PARAMETER,
  });
  if (!limit.ok) return limit.reply;
  const accessType = context.query.get('accessType');
  if (accessType !== null && !['user', 'admin', 'site-admin'].includes(accessType)) {
    return context.error(400, BAD_PARAMETER, `accessType must be user, admin or site-admin, got '${accessType}'.`);
  }
  const state = context.state;
  const groups = state
    .groups()
    .filter((group) =>
      accessType === null
        ? true
        : accessType === 'user'
          ? group.grantsConfluenceAccess === true
          : group.grantsSiteAdmin === true,
    )
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  return groupPage(
    state,
    groups,
    start.value,
    limit.value,
    (nextStart) =>
      `/rest/api/group?start=${nextStart}&limit=${limit.value}${accessType !== null ? `&accessType=${accessType}` : ''}`,
  );
}

/** One page of groups as Confluence v1 answers it (GroupArrayWithLinks), with the next page's link when there is one. */
function groupPage(
  state: SiteState,
  groups: SiteGroup[],
  start: number,
  limit: number,
  nextPath: (nextStart: number) => string,
): Reply {
  const page = groups.slice(start, start + limit);
  const nextStart = start + page.length;
  const next = page.length > 0 && nextStart < groups.length ? nextPath(nextStart) : undefined;
  return {
    status: 200,
    json: {
      results: page.map((group) => ({
        type: 'group',
        name: group.name,
        id: group.id,
        _links: { self: `${state.site.url}/wiki/rest/api/group/by-id?id=${encodeURIComponent(group.id)}` },
      })),
      start,
      limit,
      size: page.length,
      _links: links(state, next),
    },
  };
}

/** `GET /wiki/rest/api/user/memberof?accountId=`: the groups a user belongs to (GroupArrayWithLinks). */
function getUserGroups(context: HandlerContext): Reply {
  const start = queryInt(context, 'start', { defaultValue: 0, min: 0, code: BAD_PARAMETER });
  if (!start.ok) return start.reply;
  const limit = queryInt(context, 'limit', {
    defaultValue: 200,
    min: 0,
    max: 200,
    tooBig: 'clamp',
    code: BAD_PARAMETER,
  });
  if (!limit.ok) return limit.reply;
  const state = context.state;
  const accountId = context.query.get('accountId');
  if (!accountId) return context.error(400, BAD_PARAMETER, 'The accountId query parameter is required.');
  const user = state.user(accountId);
  if (!user) return context.error(404, 'NOT_FOUND', `No user with accountId '${accountId}'.`);
  const groups = user.groups
    .map((groupId) => state.group(groupId))
    .filter((group): group is NonNullable<typeof group> => group !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  return groupPage(
    state,
    groups,
    start.value,
    limit.value,
    (nextStart) =>
      `/rest/api/user/memberof?accountId=${encodeURIComponent(accountId)}&start=${nextStart}&limit=${limit.value}`,
  );
}

function getGroupMembers(context: HandlerContext): Reply {
  const start = queryInt(context, 'start', { defaultValue: 0, min: 0, code: BAD_PARAMETER });
  if (!start.ok) return start.reply;
  const limit = queryInt(context, 'limit', {
    defaultValue: 200,
    min: 0,
    max: 200,
    tooBig: 'error',
    code: BAD_PARAMETER,
  });
  if (!limit.ok) return limit.reply;
  const state = context.state;
  const groupId = context.params.groupId ?? '';
  if (!state.group(groupId)) return context.error(404, 'NOT_FOUND', `No group with id '${groupId}'.`);
  const members = state.groupMembers(groupId);
  const page = members.slice(start.value, start.value + limit.value);
  const nextStart = start.value + page.length;
  const withTotal = context.query.get('shouldReturnTotalSize') === 'true';
  const next =
    page.length > 0 && nextStart < members.length
      ? `/rest/api/group/${encodeURIComponent(groupId)}/membersByGroupId?start=${nextStart}&limit=${limit.value}`
      : undefined;
  return {
    status: 200,
    json: {
      results: page.flatMap((accountId) => {
        const user = state.user(accountId);
        return user ? [v1User(state, user)] : [];
      }),
      start: start.value,
      limit: limit.value,
      size: page.length,
      ...(withTotal ? { totalSize: members.length } : {}),
      _links: links(state, next),
    },
  };
}

/** Confluence lets only site admins write groups. */
function siteAdminProblem(context: HandlerContext): Reply | undefined {
  const principal = context.principal;
  if (principal?.kind === 'user') {
    const user = context.state.user(principal.accountId);
    if (user && context.state.isSiteAdmin(user)) return undefined;
  }
  const who = principal?.kind === 'user' ? `user '${principal.accountId}'` : 'the app';
  return context.error(403, 'FORBIDDEN', `Only site admins can change group membership, and ${who} is not one.`);
}

function addGroupMember(context: HandlerContext): Reply {
  const groupId = context.query.get('groupId');
  if (!groupId) return context.error(400, BAD_PARAMETER, 'The groupId query parameter is required.');
  const body = readBody(context, memberSchema, { required: true, code: BAD_PARAMETER });
  if (!body.ok) return body.reply;
  const forbidden = siteAdminProblem(context);
  if (forbidden) return forbidden;
  const state = context.state;
  if (!state.group(groupId)) return context.error(404, 'NOT_FOUND', `No group with id '${groupId}'.`);
  const { accountId } = body.value;
  if (!state.user(accountId)) return context.error(404, 'NOT_FOUND', `No user with accountId '${accountId}'.`);
  if (state.addToGroup(accountId, groupId))
    context.recordAction('addToGroup', accountId, { groupId, via: 'confluence' });
  return { status: 201 };
}

function removeGroupMember(context: HandlerContext): Reply {
  const groupId = context.query.get('groupId');
  const accountId = context.query.get('accountId');
  if (!groupId || !accountId)
    return context.error(400, BAD_PARAMETER, 'The groupId and accountId query parameters are required.');
  const forbidden = siteAdminProblem(context);
  if (forbidden) return forbidden;
  const state = context.state;
  if (!state.group(groupId)) return context.error(404, 'NOT_FOUND', `No group with id '${groupId}'.`);
  if (!state.user(accountId)) return context.error(404, 'NOT_FOUND', `No user with accountId '${accountId}'.`);
  if (state.removeFromGroup(accountId, groupId))
    context.recordAction('removeFromGroup', accountId, { groupId, via: 'confluence' });
  return { status: 204 };
}

function getUser(context: HandlerContext): Reply {
  const accountId = context.query.get('accountId');
  if (!accountId) return context.error(400, BAD_PARAMETER, 'The accountId query parameter is required.');
  const user = context.state.user(accountId);
  if (!user) return context.error(404, 'NOT_FOUND', `No user with accountId '${accountId}'.`);
  return { status: 200, json: v1User(context.state, user) };
}

function currentUser(appAccountId: string) {
  return (context: HandlerContext): Reply => {
    const principal = context.principal;
    const state = context.state;
    if (principal?.kind === 'user') {
      const user = state.user(principal.accountId);
      if (user) return { status: 200, json: v1User(state, user) };
    }
    const app = state.user(appAccountId) ?? {
      accountId: appAccountId,
      name: 'Local Forge app',
      email: null,
      accountType: 'app' as const,
    };
    return { status: 200, json: v1User(state, app) };
  };
}

function getUserEmail(context: HandlerContext): Reply {
  if (context.principal?.kind !== 'app')
    return context.error(400, BAD_PARAMETER, 'This API only answers the app (asApp()), not a user.');
  const accountId = context.query.get('accountId');
  if (!accountId) return context.error(400, BAD_PARAMETER, 'The accountId query parameter is required.');
  const user = context.state.user(accountId);
  if (!user) return context.error(404, 'NOT_FOUND', `No user with accountId '${accountId}'.`);
  return { status: 200, json: { accountId, email: user.email ?? '' } };
}

function usersBulk(context: HandlerContext): Reply {
  const body = readBody(context, usersBulkSchema, { required: true, code: BAD_PARAMETER });
  if (!body.ok) return body.reply;
  const state = context.state;
  const results = [...new Set(body.value.accountIds)].flatMap((accountId) => {
    const user = state.user(accountId);
    return user ? [v2User(user)] : [];
  });
  return { status: 200, json: { results, _links: { base: `${state.site.url}/wiki` } } };
}

const v1 = (
  operation: string,
  method: Route['method'],
  path: string,
  write: boolean,
  handle: Route['handle'],
): Route => ({
  operation,
  method,
  family: 'confluence',
  path,
  spec: { file: 'confluence-v1.json', path },
  bucket: 'confluence',
  write,
  errorStyle: 'confluenceV1',
  handle,
});

export function confluenceRoutes(appAccountId: string): Route[] {
  return [
    v1('confluence.getGroups', 'GET', '/wiki/rest/api/group', false, getGroups),
    v1('confluence.getGroupMembers', 'GET', '/wiki/rest/api/group/{groupId}/membersByGroupId', false, getGroupMembers),
    v1('confluence.addGroupMember', 'POST', '/wiki/rest/api/group/userByGroupId', true, addGroupMember),
    v1('confluence.removeGroupMember', 'DELETE', '/wiki/rest/api/group/userByGroupId', true, removeGroupMember),
    v1('confluence.getUser', 'GET', '/wiki/rest/api/user', false, getUser),
    v1('confluence.getCurrentUser', 'GET', '/wiki/rest/api/user/current', false, currentUser(appAccountId)),
    v1('confluence.getUserGroups', 'GET', '/wiki/rest/api/user/memberof', false, getUserGroups),
    v1('confluence.getUserEmail', 'GET', '/wiki/rest/api/user/email', false, getUserEmail),
    {
      operation: 'confluence.usersBulk',
      method: 'POST',
      family: 'confluence',
      path: '/wiki/api/v2/users-bulk',
      spec: { file: 'confluence-v2.json', path: '/users-bulk' },
      bucket: 'confluence',
      write: false,
      errorStyle: 'confluenceV2',
      handle: usersBulk,
    },
  ];
}
