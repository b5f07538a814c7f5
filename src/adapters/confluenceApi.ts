/**
 * Client for the Confluence REST operations the app calls (v1 `/wiki/rest/api`, v2 `/wiki/api/v2`), per
 * test/local/site/specs/confluence-v1.json and confluence-v2.json. The transport is the Forge shell's `requestConfluence`, as the app
 * (`asApp`) or, for the site-admin check of a resolver's caller, as that user, so `url` starts with `/wiki/`.
 *
 * Confluence has no activity data and its group members carry no status: membership is not access.
 * Last activity and account status come from the Admin API; this client covers what the Admin API cannot:
 * group members for report recipients, the names behind account ids the page shows or refuses (users-bulk), the
 * email of a user whose profile hides it, and site-admin checks.
 * Every path here is a Confluence operation whose scope manifest.yml declares (test/scopes.test.ts).
 */
import { z } from 'zod';
import type { AccountType, DirectoryGroup } from '../domain/user';
import {
  ApiError,
  createJsonCaller,
  isApiError,
  type CallMetrics,
  type HttpTransport,
  type Operation,
  type RateLimitSnapshot,
  type ServiceProfile,
} from './http';

/** The spec's ceiling for group member pages (a larger limit answers 400). */
export const MAX_GROUP_MEMBERS_PAGE = 200;
/** The spec's maxItems for `POST /wiki/api/v2/users-bulk`. */
export const MAX_USERS_BULK = 250;
const GROUPS_PAGE = 200;
/** Guards every paged walk: a server that keeps answering "more" must not keep an invocation busy forever. */
const MAX_PAGES = 500;

export type ConfluenceAccountType = AccountType | 'unknown';
export type ConfluenceAccountStatus = 'active' | 'inactive' | 'closed' | 'unknown';

export interface ConfluenceUser {
  accountId: string;
  displayName: string;
  /** null when hidden by the user's privacy settings (Confluence then sends an empty string). */
  email: string | null;
  /** `app` marks a bot account created for an installed app: never a seat to free. */
  accountType: ConfluenceAccountType;
}

export interface ConfluenceBulkUser extends ConfluenceUser {
  accountStatus: ConfluenceAccountStatus;
}

export interface ConfluenceApi {
  readonly metrics: CallMetrics;
  readonly lastRateLimit: RateLimitSnapshot | null;
  listGroupMembers(
    groupId: string,
    page?: { start?: number; limit?: number },
  ): Promise<{ members: ConfluenceUser[]; nextStart: number | null }>;
  /** Profiles and account status of up to any number of users, 250 a request. Unknown ids are absent. */
  getUsersBulk(accountIds: string[]): Promise<ConfluenceBulkUser[]>;
  /** The address regardless of profile visibility (Forge: asApp only); null when no such user exists. */
  getUserEmail(accountId: string): Promise<string | null>;
  /** Member of a group that Confluence lists with `accessType=site-admin`. */
  isSiteAdmin(accountId: string): Promise<boolean>;
}

const CONFLUENCE: ServiceProfile = { displayName: 'Confluence', credential: 'forgeApp' };

const OPS = {
  listSiteAdminGroups: { id: 'listSiteAdminGroups', does: 'list the groups that make their members site admins' },
  listGroupMembers: { id: 'listGroupMembers', does: "list a group's members" },
  listUserGroups: { id: 'listUserGroups', does: "list a user's groups" },
  getUsersBulk: { id: 'getUsersBulk', does: 'read user profiles' },
  getUserEmail: { id: 'getUserEmail', does: "read a user's email address" },
} satisfies Record<string, Operation>;

// ---- response schemas: only what the app reads ----

const links = z.object({ next: z.string().nullish() }).nullish();

const groupPageSchema = z.object({
  results: z.array(z.object({ id: z.string(), name: z.string() })),
  size: z.number().nullish(),
  _links: links,
});

const v1UserSchema = z.object({
  accountId: z.string().nullish(),
  accountType: z.string().nullish(),
  email: z.string().nullish(),
  publicName: z.string().nullish(),
  displayName: z.string().nullish(),
});
type V1User = z.output<typeof v1UserSchema>;

// The spec marks member entries nullable: a null entry is skipped, not a failure.
const memberPageSchema = z.object({ results: z.array(v1UserSchema.nullable()), _links: links });

const bulkUsersSchema = z.object({
  results: z
    .array(
      z.object({
        accountId: z.string(),
        accountType: z.string().nullish(),
        accountStatus: z.string().nullish(),
        email: z.string().nullish(),
        publicName: z.string().nullish(),
        displayName: z.string().nullish(),
      }),
    )
    .nullish(),
  _links: links,
});

const emailSchema = z.object({ accountId: z.string(), email: z.string() });

function toAccountType(value: string | null | undefined): ConfluenceAccountType {
  return value === 'atlassian' || value === 'app' || value === 'customer' ? value : 'unknown';
}

function toAccountStatus(value: string | null | undefined): ConfluenceAccountStatus {
  return value === 'active' || value === 'inactive' || value === 'closed' ? value : 'unknown';
}

function toConfluenceUser(user: V1User & { accountId: string }): ConfluenceUser {
  return {
    accountId: user.accountId,
    displayName: user.displayName || user.publicName || user.accountId,
    email: user.email || null,
    accountType: toAccountType(user.accountType),
  };
}

const hasAccountId = <T extends { accountId?: string | null }>(user: T | null): user is T & { accountId: string } =>
  typeof user?.accountId === 'string' && user.accountId !== '';

