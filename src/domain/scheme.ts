/**
 * Schemes: the admin's rule "who is acted on, how, and when", in the JSON file form admins export and import.
 *
 * Parsing is strict: an unknown key is an error (a typo such as "noneof" must never silently widen who is acted
 * on), and every message names the path of the problem in the file. Defaults are applied in one place
 * (`SCHEME_DEFAULTS`); `mode` defaults to "test" so nothing is ever changed unless the file says "live".
 *
 * Decisions:
 * - Group names are matched against the site case-insensitively (an exact-case match wins if the site has several).
 * - `exemptions.users` and `report.emailUsers` hold Atlassian account ids.
 * - Email domains are compared exactly, after lowercasing and dropping a leading "@": "acme.com" does not cover
 *   "eu.acme.com"; list subdomains explicitly.
 * - `schedule.dayOfWeek` is a lowercase English day name ("monday"…"sunday"; any case is accepted and lowercased).
 * - `removeGroups` must name at least one group, like `addGroups`: an action that does nothing is a mistake.
 * - `filter.accountTypes` may name "app", but app accounts are always protected (see matching.ts): naming it only
 *   makes them appear in reports as protected.
 * - Hourly schedules take an `every` that divides 24; see schedule.ts for what `at` means for them.
 * - The stored form is the scheme plus `id`, `createdAt`, `updatedAt` (`StoredScheme`); the file form never carries them.
 */
import { z } from 'zod';
import { LIMIT_REASONS, LIMITS } from './schemeRules';
import { ACTION_TYPES, type ActionType } from './actionTypes';
import type { AccountType, DirectoryGroup, UserStatus } from './user';
import { formatSchemeIssues, type SchemeIssue } from './errors';
import {
  HOURLY_INTERVALS,
  MAX_DAYS_BEFORE_BILL,
  SCHEDULE_UNITS,
  WEEKDAYS,
  canonicalTimeZone,
  type Schedule,
  type Weekday,
} from './schedule';
import {
  CONDITION_KEYS,
  conditionProblems,
  fieldByName,
  fieldConditionSchema,
  type FieldCondition,
  type FieldDefinition,
  type ResolvedFieldCondition,
} from './customFields';

export { InvalidSchemeError, type SchemeIssue } from './errors';
export { ACTION_TYPES, type ActionType };

export const SCHEME_MODES = ['test', 'live'] as const;
export type SchemeMode = (typeof SCHEME_MODES)[number];

export const ACCOUNT_TYPES = ['atlassian', 'app', 'customer'] as const satisfies readonly AccountType[];
export const USER_STATUSES = ['active', 'suspended', 'deactivated'] as const satisfies readonly UserStatus[];

export const SCHEME_DEFAULTS: {
  readonly enabled: boolean;
  readonly mode: SchemeMode;
  readonly timeZone: string;
  readonly scheduleEvery: number;
  readonly scheduleAt: string;
  readonly accountTypes: readonly AccountType[];
  readonly statuses: readonly UserStatus[];
  readonly maxUsersPerRun: number;
  readonly onlyWhenUsersMatched: boolean;
} = {
  enabled: true,
  mode: 'test',
  timeZone: 'UTC',
  scheduleEvery: 1,
  scheduleAt: '00:00',
  accountTypes: ['atlassian'],
  statuses: ['active'],
  maxUsersPerRun: 500,
  onlyWhenUsersMatched: false,
};

