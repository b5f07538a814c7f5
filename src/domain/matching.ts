/**
 * Does a scheme act on this user, now? Pure: the caller passes the user, the resolved scheme, the site's access
 * groups, the global exemptions and the time.
 *
 * Order of decisions:
 * 1. Population: the user holds a Confluence seat as the filter sees it: Confluence on this site through an access
 *    group or a direct role (src/domain/org.ts), status in
 *    `filter.statuses` (default only "active"; suspended users keep their groups, so naming "suspended" reaches
 *    suspended users still in an access group), account type in `filter.accountTypes`.
 * 2. Filter: activity, then groups and email domains (AND between keys). Not in the population or not matching:
 *    `outside`, not reported.
 * 3. Exemptions, for users the filter matched: org admins and app accounts are always protected, whatever any
 *    setting or scheme says; then the exemptions in settings; then the scheme's own.
 *
 * Activity:
 * - `inactiveDays: N`: last Confluence activity at least N × 24 h before now. Never active is not "inactive N days".
 * - `neverActiveAfterDays: M`: never used Confluence and added to the org at least M × 24 h ago. A user whose
 *   `addedToOrg` is unknown does not match: we cannot tell a newcomer from a long-idle account, and acting on a
 *   newcomer is the worse mistake.
 * - Both given: either matches. Neither: activity does not matter.
 * - Dates that do not parse never match (the safe side).
 * Email domains are compared exactly (lowercased): a user without an email fails `anyOf` and passes `noneOf`.
 */
import { differenceInHours, isValid, parseISO } from 'date-fns';
import type { DirectoryGroup, DirectoryUser } from './user';
import { holdsConfluence } from './org';
import { describeFieldCondition } from './customFields';
import type { NameCondition, Scheme, SchemeFilter } from './scheme/types';
import type { ResolvedScheme } from './scheme/resolve';

export interface GlobalExemptions {
  /** Account ids. */
  users: readonly string[];
  groupIds: readonly string[];
}

export interface MatchContext {
  now: Date;
  /** Ids of the groups that grant Confluence access on this site. */
  accessGroupIds: readonly string[];
  globalExemptions: GlobalExemptions;
  /** Names of groups by id, to name an exempting group in a reason; an unnamed group is shown by its id. */
  groupNames?: ReadonlyMap<string, string>;
}

export type MatchResult =
  { kind: 'outside' } | { kind: 'matched'; reason: string } | { kind: 'exempt'; reason: string };

export type UserMatcher = (user: DirectoryUser) => MatchResult;

const OUTSIDE: MatchResult = { kind: 'outside' };

/** Builds the decision once per run (sets, lookups), then applies it to each user. */
export function createMatcher(resolved: ResolvedScheme, context: MatchContext): UserMatcher {
  const { filter } = resolved.scheme;
  const accessGroups = new Set(context.accessGroupIds);
  const statuses = new Set(filter.statuses);
  const accountTypes = new Set(filter.accountTypes);
  const anyOfGroups = resolved.filterGroups.anyOf ? idSet(resolved.filterGroups.anyOf) : null;
  const noneOfGroups = idSet(resolved.filterGroups.noneOf);
  const anyOfDomains = filter.emailDomains?.anyOf ? new Set(filter.emailDomains.anyOf) : null;
  const noneOfDomains = new Set(filter.emailDomains?.noneOf ?? []);
  const globalUsers = new Set(context.globalExemptions.users);
  const globalGroups = new Set(context.globalExemptions.groupIds);
  const schemeUsers = new Set(resolved.scheme.exemptions.users);
  const schemeGroups = new Map(resolved.exemptGroups.map((group) => [group.id, group.name]));
  const groupName = (id: string) => context.groupNames?.get(id) ?? schemeGroups.get(id) ?? id;

  return (user) => {
    const inPopulation =
      holdsConfluence(user, accessGroups) && statuses.has(user.status) && accountTypes.has(user.accountType);
    if (!inPopulation) return OUTSIDE;

    const activity = matchActivity(user, filter, context.now);
    if (activity === null) return OUTSIDE;
    if (anyOfGroups && !user.groupIds.some((id) => anyOfGroups.has(id))) return OUTSIDE;
    if (user.groupIds.some((id) => noneOfGroups.has(id))) return OUTSIDE;
    const domain = emailDomain(user.email);
    if (anyOfDomains && (domain === null || !anyOfDomains.has(domain))) return OUTSIDE;
    if (domain !== null && noneOfDomains.has(domain)) return OUTSIDE;

    if (user.orgAdmin) return { kind: 'exempt', reason: 'org admin: always protected' };
    if (user.accountType === 'app') return { kind: 'exempt', reason: 'app account: always protected' };
    if (globalUsers.has(user.accountId)) return { kind: 'exempt', reason: 'exempt in settings (user)' };
    const globalGroup = user.groupIds.find((id) => globalGroups.has(id));
    if (globalGroup !== undefined)
      return { kind: 'exempt', reason: `exempt in settings (group ${groupName(globalGroup)})` };
    if (schemeUsers.has(user.accountId)) return { kind: 'exempt', reason: 'exempt by this scheme (user)' };
    const schemeGroup = user.groupIds.find((id) => schemeGroups.has(id));
    if (schemeGroup !== undefined)
      return { kind: 'exempt', reason: `exempt by this scheme (group ${groupName(schemeGroup)})` };

    return { kind: 'matched', reason: activity };
  };
}