/** v2 `_links.next` is a path for the next page; it may or may not carry the `/wiki` prefix. */
function wikiPath(next: string): string {
  const prefix = '/wiki';
  if (next.startsWith(`${prefix}/`)) return next;
  if (next.startsWith('/')) return prefix + next;
  const url = new URL(next);
  const path = `${url.pathname}${url.search}`;
  return url.pathname.startsWith(`${prefix}/`) ? path : prefix + path;
}

export function createConfluenceApi(config: { transport: HttpTransport; now?: () => Date }): ConfluenceApi {
  const caller = createJsonCaller({
    transport: config.transport,
    service: CONFLUENCE,
    headers: {},
    ...(config.now ? { now: config.now } : {}),
  });
  let siteAdminGroupIds: Promise<Set<string>> | null = null;

  /** Walks a v1 start/limit listing: more pages while `_links.next` says so or a page came back full. */
  async function allGroups(
    op: Operation,
    url: string,
    query: Record<string, string | number> = {},
  ): Promise<DirectoryGroup[]> {
    const groups: DirectoryGroup[] = [];
    let start = 0;
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      const { body } = await caller.send(op, { method: 'GET', url, query: { ...query, start, limit: GROUPS_PAGE } });
      const page = caller.parse(op, groupPageSchema, body);
      groups.push(...page.results.map((g) => ({ id: g.id, name: g.name })));
      const more = page.results.length > 0 && (Boolean(page._links?.next) || page.results.length >= GROUPS_PAGE);
      if (!more) break;
      start += page.results.length;
    }
    return groups;
  }

  async function listGroupMembers(groupId: string, page: { start?: number; limit?: number } = {}) {
    const start = page.start ?? 0;
    const limit = page.limit ?? MAX_GROUP_MEMBERS_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_GROUP_MEMBERS_PAGE) {
      throw new RangeError(`listGroupMembers: limit must be 1..${MAX_GROUP_MEMBERS_PAGE}, got ${limit}`);
    }
    const { body } = await caller.send(OPS.listGroupMembers, {
      method: 'GET',
      url: `/wiki/rest/api/group/${encodeURIComponent(groupId)}/membersByGroupId`,
      query: { start, limit },
    });
    const parsed = caller.parse(OPS.listGroupMembers, memberPageSchema, body);
    const members = parsed.results.filter(hasAccountId).map(toConfluenceUser);
    const more = parsed.results.length > 0 && (Boolean(parsed._links?.next) || parsed.results.length >= limit);
    return { members, nextStart: more ? start + parsed.results.length : null };
  }

  async function getUsersBulk(accountIds: string[]): Promise<ConfluenceBulkUser[]> {
    const unique = [...new Set(accountIds)];
    const users: ConfluenceBulkUser[] = [];
    for (let offset = 0; offset < unique.length; offset += MAX_USERS_BULK) {
      const body = { accountIds: unique.slice(offset, offset + MAX_USERS_BULK) };
      let url: string | null = '/wiki/api/v2/users-bulk';
      for (let pages = 0; url !== null && pages < MAX_PAGES; pages += 1) {
        const response = await sendBulk(url, body);
        const parsed = caller.parse(OPS.getUsersBulk, bulkUsersSchema, response.body);
        for (const user of parsed.results ?? []) {
          users.push({ ...toConfluenceUser(user), accountStatus: toAccountStatus(user.accountStatus) });
        }
        url = parsed._links?.next ? wikiPath(parsed._links.next) : null;
      }
    }
    return users;
  }

  /** users-bulk answers 404 when the caller may not view profiles: that is a permission problem. */
  async function sendBulk(url: string, body: { accountIds: string[] }) {
    try {
      return await caller.send(OPS.getUsersBulk, { method: 'POST', url, body });
    } catch (error) {
      if (!isApiError(error) || error.kind !== 'notFound') throw error;
      throw new ApiError({
        kind: 'forbidden',
        operation: error.operation,
        retryable: false,
        status: 404,
        message:
          'The app is not allowed to read user profiles in Confluence (404 from users-bulk): it needs the ' +
          "'read:user:confluence' scope and the 'Can use' global permission must allow viewing user profiles.",
      });
    }
  }

  async function getUserEmail(accountId: string): Promise<string | null> {
    try {
      const { body } = await caller.send(OPS.getUserEmail, {
        method: 'GET',
        url: '/wiki/rest/api/user/email',
        query: { accountId },
      });
      return caller.parse(OPS.getUserEmail, emailSchema, body).email || null;
    } catch (error) {
      if (isApiError(error) && error.kind === 'notFound') return null;
      throw error;
    }
  }

  function siteAdminGroups(): Promise<Set<string>> {
    siteAdminGroupIds ??= allGroups(OPS.listSiteAdminGroups, '/wiki/rest/api/group', { accessType: 'site-admin' }).then(
      (groups) => new Set(groups.map((g) => g.id)),
    );
    siteAdminGroupIds.catch(() => {
      siteAdminGroupIds = null;
    });
    return siteAdminGroupIds;
  }

  async function isSiteAdmin(accountId: string): Promise<boolean> {
    const adminGroups = await siteAdminGroups();
    if (adminGroups.size === 0) return false;
    const userGroups = await allGroups(OPS.listUserGroups, '/wiki/rest/api/user/memberof', { accountId });
    return userGroups.some((g) => adminGroups.has(g.id));
  }

  return {
    metrics: caller.metrics,
    get lastRateLimit() {
      return caller.lastRateLimit;
    },
    listGroupMembers,
    getUsersBulk,
    getUserEmail,
    isSiteAdmin,
  };
}