/** The largest `every` per unit: beyond these a schedule is almost certainly a typo. */
const MAX_EVERY = { day: 365, week: 52, month: 12, billing: 1 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Domain types (defaults applied)

/** A condition on a list of names: member of at least one of `anyOf` (when given) and of none of `noneOf`. */
export interface NameCondition {
  anyOf?: string[];
  noneOf?: string[];
}

export interface SchemeFilter {
  /** Users whose last Confluence activity is at least this many days ago. */
  inactiveDays?: number;
  /** Users who never used Confluence and were added to the org at least this many days ago. */
  neverActiveAfterDays?: number;
  /** Group names. */
  groups?: NameCondition;
  /** Lowercase domains without "@". */
  emailDomains?: NameCondition;
  accountTypes: AccountType[];
  statuses: UserStatus[];
  /** Conditions on custom user fields (src/domain/customFields.ts), by field name; all must hold. */
  fields?: Record<string, FieldCondition>;
}

export type Action =
  /**
   * `offerRestore`: each user whose access was removed gets an email with a signed "restore my access" link
   * (src/engine/restoreAccess.ts). Off unless set.
   */
  | { type: 'removeAccess'; offerRestore?: boolean }
  | { type: 'suspend' }
  /**
   * `deleteAfterDays`: a staged lifecycle; the users deactivated now are deleted once they have stayed deactivated
   * this many days (src/engine/stagedDeletions.ts), each re-checked first.
   */
  | { type: 'deactivate'; message?: string; deleteAfterDays?: number }
  | { type: 'delete' }
  | { type: 'addGroups'; groups: string[] }
  | { type: 'removeGroups'; groups: string[] }
  /** Warn the user by email first; the other actions happen only after `graceDays`, if they are still inactive. */
  | { type: 'notify'; graceDays: number; message?: string };

export interface Scheme {
  name: string;
  enabled: boolean;
  mode: SchemeMode;
  /** null: runs only on demand. */
  schedule: Schedule | null;
  filter: SchemeFilter;
  exemptions: { users: string[]; groups: string[] };
  actions: Action[];
  /**
   * `untilSeatsAtMost`: act on the longest-inactive users first, only as many as it takes to bring the site's
   * seats down to this number (e.g. to stay under a licence tier).
   */
  limits: { maxUsersPerRun: number; untilSeatsAtMost?: number };
  report: { emailUsers: string[]; emailGroups: string[]; onlyWhenUsersMatched: boolean };
  /**
   * "Needs approval": the scheme's scheduled runs run as test runs even when it is live, and their report goes to
   * the report recipients (the approvers) asking them to review it and apply it. Absent means false.
   */
  needsApproval?: boolean;
}

export interface SchemeMetadata {
  id: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/** The form kept in storage. */
export type StoredScheme = Scheme & SchemeMetadata;

export type ParseResult<T> = { ok: true; scheme: T } | { ok: false; errors: SchemeIssue[] };

export interface ParseOptions {
  /** The site's default time zone (from settings), used when the schedule names none. Falls back to UTC. */
  defaultTimeZone?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The file form, checked shape by shape. Cross-field rules live in `checkRules`, defaults in `applyDefaults`.

const WHOLE_DAYS = 'must be a whole number of days ≥ 1';
const WHOLE_NUMBER = 'must be a whole number ≥ 1';

const wholeDays = z.number({ error: WHOLE_DAYS }).int({ error: WHOLE_DAYS }).min(1, { error: WHOLE_DAYS });
const positiveWhole = z.number({ error: WHOLE_NUMBER }).int({ error: WHOLE_NUMBER }).min(1, { error: WHOLE_NUMBER });
/** Days of inactivity: at most ten years. */
const inactivityDays = wholeDays.max(LIMITS.maxDays, { error: LIMIT_REASONS.days });
/** A number of users or seats: at most the largest licence tier. */
const userCount = positiveWhole.max(LIMITS.maxUsers, { error: LIMIT_REASONS.users });

const groupName = z
  .string()
  .trim()
  .min(1, { error: 'a group name must not be empty' })
  .max(255, { error: 'a group name has at most 255 characters' });

const accountId = z
  .string()
  .trim()
  .min(1, { error: 'an account id must not be empty' })
  .max(128, { error: 'an account id has at most 128 characters' })
  .regex(/^\S+$/, { error: 'an account id has no spaces (it looks like "5b10ac8d82e05b22cc7d4ef5")' });

const emailDomain = z
  .string()
  .transform((text) => text.trim().toLowerCase().replace(/^@/, ''))
  .refine((domain) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain), {
    error: (issue) => `${JSON.stringify(issue.input)} is not an email domain (write it like "acme.com")`,
  });

const groupCondition = z.strictObject({
  anyOf: z
    .array(groupName)
    .min(1, { error: 'must list at least one group (leave anyOf out to accept members of any group)' })
    .optional(),
  noneOf: z.array(groupName).optional(),
});

const domainCondition = z.strictObject({
  anyOf: z
    .array(emailDomain)
    .min(1, { error: 'must list at least one domain (leave anyOf out to accept every domain)' })
    .optional(),
  noneOf: z.array(emailDomain).optional(),
});

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: 'must be a time of day "HH:mm" in 24-hour form, e.g. "02:00"',
});

const timeZoneName = z
  .string()
  .refine((name) => canonicalTimeZone(name) !== null, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a known IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")`,
  })
  .transform((name) => canonicalTimeZone(name) ?? name);

