/**
 * The directory user search of the simulated Admin API (`POST /v2/orgs/{orgId}/directories/{directoryId}/users/search`):
 * the request's schema, its cursor (which carries the first request's filters, limit and expand), the filters (AND),
 * and the user model with its expansions (product access with visible activity, groups, platform roles, counts).
 * Users come in ascending accountId order. The decisions where the spec is silent are listed in ../adminApi.ts.
 */
import { z } from 'zod';
import { decodeCursor, encodeCursor, readBody, type HandlerContext, type Reply } from '../http';
import { indexAfter } from '../sortedIndex';
import type { SiteUser } from '../siteFile';
import { productResourceId, type SiteState } from '../state';
import {
  accountStatusOf,
  directoryProblem,
  distinctResources,
  emailDomain,
  invalidCursor,
  isoTime,
  list,
  membershipStatusOf,
  ROLE_IDS,
  statusOf,
} from './shared';

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

interface UserPage {
  filters: Omit<UserSearch, 'cursor' | 'limit'>;
  limit: number;
  after?: string;
}

export function searchUsers(context: HandlerContext): Reply {
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
      return invalidCursor(context);
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
