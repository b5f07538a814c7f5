/**
 * The Atlassian Admin ("Organizations") API, base https://api.atlassian.com/admin, as admin-org.json
 * describes it: orgs, directory user search with last Confluence activity, last-active dates, suspend,
 * restore and remove, group search, group details, group role assignments and group memberships.
 *
 * Decisions where the spec is silent (the app must cope with these answers):
 * - Only `atlassian` accounts are directory users: app and customer accounts never appear in a user search,
 *   and every per-user Admin operation answers 404 for them (the spec's `AccountType` enum is `atlassian` only).
 * - Users are returned in ascending accountId order (a stable order; Atlassian sorts by nickname).
 *   A cursor carries the filters, limit and expand of the first request: as the spec says of cursors,
 *   other parameters sent with one are ignored.
 * - Status mapping: active → status/accountStatus/membershipStatus `active`; suspended → `suspended`/`active`/
 *   `suspended`; deactivated → `deactivated`/`inactive`/`active`; scheduled for deletion → `for_deletion`/
 *   `inactive`/`active`.
 * - Suspend of a suspended user and restore of an active user answer 204 (the spec lists no conflict for
 *   them, unlike memberships). Suspend or restore of a deactivated user answers 400 `INVALID_USER_STATE`.
 * - Adding a member twice answers 409 (as the spec says); removing a non-member answers 404.
 * - `last-active-dates` identifies the site by its cloudId in `product_access[].id`; the search's
 *   `productAccess[].id` is the site's Confluence ARI (`ari:cloud:confluence::site/<cloudId>`), as the spec's example.
 * - Roles come from groups (`grantsConfluenceAccess` → `atlassian/user` on the Confluence ARI, `grantsSiteAdmin`
 *   → `atlassian/site-admin` on `ari:cloud:platform::site/<cloudId>`) and org admin, whatever the user's status.
 * - `emails` are whole addresses, compared case-insensitively (as addresses are); repeating one answers 400 (the
 *   spec's uniqueItems). `accountIds` and `emails` narrow the search like every other filter (AND).
 * - `mfaEnabled` and user `sortBy` are not simulated: sending them answers 400 rather than a silently wrong page.
 * - `productAccess[]` (search) lists every product and site the user holds: this site's Confluence when the user
 *   holds `atlassian/user` there (through an access group or directly), then each `users[].activity` entry, with
 *   `lastActiveTimestamp` only when activity is visible (older than `site.activityLagHours`; see state.ts).
 *   `last-active-dates` lists the same activity, only products with a visible date.
 * - A direct role (`users[].directAccess`) shows in `role-assignments` with method `direct`, a group's with
 *   `group_direct`; `roles/revoke` of a role the user holds only through groups answers 400 (the groups still
 *   grant it), of a role not held 404; `roles/assign` of a held direct role answers 204 (nothing to change).
 * - A group synced from an identity provider (`groups[].synced`) is `externalSynced: true, managedBy: external`;
 *   adding or removing its members answers 403 "You can't add a user to a group synced from an identity
 *   provider" (admin-org.json, Add user to group), other groups are `managedBy: admins`.
 */
import { z } from 'zod';
import { decodeCursor, encodeCursor, readBody, type HandlerContext, type Reply, type Route } from './http';
import { indexAfter } from './sortedIndex';
import type { SiteGroup, SiteUser } from './siteFile';
import { productResourceId, type RoleAssignment, type SiteState } from './state';

const ROLE_IDS = [
  'atlassian/user',
  'atlassian/admin',
  'atlassian/guest',
  'atlassian/customer',
  'atlassian/user-access-admin',
  'atlassian/contributor',
  'atlassian/basic',
  'atlassian/stakeholder',
  'atlassian/org-admin',
  'atlassian/site-admin',
  'atlassian/ai-access',
] as const;

const ADMIN = 'https://api.atlassian.com/admin';
const V2_USERS = '/admin/v2/orgs/{orgId}/directories/{directoryId}/users';
const V2_GROUPS = '/admin/v2/orgs/{orgId}/directories/{directoryId}/groups';

const list = (max: number) => z.array(z.string()).min(1).max(max);

