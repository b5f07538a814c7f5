/**
 * Groups in the simulated Admin API: group search (offset cursor, sort by name), group details with counts, a group's
 * role assignments, and adding and removing members. A group synced from an identity provider refuses member changes
 * with Atlassian's 403; adding a member twice answers 409, removing a non-member 404.
 */
import { z } from 'zod';
import { decodeCursor, encodeCursor, readBody, type HandlerContext, type Reply } from '../http';
import type { SiteGroup } from '../siteFile';
import type { SiteState } from '../state';
import { directoryProblem, directoryUser, distinctResources, invalidCursor, list, userNotFound } from './shared';

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

export function searchGroups(context: HandlerContext): Reply {
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
      return invalidCursor(context);
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

export function getGroup(context: HandlerContext): Reply {
  const found = requireGroup(context);
  if ('reply' in found) return found.reply;
  return { status: 200, json: { data: groupModel(context.state, found.group, { users: true, resources: true }) } };
}

export function groupRoleAssignments(context: HandlerContext): Reply {
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
      return invalidCursor(context);
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

export function addGroupMember(context: HandlerContext): Reply {
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

export function removeGroupMember(context: HandlerContext): Reply {
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