const weekday = z
  .string()
  .transform((day) => day.toLowerCase())
  .pipe(
    z.enum(WEEKDAYS, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a day; use one of ${WEEKDAYS.join(', ')}`,
    }),
  );

const scheduleShape = z.strictObject({
  every: positiveWhole.optional(),
  unit: z.enum(SCHEDULE_UNITS),
  at: timeOfDay.optional(),
  timeZone: timeZoneName.optional(),
  dayOfWeek: weekday.optional(),
  dayOfMonth: z
    .number({ error: 'must be a whole number from 1 to 31' })
    .int({ error: 'must be a whole number from 1 to 31' })
    .min(1, { error: 'must be a whole number from 1 to 31' })
    .max(31, { error: 'must be a whole number from 1 to 31' })
    .optional(),
  daysBefore: z
    .number({ error: `must be a whole number of days from 0 to ${MAX_DAYS_BEFORE_BILL}` })
    .int({ error: `must be a whole number of days from 0 to ${MAX_DAYS_BEFORE_BILL}` })
    .min(0, { error: `must be a whole number of days from 0 to ${MAX_DAYS_BEFORE_BILL}` })
    .max(MAX_DAYS_BEFORE_BILL, {
      error: `must be a whole number of days from 0 to ${MAX_DAYS_BEFORE_BILL} (less than the shortest month)`,
    })
    .optional(),
});

const filterShape = z.strictObject({
  inactiveDays: inactivityDays.optional(),
  neverActiveAfterDays: inactivityDays.optional(),
  groups: groupCondition.optional(),
  emailDomains: domainCondition.optional(),
  accountTypes: z.array(z.enum(ACCOUNT_TYPES)).min(1, { error: 'must list at least one account type' }).optional(),
  statuses: z.array(z.enum(USER_STATUSES)).min(1, { error: 'must list at least one status' }).optional(),
  fields: z
    .record(z.string().trim().min(1, { error: 'a field name must not be empty' }), fieldConditionSchema)
    .optional(),
});

const actionGroups = (type: string) =>
  z.array(groupName).min(1, { error: `must list at least one group (without groups, "${type}" does nothing)` });

const actionShape = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('removeAccess'), offerRestore: z.boolean().optional() }),
  z.strictObject({ type: z.literal('suspend') }),
  z.strictObject({
    type: z.literal('deactivate'),
    message: z
      .string()
      .trim()
      .min(1, { error: "must not be empty (leave message out to use Atlassian's default)" })
      .max(1000, { error: 'has at most 1000 characters' })
      .optional(),
    deleteAfterDays: z
      .number({ error: 'must be a whole number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(1, { error: 'must be at least 1 day' })
      .max(365, { error: 'must be at most 365 days' })
      .optional(),
  }),
  z.strictObject({ type: z.literal('delete') }),
  z.strictObject({ type: z.literal('addGroups'), groups: actionGroups('addGroups') }),
  z.strictObject({ type: z.literal('removeGroups'), groups: actionGroups('removeGroups') }),
  z.strictObject({
    type: z.literal('notify'),
    graceDays: z
      .number({ error: 'must be a whole number of days from 1 to 90' })
      .int({ error: 'must be a whole number of days from 1 to 90' })
      .min(1, { error: 'must be a whole number of days from 1 to 90' })
      .max(90, { error: 'must be a whole number of days from 1 to 90' }),
    message: z
      .string()
      .trim()
      .min(1, { error: 'must not be empty (leave message out to send the standard text)' })
      .max(2000)
      .optional(),
  }),
]);

const exemptionsShape = z.strictObject({
  users: z.array(accountId).optional(),
  groups: z.array(groupName).optional(),
});

const limitsShape = z.strictObject({
  maxUsersPerRun: userCount.optional(),
  untilSeatsAtMost: userCount.optional(),
});

const reportShape = z.strictObject({
  emailUsers: z.array(accountId).optional(),
  emailGroups: z.array(groupName).optional(),
  onlyWhenUsersMatched: z.boolean().optional(),
});

export const schemeFileSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty: give the scheme a name admins will recognise' })
    .max(100, { error: 'has at most 100 characters' }),
  enabled: z.boolean().optional(),
  mode: z.enum(SCHEME_MODES).optional(),
  schedule: scheduleShape.nullable().optional(),
  filter: filterShape,
  exemptions: exemptionsShape.optional(),
  actions: z.array(actionShape).min(1, { error: 'must list at least one action' }),
  limits: limitsShape.optional(),
  report: reportShape.optional(),
  needsApproval: z.boolean().default(false),
});

/** The scheme file form, as admins write it (everything but name, filter and actions optional). */
export type SchemeInput = z.input<typeof schemeFileSchema>;
type ParsedFile = z.output<typeof schemeFileSchema>;

/** Known keys per object path (array indexes written "[]"), for "did you mean" hints on unknown keys. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(schemeFileSchema.shape),
  schedule: Object.keys(scheduleShape.shape),
  filter: Object.keys(filterShape.shape),
  'filter.groups': Object.keys(groupCondition.shape),
  'filter.emailDomains': Object.keys(domainCondition.shape),
  exemptions: Object.keys(exemptionsShape.shape),
  limits: Object.keys(limitsShape.shape),
  report: Object.keys(reportShape.shape),
};

/** Keys each action type takes: an action's unknown keys are judged by its own type. */
const ACTION_KEYS: Record<ActionType, readonly string[]> = {
  removeAccess: ['type', 'offerRestore'],
  suspend: ['type'],
  deactivate: ['type', 'message', 'deleteAfterDays'],
  delete: ['type'],
  addGroups: ['type', 'groups'],
  removeGroups: ['type', 'groups'],
  notify: ['type', 'graceDays', 'message'],
};

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** Validates a scheme file (already JSON-parsed) and applies defaults. */
export function parseScheme(json: unknown, opts: ParseOptions = {}): ParseResult<Scheme> {
  const parsed = schemeFileSchema.safeParse(json, { error: (issue) => fallbackMessage(issue), reportInput: true });
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.flatMap(toSchemeIssues) };

  const defaultZone = resolveDefaultTimeZone(parsed.data, opts);
  const errors = [...defaultZone.errors, ...checkRules(parsed.data)];
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, scheme: applyDefaults(parsed.data, defaultZone.timeZone) };
}

/** Parses the text of a scheme file: JSON syntax errors are reported like any other problem. */
export function parseSchemeText(text: string, opts: ParseOptions = {}): ParseResult<Scheme> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '', message: `the file is not valid JSON (${detail})` }] };
  }
  return parseScheme(json, opts);
}

const metadataShape = z.object({
  id: z.string().min(1, { error: 'must not be empty' }),
  createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  updatedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
});

/** Validates a scheme read back from storage: the scheme rules plus its metadata. */
export function parseStoredScheme(value: unknown, opts: ParseOptions = {}): ParseResult<StoredScheme> {
  const metadata = metadataShape.safeParse(value, { error: (issue) => fallbackMessage(issue) });
  const metadataErrors = metadata.success ? [] : metadata.error.issues.flatMap(toSchemeIssues);
  if (!isPlainObject(value)) return { ok: false, errors: metadataErrors };

  const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...definition } = value;
  const scheme = parseScheme(definition, opts);
  if (!metadata.success || !scheme.ok)
    return { ok: false, errors: [...metadataErrors, ...(scheme.ok ? [] : scheme.errors)] };
  const { id, createdAt, updatedAt } = metadata.data;
  return { ok: true, scheme: { ...scheme.scheme, id, createdAt, updatedAt } };
}

/** One readable block listing every problem, for the UI or a CLI. */
export function formatSchemeErrors(errors: readonly SchemeIssue[], fileName?: string): string {
  return formatSchemeIssues(errors, fileName);
}

/** The file form of a scheme, defaults written out, without storage metadata: `parseScheme` reads it back unchanged. */
export function exportScheme(scheme: Scheme): SchemeInput {
  const { inactiveDays, neverActiveAfterDays, groups, emailDomains, fields } = scheme.filter;
  return {
    name: scheme.name,
    enabled: scheme.enabled,
    mode: scheme.mode,
    ...(scheme.schedule && { schedule: exportSchedule(scheme.schedule) }),
    filter: {
      ...(inactiveDays !== undefined && { inactiveDays }),
      ...(neverActiveAfterDays !== undefined && { neverActiveAfterDays }),
      ...(groups && { groups: copyCondition(groups) }),
      ...(emailDomains && { emailDomains: copyCondition(emailDomains) }),
      accountTypes: [...scheme.filter.accountTypes],
      statuses: [...scheme.filter.statuses],
      ...(fields && { fields: copyFieldConditions(fields) }),
    },
    exemptions: { users: [...scheme.exemptions.users], groups: [...scheme.exemptions.groups] },
    actions: scheme.actions.map((action) =>
      'groups' in action ? { ...action, groups: [...action.groups] } : { ...action },
    ),
    limits: {
      maxUsersPerRun: scheme.limits.maxUsersPerRun,
      ...(scheme.limits.untilSeatsAtMost !== undefined ? { untilSeatsAtMost: scheme.limits.untilSeatsAtMost } : {}),
    },
    report: {
      emailUsers: [...scheme.report.emailUsers],
      emailGroups: [...scheme.report.emailGroups],
      onlyWhenUsersMatched: scheme.report.onlyWhenUsersMatched,
    },
    ...(scheme.needsApproval ? { needsApproval: true } : {}),
  };
}

function exportSchedule(schedule: Schedule): NonNullable<SchemeInput['schedule']> {
  const base = { every: schedule.every, unit: schedule.unit, at: schedule.at, timeZone: schedule.timeZone };
  switch (schedule.unit) {
    case 'week':
      return { ...base, dayOfWeek: schedule.dayOfWeek };
    case 'month':
      return { ...base, dayOfMonth: schedule.dayOfMonth };
    case 'billing':
      return { unit: 'billing', daysBefore: schedule.daysBefore, at: schedule.at, timeZone: schedule.timeZone };
    default:
      return base;
  }
}

function copyFieldConditions(fields: Record<string, FieldCondition>): Record<string, FieldCondition> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, condition]) => [
      name,
      { ...condition, ...(condition.oneOf && { oneOf: [...condition.oneOf] }) },
    ]),
  );
}

function copyCondition(condition: NameCondition): NameCondition {
  return {
    ...(condition.anyOf && { anyOf: [...condition.anyOf] }),
    ...(condition.noneOf && { noneOf: [...condition.noneOf] }),
  };
}

function resolveDefaultTimeZone(file: ParsedFile, opts: ParseOptions): { timeZone: string; errors: SchemeIssue[] } {
  if (!file.schedule || file.schedule.timeZone !== undefined || opts.defaultTimeZone === undefined) {
    return { timeZone: SCHEME_DEFAULTS.timeZone, errors: [] };
  }
  const canonical = canonicalTimeZone(opts.defaultTimeZone);
  if (canonical) return { timeZone: canonical, errors: [] };
  return {
    timeZone: SCHEME_DEFAULTS.timeZone,
    errors: [
      {
        path: 'schedule.timeZone',
        message: `no time zone given, and the default time zone in settings ${JSON.stringify(opts.defaultTimeZone)} is not a known IANA time zone; name one here or fix the settings`,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules across fields: what the shapes cannot say, and contradictions an admin would regret.

function checkRules(file: ParsedFile): SchemeIssue[] {
  return [
    ...checkSchedule(file.schedule),
    ...checkFilter(file.filter),
    ...checkActions(file.actions),
    ...checkLimits(file),
  ];
}

function checkSchedule(schedule: ParsedFile['schedule']): SchemeIssue[] {
  if (!schedule) return [];
  const errors: SchemeIssue[] = [];
  const { unit } = schedule;
  const every = schedule.every ?? SCHEME_DEFAULTS.scheduleEvery;
  if (unit === 'hour' && !(HOURLY_INTERVALS as readonly number[]).includes(every)) {
    errors.push({
      path: 'schedule.every',
      message: `with unit "hour", must divide 24 (${HOURLY_INTERVALS.join(', ')}) so runs fall at the same clock times every day`,
    });
  }
  if (unit === 'billing' && every !== 1) {
    errors.push({
      path: 'schedule.every',
      message: 'does not apply when unit is "billing" (it runs before every bill); leave it out',
    });
  } else if (unit !== 'hour' && every > MAX_EVERY[unit]) {
    errors.push({ path: 'schedule.every', message: `with unit "${unit}", must be at most ${MAX_EVERY[unit]}` });
  }
  if (unit === 'billing' && schedule.daysBefore === undefined) {
    errors.push({
      path: 'schedule.daysBefore',
      message: `is required when unit is "billing": how many days before each bill to run (0 to ${MAX_DAYS_BEFORE_BILL})`,
    });
  }
  if (unit !== 'billing' && schedule.daysBefore !== undefined) {
    errors.push({
      path: 'schedule.daysBefore',
      message: `only applies when unit is "billing" (this schedule's unit is "${unit}")`,
    });
  }
  if (unit === 'week' && schedule.dayOfWeek === undefined) {
    errors.push({
      path: 'schedule.dayOfWeek',
      message: `is required when unit is "week" (one of ${WEEKDAYS.join(', ')})`,
    });
  }
  if (unit !== 'week' && schedule.dayOfWeek !== undefined) {
    errors.push({
      path: 'schedule.dayOfWeek',
      message: `only applies when unit is "week" (this schedule's unit is "${unit}")`,
    });
  }
  if (unit === 'month' && schedule.dayOfMonth === undefined) {
    errors.push({ path: 'schedule.dayOfMonth', message: 'is required when unit is "month" (1 to 31)' });
  }
  if (unit !== 'month' && schedule.dayOfMonth !== undefined) {
    errors.push({
      path: 'schedule.dayOfMonth',
      message: `only applies when unit is "month" (this schedule's unit is "${unit}")`,
    });
  }
  return errors;
}

