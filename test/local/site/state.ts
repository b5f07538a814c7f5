/**
 * The organization, its site, groups and users, held so that the endpoints stay fast on a 100,000-user site:
 * users by accountId, one sorted array of accountIds for stable cursor paging, one sorted member array per
 * group. Nothing here copies the whole state per request.
 */
import { dateLikeToMillis, type SiteFile, type SiteGroup, type SiteUser, type UserStatus } from './siteFile';
import { indexAfter } from './sortedIndex';

/** The grace period between a lifecycle delete and the account being gone (user management API docs). */
export const DELETION_GRACE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A role a user or group holds on a resource (an ARI), as the Admin API's role assignments show it. */
export interface RoleAssignment {
  resourceId: string;
  resourceOwner: string;
  role: string;
}

/** How a user holds a role (the spec's MultiDirectoryRoleAssignmentMethod): directly, through a group, or both. */
export type AssignmentMethod = 'direct' | 'group_direct';

export interface UserRoleAssignment extends RoleAssignment {
  methods: AssignmentMethod[];
}

/** The ARI of a product on a site, as the directory search's `productAccess[].id` names it. */
export function productResourceId(product: string, cloudId: string): string {
  const family = product.startsWith('jira') ? 'jira' : product;
  return `ari:cloud:${family}::site/${cloudId}`;
}

export class SiteState {
  readonly org: { id: string; name: string };
  readonly site: { cloudId: string; url: string };
  /** The org's one directory; requests may also name it `-` (every directory). */
  readonly directoryId: string;
  readonly confluenceResourceId: string;
  readonly siteResourceId: string;
  readonly orgResourceId: string;

  private readonly groupList: SiteGroup[];
  private readonly groupsById = new Map<string, SiteGroup>();
  /** Insertion order is the file's order, which `toSiteFile` keeps. */
  private readonly users = new Map<string, SiteUser>();
  private readonly sortedIds: string[];
  private readonly members = new Map<string, string[]>();
  private byEmail: Map<string, string[]> | undefined;
  /** accountId → when the deletion grace period ends (ms). */
  private readonly pendingDeletions = new Map<string, number>();
  /** How late activity shows in the Admin API (`site.activityLagHours`). */
  readonly activityLagMs: number;
  /**
   * accountId → this site's Confluence activity before the latest (set by `setLastActive`): what the Admin API still
   * shows while the latest is inside the activity lag. A user who comes back after months shows the old date.
   */
  private readonly earlierActivity = new Map<string, Array<string | null>>();

  constructor(file: SiteFile) {
    this.org = { ...file.org };
    this.site = { ...file.site };
    this.activityLagMs = (file.site.activityLagHours ?? 0) * 60 * 60 * 1000;
    this.directoryId = `${file.org.id}-directory`;
    this.confluenceResourceId = `ari:cloud:confluence::site/${file.site.cloudId}`;
    this.siteResourceId = `ari:cloud:platform::site/${file.site.cloudId}`;
    this.orgResourceId = `ari:cloud:platform::org/${file.org.id}`;
    this.groupList = file.groups.map((group) => ({ ...group }));
    for (const group of this.groupList) {
      this.groupsById.set(group.id, group);
      this.members.set(group.id, []);
    }
    for (const user of file.users) {
      const copy: SiteUser = {
        ...user,
        groups: [...user.groups],
        ...(user.activity ? { activity: user.activity.map((entry) => ({ ...entry })) } : {}),
      };
      this.users.set(user.accountId, copy);
      for (const groupId of copy.groups) this.members.get(groupId)?.push(copy.accountId);
      if (copy.deletionScheduledAt !== undefined) {
        this.pendingDeletions.set(
          copy.accountId,
          dateLikeToMillis(copy.deletionScheduledAt) + DELETION_GRACE_DAYS * DAY_MS,
        );
      }
    }
    this.sortedIds = [...this.users.keys()].sort(compareIds);
    for (const list of this.members.values()) list.sort(compareIds);
  }

  // ---- reads ----

  user(accountId: string): SiteUser | undefined {
    return this.users.get(accountId);
  }

  userCount(): number {
    return this.users.size;
  }

  allUsers(): IterableIterator<SiteUser> {
    return this.users.values();
  }

  /** All accountIds in paging order (ascending accountId). Do not modify. */
  orderedIds(): ReadonlyArray<string> {
    return this.sortedIds;
  }