const userSearchSchema = z
  .object({
    accountIds: list(10).optional(),
    accountStatus: z
      .array(z.enum(['active', 'inactive', 'closed']))
      .min(1)
      .max(3)
      .optional(),
    claimStatus: z.enum(['managed', 'unmanaged']).optional(),
    cursor: z.string().optional(),
    directoryIds: list(10).optional(),
    emailDomains: list(10).optional(),
    emails: list(100).optional(),
    expand: z.array(z.enum(['platformRoles', 'counts.resources', 'productAccess', 'groups'])).optional(),
    groupIds: list(10).optional(),
    limit: z.number().int().min(1).max(100).optional(),
    membershipStatus: z
      .array(z.enum(['active', 'suspended', 'no_membership']))
      .min(1)
      .max(3)
      .optional(),
    mfaEnabled: z.boolean().optional(),
    resourceIds: list(20).optional(),
    roleIds: z.array(z.enum(ROLE_IDS)).min(1).max(10).optional(),
    searchTerm: z.string().optional(),
    sortBy: z.array(z.unknown()).optional(),
    status: z
      .array(z.enum(['active', 'suspended', 'not_invited', 'deactivated', 'for_deletion']))
      .min(1)
      .max(4)
      .optional(),
  })
  .strict();
type UserSearch = z.infer<typeof userSearchSchema>;

const groupSearchSchema = z
  .object({
    accountIds: list(10).optional(),
    cursor: z.string().optional(),
    directoryIds: list(10).optional(),
    expand: z
      .array(z.enum(['counts.resources', 'counts.users']))
      .min(1)
      .max(2)
      .optional(),
    groupIds: list(10).optional(),
    groupNames: list(100).optional(),
    limit: z.number().int().min(1).max(100).optional(),
    resourceIds: list(20).optional(),
    resourceOwners: list(10).optional(),
    roleIds: list(10).optional(),
    searchTerm: z.string().optional(),
    sortBy: z
      .array(z.object({ field: z.literal('name'), direction: z.enum(['asc', 'desc']) }).strict())
      .min(1)
      .max(1)
      .optional(),
  })
  .strict();
type GroupSearch = z.infer<typeof groupSearchSchema>;

const membershipSchema = z.object({ accountId: z.string().min(1) }).strict();

// ---- shared checks ----

function orgProblem(context: HandlerContext): Reply | undefined {
  const { orgId } = context.params;
  if (orgId !== context.state.org.id)
    return context.error(
      404,
      'ADMIN-404-2',
      `Organization '${orgId}' not found: this API key belongs to organization '${context.state.org.id}'.`,
    );
  return undefined;
}

function directoryProblem(context: HandlerContext): Reply | undefined {
  const org = orgProblem(context);
  if (org) return org;
  const { directoryId } = context.params;
  if (directoryId !== '-' && directoryId !== context.state.directoryId) {
    return context.error(
      404,
      'ADMIN-404-1',
      `Directory '${directoryId}' not found; this organization has one directory, '${context.state.directoryId}' (or use '-').`,
    );
  }
  return undefined;
}

/** Directory users are the org's Atlassian accounts; apps and customers are not in the directory. */
function directoryUser(context: HandlerContext, accountId: string): SiteUser | undefined {
  const user = context.state.user(accountId);
  return user?.accountType === 'atlassian' ? user : undefined;
}

function userNotFound(context: HandlerContext, accountId: string): Reply {
  return context.error(404, 'ADMIN-404-8', `User '${accountId}' not found in this organization's directory.`);
}

function isoTime(dateLike: string): string {
  return new Date(dateLike).toISOString();
}

function accountStatusOf(user: SiteUser): string {
  return user.status === 'deactivated' ? 'inactive' : 'active';
}

function membershipStatusOf(user: SiteUser): string {
  return user.status === 'suspended' ? 'suspended' : 'active';
}

/** The composite status: `for_deletion` while a deletion's grace period runs. */
function statusOf(user: SiteUser): string {
  return user.deletionScheduledAt !== undefined ? 'for_deletion' : user.status;
}

function emailDomain(email: string | null): string | undefined {
  if (email === null) return undefined;
  const at = email.lastIndexOf('@');
  return at < 0 ? undefined : email.slice(at + 1).toLowerCase();
}

function distinctResources(assignments: RoleAssignment[]): number {
  return new Set(assignments.map((assignment) => assignment.resourceId)).size;
}

// ---- orgs ----

function orgModel(state: SiteState): unknown {
  const self = `${ADMIN}/v1/orgs/${state.org.id}`;
  return {
    id: state.org.id,
    type: 'orgs',
    attributes: { name: state.org.name },
    relationships: {
      domains: { links: { related: `${self}/domains` } },
      users: { links: { related: `${self}/users` } },
    },
    links: { self },
  };
}

const getOrgs = (context: HandlerContext): Reply => ({
  status: 200,
  json: { data: [orgModel(context.state)], links: { self: `${ADMIN}/v1/orgs` } },
});

const getOrg = (context: HandlerContext): Reply =>
  orgProblem(context) ?? { status: 200, json: { data: orgModel(context.state) } };

/**
 * `GET /v2/orgs/{orgId}/directories`: the org's directories; with `accountId`, only those holding that user.
 * The simulated org has one directory, named after the org. App and customer accounts are in none.
 */
