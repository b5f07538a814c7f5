/**
 * A scheme's defaults, applied in this one place: what a file that leaves a key out means. `mode` defaults to "test"
 * so nothing is ever changed unless the file says "live"; a schedule without a time zone takes the site's default
 * from settings. Names are also deduplicated here (groups and domains ignoring case, account ids exactly), so the
 * engine never acts twice for a name listed twice.
 */
import { canonicalTimeZone, type Schedule, type Weekday } from '../schedule';
import type { SchemeIssue } from '../errors';
import type { AccountType, UserStatus } from '../user';
import type { FieldCondition } from '../customFields';
import type { ParsedFile } from './fileFormat';
import type { NameCondition, ParseOptions, Scheme, SchemeFilter, SchemeMode } from './types';
import { foldCase } from './names';

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

export function applyDefaults(file: ParsedFile, defaultTimeZone: string): Scheme {
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

/** The time zone of a schedule that names none: the site's default from settings (checked), else UTC. */
export function resolveDefaultTimeZone(
  file: ParsedFile,
  opts: ParseOptions,
): { timeZone: string; errors: SchemeIssue[] } {
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

/** A copy of field conditions, so the scheme never shares a list with the file it was read from (or exported to). */
export function copyFieldConditions(fields: Record<string, FieldCondition>): Record<string, FieldCondition> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, condition]) => [
      name,
      { ...condition, ...(condition.oneOf && { oneOf: [...condition.oneOf] }) },
    ]),
  );
}