function checkFilter(filter: ParsedFile['filter']): SchemeIssue[] {
  return [
    ...conditionOverlap(filter.groups, 'filter.groups', 'group'),
    ...conditionOverlap(filter.emailDomains, 'filter.emailDomains', 'domain'),
  ];
}

function conditionOverlap(condition: NameCondition | undefined, path: string, what: string): SchemeIssue[] {
  if (!condition?.anyOf || !condition.noneOf) return [];
  const wanted = new Set(condition.anyOf.map(foldCase));
  return condition.noneOf.flatMap((name, index) =>
    wanted.has(foldCase(name))
      ? [{ path: `${path}.noneOf[${index}]`, message: `${what} "${name}" is also in anyOf: no user can match both` }]
      : [],
  );
}

/** A seat target needs an action that frees seats, or the run could never bring the seats down. */
function checkLimits(file: ParsedFile): SchemeIssue[] {
  if (file.limits?.untilSeatsAtMost === undefined) return [];
  const freesSeats = file.actions.some((action) =>
    ['removeAccess', 'suspend', 'deactivate', 'delete'].includes(action.type),
  );
  return freesSeats
    ? []
    : [
        {
          path: 'limits.untilSeatsAtMost',
          message: 'needs an action that frees seats (removeAccess, suspend, deactivate or delete)',
        },
      ];
}