function listDirectories(context: HandlerContext): Reply {
  const problem = orgProblem(context);
  if (problem) return problem;
  const state = context.state;
  const accountId = context.query.get('accountId');
  const limitText = context.query.get('limit');
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return context.error(400, 'ADMIN-400-1', 'limit must be a whole number from 1 to 100.');
  const holds = accountId === null || directoryUser(context, accountId) !== undefined;
  const data = holds ? [{ directoryId: state.directoryId, name: `${state.org.name} directory` }] : [];
  return { status: 200, json: { data, links: {} } };
}

// ---- users ----

function lastActiveDates(context: HandlerContext): Reply {
  const problem = orgProblem(context);
  if (problem) return problem;
  const user = directoryUser(context, context.params.accountId ?? '');
  if (!user) return userNotFound(context, context.params.accountId ?? '');
  const state = context.state;
  const confluence = state.visibleConfluenceActivity(user, context.now);
  const entry = (id: string, key: string, lastActive: string | null) => ({
    id,
    key,
    ...(lastActive === null
      ? {}
      : { last_active: isoTime(lastActive).slice(0, 10), last_active_timestamp: isoSeconds(lastActive) }),
  });
  // Products the user was active in: an entry without a visible date says nothing, so there is none.
  const productAccess = [
    ...(confluence === null ? [] : [entry(state.site.cloudId, 'confluence', confluence)]),
    ...(user.activity ?? []).flatMap((other) => {
      const seen = other.lastActive === null ? null : state.visible([other.lastActive], context.now);
      return seen === null ? [] : [entry(other.site, other.product, seen)];
    }),
  ];
  return {
    status: 200,
    json: {
      data: {
        product_access: productAccess,
        added_to_org: user.addedToOrg === null ? null : isoTime(user.addedToOrg).slice(0, 10),
        added_to_org_timestamp: user.addedToOrg === null ? null : isoSeconds(user.addedToOrg),
      },
      links: {},
    },
  };
}

/** `yyyy-MM-dd'T'HH:mm:ss'Z'`, the format the last-active-dates API documents. */
function isoSeconds(dateLike: string): string {
  return `${isoTime(dateLike).slice(0, 19)}Z`;
}

interface UserPage {
  filters: Omit<UserSearch, 'cursor' | 'limit'>;
  limit: number;
  after?: string;
}

function searchUsers(context: HandlerContext): Reply {
  const problem = directoryProblem(context);
  if (problem) return problem;
  const body = readBody(context, userSearchSchema, { required: false, code: 'ADMIN-400-24' });
  if (!body.ok) return body.reply;
  let page: UserPage;
  if (body.value.cursor !== undefined) {
    const decoded = decodeCursor(body.value.cursor) as UserPage | undefined;
    if (
      !decoded ||
      typeof decoded !== 'object' ||
      typeof decoded.limit !== 'number' ||
      typeof decoded.filters !== 'object'
    ) {
      return context.error(
        400,
        'ADMIN-400-1',
        'Invalid page cursor: pass back exactly the links.next value of the previous page.',
      );
    }
    page = decoded;
  } else {
    const { cursor: _cursor, limit, ...filters } = body.value;
    page = { filters, limit: limit ?? 50 };
  }
  const { filters } = page;
  if (filters.mfaEnabled !== undefined || filters.sortBy !== undefined) {
    return context.error(
      400,
      'ADMIN-400-24',
      'The simulated site does not support mfaEnabled or sortBy in a user search; users come in ascending accountId order.',
    );
  }
  if (filters.emails !== undefined && filters.searchTerm !== undefined) {
    return context.error(400, 'ADMIN-400-24', 'searchTerm and emails are mutually exclusive.');
  }
  if (filters.emails !== undefined && new Set(filters.emails).size !== filters.emails.length) {
    return context.error(400, 'ADMIN-400-24', 'emails must not repeat an address (the spec says uniqueItems).');
  }
  if (filters.directoryIds?.some((id) => id !== context.state.directoryId)) {
    return context.error(
      404,
      'ADMIN-404-1',
      `Unknown directory in directoryIds; this organization has one directory, '${context.state.directoryId}'.`,
    );
  }

  const state = context.state;
  const matches = userFilter(state, filters);
  const source = candidateIds(state, filters);
  const found: SiteUser[] = [];
  let hasMore = false;
  for (let index = indexAfter(source, page.after); index < source.length; index += 1) {
    const user = state.user(source[index] as string);
    if (!user || !matches(user)) continue;
    if (found.length === page.limit) {
      hasMore = true;
      break;
    }
    found.push(user);
  }
  const expand = new Set(filters.expand ?? []);
  const last = found[found.length - 1];
  return {
    status: 200,
    json: {
      data: found.map((user) => directoryUserModel(state, user, expand, context.now)),
      links:
        hasMore && last
          ? { next: encodeCursor({ filters, limit: page.limit, after: last.accountId } satisfies UserPage) }
          : {},
    },
  };
}

