/**
 * Client for the Atlassian Admin (organizations) API and the user management (lifecycle) API, both at
 * https://api.atlassian.com with the organization API key as a bearer token. Requests, answers and quirks
 * follow test/local/site/specs/admin-org.json and user-management.json.
 *
 * Decisions worth knowing:
 * - Directory user `status` (a composite of accountStatus and membershipStatus) maps to UserStatus:
 *   `for_deletion` reads as `deactivated` (the account is blocked during its 14-day grace period);
 *   `not_invited` users are left out (no membership in any directory of the org: they hold no seat and
 *   nothing here can act on them); users with a status this code does not know are left out too.
 * - `suspend`, `restore` and group memberships need a real directory id (the spec allows `-` only on
 *   reads): the client looks up the user's directories, or the group's directory, before writing.
 * - `productAccess[]` lists every product and site the user holds: this site's Confluence entry says the user holds
 *   Confluence here (`siteAccess`), the others are `otherAccess`. Whether the Confluence role is (also) direct is
 *   in the user's role assignments (`getRoleAssignments`), read only where it matters (before removing access).
 * - Repeated actions are safe: when a write is refused in a way that could mean "already so"
 *   (400/409, or 404 for a removal), the client reads the user back and answers `already` when the
 *   wanted state holds; otherwise the original error stands.
 */
import { z } from 'zod';
import type { AccountType, DirectoryGroup, DirectoryUser, UserStatus } from '../domain/user';
import type { OtherAccess } from '../domain/org';
import {
  ApiError,
  createJsonCaller,
  isApiError,
  type ActionOutcome,
  type ApiErrorKind,
  type CallMetrics,
  type HttpTransport,
  type Operation,
  type RateLimitSnapshot,
  type ServiceProfile,
} from './http';

const API_ORIGIN = 'https://api.atlassian.com';
const ADMIN_BASE = `${API_ORIGIN}/admin`;
const MAX_USERS_PAGE = 100;
const MAX_GROUPS_PAGE = 100;
/** The spec's maxItems for `accountIds` in a directory user search. */
export const MAX_ACCOUNT_IDS_PER_SEARCH = 10;
/** The spec's maxItems for `emails` in a directory user search. */
export const MAX_EMAILS_PER_SEARCH = 100;
/** The spec's maxItems for `groupIds` in a directory user search. */
export const MAX_GROUP_IDS_PER_SEARCH = 10;
const GROUP_ARI_PREFIX = 'ari:cloud:identity::group/';

/** Statuses the directory user search can filter on (the spec's composite `status`). */
export type DirectoryStatusFilter = 'active' | 'suspended' | 'deactivated' | 'for_deletion' | 'not_invited';

export interface AdminApiConfig {
  apiKey: string;
  /** Discovered through `GET /admin/v1/orgs` when absent: an org API key belongs to one org. */
  orgId?: string;
  /** The Confluence site's cloud id: picks this site's entry out of each user's product access. */
  cloudId: string;
  transport: HttpTransport;
  now?: () => Date;
  /**
   * Group id → directory id, learned from group searches. Pass one map per org to share it between clients:
   * a function instance reused by Forge then skips the look-up before each membership write.
   */
  groupDirectories?: Map<string, string>;
}

export interface SearchUsersParams {
  cursor?: string;
  /** 1..100, default 100. */
  limit?: number;
  /** At most 10 (the spec's limit). */
  accountIds?: string[];
  statuses?: DirectoryStatusFilter[];
  /** Only members of these groups; at most 10 (the spec's limit). */
  groupIds?: string[];
  /** Exact email addresses; 1..100 (the spec's limit). */
  emails?: string[];
}

export interface SearchGroupsParams {
  /** Free text matched against group names. */
  name?: string;
  /** Only groups that give Confluence access on this site (role `atlassian/user`). */
  accessGroupsOnly?: boolean;
  cursor?: string;
}

