/**
 * The site file: a JSON description of one Atlassian organization with one Confluence site, its groups and
 * its users. The simulated site starts from one (`SimulatedSite.fromSiteFile`) and writes its current state
 * back in the same format (`toSiteFile`), so `--site-out` of one run can be the `--site` of the next.
 *
 * Format decisions (beyond the seed format):
 * - `groups[].grantsSiteAdmin` (optional): the group holds the site-admin role (`atlassian/site-admin`);
 *   its members may write Confluence groups, like org admins.
 * - `groups[].description` (optional): shown by the Admin API.
 * - `users[].deletionScheduledAt` (optional, ISO time): the account was deleted through the user
 *   management API and is inside its 14-day grace period; its `status` is `deactivated` meanwhile.
 *   Once the grace period has passed on the site's clock the user is gone, and absent from the file.
 *   A user removed from the directory (Admin API `DELETE .../users/{accountId}`) is absent at once.
 * - `users[].activity` (optional): the user's access to *other* products or sites of the org, one entry per product
 *   and site (`{ product: "jira-software", site: "<cloudId>", lastActive: <day or date-time> | null }`); an entry
 *   means the user holds that access. `users[].lastActive` stays this site's Confluence. The directory search
 *   answers them as `productAccess[]`, the last-active-dates API as `product_access[]`.
 * - `users[].directAccess` (optional): the user holds `atlassian/user` on this site's Confluence through a direct
 *   role assignment (alone, or besides groups). It is a seat; `role-assignments` and `roles/revoke` honour it.
 * - `users[].directSiteAdmin` (optional): the user holds `atlassian/site-admin` on this site through a direct role
 *   assignment (no group): the Admin API's role assignments show it; Confluence's site-admin groups do not.
 * - `groups[].synced` (optional): the group is synced from an identity provider; the Admin API refuses changes to
 *   its members and the group search says so (`externalSynced`, `managedBy: external`).
 * - `site.activityLagHours` (optional, default 0): activity newer than this is not yet visible to the Admin API
 *   ("may be delayed by up to 24 hours").
 * Dates are days (`2024-03-01`, UTC midnight) or ISO date-times; they are written back as they were read.
 */
import { z } from 'zod';

export const ACCOUNT_TYPES = ['atlassian', 'app', 'customer'] as const;
export const USER_STATUSES = ['active', 'suspended', 'deactivated'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export type UserStatus = (typeof USER_STATUSES)[number];
/** Product keys as the Admin API's last-active-dates names them (its `UserProductLastActive.key` enum). */
export const PRODUCT_KEYS = [
  'jira-software',
  'jira-service-desk',
  'jira-core',
  'jira-ops',
  'confluence',
  'bitbucket',
  'trello',
  'opsgenie',
  'statuspage',
] as const;
export type ProductKey = (typeof PRODUCT_KEYS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A day or an ISO date-time, as the file allows; `NaN` when it is neither. */
export function dateLikeToMillis(value: string): number {
  if (!DAY.test(value) && !DATE_TIME.test(value)) return Number.NaN;
  return Date.parse(value);
}

const dateLike = z.string().refine((value) => !Number.isNaN(dateLikeToMillis(value)), {
  message: 'expected a day (YYYY-MM-DD) or an ISO date-time (e.g. 2026-05-02T10:00:00Z)',
});
const nonEmpty = z.string().min(1, { message: 'must not be empty' });

const groupSchema = z
  .object({
    id: nonEmpty,
    name: nonEmpty,
    description: z.string().optional(),
    grantsConfluenceAccess: z.boolean().optional(),
    grantsSiteAdmin: z.boolean().optional(),
    synced: z.boolean().optional(),
  })
  .strict();

const userSchema = z
  .object({
    accountId: nonEmpty,
    name: z.string(),
    email: z.string().nullable(),
    accountType: z.enum(ACCOUNT_TYPES),
    managed: z.boolean(),
    status: z.enum(USER_STATUSES),
    orgAdmin: z.boolean(),
    groups: z.array(nonEmpty),
    addedToOrg: dateLike.nullable(),
    lastActive: dateLike.nullable(),
    deletionScheduledAt: dateLike.optional(),
    activity: z
      .array(z.object({ product: z.enum(PRODUCT_KEYS), site: nonEmpty, lastActive: dateLike.nullable() }).strict())
      .optional(),
    directAccess: z.boolean().optional(),
    directSiteAdmin: z.boolean().optional(),
  })
  .strict();

const siteFileSchema = z
  .object({
    now: dateLike,
    org: z.object({ id: nonEmpty, name: nonEmpty }).strict(),
    site: z
      .object({
        cloudId: nonEmpty,
        url: z.string().refine((value) => /^https?:\/\/[^/]+$/.test(value), {
          message: 'expected an origin such as https://acme.atlassian.net (no path, no trailing slash)',
        }),
        activityLagHours: z
          .number({ error: 'expected a number of hours (0 or more), e.g. 24' })
          .min(0, { message: 'expected a number of hours, 0 or more' })
          .max(24 * 30, { message: 'expected at most 720 hours (30 days)' })
          .optional(),
      })
      .strict(),
    groups: z.array(groupSchema),
    users: z.array(userSchema),
  })
  .strict();

export type SiteFile = z.infer<typeof siteFileSchema>;
export type SiteGroup = SiteFile['groups'][number];
export type SiteUser = SiteFile['users'][number];

/** A site file that cannot be used; `problems` lists each one as `path: what is wrong`. */
export class SiteFileError extends Error {
  override readonly name = 'SiteFileError';
  readonly problems: string[];

  constructor(fileName: string, problems: string[]) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : '';
    super(`The site file ${fileName} is not valid:\n  ${shown.join('\n  ')}${more}`);
    this.problems = problems;
  }
}

/** Validates a parsed JSON value as a site file, including the references between its parts. */
export function parseSiteFile(json: unknown, fileName = '(site file)'): SiteFile {
  const parsed = siteFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new SiteFileError(
      fileName,
      parsed.error.issues.map((issue) => describeIssue(issue, json)),
    );
  }
  const problems = referentialProblems(parsed.data);
  if (problems.length > 0) throw new SiteFileError(fileName, problems);
  return parsed.data;
}