/** The smallest sorted list of accountIds that can hold every match. */
function candidateIds(state: SiteState, filters: UserPage['filters']): ReadonlyArray<string> {
  if (filters.accountIds) return [...new Set(filters.accountIds)].sort();
  if (filters.emails) return state.idsWithEmails(filters.emails);
  if (filters.groupIds?.length === 1) return state.groupMembers(filters.groupIds[0] as string);
  return state.orderedIds();
}

function userFilter(state: SiteState, filters: UserPage['filters']): (user: SiteUser) => boolean {
  const checks: Array<(user: SiteUser) => boolean> = [(user) => user.accountType === 'atlassian'];
  const accountIds = filters.accountIds && new Set(filters.accountIds);
  if (accountIds) checks.push((user) => accountIds.has(user.accountId));
  const inSet = (values: ReadonlyArray<string> | undefined, pick: (user: SiteUser) => string) => {
    if (!values) return;
    const set = new Set(values);
    checks.push((user) => set.has(pick(user)));
  };
  inSet(filters.accountStatus, accountStatusOf);
  inSet(filters.membershipStatus, membershipStatusOf);
  inSet(filters.status, statusOf);
  if (filters.claimStatus) {
    const managed = filters.claimStatus === 'managed';
    checks.push((user) => user.managed === managed);
  }
  if (filters.emailDomains) {
    const domains = new Set(filters.emailDomains.map((domain) => domain.toLowerCase().replace(/^@/, '')));
    checks.push((user) => domains.has(emailDomain(user.email) ?? ''));
  }
  if (filters.emails) {
    const emails = new Set(filters.emails.map((email) => email.toLowerCase()));
    checks.push((user) => user.email !== null && emails.has(user.email.toLowerCase()));
  }
  if (filters.searchTerm !== undefined) {
    const term = filters.searchTerm.toLowerCase();
    checks.push(
      (user) => user.name.toLowerCase().includes(term) || (user.email?.toLowerCase().includes(term) ?? false),
    );
  }
  if (filters.groupIds) {
    const groupIds = filters.groupIds;
    checks.push((user) => groupIds.some((groupId) => user.groups.includes(groupId)));
  }
  if (filters.resourceIds || filters.roleIds) {
    const resources = filters.resourceIds && new Set(filters.resourceIds);
    const roles = filters.roleIds && new Set<string>(filters.roleIds);
    checks.push((user) =>
      state
        .userRoleAssignments(user)
        .some(
          (assignment) =>
            (!resources || resources.has(assignment.resourceId)) && (!roles || roles.has(assignment.role)),
        ),
    );
  }
  return (user) => checks.every((check) => check(user));
}

function directoryUserModel(
  state: SiteState,
  user: SiteUser,
  expand: ReadonlySet<string>,
  now: number,
): Record<string, unknown> {
  const model: Record<string, unknown> = {
    accountId: user.accountId,
    accountType: 'atlassian',
    accountStatus: accountStatusOf(user),
    membershipStatus: membershipStatusOf(user),
    status: statusOf(user),
    name: user.name,
    claimStatus: user.managed ? 'managed' : 'unmanaged',
  };
  if (user.email !== null) model.email = user.email;
  if (user.addedToOrg !== null) model.addedToOrg = isoTime(user.addedToOrg);
  if (expand.has('productAccess')) {
    const entry = (id: string, key: string, lastActive: string | null) => ({
      id,
      key,
      ...(lastActive === null ? {} : { lastActiveTimestamp: isoTime(lastActive) }),
    });
    model.productAccess = [
      ...(state.hasConfluenceRole(user)
        ? [entry(state.confluenceResourceId, 'confluence', state.visibleConfluenceActivity(user, now))]
        : []),
      ...(user.activity ?? []).map((other) =>
        entry(productResourceId(other.product, other.site), other.product, state.visible([other.lastActive], now)),
      ),
    ];
  }
  if (expand.has('groups')) {
    model.groups = user.groups.flatMap((groupId) => {
      const group = state.group(groupId);
      return group
        ? [
            {
              id: group.id,
              name: group.name,
              ...(group.description !== undefined ? { description: group.description } : {}),
            },
          ]
        : [];
    });
  }
  if (expand.has('platformRoles')) {
    const roles: string[] = [];
    if (user.orgAdmin) roles.push('atlassian/org-admin');
    if (user.directSiteAdmin || user.groups.some((groupId) => state.group(groupId)?.grantsSiteAdmin === true))
      roles.push('atlassian/site-admin');
    model.platformRoles = roles;
  }
  if (expand.has('counts.resources')) model.counts = { resources: distinctResources(state.userRoleAssignments(user)) };
  return model;
}