/** Actions that end an account, in the order they may appear at the end of the list. */
const ENDING_ACTIONS: readonly ActionType[] = ['deactivate', 'delete'];

function endingRank(type: ActionType): number {
  return ENDING_ACTIONS.indexOf(type) + 1; // 0 for actions that leave the account usable
}

/** Every action after an account-ending one must end the account later in the same order ("deactivate" → "delete"). */
function checkEndingOrder(actions: ParsedFile['actions']): SchemeIssue[] {
  const errors: SchemeIssue[] = [];
  actions.forEach((action, index) => {
    const rank = endingRank(action.type);
    if (rank === 0) return;
    const after = actions
      .slice(index + 1)
      .filter((later) => endingRank(later.type) <= rank && later.type !== action.type);
    if (after.length === 0) return;
    const names = after.map((later) => `"${later.type}"`);
    const position = action.type === 'delete' ? 'the last action' : 'after every action but "delete"';
    const what = action.type === 'delete' ? 'deleted' : 'deactivated';
    errors.push({
      path: `actions[${index}]`,
      message: `"${action.type}" must be ${position}: nothing can be done to an account after it is ${what} (move ${names.join(', ')} before it, or remove ${names.length === 1 ? 'it' : 'them'})`,
    });
  });
  return errors;
}

