/**
 * The file form of a scheme, checked shape by shape with zod: what each key may hold and the sentence an admin reads
 * when it holds something else. Strict objects throughout, because an unknown key (a typo such as "noneof") must
 * never silently widen who is acted on. Rules across fields are in checks.ts, defaults in defaults.ts; the known keys
 * listed here feed the "did you mean" hints of messages.ts.
 */
import { z } from 'zod';
import { LIMIT_REASONS, LIMITS } from './rules';
import { MAX_DAYS_BEFORE_BILL, SCHEDULE_UNITS, WEEKDAYS, canonicalTimeZone } from '../schedule';
import { fieldConditionSchema } from '../customFields';
import { ACCOUNT_TYPES, SCHEME_MODES, USER_STATUSES, type ActionType } from './types';

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
/** The file form once its shapes have passed: what the rules across fields and the defaults read. */
export type ParsedFile = z.output<typeof schemeFileSchema>;

/** Known keys per object path (array indexes written "[]"), for "did you mean" hints on unknown keys. */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
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
export const ACTION_KEYS: Record<ActionType, readonly string[]> = {
  removeAccess: ['type', 'offerRestore'],
  suspend: ['type'],
  deactivate: ['type', 'message', 'deleteAfterDays'],
  delete: ['type'],
  addGroups: ['type', 'groups'],
  removeGroups: ['type', 'groups'],
  notify: ['type', 'graceDays', 'message'],
};