  /** Accounts with one of these email addresses (compared case-insensitively), in ascending accountId order. */
  idsWithEmails(emails: ReadonlyArray<string>): string[] {
    if (!this.byEmail) {
      // Built on first use: emails never change on the simulated site.
      this.byEmail = new Map();
      for (const user of this.users.values()) {
        if (user.email === null) continue;
        const key = user.email.toLowerCase();
        this.byEmail.set(key, [...(this.byEmail.get(key) ?? []), user.accountId]);
      }
    }
    const ids = new Set(emails.flatMap((email) => this.byEmail!.get(email.toLowerCase()) ?? []));
    return [...ids].sort(compareIds);
  }

  group(groupId: string): SiteGroup | undefined {
    return this.groupsById.get(groupId);
  }

  groups(): ReadonlyArray<SiteGroup> {
    return this.groupList;
  }

  /** Members of a group in ascending accountId order. Do not modify. */
  groupMembers(groupId: string): ReadonlyArray<string> {
    return this.members.get(groupId) ?? [];
  }

  isMember(accountId: string, groupId: string): boolean {
    return this.users.get(accountId)?.groups.includes(groupId) ?? false;
  }

  /** Holds a Confluence seat: active and in a group holding the `atlassian/user` role on the site. */
  hasConfluenceSeat(user: SiteUser): boolean {
    return user.status === 'active' && this.hasConfluenceRole(user);
  }

  /** `atlassian/user` on this site's Confluence: through an access group or a direct role assignment. */
  hasConfluenceRole(user: SiteUser): boolean {
    return user.directAccess === true || this.hasConfluenceGroup(user);
  }

  hasConfluenceGroup(user: SiteUser): boolean {
    return user.groups.some((groupId) => this.groupsById.get(groupId)?.grantsConfluenceAccess === true);
  }

  /** Org admins and members of a site-admin group: the callers Confluence lets write groups. */
  isSiteAdmin(user: SiteUser): boolean {
    return user.orgAdmin || user.groups.some((groupId) => this.groupsById.get(groupId)?.grantsSiteAdmin === true);
  }

  /**
   * A date of activity as the Admin API shows it at `now`: activity newer than the lag is not visible yet. The
   * latest Confluence activity inside the lag shows the one before it when the site knows it (it changed while
   * simulated); a file's date inside the lag shows as the lag's edge (a user active then was active before too).
   */
  visibleConfluenceActivity(user: SiteUser, now: number): string | null {
    return this.visible([...(this.earlierActivity.get(user.accountId) ?? []), user.lastActive], now);
  }

  /** The newest of these dates (oldest first, the first being the file's) the Admin API shows at `now`. */
  visible(dates: ReadonlyArray<string | null>, now: number): string | null {
    const edge = now - this.activityLagMs;
    for (let index = dates.length - 1; index >= 0; index -= 1) {
      const date = dates[index] as string | null;
      if (date === null || this.activityLagMs === 0 || dateLikeToMillis(date) <= edge) return date;
    }
    return new Date(edge).toISOString();
  }

  groupRoleAssignments(group: SiteGroup): RoleAssignment[] {
    const assignments: RoleAssignment[] = [];
    if (group.grantsConfluenceAccess)
      assignments.push({ resourceId: this.confluenceResourceId, resourceOwner: 'confluence', role: 'atlassian/user' });
    if (group.grantsSiteAdmin)
      assignments.push({ resourceId: this.siteResourceId, resourceOwner: 'platform', role: 'atlassian/site-admin' });
    return assignments;
  }

  /**
   * Roles come from groups, a direct Confluence role (`directAccess`), other products (`activity`: `atlassian/user`
   * on each) and org admin, whatever the user's status; each with how it is held.
   */
  userRoleAssignments(user: SiteUser): UserRoleAssignment[] {
    const byKey = new Map<string, UserRoleAssignment>();
    const add = (assignment: RoleAssignment, method: AssignmentMethod) => {
      const key = `${assignment.resourceId} ${assignment.role}`;
      const known = byKey.get(key);
      if (!known) byKey.set(key, { ...assignment, methods: [method] });
      else if (!known.methods.includes(method)) known.methods.push(method);
    };
    for (const groupId of user.groups) {
      const group = this.groupsById.get(groupId);
      if (!group) continue;
      for (const assignment of this.groupRoleAssignments(group)) add(assignment, 'group_direct');
    }
    if (user.directAccess)
      add({ resourceId: this.confluenceResourceId, resourceOwner: 'confluence', role: 'atlassian/user' }, 'direct');
    if (user.directSiteAdmin)
      add({ resourceId: this.siteResourceId, resourceOwner: 'platform', role: 'atlassian/site-admin' }, 'direct');
    for (const entry of user.activity ?? []) {
      add(
        {
          resourceId: productResourceId(entry.product, entry.site),
          resourceOwner: entry.product,
          role: 'atlassian/user',
        },
        'direct',
      );
    }
    if (user.orgAdmin)
      add({ resourceId: this.orgResourceId, resourceOwner: 'platform', role: 'atlassian/org-admin' }, 'direct');
    return [...byKey.values()];
  }

