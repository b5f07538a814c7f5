/**
 * The file form of a scheme, written back out for export: defaults spelt out, storage metadata left off, lists
 * copied so the exported file shares nothing with the stored scheme. `parseScheme` reads the result back unchanged,
 * which the tests hold to.
 */
import type { Schedule } from '../schedule';
import type { SchemeInput } from './fileFormat';
import { copyFieldConditions } from './defaults';
import type { NameCondition, Scheme } from './types';

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

function copyCondition(condition: NameCondition): NameCondition {
  return {
    ...(condition.anyOf && { anyOf: [...condition.anyOf] }),
    ...(condition.noneOf && { noneOf: [...condition.noneOf] }),
  };
}