export interface AdminApi {
  /** The ARI of this Confluence site, as the Admin API names it. */
  readonly siteResourceId: string;
  readonly metrics: CallMetrics;
  readonly lastRateLimit: RateLimitSnapshot | null;
  getOrganization(): Promise<{ id: string; name: string }>;
  searchUsers(params?: SearchUsersParams): Promise<{ users: DirectoryUser[]; nextCursor: string | null }>;
  /** One user, read fresh; null when the org's directories do not hold them (or they are `not_invited`). */
  getUser(accountId: string): Promise<DirectoryUser | null>;
  getLastActive(accountId: string): Promise<{ lastActive: string | null; addedToOrg: string | null }>;
  suspend(accountId: string): Promise<ActionOutcome>;
  restore(accountId: string): Promise<ActionOutcome>;
  searchGroups(params?: SearchGroupsParams): Promise<{ groups: DirectoryGroup[]; nextCursor: string | null }>;
  listAllGroups(): Promise<DirectoryGroup[]>;
  /**
   * Groups that grant a role on this Confluence site. Default `atlassian/user`; pass also `atlassian/admin`
   * to include product-admin groups, which hold a seat too.
   */
  listAccessGroups(options?: { roleIds?: string[] }): Promise<DirectoryGroup[]>;
  /** How the user holds roles on this site: a direct `atlassian/user` on Confluence; `atlassian/site-admin` (any way). */
  getRoleAssignments(accountId: string): Promise<{ directConfluence: boolean; siteAdmin: boolean }>;
  /** The direct `atlassian/user` role on this site's Confluence (roles/revoke, roles/assign). */
  revokeConfluenceRole(accountId: string): Promise<ActionOutcome>;
  grantConfluenceRole(accountId: string): Promise<ActionOutcome>;
  addToGroup(groupId: string, accountId: string): Promise<ActionOutcome>;
  removeFromGroup(groupId: string, accountId: string): Promise<ActionOutcome>;
  /** Managed accounts only (lifecycle API). */
  deactivate(accountId: string, message?: string): Promise<ActionOutcome>;
  activate(accountId: string): Promise<ActionOutcome>;
  /** Schedules deletion: the account is deactivated for a 14-day grace period first. */
  deleteAccount(accountId: string): Promise<ActionOutcome>;
  cancelDelete(accountId: string): Promise<ActionOutcome>;
}

const ADMIN_API: ServiceProfile = { displayName: 'the Atlassian Admin API', credential: 'orgApiKey' };
const LIFECYCLE_API: ServiceProfile = { displayName: 'the Atlassian user management API', credential: 'orgApiKey' };

const OPS = {
  listOrgs: { id: 'listOrgs', does: 'find the organization the API key belongs to' },
  getOrganization: { id: 'getOrganization', does: 'read the organization' },
  searchUsers: { id: 'searchUsers', does: "search the organization's users" },
  getUser: { id: 'getUser', does: 'look up a user of the organization' },
  getLastActive: { id: 'getLastActive', does: "read a user's last active dates" },
  listUserDirectories: { id: 'listUserDirectories', does: 'find the directories that hold a user' },
  suspend: { id: 'suspend', does: "suspend a user's access" },
  restore: { id: 'restore', does: "restore a user's access" },
  searchGroups: { id: 'searchGroups', does: "search the organization's groups" },
  findGroup: { id: 'findGroup', does: 'look up a group' },
  addToGroup: { id: 'addToGroup', does: 'add a user to a group' },
  removeFromGroup: { id: 'removeFromGroup', does: 'remove a user from a group' },
  getRoleAssignments: { id: 'getRoleAssignments', does: "read a user's role assignments" },
  revokeRole: { id: 'revokeRole', does: "revoke a user's direct Confluence role" },
  assignRole: { id: 'assignRole', does: 'give a user a direct Confluence role' },
  deactivate: { id: 'deactivate', does: 'deactivate a managed account', service: LIFECYCLE_API },
  activate: { id: 'activate', does: 'reactivate a managed account', service: LIFECYCLE_API },
  deleteAccount: { id: 'deleteAccount', does: 'delete a managed account', service: LIFECYCLE_API },
  cancelDelete: { id: 'cancelDelete', does: 'cancel the deletion of a managed account', service: LIFECYCLE_API },
} satisfies Record<string, Operation>;

// ---- response schemas: only the fields the app depends on; unknown fields are dropped, not refused ----

