/**
 * The Admin API client's public shape: what it offers the engine's adapters (`AdminApi`), how it is configured, the
 * search parameters, and the context its concern modules share. Types only, so every module of the folder can name
 * them without importing the client that composes them.
 */
import type { DirectoryGroup, DirectoryUser } from '../../domain/user';
import type { ActionOutcome, CallMetrics, HttpTransport, JsonCaller, RateLimitSnapshot } from '../http';

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

/** What the concern modules share from one client: its caller, the org it speaks for, the groups' directories. */
export interface AdminContext {
  readonly config: AdminApiConfig;
  readonly caller: JsonCaller;
  /** The ARI of this Confluence site, as the Admin API names it. */
  readonly siteResourceId: string;
  /** Where each group lives: memberships are written per directory. Filled by every group search. */
  readonly groupDirectories: Map<string, string>;
  /** The org id, from the config or discovered once from the API key. */
  readonly orgId: () => Promise<string>;
  /** The v2 base URL of the org. */
  readonly orgBase: () => Promise<string>;
}
