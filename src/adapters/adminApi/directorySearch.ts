/**
 * Reading the org's directory: the user search (by account ids, emails, groups or status, one page at a time, with
 * the spec's limits enforced before the call), one user read fresh, a user's last active dates on this site, and the
 * directories that hold a user (which the suspend and restore writes need).
 */
import type { DirectoryUser } from '../../domain/user';
import type { Operation } from '../http';
import {
  ADMIN_BASE,
  MAX_ACCOUNT_IDS_PER_SEARCH,
  MAX_EMAILS_PER_SEARCH,
  MAX_GROUP_IDS_PER_SEARCH,
  MAX_USERS_PAGE,
  OPS,
} from './operations';
import { directoriesPageSchema, lastActivePageSchema, userSearchPageSchema, type RawDirectoryUser } from './responses';
import { endOfUtcDay, isThisSite, latest, toDirectoryUser } from './userMapping';
import { followCursors } from './calls';
import type { AdminContext, SearchUsersParams } from './types';

export function createDirectorySearch(context: AdminContext) {
  const { caller, config, orgId, orgBase } = context;
  const enc = encodeURIComponent;

  async function searchRawUsers(
    op: Operation,
    params: SearchUsersParams,
  ): Promise<{ users: RawDirectoryUser[]; nextCursor: string | null }> {
    const limit = params.limit ?? MAX_USERS_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_USERS_PAGE) {
      throw new RangeError(`searchUsers: limit must be 1..${MAX_USERS_PAGE}, got ${limit}`);
    }
    if (params.accountIds && params.accountIds.length > MAX_ACCOUNT_IDS_PER_SEARCH) {
      throw new RangeError(
        `searchUsers: at most ${MAX_ACCOUNT_IDS_PER_SEARCH} account ids per search, got ${params.accountIds.length}`,
      );
    }
    const body: Record<string, unknown> = { limit, expand: ['productAccess', 'groups', 'platformRoles'] };
    if (params.cursor) body.cursor = params.cursor;
    if (params.accountIds) body.accountIds = params.accountIds;
    if (params.statuses) body.status = params.statuses;
    if (params.emails) {
      if (params.emails.length === 0 || params.emails.length > MAX_EMAILS_PER_SEARCH) {
        throw new RangeError(`searchUsers: 1..${MAX_EMAILS_PER_SEARCH} emails per search, got ${params.emails.length}`);
      }
      body.emails = params.emails;
    }
    if (params.groupIds) {
      if (params.groupIds.length === 0 || params.groupIds.length > MAX_GROUP_IDS_PER_SEARCH) {
        throw new RangeError(
          `searchUsers: 1..${MAX_GROUP_IDS_PER_SEARCH} group ids per search, got ${params.groupIds.length}`,
        );
      }
      body.groupIds = params.groupIds;
    }
    const response = await caller.send(op, {
      method: 'POST',
      url: `${await orgBase()}/directories/-/users/search`,
      body,
    });
    const page = caller.parse(op, userSearchPageSchema, response.body);
    return { users: page.data, nextCursor: page.links?.next || null };
  }

  async function searchUsers(params: SearchUsersParams = {}) {
    const page = await searchRawUsers(OPS.searchUsers, params);
    const users = page.users.flatMap((raw) => toDirectoryUser(raw, config.cloudId) ?? []);
    return { users, nextCursor: page.nextCursor };
  }

  async function getRawUser(accountId: string): Promise<RawDirectoryUser | null> {
    const { users } = await searchRawUsers(OPS.getUser, { accountIds: [accountId], limit: 1 });
    return users.find((u) => u.accountId === accountId) ?? null;
  }

  async function getUser(accountId: string): Promise<DirectoryUser | null> {
    const raw = await getRawUser(accountId);
    return raw ? toDirectoryUser(raw, config.cloudId) : null;
  }

  async function getLastActive(accountId: string) {
    const url = `${ADMIN_BASE}/v1/orgs/${enc(await orgId())}/directory/users/${enc(accountId)}/last-active-dates`;
    const activity: string[] = [];
    let addedToOrg: string | null = null;
    // product_access is paged: this site's entry may be on any page.
    await followCursors(async (cursor) => {
      const { body } = await caller.send(OPS.getLastActive, {
        method: 'GET',
        url,
        ...(cursor ? { query: { cursor } } : {}),
      });
      const page = caller.parse(OPS.getLastActive, lastActivePageSchema, body);
      if (page.data) {
        addedToOrg ??= page.data.added_to_org_timestamp ?? endOfUtcDay(page.data.added_to_org);
        for (const entry of page.data.product_access) {
          if (!isThisSite(config.cloudId, entry)) continue;
          const when = entry.last_active_timestamp ?? endOfUtcDay(entry.last_active);
          if (when) activity.push(when);
        }
      }
      return page.links?.next || null;
    });
    return { lastActive: latest(activity), addedToOrg };
  }

  async function userDirectoryIds(accountId: string): Promise<string[]> {
    const url = `${await orgBase()}/directories`;
    const ids: string[] = [];
    await followCursors(async (cursor) => {
      // The spec: with a cursor, every other parameter is ignored.
      const query = cursor ? { cursor } : { accountId, limit: 100 };
      const { body } = await caller.send(OPS.listUserDirectories, { method: 'GET', url, query });
      const page = caller.parse(OPS.listUserDirectories, directoriesPageSchema, body);
      ids.push(...(page.data ?? []).map((d) => d.directoryId));
      return page.links?.next || null;
    });
    return [...new Set(ids)];
  }

  return { searchUsers, getRawUser, getUser, getLastActive, userDirectoryIds };
}
