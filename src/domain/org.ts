/**
 * The organization as Atlassian bills and acts on it: what a seat is, where activity comes from, what an action
 * reaches. Every count of seats (scan, seat target, Overview), every population and every action plan asks here.
 *
 * - A **seat** is what Atlassian bills: an active `atlassian` account holding `atlassian/user` on this site's
 *   Confluence, through an access group or a direct role assignment (`ConfluenceAccess`).
 * - **Activity** is per product and per site (the directory search's `productAccess[]`): `DirectoryUser.lastActive`
 *   is this site's Confluence, `otherAccess` every other product or site the user holds. It is late: Atlassian says
 *   the data "may be delayed by up to 24 hours", so activity inside that lag is invisible to every check here.
 * - **Reach**: `removeAccess` and group changes reach this site's Confluence only and judge its activity;
 *   `suspend`, `deactivate` and `delete` reach every product on every site of the org, so they need the user
 *   inactive everywhere (`activeElsewhere`).
 * - Groups synced from an identity provider cannot be changed through the Admin API: access held through one is
 *   the identity provider's to take (`idpHeldAccess`).
 */
import { tz } from '@date-fns/tz';
import { differenceInHours, format, isValid, parseISO } from 'date-fns';
import type { ActionType } from './actionTypes';
import type { SchemeFilter } from './scheme/types';
import type { DirectoryUser, OtherAccess } from './user';

export type { OtherAccess };

/** How a user holds Confluence on this site: the access groups they are in (ids), and a direct role. */
export interface ConfluenceAccess {
  groups: string[];
  directRole: boolean;
}

/** What the run knows about the org's groups: those granting Confluence on this site, and those an IdP syncs. */
export interface OrgGroups {
  accessGroupIds: readonly string[];
  /** Group id → name, of groups synced from an identity provider (absent: none known). */
  syncedGroups?: Readonly<Record<string, string>>;
}

/** Actions that reach every product on every site of the org, not only this site's Confluence. */
export const ORG_WIDE_ACTIONS: ReadonlySet<ActionType> = new Set(['suspend', 'deactivate', 'delete']);

type SeatFacts = Pick<DirectoryUser, 'groupIds'> & Partial<Pick<DirectoryUser, 'directRole' | 'siteAccess'>>;

/**
 * The user's Confluence access on this site. A direct role is known from the user's role assignments when read
 * (`directRole`); otherwise the directory shows it only for a user holding Confluence without any access group.
 */
export function confluenceAccess(user: SeatFacts, accessGroupIds: Iterable<string>): ConfluenceAccess {
  const access = accessGroupIds instanceof Set ? (accessGroupIds as ReadonlySet<string>) : new Set(accessGroupIds);
  const groups = user.groupIds.filter((id) => access.has(id));
  const directRole = user.directRole ?? (user.siteAccess === true && groups.length === 0);
  return { groups, directRole };
}

/**
 * The user with their direct role settled (`directRole` set), as a run plans from them: a role inferred from the
 * directory would otherwise be inferred again after the plan removes the last access group.
 */
export function withDirectRole<T extends SeatFacts>(user: T, accessGroupIds: Iterable<string>): T {
  return user.directRole !== undefined
    ? user
    : { ...user, directRole: confluenceAccess(user, accessGroupIds).directRole };
}

export function holdsConfluence(user: SeatFacts, accessGroupIds: Iterable<string>): boolean {
  const access = confluenceAccess(user, accessGroupIds);
  return access.groups.length > 0 || access.directRole;
}

/** A billed Confluence seat: an active `atlassian` account holding Confluence on this site (group or direct role). */
export function holdsSeat(
  user: SeatFacts & Pick<DirectoryUser, 'status' | 'accountType'>,
  accessGroupIds: Iterable<string>,
): boolean {
  return user.status === 'active' && user.accountType === 'atlassian' && holdsConfluence(user, accessGroupIds);
}