/** One user, one decision; for many users build the matcher once with `createMatcher`. */
export function matchUser(user: DirectoryUser, resolved: ResolvedScheme, context: MatchContext): MatchResult {
  return createMatcher(resolved, context)(user);
}

/** Whole days (24 h periods) since the user's last Confluence activity; null if never active or unknown. */
export function daysInactive(user: Pick<DirectoryUser, 'lastActive'>, now: Date): number | null {
  return wholeDaysSince(user.lastActive, now);
}

/** Whole days (24 h periods) since the user was added to the org; null if unknown. */
export function daysSinceAdded(user: Pick<DirectoryUser, 'addedToOrg'>, now: Date): number | null {
  return wholeDaysSince(user.addedToOrg, now);
}

/**
 * The activity part of the filter: the reason text when it matches, null when it does not.
 * Exported for previews that explain a single condition.
 */
export function matchActivity(
  user: Pick<DirectoryUser, 'lastActive' | 'addedToOrg'>,
  filter: Pick<SchemeFilter, 'inactiveDays' | 'neverActiveAfterDays'>,
  now: Date,
): string | null {
  const { inactiveDays, neverActiveAfterDays } = filter;
  const inactive = daysInactive(user, now);
  if (inactiveDays === undefined && neverActiveAfterDays === undefined) {
    if (user.lastActive === null) return 'no activity condition (never active)';
    return inactive === null ? null : `no activity condition (last active ${plural(inactive, 'day')} ago)`;
  }
  if (user.lastActive !== null) {
    if (inactiveDays === undefined || inactive === null || inactive < inactiveDays) return null;
    return `inactive for ${plural(inactive, 'day')}`;
  }
  if (neverActiveAfterDays === undefined) return null;
  const added = daysSinceAdded(user, now);
  if (added === null || added < neverActiveAfterDays) return null;
  return `never active, added ${plural(added, 'day')} ago`;
}

/** The lowercase domain of an email address, null without a usable address. */
export function emailDomain(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 0 || at === email.length - 1) return null;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase();
}

/**
 * The filter in one English line, for lists and previews:
 * "Active Atlassian accounts with Confluence access, inactive for 90+ days or never active and added 30+ days ago,
 * in contractors, not in vip, with an email at acme.com".
 */
export function describeFilter(scheme: Pick<Scheme, 'filter'>): string {
  const { filter } = scheme;
  const statuses = orList(filter.statuses);
  const types = orList(filter.accountTypes.map((type) => (type === 'atlassian' ? 'Atlassian' : type)));
  const parts = [`${capitalise(statuses)} ${types} accounts with Confluence access`];

  const activity: string[] = [];
  if (filter.inactiveDays !== undefined) activity.push(`inactive for ${filter.inactiveDays}+ days`);
  if (filter.neverActiveAfterDays !== undefined) {
    activity.push(`never active and added ${filter.neverActiveAfterDays}+ days ago`);
  }
  parts.push(activity.length > 0 ? activity.join(' or ') : 'regardless of activity');

  parts.push(...describeCondition(filter.groups, 'in', 'not in'));
  parts.push(...describeCondition(filter.emailDomains, 'with an email at', 'not with an email at'));
  parts.push(
    ...Object.entries(filter.fields ?? {}).map(([name, condition]) => describeFieldCondition(name, condition)),
  );
  return parts.join(', ');
}

function describeCondition(condition: NameCondition | undefined, anyOf: string, noneOf: string): string[] {
  const parts: string[] = [];
  if (condition?.anyOf && condition.anyOf.length > 0) parts.push(`${anyOf} ${orList(condition.anyOf)}`);
  if (condition?.noneOf && condition.noneOf.length > 0) parts.push(`${noneOf} ${orList(condition.noneOf)}`);
  return parts;
}

function wholeDaysSince(iso: string | null, now: Date): number | null {
  if (iso === null) return null;
  const then = parseISO(iso);
  if (!isValid(then)) return null;
  // Whole 24-hour periods, as the filter promises ("N × 24 h"), not calendar days in some zone.
  return Math.floor(differenceInHours(now, then) / 24);
}

function idSet(groups: readonly DirectoryGroup[]): Set<string> {
  return new Set(groups.map((group) => group.id));
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