const timestamp = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time')
  .transform((value) => new Date(value).toISOString());

const orgSchema = z.object({ id: z.string(), attributes: z.object({ name: z.string().nullish() }).nullish() });
const orgListSchema = z.object({ data: z.array(orgSchema).nullish() });
const orgByIdSchema = z.object({ data: orgSchema });

const cursorLinks = z.object({ next: z.string().nullish() }).nullish();

const directoryUserSchema = z.object({
  accountId: z.string(),
  accountType: z.string().nullish(),
  accountStatus: z.string().nullish(),
  membershipStatus: z.string().nullish(),
  status: z.string().nullish(),
  claimStatus: z.string().nullish(),
  name: z.string().nullish(),
  nickname: z.string().nullish(),
  email: z.string().nullish(),
  addedToOrg: timestamp.nullish(),
  platformRoles: z.array(z.string()).nullish(),
  groups: z.array(z.object({ id: z.string().nullish() })).nullish(),
  productAccess: z
    .array(z.object({ id: z.string().nullish(), key: z.string().nullish(), lastActiveTimestamp: timestamp.nullish() }))
    .nullish(),
});
type RawDirectoryUser = z.output<typeof directoryUserSchema>;

const userSearchPageSchema = z.object({ data: z.array(directoryUserSchema), links: cursorLinks });

const lastActivePageSchema = z.object({
  data: z
    .object({
      added_to_org: z.string().nullish(),
      added_to_org_timestamp: timestamp.nullish(),
      product_access: z.array(
        z.object({
          id: z.string(),
          key: z.string(),
          last_active: z.string().nullish(),
          last_active_timestamp: timestamp.nullish(),
        }),
      ),
    })
    .nullish(),
  links: cursorLinks,
});

const directoriesPageSchema = z.object({
  data: z.array(z.object({ directoryId: z.string() })).nullish(),
  links: cursorLinks,
});

const groupSearchPageSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullish(),
      directoryId: z.string().nullish(),
      externalSynced: z.boolean().nullish(),
      managedBy: z.string().nullish(),
    }),
  ),
  links: cursorLinks,
});

const userRoleAssignmentsSchema = z.object({
  data: z
    .array(
      z.object({
        resourceId: z.string().nullish(),
        roles: z.array(z.string()).nullish(),
        roleAssignments: z
          .array(z.object({ role: z.string().nullish(), roleAssignmentMethods: z.array(z.string()).nullish() }))
          .nullish(),
      }),
    )
    .nullish(),
  links: cursorLinks,
});

// ---- mapping ----

/** The composite status as the spec defines it, derived from its parts when the field is absent. */
function compositeStatus(user: RawDirectoryUser): DirectoryStatusFilter | null {
  switch (user.status) {
    case 'active':
    case 'suspended':
    case 'deactivated':
    case 'for_deletion':
    case 'not_invited':
      return user.status;
  }
  if (user.status) return null;
  if (user.accountStatus === 'inactive' || user.accountStatus === 'closed') return 'deactivated';
  if (user.accountStatus !== 'active') return null;
  switch (user.membershipStatus) {
    case 'active':
      return 'active';
    case 'suspended':
      return 'suspended';
    case 'no_membership':
      return 'not_invited';
    default:
      return null;
  }
}

/** The account's lifecycle as the user management API changes it (org membership aside). */
type AccountState = 'active' | 'blocked' | 'pendingDeletion' | 'closed';

function accountState(user: RawDirectoryUser): AccountState | null {
  const status = compositeStatus(user);
  if (status === 'for_deletion') return 'pendingDeletion';
  if (user.accountStatus === 'closed') return 'closed';
  if (user.accountStatus === 'inactive' || status === 'deactivated') return 'blocked';
  if (user.accountStatus === 'active' || status !== null) return 'active';
  return null;
}

function toUserStatus(status: DirectoryStatusFilter | null): UserStatus | null {
  switch (status) {
    case 'active':
    case 'suspended':
    case 'deactivated':
      return status;
    case 'for_deletion':
      return 'deactivated';
    case 'not_invited':
    case null:
      return null;
  }
}