function suspendUser(context: HandlerContext): Reply {
  return changeMembershipStatus(context, 'suspended');
}

function restoreUser(context: HandlerContext): Reply {
  return changeMembershipStatus(context, 'active');
}

function changeMembershipStatus(context: HandlerContext, target: 'suspended' | 'active'): Reply {
  const problem = directoryProblem(context);
  if (problem) return problem;
  const accountId = context.params.accountId ?? '';
  const user = directoryUser(context, accountId);
  if (!user) return userNotFound(context, accountId);
  if (user.status === 'deactivated') {
    return context.error(
      400,
      'INVALID_USER_STATE',
      `User '${accountId}' is deactivated${user.deletionScheduledAt ? ' and scheduled for deletion' : ''}; reactivate the account before ${target === 'suspended' ? 'suspending' : 'restoring'} its access.`,
    );
  }
  if (user.status !== target) {
    context.state.setStatus(accountId, target);
    context.recordAction(target === 'suspended' ? 'suspend' : 'restore', accountId);
  }
  return { status: 204 };
}

function removeUser(context: HandlerContext): Reply {
  const problem = directoryProblem(context);
  if (problem) return problem;
  const accountId = context.params.accountId ?? '';
  if (!directoryUser(context, accountId)) return userNotFound(context, accountId);
  context.state.removeUser(accountId);
  context.recordAction('removeFromDirectory', accountId);
  return { status: 204 };
}

// ---- groups ----

function groupModel(
  state: SiteState,
  group: SiteGroup,
  counts: { users: boolean; resources: boolean },
): Record<string, unknown> {
  const model: Record<string, unknown> = {
    id: group.id,
    name: group.name,
    directoryId: state.directoryId,
    externalSynced: group.synced === true,
    managedBy: group.synced ? 'external' : 'admins',
  };
  if (group.description !== undefined) model.description = group.description;
  if (counts.users || counts.resources) {
    model.counts = {
      ...(counts.users ? { users: state.groupMembers(group.id).length } : {}),
      ...(counts.resources ? { resources: distinctResources(state.groupRoleAssignments(group)) } : {}),
    };
  }
  return model;
}

interface GroupPage {
  filters: Omit<GroupSearch, 'cursor' | 'limit'>;
  limit: number;
  offset: number;
}

function searchGroups(context: HandlerContext): Reply {
  const problem = directoryProblem(context);
  if (problem) return problem;
  const body = readBody(context, groupSearchSchema, { required: false, code: 'ADMIN-400-24' });
  if (!body.ok) return body.reply;
  let page: GroupPage;
  if (body.value.cursor !== undefined) {
    const decoded = decodeCursor(body.value.cursor) as GroupPage | undefined;
    if (
      !decoded ||
      typeof decoded !== 'object' ||
      typeof decoded.offset !== 'number' ||
      typeof decoded.limit !== 'number'
    ) {
      return context.error(
        400,
        'ADMIN-400-1',
        'Invalid page cursor: pass back exactly the links.next value of the previous page.',
      );
    }
    page = decoded;
  } else {
    const { cursor: _cursor, limit, ...filters } = body.value;
    page = { filters, limit: limit ?? 20, offset: 0 };
  }
  const { filters } = page;
  if (filters.groupNames !== undefined && (filters.searchTerm !== undefined || filters.groupIds !== undefined)) {
    return context.error(400, 'ADMIN-400-24', 'groupNames cannot be combined with searchTerm or groupIds.');
  }
  const state = context.state;
  const names = filters.groupNames && new Set(filters.groupNames.map((name) => name.toLowerCase()));
  const term = filters.searchTerm?.toLowerCase();
  const resources = filters.resourceIds && new Set(filters.resourceIds);
  const roles = filters.roleIds && new Set(filters.roleIds);
  const owners = filters.resourceOwners && new Set(filters.resourceOwners);
  const matching = state.groups().filter((group) => {
    if (filters.groupIds && !filters.groupIds.includes(group.id)) return false;
    if (names && !names.has(group.name.toLowerCase())) return false;
    if (term !== undefined && !group.name.toLowerCase().includes(term)) return false;
    if (filters.accountIds && !filters.accountIds.some((accountId) => state.isMember(accountId, group.id)))
      return false;
    if (resources || roles || owners) {
      const assigned = state
        .groupRoleAssignments(group)
        .some(
          (assignment) =>
            (!resources || resources.has(assignment.resourceId)) &&
            (!roles || roles.has(assignment.role)) &&
            (!owners || owners.has(assignment.resourceOwner)),
        );
      if (!assigned) return false;
    }
    return true;
  });
  const descending = filters.sortBy?.[0]?.direction === 'desc';
  matching.sort((a, b) => (a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)) * (descending ? -1 : 1));
  const slice = matching.slice(page.offset, page.offset + page.limit);
  const expand = new Set(filters.expand ?? []);
  const counts = { users: expand.has('counts.users'), resources: expand.has('counts.resources') };
  const nextOffset = page.offset + slice.length;
  return {
    status: 200,
    json: {
      data: slice.map((group) => groupModel(state, group, counts)),
      links:
        nextOffset < matching.length
          ? { next: encodeCursor({ filters, limit: page.limit, offset: nextOffset } satisfies GroupPage) }
          : {},
    },
  };
}