function checkActions(actions: ParsedFile['actions']): SchemeIssue[] {
  const errors: SchemeIssue[] = [];
  const firstIndexOfType = new Map<ActionType, number>();
  actions.forEach((action, index) => {
    const first = firstIndexOfType.get(action.type);
    if (first === undefined) firstIndexOfType.set(action.type, index);
    else {
      const merge = 'groups' in action ? ' (merge their group lists into one)' : '';
      errors.push({
        path: `actions[${index}].type`,
        message: `"${action.type}" is already listed at actions[${first}]; list each action once${merge}`,
      });
    }
  });

  const notifyIndex = actions.findIndex((action) => action.type === 'notify');
  if (notifyIndex > 0) {
    errors.push({
      path: `actions[${notifyIndex}]`,
      message: '"notify" must be the first action: users are warned before anything else happens',
    });
  }
  if (notifyIndex !== -1 && actions.length === 1) {
    errors.push({
      path: 'actions',
      message: '"notify" warns users of the actions that follow it; add at least one action after it',
    });
  }

  errors.push(...checkEndingOrder(actions));

  const added = new Map<string, number>();
  actions.forEach((action, index) => {
    if (action.type === 'addGroups') for (const group of action.groups) added.set(foldCase(group), index);
  });
  actions.forEach((action, index) => {
    if (action.type !== 'removeGroups') return;
    action.groups.forEach((group, groupIndex) => {
      const addIndex = added.get(foldCase(group));
      if (addIndex === undefined) return;
      errors.push({
        path: `actions[${index}].groups[${groupIndex}]`,
        message: `group "${group}" is also added by actions[${addIndex}] (addGroups): a user cannot be added to and removed from the same group`,
      });
    });
  });
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------
// Defaults

function applyDefaults(file: ParsedFile, defaultTimeZone: string): Scheme {
  const filter: SchemeFilter = {
    accountTypes: dedupe(file.filter.accountTypes ?? SCHEME_DEFAULTS.accountTypes),
    statuses: dedupe(file.filter.statuses ?? SCHEME_DEFAULTS.statuses),
  };
  if (file.filter.inactiveDays !== undefined) filter.inactiveDays = file.filter.inactiveDays;
  if (file.filter.neverActiveAfterDays !== undefined) filter.neverActiveAfterDays = file.filter.neverActiveAfterDays;
  if (file.filter.groups) filter.groups = normaliseCondition(file.filter.groups);
  if (file.filter.emailDomains) filter.emailDomains = normaliseCondition(file.filter.emailDomains);
  if (file.filter.fields) filter.fields = copyFieldConditions(file.filter.fields);

  return {
    name: file.name,
    enabled: file.enabled ?? SCHEME_DEFAULTS.enabled,
    mode: file.mode ?? SCHEME_DEFAULTS.mode,
    schedule: file.schedule ? toSchedule(file.schedule, defaultTimeZone) : null,
    filter,
    exemptions: {
      users: dedupeExact(file.exemptions?.users ?? []),
      groups: dedupe(file.exemptions?.groups ?? []),
    },
    actions: file.actions.map((action) => ('groups' in action ? { ...action, groups: dedupe(action.groups) } : action)),
    limits: {
      maxUsersPerRun: file.limits?.maxUsersPerRun ?? SCHEME_DEFAULTS.maxUsersPerRun,
      ...(file.limits?.untilSeatsAtMost !== undefined ? { untilSeatsAtMost: file.limits.untilSeatsAtMost } : {}),
    },
    report: {
      emailUsers: dedupeExact(file.report?.emailUsers ?? []),
      emailGroups: dedupe(file.report?.emailGroups ?? []),
      onlyWhenUsersMatched: file.report?.onlyWhenUsersMatched ?? SCHEME_DEFAULTS.onlyWhenUsersMatched,
    },
    // Only written when set, so a scheme without it keeps the exact form (and fingerprint) it had before.
    ...(file.needsApproval ? { needsApproval: true } : {}),
  };
}

function toSchedule(input: NonNullable<ParsedFile['schedule']>, defaultTimeZone: string): Schedule {
  const base = {
    every: input.every ?? SCHEME_DEFAULTS.scheduleEvery,
    at: input.at ?? SCHEME_DEFAULTS.scheduleAt,
    timeZone: input.timeZone ?? defaultTimeZone,
  };
  switch (input.unit) {
    case 'hour':
    case 'day':
      return { unit: input.unit, ...base };
    case 'week':
      // checkSchedule has guaranteed the day; the fallback only satisfies the type checker.
      return { unit: 'week', ...base, dayOfWeek: input.dayOfWeek ?? ('monday' satisfies Weekday) };
    case 'month':
      return { unit: 'month', ...base, dayOfMonth: input.dayOfMonth ?? 1 };
    case 'billing':
      return { unit: 'billing', ...base, every: 1, daysBefore: input.daysBefore ?? 0 };
  }
}

function normaliseCondition(condition: NameCondition): NameCondition {
  return {
    ...(condition.anyOf && { anyOf: dedupe(condition.anyOf) }),
    ...(condition.noneOf && { noneOf: dedupe(condition.noneOf) }),
  };
}

/** Keeps the first spelling of names that differ only in case. */
function dedupe<T extends string>(values: readonly T[]): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = foldCase(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Account ids are case-sensitive. */
function dedupeExact<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function foldCase(text: string): string {
  return text.toLocaleLowerCase('en-US');
}

// ---------------------------------------------------------------------------------------------------------------
// Group names → site groups

export type ResolvedAction =
  | Exclude<Action, { type: 'addGroups' } | { type: 'removeGroups' }>
  | { type: 'addGroups'; groups: DirectoryGroup[] }
  | { type: 'removeGroups'; groups: DirectoryGroup[] };

/** A scheme whose group names are checked against the site, with the groups (ids) the engine and matcher use. */
export interface ResolvedScheme {
  scheme: Scheme;
  filterGroups: { anyOf?: DirectoryGroup[]; noneOf: DirectoryGroup[] };
  exemptGroups: DirectoryGroup[];
  actions: ResolvedAction[];
  reportGroups: DirectoryGroup[];
}

export type ResolveResult = { ok: true; resolved: ResolvedScheme } | { ok: false; errors: SchemeIssue[] };

/**
 * Every group a scheme names must exist on the site: a scheme that names a deleted or renamed group fails loudly
 * instead of silently matching (or exempting) nobody.
 */
export function resolveGroupNames(scheme: Scheme, groups: DirectoryGroup[]): ResolveResult {
  const errors: SchemeIssue[] = [];
  const byName = new Map<string, DirectoryGroup[]>();
  for (const group of groups) {
    const key = foldCase(group.name);
    byName.set(key, [...(byName.get(key) ?? []), group]);
  }

  const lookup = (names: string[], path: string): DirectoryGroup[] =>
    names.flatMap((name, index) => {
      const sameName = byName.get(foldCase(name)) ?? [];
      const exact = sameName.filter((group) => group.name === name);
      const match = exact.length === 1 ? exact[0] : sameName.length === 1 ? sameName[0] : undefined;
      if (match) return [match];
      const where = `${path}[${index}]`;
      if (sameName.length > 1) {
        const spellings = sameName.map((group) => `"${group.name}"`).join(', ');
        errors.push({
          path: where,
          message: `"${name}" could mean several groups on this site (${spellings}); write the exact name`,
        });
      } else {
        const hint = closest(
          name,
          groups.map((group) => group.name),
        );
        errors.push({
          path: where,
          message: `no group named "${name}" on this site${hint ? ` (did you mean "${hint}"?)` : ''}`,
        });
      }
      return [];
    });

  const { filter } = scheme;
  const filterGroups: ResolvedScheme['filterGroups'] = {
    noneOf: lookup(filter.groups?.noneOf ?? [], 'filter.groups.noneOf'),
  };
  if (filter.groups?.anyOf) filterGroups.anyOf = lookup(filter.groups.anyOf, 'filter.groups.anyOf');
  const exemptGroups = lookup(scheme.exemptions.groups, 'exemptions.groups');
  const actions = scheme.actions.map((action, index): ResolvedAction => {
    if (action.type === 'addGroups' || action.type === 'removeGroups') {
      return { type: action.type, groups: lookup(action.groups, `actions[${index}].groups`) };
    }
    return action;
  });
  const reportGroups = lookup(scheme.report.emailGroups, 'report.emailGroups');

  if (errors.length > 0) return { ok: false, errors: sortByPath(errors) };
  return { ok: true, resolved: { scheme, filterGroups, exemptGroups, actions, reportGroups } };
}

export type FieldResolveResult =
  { ok: true; conditions: ResolvedFieldCondition[] } | { ok: false; errors: SchemeIssue[] };

/**
 * Every custom field a scheme's filter names must be defined (like groups: a deleted or misspelt field fails
 * loudly instead of matching nobody, or everybody with "isEmpty"), and each condition must suit its field's type.
 */
export function resolveFieldNames(scheme: Scheme, fields: readonly FieldDefinition[]): FieldResolveResult {
  const errors: SchemeIssue[] = [];
  const conditions: ResolvedFieldCondition[] = [];
  const used = new Map<string, string>();
  for (const [name, condition] of Object.entries(scheme.filter.fields ?? {})) {
    const path = `filter.fields.${name}`;
    const field = fieldByName(fields, name);
    if (!field) {
      const hint = closest(
        name,
        fields.map((candidate) => candidate.name),
      );
      const defined =
        fields.length > 0
          ? `defined fields: ${fields.map((candidate) => `"${candidate.name}"`).join(', ')}`
          : 'no fields are defined yet (User fields tab)';
      errors.push({
        path,
        message: `no custom field named "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; ${defined}`,
      });
      continue;
    }
    const earlier = used.get(field.id);
    if (earlier !== undefined) {
      errors.push({ path, message: `"${name}" and "${earlier}" name the same field; give its conditions once` });
      continue;
    }
    used.set(field.id, name);
    for (const problem of conditionProblems(field, condition)) errors.push({ path, message: problem });
    conditions.push({ field, condition });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, conditions };
}

/** Issues in file order (filter before exemptions before actions before report), as an admin reads the file. */
function sortByPath(errors: SchemeIssue[]): SchemeIssue[] {
  const order = [
    'name',
    'enabled',
    'mode',
    'schedule',
    'filter',
    'exemptions',
    'actions',
    'limits',
    'report',
    'needsApproval',
  ];
  const rank = (path: string) => {
    const top = path.split(/[.[]/)[0] ?? '';
    const position = order.indexOf(top);
    return position === -1 ? order.length : position;
  };
  return [...errors].sort((a, b) => rank(a.path) - rank(b.path));
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

type ZodIssue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** Messages for issues the schema gives no message of its own; written for a site admin editing JSON. */
function fallbackMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${describeExpected(String(issue.expected))}, not ${describeValue(issue.input)}`;
    case 'invalid_value': {
      const allowed = issue.values.map((value) => JSON.stringify(value)).join(', ');
      return `${describeValue(issue.input)} is not allowed here; use one of ${allowed}`;
    }
    case 'invalid_union': {
      // The only union is the action list: a missing or unknown "type".
      const input = issue.input;
      const type = isPlainObject(input) ? input['type'] : undefined;
      const allowed = ACTION_TYPES.join(', ');
      if (type === undefined) return `an action needs a "type": one of ${allowed}`;
      return `${describeValue(type)} is not an action; use one of ${allowed}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `must list at least ${issue.minimum}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `has at most ${issue.maximum} characters`;
      return `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

/** Zod issues → one issue per problem, with a dotted path; unknown keys get one issue each, with a spelling hint. */
function toSchemeIssues(issue: ZodIssue): SchemeIssue[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: path === '' ? key : `${path}.${key}`,
      message: `unknown key (${unknownKeyHint(key, issue)}): unknown keys are refused so that a typo cannot change who is acted on`,
    }));
  }
  // A discriminator failure is reported on the action's "type", where the admin has to look.
  if (issue.code === 'invalid_union' && !path.endsWith('.type') && issue.path.length > 0) {
    return [{ path: `${path}.type`, message: issue.message }];
  }
  return [{ path, message: issue.message }];
}