function toAccountType(value: string | null | undefined): AccountType {
  // The v2 directory schema only knows 'atlassian'; keep the others should the API start sending them.
  return value === 'app' || value === 'customer' ? value : 'atlassian';
}

/** Group ids come as ARIs in a user's expanded groups and as bare ids everywhere else. */
export function bareGroupId(id: string): string {
  return id.startsWith(GROUP_ARI_PREFIX) ? id.slice(GROUP_ARI_PREFIX.length) : id;
}

/** Whether a product-access entry is this site's Confluence (an ARI in v2; v1 does not document the form). */
function isThisSite(cloudId: string, entry: { id?: string | null; key?: string | null }): boolean {
  return entry.key === 'confluence' && (entry.id === `ari:cloud:confluence::site/${cloudId}` || entry.id === cloudId);
}

const latest = (values: string[]): string | null =>
  values.length === 0 ? null : values.reduce((a, b) => (a > b ? a : b));

/**
 * A date-only value (yyyy-MM-dd) read as the last millisecond of that UTC day: rounding then never makes
 * a user look more inactive, or longer in the org, than they are.
 */
function endOfUtcDay(date: string | null | undefined): string | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return `${date}T23:59:59.999Z`;
}

/** The cloud id in a product ARI (`ari:cloud:jira::site/<cloudId>`), or the id itself when it is not one. */
function siteOf(id: string): string {
  const at = id.lastIndexOf('::site/');
  return at < 0 ? id : id.slice(at + '::site/'.length);
}

function toDirectoryUser(user: RawDirectoryUser, cloudId: string): DirectoryUser | null {
  const status = toUserStatus(compositeStatus(user));
  if (status === null) return null;
  const access = user.productAccess ?? [];
  const here = access.filter((entry) => isThisSite(cloudId, entry));
  const siteActivity = here.flatMap((entry) => (entry.lastActiveTimestamp ? [entry.lastActiveTimestamp] : []));
  const otherAccess: OtherAccess[] = access
    .filter((entry) => !isThisSite(cloudId, entry) && entry.key && entry.id)
    .map((entry) => {
      const site = siteOf(entry.id!);
      return { product: entry.key!, site, thisSite: site === cloudId, lastActive: entry.lastActiveTimestamp ?? null };
    });
  const platformRoles = user.platformRoles ?? [];
  return {
    accountId: user.accountId,
    name: user.name || user.nickname || user.email || user.accountId,
    email: user.email || null,
    accountType: toAccountType(user.accountType),
    status,
    managed: user.claimStatus === 'managed',
    orgAdmin: (user.platformRoles ?? []).includes('atlassian/org-admin'),
    groupIds: [...new Set((user.groups ?? []).flatMap((g) => (g.id ? [bareGroupId(g.id)] : [])))],
    addedToOrg: user.addedToOrg ?? null,
    lastActive: latest(siteActivity),
    // Only when the search said which products the user holds: a search without productAccess says nothing.
    ...(user.productAccess ? { siteAccess: here.length > 0, otherAccess } : {}),
    ...(user.platformRoles ? { siteAdmin: platformRoles.includes('atlassian/site-admin') } : {}),
  };
}

/** Fetches pages while the API names a next cursor; a cursor seen before ends the walk instead of looping. */
async function followCursors(fetchPage: (cursor: string | undefined) => Promise<string | null>): Promise<void> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const next = await fetchPage(cursor);
    cursor = next !== null && !seen.has(next) ? next : undefined;
    if (cursor) seen.add(cursor);
  } while (cursor);
}

// ---- the client ----