function requireGroup(context: HandlerContext): { group: SiteGroup } | { reply: Reply } {
  const problem = directoryProblem(context);
  if (problem) return { reply: problem };
  const groupId = context.params.groupId ?? '';
  const group = context.state.group(groupId);
  if (!group)
    return {
      reply: context.error(404, 'ADMIN-404-10', `Group '${groupId}' not found in this organization's directory.`),
    };
  return { group };
}

function getGroup(context: HandlerContext): Reply {
  const found = requireGroup(context);
  if ('reply' in found) return found.reply;
  return { status: 200, json: { data: groupModel(context.state, found.group, { users: true, resources: true }) } };
}

function groupRoleAssignments(context: HandlerContext): Reply {
  const found = requireGroup(context);
  if ('reply' in found) return found.reply;
  const listParam = (name: string): Set<string> | undefined => {
    const values = context.query
      .getAll(name)
      .flatMap((value) => value.split(','))
      .filter((value) => value !== '');
    return values.length > 0 ? new Set(values) : undefined;
  };
  const cursor = context.query.get('cursor');
  let offset = 0;
  let limit = 20;
  let resources = listParam('resourceIds');
  let roles = listParam('roleIds');
  let owners = listParam('resourceOwners');
  if (cursor !== null) {
    // As the spec says: with a cursor, every other parameter is ignored.
    const decoded = decodeCursor(cursor) as
      { offset?: number; limit?: number; resources?: string[]; roles?: string[]; owners?: string[] } | undefined;
    if (!decoded || typeof decoded.offset !== 'number' || typeof decoded.limit !== 'number') {
      return context.error(
        400,
        'ADMIN-400-1',
        'Invalid page cursor: pass back exactly the links.next value of the previous page.',
      );
    }
    ({ offset, limit } = decoded);
    resources = decoded.resources && new Set(decoded.resources);
    roles = decoded.roles && new Set(decoded.roles);
    owners = decoded.owners && new Set(decoded.owners);
  } else {
    const rawLimit = context.query.get('limit');
    if (rawLimit !== null) {
      limit = Number(rawLimit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        return context.error(400, 'ADMIN-400-24', `limit must be a whole number from 1 to 100, got '${rawLimit}'.`);
    }
  }
  const byResource = new Map<string, { resourceId: string; resourceOwner: string; roles: string[] }>();
  for (const assignment of context.state.groupRoleAssignments(found.group)) {
    if (
      (resources && !resources.has(assignment.resourceId)) ||
      (roles && !roles.has(assignment.role)) ||
      (owners && !owners.has(assignment.resourceOwner))
    )
      continue;
    const entry = byResource.get(assignment.resourceId) ?? {
      resourceId: assignment.resourceId,
      resourceOwner: assignment.resourceOwner,
      roles: [],
    };
    entry.roles.push(assignment.role);
    byResource.set(assignment.resourceId, entry);
  }
  const all = [...byResource.values()];
  const slice = all.slice(offset, offset + limit);
  const next = offset + slice.length;
  return {
    status: 200,
    json: {
      data: slice,
      links:
        next < all.length
          ? {
              next: encodeCursor({
                offset: next,
                limit,
                resources: resources && [...resources],
                roles: roles && [...roles],
                owners: owners && [...owners],
              }),
            }
          : {},
    },
  };
}

function addGroupMember(context: HandlerContext): Reply {
  const found = requireGroup(context);
  if ('reply' in found) return found.reply;
  const body = readBody(context, membershipSchema, { required: true, code: 'ADMIN-400-24' });
  if (!body.ok) return body.reply;
  const { accountId } = body.value;
  if (!directoryUser(context, accountId)) return userNotFound(context, accountId);
  if (found.group.synced) return syncedGroupRefusal(context, found.group);
  if (!context.state.addToGroup(accountId, found.group.id)) {
    return context.error(
      409,
      'ADMIN-409-28',
      `User '${accountId}' is already a member of group '${found.group.name}'.`,
    );
  }
  context.recordAction('addToGroup', accountId, { groupId: found.group.id });
  return { status: 204 };
}

function removeGroupMember(context: HandlerContext): Reply {
  const found = requireGroup(context);
  if ('reply' in found) return found.reply;
  const accountId = context.params.accountId ?? '';
  if (!directoryUser(context, accountId)) return userNotFound(context, accountId);
  if (found.group.synced) return syncedGroupRefusal(context, found.group);
  if (!context.state.removeFromGroup(accountId, found.group.id)) {
    return context.error(404, 'ADMIN-404-1', `User '${accountId}' is not a member of group '${found.group.name}'.`);
  }
  context.recordAction('removeFromGroup', accountId, { groupId: found.group.id });
  return { status: 204 };
}

/** Atlassian's words (admin-org.json, Add user to group): the identity provider owns a synced group's members. */
function syncedGroupRefusal(context: HandlerContext, group: SiteGroup): Reply {
  return context.error(
    403,
    'ADMIN-403-1',
    `You can't add a user to a group synced from an identity provider, or remove one: group '${group.name}' is ` +
      'synced from your identity provider. Manage this group in your identity provider instead.',
  );
}

// ---- user roles ----

/** `GET /v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/role-assignments`: one page, every resource. */
function userRoleAssignments(context: HandlerContext): Reply {
  const problem = directoryProblem(context);
  if (problem) return problem;
  const accountId = context.params.accountId ?? '';
  const user = directoryUser(context, accountId);
  if (!user) return userNotFound(context, accountId);
  const state = context.state;
  const wanted = (name: string) => {
    const values = context.query
      .getAll(name)
      .flatMap((value) => value.split(','))
      .filter((value) => value !== '');
    return values.length > 0 ? new Set(values) : undefined;
  };
  const resources = wanted('resourceIds');
  const roles = wanted('roleIds');
  const owners = wanted('resourceOwners');
  const byResource = new Map<string, Record<string, unknown> & { roleAssignments: unknown[]; roles: string[] }>();
  for (const assignment of state.userRoleAssignments(user)) {
    if (
      (resources && !resources.has(assignment.resourceId)) ||
      (roles && !roles.has(assignment.role)) ||
      (owners && !owners.has(assignment.resourceOwner))
    )
      continue;
    const platform = assignment.resourceOwner === 'platform';
    const entry = byResource.get(assignment.resourceId) ?? {
      resourceId: assignment.resourceId,
      resourceOwner: assignment.resourceOwner,
      directoryId: platform ? null : state.directoryId,
      userDirectoryStatus: platform ? null : membershipStatusOf(user),
      roles: [],
      roleAssignments: [],
    };
    entry.roles.push(assignment.role);
    entry.roleAssignments.push({ role: assignment.role, roleAssignmentMethods: assignment.methods });
    byResource.set(assignment.resourceId, entry);
  }
  return { status: 200, json: { data: [...byResource.values()], links: {} } };
}

const roleRequestSchema = z.object({ resource: z.string().min(1).optional(), role: z.enum(ROLE_IDS) }).strict();

/**
 * `POST /v1/orgs/{orgId}/users/{userId}/roles/assign|revoke`. The simulated site changes one role: `atlassian/user` on
 * this site's Confluence (`users[].directAccess`); any other role or resource answers 400 rather than pretend.
 */
function changeUserRole(context: HandlerContext, grant: boolean): Reply {
  const problem = orgProblem(context);
  if (problem) return problem;
  const body = readBody(context, roleRequestSchema, { required: true, code: 'ADMIN-UAM-400-1' });
  if (!body.ok) return body.reply;
  const accountId = context.params.userId ?? '';
  const user = directoryUser(context, accountId);
  if (!user) return context.error(404, 'ADMIN-UAM-404-3', `User '${accountId}' not found in this organization.`);
  const state = context.state;
  if (body.value.role !== 'atlassian/user' || body.value.resource !== state.confluenceResourceId) {
    return context.error(
      400,
      'ADMIN-UAM-400-3',
      `The simulated site ${grant ? 'assigns' : 'revokes'} only atlassian/user on ${state.confluenceResourceId}.`,
    );
  }
  if (grant) {
    if (state.setDirectAccess(accountId, true))
      context.recordAction('assignRole', accountId, { role: body.value.role });
    return { status: 204 };
  }
  if (!user.directAccess) {
    return state.hasConfluenceGroup(user)
      ? context.error(
          400,
          'ADMIN-UAM-400-3',
          `User '${accountId}' holds atlassian/user on this site only through groups: remove them from those groups instead.`,
        )
      : context.error(404, 'ADMIN-UAM-404-3', `User '${accountId}' holds no atlassian/user role on this site.`);
  }
  state.setDirectAccess(accountId, false);
  context.recordAction('revokeRole', accountId, { role: body.value.role });
  return { status: 204 };
}

// ---- routes ----

type AdminRoute = Omit<Route, 'family' | 'spec' | 'errorStyle' | 'bucket'> & { bucket?: Route['bucket'] };

const route = ({ bucket = 'admin', ...definition }: AdminRoute): Route => ({
  ...definition,
  family: 'admin',
  bucket,
  errorStyle: definition.path.startsWith('/admin/v1/') ? 'adminV1' : 'adminV2',
  spec: { file: 'admin-org.json', path: definition.path.slice('/admin'.length) },
});

export const ADMIN_ROUTES: ReadonlyArray<Route> = [
  route({
    operation: 'admin.getOrgs',
    method: 'GET',
    path: '/admin/v1/orgs',
    write: false,
    scope: 'read:org:admin',
    scopeDeniedStatus: 401,
    handle: getOrgs,
  }),
  route({
    operation: 'admin.getOrg',
    method: 'GET',
    path: '/admin/v1/orgs/{orgId}',
    write: false,
    scope: 'read:org:admin',
    scopeDeniedStatus: 401,
    handle: getOrg,
  }),
  route({
    operation: 'admin.listDirectories',
    method: 'GET',
    path: '/admin/v2/orgs/{orgId}/directories',
    write: false,
    scope: 'read:user:admin',
    handle: listDirectories,
  }),
  route({
    operation: 'admin.getLastActiveDates',
    method: 'GET',
    path: '/admin/v1/orgs/{orgId}/directory/users/{accountId}/last-active-dates',
    bucket: 'lastActive',
    write: false,
    scope: 'read:user:admin',
    handle: lastActiveDates,
  }),
  route({
    operation: 'admin.searchUsers',
    method: 'POST',
    path: `${V2_USERS}/search`,
    write: false,
    scope: 'read:user:admin',
    handle: searchUsers,
  }),
  route({
    operation: 'admin.suspendUser',
    method: 'POST',
    path: `${V2_USERS}/{accountId}/suspend`,
    write: true,
    scope: 'write:user:admin',
    handle: suspendUser,
  }),
  route({
    operation: 'admin.restoreUser',
    method: 'POST',
    path: `${V2_USERS}/{accountId}/restore`,
    write: true,
    scope: 'write:user:admin',
    handle: restoreUser,
  }),
  route({
    operation: 'admin.removeUser',
    method: 'DELETE',
    path: `${V2_USERS}/{accountId}`,
    write: true,
    scope: 'write:user:admin',
    handle: removeUser,
  }),
  route({
    operation: 'admin.getUserRoleAssignments',
    method: 'GET',
    path: `${V2_USERS}/{accountId}/role-assignments`,
    write: false,
    scope: 'read:directories:admin',
    handle: userRoleAssignments,
  }),
  route({
    operation: 'admin.assignRole',
    method: 'POST',
    path: '/admin/v1/orgs/{orgId}/users/{userId}/roles/assign',
    write: true,
    scope: 'write:user:admin',
    handle: (context) => changeUserRole(context, true),
  }),
  route({
    operation: 'admin.revokeRole',
    method: 'POST',
    path: '/admin/v1/orgs/{orgId}/users/{userId}/roles/revoke',
    write: true,
    scope: 'write:user:admin',
    handle: (context) => changeUserRole(context, false),
  }),
  route({
    operation: 'admin.searchGroups',
    method: 'POST',
    path: `${V2_GROUPS}/search`,
    write: false,
    scope: 'read:group:admin',
    handle: searchGroups,
  }),
  route({
    operation: 'admin.getGroup',
    method: 'GET',
    path: `${V2_GROUPS}/{groupId}`,
    write: false,
    scope: 'read:group:admin',
    scopeDeniedStatus: 401,
    handle: getGroup,
  }),
  route({
    operation: 'admin.getGroupRoleAssignments',
    method: 'GET',
    path: `${V2_GROUPS}/{groupId}/role-assignments`,
    write: false,
    scope: 'read:group:admin',
    handle: groupRoleAssignments,
  }),
  route({
    operation: 'admin.addGroupMember',
    method: 'POST',
    path: `${V2_GROUPS}/{groupId}/memberships`,
    write: true,
    scope: 'write:group:admin',
    handle: addGroupMember,
  }),
  route({
    operation: 'admin.removeGroupMember',
    method: 'DELETE',
    path: `${V2_GROUPS}/{groupId}/memberships/{accountId}`,
    write: true,
    scope: 'write:group:admin',
    handle: removeGroupMember,
  }),
];
