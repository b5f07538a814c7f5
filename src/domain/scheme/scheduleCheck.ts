/**
 * The schedule's rules that its shape alone cannot say: which keys go with which unit (a day of the week only for
 * "week", days before the bill only for "billing"), and how often is sane (hourly runs divide the day evenly; a
 * larger `every` is almost certainly a typo). What `at` and `every` mean for each unit is schedule.ts's business.
 */
import type { SchemeIssue } from '../errors';
import { HOURLY_INTERVALS, MAX_DAYS_BEFORE_BILL, WEEKDAYS } from '../schedule';
import { SCHEME_DEFAULTS } from './defaults';
import type { ParsedFile } from './fileFormat';

/** The largest `every` per unit: beyond these a schedule is almost certainly a typo. */
const MAX_EVERY = { day: 365, week: 52, month: 12, billing: 1 } as const;

export function checkSchedule(schedule: ParsedFile['schedule']): SchemeIssue[] {
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