export function createAdminApi(config: AdminApiConfig): AdminApi {
  const caller = createJsonCaller({
    transport: config.transport,
    service: ADMIN_API,
    headers: { Authorization: `Bearer ${config.apiKey}` },
    ...(config.now ? { now: config.now } : {}),
  });
  const siteResourceId = `ari:cloud:confluence::site/${config.cloudId}`;
  const enc = encodeURIComponent;
  /** Where each group lives: memberships are written per directory. Filled by every group search. */
  const groupDirectories = config.groupDirectories ?? new Map<string, string>();

  let discovered: Promise<{ id: string; name: string }> | null = null;

  function discoverOrganization(): Promise<{ id: string; name: string }> {
    discovered ??= (async () => {
      const { body } = await caller.send(OPS.listOrgs, { method: 'GET', url: `${ADMIN_BASE}/v1/orgs` });
      const orgs = caller.parse(OPS.listOrgs, orgListSchema, body).data ?? [];
      const [org] = orgs;
      if (!org) {
        throw new ApiError({
          kind: 'forbidden',
          operation: OPS.listOrgs.id,
          retryable: false,
          message:
            'The organization API key does not give access to any organization. Create the key from the ' +
            "organization in admin.atlassian.com → Settings → API keys and save it in the app's settings.",
        });
      }
      if (orgs.length > 1) {
        throw new ApiError({
          kind: 'badRequest',
          operation: OPS.listOrgs.id,
          retryable: false,
          message:
            `The API key gives access to ${orgs.length} organizations ` +
            `(${orgs.map((o) => o.attributes?.name ?? o.id).join(', ')}): enter the organization id in the app's settings.`,
        });
      }
      return { id: org.id, name: org.attributes?.name ?? org.id };
    })();
    // A failed discovery (expired key, outage) must not stick: the next call asks again.
    discovered.catch(() => {
      discovered = null;
    });
    return discovered;
  }

  async function orgId(): Promise<string> {
    return config.orgId ?? (await discoverOrganization()).id;
  }

  async function orgBase(): Promise<string> {
    return `${ADMIN_BASE}/v2/orgs/${enc(await orgId())}`;
  }

  async function getOrganization(): Promise<{ id: string; name: string }> {
    if (!config.orgId) return discoverOrganization();
    const { body } = await caller.send(OPS.getOrganization, {
      method: 'GET',
      url: `${ADMIN_BASE}/v1/orgs/${enc(config.orgId)}`,
    });
    const org = caller.parse(OPS.getOrganization, orgByIdSchema, body).data;
    return { id: org.id, name: org.attributes?.name ?? org.id };
  }

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

  /**
   * Runs a write; when it is refused with one of `ambiguous` kinds, reads the user back and answers
   * `already` if the wanted state holds, else lets the refusal stand.
   */
  async function settle(
    write: () => Promise<unknown>,
    ambiguous: ApiErrorKind[],
    holds: () => Promise<boolean>,
    explainRefusal?: (error: ApiError) => ApiError,
  ): Promise<ActionOutcome> {
    try {
      await write();
      return 'done';
    } catch (error) {
      if (!isApiError(error) || !ambiguous.includes(error.kind)) throw error;
      if (await holds()) return 'already';
      throw explainRefusal ? explainRefusal(error) : error;
    }
  }

  /** Suspend and restore act per directory; the user may sit in several. */
  async function changeAccess(accountId: string, action: 'suspend' | 'restore'): Promise<ActionOutcome> {
    const op = OPS[action];
    const wanted: DirectoryStatusFilter = action === 'suspend' ? 'suspended' : 'active';
    const statusHolds = async () => {
      const user = await getRawUser(accountId);
      return user !== null && compositeStatus(user) === wanted;
    };
    const directoryIds = await userDirectoryIds(accountId);
    if (directoryIds.length === 0) {
      // No directory holds the user: they reach nothing through this org, so there is nothing to suspend.
      // An active user without a directory means the two searches disagree: better to stop than guess.
      const user = await getRawUser(accountId);
      if (action === 'suspend' && (user === null || compositeStatus(user) !== 'active')) return 'already';
      throw new ApiError({
        kind: 'notFound',
        operation: op.id,
        retryable: false,
        message: `The Atlassian Admin API shows no directory holding user ${accountId}, so the app cannot ${op.does}.`,
      });
    }
    const base = await orgBase();
    const outcomes: ActionOutcome[] = [];
    for (const directoryId of directoryIds) {
      const url = `${base}/directories/${enc(directoryId)}/users/${enc(accountId)}/${action}`;
      outcomes.push(
        await settle(() => caller.send(op, { method: 'POST', url }), ['badRequest', 'conflict'], statusHolds),
      );
    }
    return outcomes.includes('done') ? 'done' : 'already';
  }

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

  async function getRoleAssignments(accountId: string): Promise<{ directConfluence: boolean; siteAdmin: boolean }> {
    const url = `${await orgBase()}/directories/-/users/${enc(accountId)}/role-assignments`;
    const result = { directConfluence: false, siteAdmin: false };
    await followCursors(async (cursor) => {
      const { body } = await caller.send(OPS.getRoleAssignments, {
        method: 'GET',
        url,
        ...(cursor ? { query: { cursor } } : {}),
      });
      const page = caller.parse(OPS.getRoleAssignments, userRoleAssignmentsSchema, body);
      for (const entry of page.data ?? []) {
        const assignments =
          entry.roleAssignments ?? (entry.roles ?? []).map((role) => ({ role, roleAssignmentMethods: [] }));
        for (const assignment of assignments) {
          if (
            assignment.role === 'atlassian/site-admin' &&
            entry.resourceId === `ari:cloud:platform::site/${config.cloudId}`
          )
            result.siteAdmin = true;
          if (
            assignment.role === 'atlassian/user' &&
            entry.resourceId === siteResourceId &&
            (assignment.roleAssignmentMethods ?? []).includes('direct')
          )
            result.directConfluence = true;
        }
      }
      return page.links?.next || null;
    });
    return result;
  }

  async function changeConfluenceRole(accountId: string, grant: boolean): Promise<ActionOutcome> {
    const op = grant ? OPS.assignRole : OPS.revokeRole;
    const url = `${ADMIN_BASE}/v1/orgs/${enc(await orgId())}/users/${enc(accountId)}/roles/${grant ? 'assign' : 'revoke'}`;
    return settle(
      () => caller.send(op, { method: 'POST', url, body: { resource: siteResourceId, role: 'atlassian/user' } }),
      ['badRequest', 'conflict', 'notFound'],
      async () => (await getRoleAssignments(accountId)).directConfluence === grant,
    );
  }

  /** The lifecycle API answers 409 "not eligible" for accounts already in the target state, among others. */
  function lifecycle(
    op: Operation,
    action: 'disable' | 'enable' | 'delete' | 'cancel-delete',
    accountId: string,
    wanted: AccountState[],
    body?: unknown,
  ): Promise<ActionOutcome> {
    const url = `${API_ORIGIN}/users/${enc(accountId)}/manage/lifecycle/${action}`;
    return settle(
      () => caller.send(op, { method: 'POST', url, ...(body !== undefined ? { body } : {}) }),
      ['badRequest', 'conflict'],
      async () => {
        const user = await getRawUser(accountId);
        const state = user ? accountState(user) : null;
        return state !== null && wanted.includes(state);
      },
    );
  }

  return {
    siteResourceId,
    metrics: caller.metrics,
    get lastRateLimit() {
      return caller.lastRateLimit;
    },
    getOrganization,
    searchUsers,
    getUser,
    getLastActive,
    suspend: (accountId) => changeAccess(accountId, 'suspend'),
    restore: (accountId) => changeAccess(accountId, 'restore'),
    searchGroups,
    listAllGroups: () => allGroupPages({}),
    listAccessGroups: (options = {}) => allGroupPages(accessFilter(options.roleIds ?? ['atlassian/user'])),
    addToGroup,
    removeFromGroup,
    getRoleAssignments,
    revokeConfluenceRole: (accountId) => changeConfluenceRole(accountId, false),
    grantConfluenceRole: (accountId) => changeConfluenceRole(accountId, true),
    deactivate: (accountId, message) =>
      lifecycle(
        OPS.deactivate,
        'disable',
        accountId,
        ['blocked', 'pendingDeletion', 'closed'],
        message === undefined ? {} : { message },
      ),
    activate: (accountId) => lifecycle(OPS.activate, 'enable', accountId, ['active']),
    deleteAccount: (accountId) => lifecycle(OPS.deleteAccount, 'delete', accountId, ['pendingDeletion', 'closed']),
    cancelDelete: (accountId) => lifecycle(OPS.cancelDelete, 'cancel-delete', accountId, ['active', 'blocked']),
  };
}