  // ---- changes ----

  /** False when the user already was a member. */
  addToGroup(accountId: string, groupId: string): boolean {
    const user = this.users.get(accountId);
    const list = this.members.get(groupId);
    if (!user || !list || user.groups.includes(groupId)) return false;
    user.groups.push(groupId);
    list.splice(indexAfter(list, accountId), 0, accountId);
    return true;
  }

  /** False when the user was not a member. */
  removeFromGroup(accountId: string, groupId: string): boolean {
    const user = this.users.get(accountId);
    const list = this.members.get(groupId);
    if (!user || !list) return false;
    const at = user.groups.indexOf(groupId);
    if (at < 0) return false;
    user.groups.splice(at, 1);
    removeSorted(list, accountId);
    return true;
  }

  /** Gives or takes the direct `atlassian/user` role on this site's Confluence; false when it already was so. */
  setDirectAccess(accountId: string, held: boolean): boolean {
    const user = this.users.get(accountId);
    if (!user || (user.directAccess === true) === held) return false;
    if (held) user.directAccess = true;
    else delete user.directAccess;
    return true;
  }

  setStatus(accountId: string, status: UserStatus): void {
    const user = this.users.get(accountId);
    if (user) user.status = status;
  }

  setLastActive(accountId: string, iso: string | null): void {
    const user = this.users.get(accountId);
    if (!user) throw new Error(`No user ${accountId} on the simulated site.`);
    if (iso !== null && Number.isNaN(dateLikeToMillis(iso)))
      throw new Error(`setLastActive: '${iso}' is not a day or an ISO date-time.`);
    if (this.activityLagMs > 0) {
      const history = this.earlierActivity.get(accountId) ?? [];
      // Only what the lag could still hide matters; a 30-entry cap keeps a long simulation small.
      this.earlierActivity.set(accountId, [...history, user.lastActive].slice(-30));
    }
    user.lastActive = iso;
  }

  scheduleDeletion(accountId: string, now: number): void {
    const user = this.users.get(accountId);
    if (!user) return;
    user.status = 'deactivated';
    user.deletionScheduledAt = new Date(now).toISOString();
    this.pendingDeletions.set(accountId, now + DELETION_GRACE_DAYS * DAY_MS);
  }

  cancelDeletion(accountId: string): void {
    const user = this.users.get(accountId);
    if (!user) return;
    delete user.deletionScheduledAt;
    user.status = 'active';
    this.pendingDeletions.delete(accountId);
  }

  /** The account leaves the org: its groups go with it. */
  removeUser(accountId: string): void {
    const user = this.users.get(accountId);
    if (!user) return;
    for (const groupId of user.groups) {
      const list = this.members.get(groupId);
      if (list) removeSorted(list, accountId);
    }
    this.users.delete(accountId);
    removeSorted(this.sortedIds, accountId);
    this.pendingDeletions.delete(accountId);
  }

  /** Deletes the accounts whose grace period has ended; returns their ids. */
  purgeDueDeletions(now: number): string[] {
    if (this.pendingDeletions.size === 0) return [];
    const due = [...this.pendingDeletions].filter(([, at]) => at <= now).map(([accountId]) => accountId);
    for (const accountId of due) this.removeUser(accountId);
    return due;
  }

  toSiteFile(now: number): SiteFile {
    return {
      now: new Date(now).toISOString(),
      org: { ...this.org },
      site: { ...this.site },
      groups: this.groupList.map((group) => ({ ...group })),
      users: [...this.users.values()].map((user) => ({ ...user, groups: [...user.groups] })),
    };
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function removeSorted(list: string[], value: string): void {
  const at = indexAfter(list, value) - 1;
  if (at >= 0 && list[at] === value) list.splice(at, 1);
}
