/**
 * A directory user as the Admin API sends it, read into the app's `DirectoryUser`: its composite status (derived
 * from its parts when absent), this site's Confluence access and activity apart from the other products and sites
 * it holds, and its account lifecycle state, which the lifecycle writes read back. A status this code does not know
 * leaves the user out rather than guessing.
 */
import type { AccountType, DirectoryUser, UserStatus } from '../../domain/user';
import type { OtherAccess } from '../../domain/org';
import { GROUP_ARI_PREFIX } from './operations';
import type { RawDirectoryUser } from './responses';
import type { DirectoryStatusFilter } from './types';

/** The composite status as the spec defines it, derived from its parts when the field is absent. */
export function compositeStatus(user: RawDirectoryUser): DirectoryStatusFilter | null {
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
export type AccountState = 'active' | 'blocked' | 'pendingDeletion' | 'closed';

export function accountState(user: RawDirectoryUser): AccountState | null {
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
export function isThisSite(cloudId: string, entry: { id?: string | null; key?: string | null }): boolean {
  return entry.key === 'confluence' && (entry.id === `ari:cloud:confluence::site/${cloudId}` || entry.id === cloudId);
}

export const latest = (values: string[]): string | null =>
  values.length === 0 ? null : values.reduce((a, b) => (a > b ? a : b));

/**
 * A date-only value (yyyy-MM-dd) read as the last millisecond of that UTC day: rounding then never makes
 * a user look more inactive, or longer in the org, than they are.
 */
export function endOfUtcDay(date: string | null | undefined): string | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return `${date}T23:59:59.999Z`;
}

/** The cloud id in a product ARI (`ari:cloud:jira::site/<cloudId>`), or the id itself when it is not one. */
function siteOf(id: string): string {
  const at = id.lastIndexOf('::site/');
  return at < 0 ? id : id.slice(at + '::site/'.length);
}

export function toDirectoryUser(user: RawDirectoryUser, cloudId: string): DirectoryUser | null {
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