function referentialProblems(file: SiteFile): string[] {
  const problems: string[] = [];
  const groupIds = new Set<string>();
  file.groups.forEach((group, index) => {
    if (groupIds.has(group.id)) problems.push(`groups[${index}].id: duplicate group id '${group.id}'`);
    groupIds.add(group.id);
  });
  const accountIds = new Set<string>();
  file.users.forEach((user, index) => {
    if (accountIds.has(user.accountId))
      problems.push(`users[${index}].accountId: duplicate accountId '${user.accountId}'`);
    accountIds.add(user.accountId);
    const seen = new Set<string>();
    user.groups.forEach((groupId, groupIndex) => {
      if (!groupIds.has(groupId)) problems.push(`users[${index}].groups[${groupIndex}]: unknown group id '${groupId}'`);
      if (seen.has(groupId)) problems.push(`users[${index}].groups[${groupIndex}]: group '${groupId}' is listed twice`);
      seen.add(groupId);
    });
    if (user.deletionScheduledAt !== undefined && user.status !== 'deactivated') {
      problems.push(`users[${index}].deletionScheduledAt: a user scheduled for deletion must have status deactivated`);
    }
    const products = new Set<string>();
    (user.activity ?? []).forEach((entry, entryIndex) => {
      const where = `users[${index}].activity[${entryIndex}]`;
      if (entry.product === 'confluence' && entry.site === file.site.cloudId)
        problems.push(
          `${where}: this site's Confluence activity belongs in users[${index}].lastActive, not in activity`,
        );
      const key = `${entry.product} ${entry.site}`;
      if (products.has(key)) problems.push(`${where}: ${entry.product} on site '${entry.site}' is listed twice`);
      products.add(key);
    });
    if ((user.directAccess || user.directSiteAdmin || user.activity?.length) && user.accountType !== 'atlassian') {
      problems.push(
        `users[${index}]: only atlassian accounts hold product access through roles (activity, directAccess), this one is ${user.accountType}`,
      );
    }
    if (user.managed && user.accountType !== 'atlassian') {
      problems.push(`users[${index}].managed: only atlassian accounts can be managed, this one is ${user.accountType}`);
    }
  });
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = formatPath(issue.path);
  const where = path === '' ? '(file)' : path;
  switch (issue.code) {
    case 'invalid_value':
      return `${where}: expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type': {
      const received = valueAt(input, issue.path);
      return `${where}: expected ${issue.expected}, got ${received === undefined ? 'nothing (the field is missing)' : describeType(received)}`;
    }
    case 'unrecognized_keys':
      return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `'${key}'`).join(', ')}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
