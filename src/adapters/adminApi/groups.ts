/**
 * Groups: the group search (filling in which directory each group lives in, since memberships are written per
 * directory), the site's access groups, and adding and removing a member. A repeated membership change answers
 * `already`; a 409 on adding says the group's product is at its user limit, in the admin's words.
 */
import type { DirectoryGroup } from '../../domain/user';
import { ApiError, type ActionOutcome, type Operation } from '../http';
import { MAX_GROUPS_PAGE, OPS } from './operations';
import { groupSearchPageSchema, type RawDirectoryUser } from './responses';
import { bareGroupId } from './userMapping';
import { followCursors, settle } from './calls';
import type { AdminContext, SearchGroupsParams } from './types';

export function createGroups(
  context: AdminContext,
  getRawUser: (accountId: string) => Promise<RawDirectoryUser | null>,
) {
  const { caller, orgBase, siteResourceId, groupDirectories } = context;
  const enc = encodeURIComponent;

  async function searchGroupPage(
    op: Operation,
    filter: Record<string, unknown>,
    cursor: string | undefined,
  ): Promise<{ groups: DirectoryGroup[]; nextCursor: string | null }> {
    const body: Record<string, unknown> = { limit: MAX_GROUPS_PAGE, ...filter };
    if (cursor) body.cursor = cursor;
    const response = await caller.send(op, {
      method: 'POST',
      url: `${await orgBase()}/directories/-/groups/search`,
      body,
    });
    const page = caller.parse(op, groupSearchPageSchema, response.body);
    const groups = page.data.map((g) => {
      if (g.directoryId) groupDirectories.set(g.id, g.directoryId);
      const synced = g.externalSynced === true || g.managedBy === 'external';
      return { id: g.id, name: g.name ?? g.id, ...(synced ? { synced: true } : {}) };
    });
    return { groups, nextCursor: page.links?.next || null };
  }

  const accessFilter = (roleIds: string[]) => ({ resourceIds: [siteResourceId], roleIds });

  function searchGroups(params: SearchGroupsParams = {}) {
    const filter: Record<string, unknown> = {};
    if (params.name) filter.searchTerm = params.name;
    if (params.accessGroupsOnly) Object.assign(filter, accessFilter(['atlassian/user']));
    return searchGroupPage(OPS.searchGroups, filter, params.cursor);
  }

  async function allGroupPages(filter: Record<string, unknown>): Promise<DirectoryGroup[]> {
    const groups: DirectoryGroup[] = [];
    await followCursors(async (cursor) => {
      const page = await searchGroupPage(OPS.searchGroups, filter, cursor);
      groups.push(...page.groups);
      return page.nextCursor;
    });
    return groups;
  }

  async function groupDirectoryId(groupId: string, op: Operation): Promise<string> {
    const known = groupDirectories.get(groupId);
    if (known) return known;
    await searchGroupPage(OPS.findGroup, { groupIds: [groupId] }, undefined);
    const found = groupDirectories.get(groupId);
    if (found) return found;
    throw new ApiError({
      kind: 'notFound',
      operation: op.id,
      retryable: false,
      message:
        `The Atlassian Admin API does not know group ${groupId} (or not its directory), so the app cannot ${op.does}. ` +
        "The group may have been deleted: review the app's settings.",
    });
  }

  async function isMember(groupId: string, accountId: string): Promise<boolean> {
    const user = await getRawUser(accountId);
    return (user?.groups ?? []).some((g) => typeof g.id === 'string' && bareGroupId(g.id) === groupId);
  }

  async function addToGroup(groupId: string, accountId: string): Promise<ActionOutcome> {
    const directoryId = await groupDirectoryId(groupId, OPS.addToGroup);
    const url = `${await orgBase()}/directories/${enc(directoryId)}/groups/${enc(groupId)}/memberships`;
    return settle(
      () => caller.send(OPS.addToGroup, { method: 'POST', url, body: { accountId } }),
      ['badRequest', 'conflict'],
      () => isMember(groupId, accountId),
      // The spec's other reason for a 409 here: the group grants a product whose user limit is reached.
      (error) =>
        error.kind !== 'conflict'
          ? error
          : new ApiError({
              kind: 'conflict',
              operation: error.operation,
              retryable: false,
              ...(error.status !== undefined ? { status: error.status } : {}),
              ...(error.code !== undefined ? { code: error.code } : {}),
              message:
                `${error.message} The group grants a product whose user limit is reached: ` +
                'free a seat or raise the limit, then try again.',
            }),
    );
  }

  async function removeFromGroup(groupId: string, accountId: string): Promise<ActionOutcome> {
    const directoryId = await groupDirectoryId(groupId, OPS.removeFromGroup);
    const url = `${await orgBase()}/directories/${enc(directoryId)}/groups/${enc(groupId)}/memberships/${enc(accountId)}`;
    return settle(
      () => caller.send(OPS.removeFromGroup, { method: 'DELETE', url }),
      ['badRequest', 'conflict', 'notFound'],
      async () => !(await isMember(groupId, accountId)),
    );
  }

  return {
    searchGroups,
    listAllGroups: () => allGroupPages({}),
    listAccessGroups: (options: { roleIds?: string[] } = {}) =>
      allGroupPages(accessFilter(options.roleIds ?? ['atlassian/user'])),
    addToGroup,
    removeFromGroup,
  };
}