function unknownKeyHint(key: string, issue: ZodIssue): string {
  const pattern = pathPattern(issue.path);
  if (pattern === 'actions[]') {
    const type = isPlainObject(issue.input) ? issue.input['type'] : undefined;
    const known = ACTION_KEYS[type as ActionType] ?? ['type'];
    const owners = ACTION_TYPES.filter((action) => ACTION_KEYS[action].includes(key)).map((action) => `"${action}"`);
    const hint = closest(
      key,
      known.filter((name) => name !== 'type'),
    );
    if (hint) return `did you mean "${hint}"?`;
    if (owners.length > 0) return `only ${owners.join(' and ')} ${owners.length === 1 ? 'takes' : 'take'} "${key}"`;
    return `a "${String(type)}" action takes ${known.map((name) => `"${name}"`).join(' and ')}`;
  }
  const known = KNOWN_KEYS[pattern] ?? (pattern.startsWith('filter.fields.') ? CONDITION_KEYS : []);
  const hint = closest(key, known);
  return hint ? `did you mean "${hint}"?` : `expected one of ${known.join(', ')}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const name = String(segment);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}

function pathPattern(path: readonly PropertyKey[]): string {
  return formatPath(path.map((segment) => (typeof segment === 'number' ? -1 : segment))).replace(/\[-1\]/g, '[]');
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text in quotes';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list in [ ]';
    case 'object':
      return 'an object in { }';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The closest of `candidates` to `word`, if it is close enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(foldCase(word), foldCase(candidate));
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(word.length / 4)) ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