/** The synced groups (names) through which the user holds Confluence on this site. */
export function idpHeldAccess(user: Pick<DirectoryUser, 'groupIds'>, groups: OrgGroups): string[] {
  const synced = groups.syncedGroups ?? {};
  const access = new Set(groups.accessGroupIds);
  return user.groupIds.filter((id) => access.has(id) && synced[id] !== undefined).map((id) => synced[id] as string);
}

/** Why a change to these groups must be made in the identity provider, or null when none of them is synced. */
export function idpReason(groupNames: readonly string[], what: string): string | null {
  if (groupNames.length === 0) return null;
  const named = groupNames.map((name) => `'${name}'`).join(', ');
  return `${what} ${groupNames.length === 1 ? 'group' : 'groups'} ${named}, synced from your identity provider: change it there (the app cannot)`;
}

/** The latest activity on any product or site of the org; null when never active anywhere (as far as visible). */
export function lastActiveAnywhere(
  user: Pick<DirectoryUser, 'lastActive'> & Partial<Pick<DirectoryUser, 'otherAccess'>>,
): string | null {
  let latest = user.lastActive;
  for (const entry of user.otherAccess ?? []) {
    if (entry.lastActive !== null && (latest === null || entry.lastActive > latest)) latest = entry.lastActive;
  }
  return latest;
}

/**
 * The first product or site (most recent first) on which the user is not inactive as the filter means it: an org-wide
 * action would cut that too. Activity conditions apply to each product as they apply to Confluence; never active
 * somewhere is nothing to cut. A filter without an activity condition judges no activity, so nothing here.
 */
export function activeElsewhere(
  user: Partial<Pick<DirectoryUser, 'otherAccess'>>,
  filter: Pick<SchemeFilter, 'inactiveDays' | 'neverActiveAfterDays'>,
  asOf: Date,
): OtherAccess | null {
  if (filter.inactiveDays === undefined && filter.neverActiveAfterDays === undefined) return null;
  const inactiveDays = filter.inactiveDays;
  // Whole 24-hour periods, as the filter counts them for Confluence (src/domain/matching.ts); a date that does not
  // parse counts as activity (the safe side).
  const stillUsed = (entry: OtherAccess) => {
    const at = parseISO(entry.lastActive as string);
    if (!isValid(at)) return true;
    return inactiveDays === undefined || Math.floor(differenceInHours(asOf, at) / 24) < inactiveDays;
  };
  const used = (user.otherAccess ?? [])
    .filter((entry) => entry.lastActive !== null)
    .sort((a, b) => (a.lastActive! < b.lastActive! ? 1 : -1));
  return used.find(stillUsed) ?? null;
}

const PRODUCT_NAMES: Record<string, string> = {
  'jira-software': 'Jira',
  'jira-core': 'Jira Work Management',
  'jira-service-desk': 'Jira Service Management',
  'jira-ops': 'Jira Ops',
  confluence: 'Confluence',
  bitbucket: 'Bitbucket',
  trello: 'Trello',
  opsgenie: 'Opsgenie',
  statuspage: 'Statuspage',
};

const VERB: Record<string, string> = { suspend: 'suspending', deactivate: 'deactivating', delete: 'deleting' };

/** "active in Jira (jira-software) on this site on 24 Nov 2026: suspending would cut that too". */
export function describeActiveElsewhere(entry: OtherAccess, action: ActionType): string {
  const product = `${PRODUCT_NAMES[entry.product] ?? entry.product} (${entry.product})`;
  const site = entry.thisSite ? 'on this site' : `on site ${entry.site}`;
  const date = entry.lastActive ? parseISO(entry.lastActive) : null;
  const day = date && isValid(date) ? format(date, 'd MMM yyyy', { in: tz('UTC') }) : 'recently';
  return `active in ${product} ${site} on ${day}: ${VERB[action] ?? action} would cut that too`;
}
