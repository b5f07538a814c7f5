/**
 * When a scheme runs: "every N hours | days | weeks | months" at a local time of day in an IANA time zone.
 *
 * Semantics (what admins are promised, and what the tests pin down):
 * - All times are wall-clock times in `timeZone`.
 * - `hour`: `every` divides 24 (scheme/scheduleCheck.ts). Runs happen at the local minute of `at`, on the local hours
 *   that are congruent to `at`'s hour modulo `every`: every 6 hours at "02:30" runs at 02:30, 08:30, 14:30, 20:30
 *   every local day. Runs stay on the same clock times every day, whatever the anchor.
 * - `day` / `week` / `month`: at `at` on every `every`-th local day / week (on `dayOfWeek`) / month (on `dayOfMonth`;
 *   a month shorter than that runs on its last day, so "the 31st" runs on 28 or 29 February).
 * - "Every N" with N > 1 needs a phase: the `anchor` (pass the time the schedule was set, e.g. the scheme's creation
 *   time). The first run is the first matching slot at or after the anchor; after that, one every N units. Without an
 *   anchor a fixed reference date is used, so the cadence is still exact and stable between calls, only its phase is
 *   arbitrary. With N = 1 the anchor changes nothing.
 * - Daylight saving: a local time that does not exist (spring-forward gap) runs at the first instant after the gap
 *   (02:30 → 03:00 when clocks jump from 02:00 to 03:00); a local time that happens twice (fall back) runs once, at
 *   its first occurrence.
 * - `billing`: `daysBefore` (0–27) days before each billing date of the plan in Settings (src/domain/billing.ts):
 *   monthly on the bill's day of the month (a short month's bill is on its last day), yearly on annual plans. The
 *   billing dates are calendar days; the run is at `at` on the calendar day `daysBefore` earlier, in `timeZone`.
 *   `every` is always 1. Without billing settings there is no such date: `nextRunAfter` refuses, naming the fix.
 * - `nextRunAfter(schedule, now)` is the first slot strictly after `now`: after a late run it skips every missed slot,
 *   so a missed run happens once, never as a burst.
 */
import { TZDate, tz, tzOffset } from '@date-fns/tz';
import {
  addDays,
  addHours,
  addMinutes,
  differenceInCalendarDays,
  differenceInMinutes,
  getDaysInMonth,
  isAfter,
  isBefore,
  isValid,
  subHours,
  subMinutes,
} from 'date-fns';
import { DomainError } from './errors';
import { billingDate, billingDateAfter, calendarDayAt, type BillingSettings } from './billing';

export const SCHEDULE_UNITS = ['hour', 'day', 'week', 'month', 'billing'] as const;

/** A `billing` schedule runs at most this many days before each bill: less than the shortest month. */
export const MAX_DAYS_BEFORE_BILL = 27;

export const BILLING_SCHEDULE_NEEDS_SETTINGS =
  'runs before each bill, so it needs the billing settings: set the billing cycle and the next billing date in Settings → Billing first';
export type ScheduleUnit = (typeof SCHEDULE_UNITS)[number];

/** Week days in the file form: lowercase English names, weeks start on Monday. */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The values of `every` an hourly schedule accepts: those that keep runs on the same clock times every day. */
export const HOURLY_INTERVALS = [1, 2, 3, 4, 6, 8, 12] as const;

interface ScheduleBase {
  /** How many units between runs, ≥ 1. */
  every: number;
  /** Local time of day, "HH:mm" (24-hour). For hourly schedules: the minute, and the phase of the hours. */
  at: string;
  /** IANA time zone name, already validated. */
  timeZone: string;
}

export type Schedule =
  | (ScheduleBase & { unit: 'hour' })
  | (ScheduleBase & { unit: 'day' })
  | (ScheduleBase & { unit: 'week'; dayOfWeek: Weekday })
  | (ScheduleBase & { unit: 'month'; dayOfMonth: number })
  | (ScheduleBase & { unit: 'billing'; daysBefore: number });

/** What a `billing` schedule needs from the billing settings. */
export type BillingDates = Pick<BillingSettings, 'cycle' | 'nextBillingDate'>;

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** "HH:mm" → hour and minute; null when the text is not a 24-hour time of day. */
export function parseTimeOfDay(text: string): TimeOfDay | null {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return null;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** An IANA zone name the runtime knows ("Europe/Berlin", "UTC"); offsets like "+02:00" are not zones. */
export function isValidTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}

/**
 * The runtime's spelling of a zone name ("europe/berlin" → "Europe/Berlin"), or null when it is not a zone.
 * Offsets are refused even where the runtime accepts them: they have no daylight saving rules, which is never
 * what an admin who writes a "time zone" means.
 */
export function canonicalTimeZone(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** True when a run planned for `nextRunAt` should start at `now`. */
export function isDue(nextRunAt: Date | null, now: Date): boolean {
  return nextRunAt !== null && !isAfter(nextRunAt, now);
}

/**
 * The first scheduled instant strictly after `after`.
 * @param anchor fixes the phase of "every N" cycles (see the module comment); ignored by hourly schedules.
 * @param billing the plan's billing dates, for a `billing` schedule (ignored by the others).
 */
export function nextRunAfter(
  schedule: Schedule,
  after: Date,
  anchor: Date = REFERENCE_ANCHOR,
  billing: BillingDates | null = null,
): Date {
  if (!isValid(after)) throw new DomainError('INVALID_DATE', 'nextRunAfter: "after" is not a valid date.');
  if (!isValid(anchor)) throw new DomainError('INVALID_DATE', 'nextRunAfter: "anchor" is not a valid date.');
  if (!isValidTimeZone(schedule.timeZone)) {
    throw new DomainError(
      'INVALID_TIME_ZONE',
      `The schedule's time zone "${schedule.timeZone}" is not a known IANA time zone.`,
    );
  }
  const time = parseTimeOfDay(schedule.at);
  if (!time)
    throw new DomainError('INVALID_SCHEDULE', `The schedule's time "${schedule.at}" is not a time of day "HH:mm".`);
  if (!Number.isInteger(schedule.every) || schedule.every < 1) {
    throw new DomainError('INVALID_SCHEDULE', `The schedule's interval ${schedule.every} is not a whole number ≥ 1.`);
  }

  if (schedule.unit === 'hour') return nextHourlyRun(schedule.every, time, schedule.timeZone, after);
  if (schedule.unit === 'billing') {
    if (!billing) throw new DomainError('BILLING_NOT_SET', `This schedule ${BILLING_SCHEDULE_NEEDS_SETTINGS}.`);
    return nextBillingRun(schedule.daysBefore, time, schedule.timeZone, after, billing);
  }

  const calendar = periodCalendar(schedule);
  const slot = (period: number): Date => zonedInstant(calendar.dateOf(period), time, schedule.timeZone);

  // Cycle 0 is the first slot at or after the anchor; slots repeat every N periods in both directions.
  let firstPeriod = calendar.periodOf(localDateOf(anchor, schedule.timeZone));
  if (isBefore(slot(firstPeriod), anchor)) firstPeriod += 1;

  const afterPeriod = calendar.periodOf(localDateOf(after, schedule.timeZone));
  let period = firstPeriod + Math.ceil((afterPeriod - firstPeriod) / schedule.every) * schedule.every;
  // Slots of earlier periods fall on earlier local dates, so only this period's slot can be at or before `after`.
  while (!isAfter(slot(period), after)) period += schedule.every;
  return slot(period);
}

/** One line an admin reads: "Every 2 weeks on Monday at 09:00 (Europe/Berlin)". */
export function describeSchedule(schedule: Schedule): string {
  const zone = `(${schedule.timeZone})`;
  const time = parseTimeOfDay(schedule.at);
  switch (schedule.unit) {
    case 'hour': {
      const minute = time ? time.minute : 0;
      if (schedule.every === 1) return `Every hour at minute ${minute} ${zone}`;
      const times = hourlyTimes(schedule.every, time ?? { hour: 0, minute: 0 }).map((t) => formatTime(t));
      return `Every ${schedule.every} hours at ${joinList(times)} ${zone}`;
    }
    case 'day':
      return `${every(schedule.every, 'day')} at ${schedule.at} ${zone}`;
    case 'week':
      return `${every(schedule.every, 'week')} on ${capitalise(schedule.dayOfWeek)} at ${schedule.at} ${zone}`;
    case 'month': {
      const shortMonths = schedule.dayOfMonth > 28 ? ', or the last day of shorter months' : '';
      return `${every(schedule.every, 'month')} on the ${ordinal(schedule.dayOfMonth)}${shortMonths}, at ${schedule.at} ${zone}`;
    }
    case 'billing':
      return schedule.daysBefore === 0
        ? `On each billing date at ${schedule.at} ${zone}`
        : `${schedule.daysBefore} ${schedule.daysBefore === 1 ? 'day' : 'days'} before each billing date, at ${schedule.at} ${zone}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Local calendar arithmetic. Calendar dates are computed in UTC (a zone without daylight saving), so adding days
// or months never meets a DST edge; only the final step, wall time → instant, deals with the schedule's zone.

interface LocalDate {
  year: number;
  /** 0–11, like Date. */
  month: number;
  day: number;
}

const UTC = tz('UTC');

/** The phase used when the caller gives no anchor: Monday 3 January 2000, 00:00 UTC. */
const REFERENCE_ANCHOR = new Date(Date.UTC(2000, 0, 3));
/** Period numbers count from this Monday. */
const REFERENCE_MONDAY: LocalDate = { year: 2000, month: 0, day: 3 };

function calendarDay(date: LocalDate): TZDate {
  // Noon, so that no system-zone midnight quirk can move the date while date-fns works on it.
  return UTC(Date.UTC(date.year, date.month, date.day, 12));
}

function toLocalDate(date: Date): LocalDate {
  return { year: date.getFullYear(), month: date.getMonth(), day: date.getDate() };
}

function localDateOf(instant: Date, timeZone: string): LocalDate {
  return toLocalDate(new TZDate(instant.getTime(), timeZone));
}

function daysFromReference(date: LocalDate): number {
  return differenceInCalendarDays(calendarDay(date), calendarDay(REFERENCE_MONDAY), { in: UTC });
}

function referencePlusDays(days: number): LocalDate {
  return toLocalDate(addDays(calendarDay(REFERENCE_MONDAY), days, { in: UTC }));
}

/** Numbers the periods (days, weeks, months) of a calendar schedule and gives each period's run date. */
interface PeriodCalendar {
  periodOf(date: LocalDate): number;
  dateOf(period: number): LocalDate;
}

function periodCalendar(schedule: Exclude<Schedule, { unit: 'hour' | 'billing' }>): PeriodCalendar {
  switch (schedule.unit) {
    case 'day':
      return { periodOf: daysFromReference, dateOf: referencePlusDays };
    case 'week': {
      const weekdayOffset = WEEKDAYS.indexOf(schedule.dayOfWeek);
      return {
        periodOf: (date) => Math.floor(daysFromReference(date) / 7),
        dateOf: (week) => referencePlusDays(week * 7 + weekdayOffset),
      };
    }
    case 'month':
      return {
        periodOf: (date) => date.year * 12 + date.month,
        dateOf: (period) => {
          const year = Math.floor(period / 12);
          const month = period - year * 12;
          const daysInMonth = getDaysInMonth(calendarDay({ year, month, day: 1 }), { in: UTC });
          return { year, month, day: Math.min(schedule.dayOfMonth, daysInMonth) };
        },
      };
  }
}

function hourlyTimes(every: number, at: TimeOfDay): TimeOfDay[] {
  const times: TimeOfDay[] = [];
  for (let hour = at.hour % every; hour < 24; hour += every) times.push({ hour, minute: at.minute });
  return times;
}

function nextHourlyRun(every: number, at: TimeOfDay, timeZone: string, after: Date): Date {
  const today = localDateOf(after, timeZone);
  const tomorrow = referencePlusDays(daysFromReference(today) + 1);
  for (const date of [today, tomorrow]) {
    for (const time of hourlyTimes(every, at)) {
      const slot = zonedInstant(date, time, timeZone);
      if (isAfter(slot, after)) return slot;
    }
  }
  // Unreachable for real zones: tomorrow always has a slot after any instant of today.
  throw new DomainError('INVALID_SCHEDULE', `No hourly slot found after ${after.toISOString()} in ${timeZone}.`);
}

/**
 * The run before the k-th bill is `daysBefore` days before it; as daysBefore is under the shortest month, those runs
 * come in the bills' order, so the first one after `after` is found walking forward from the last bill before it.
 */
function nextBillingRun(daysBefore: number, at: TimeOfDay, timeZone: string, after: Date, billing: BillingDates): Date {
  const slot = (k: number): Date => {
    const [year = 0, month = 1, day = 1] = billingDate(billing, k).split('-').map(Number);
    const runDay = referencePlusDays(daysFromReference({ year, month: month - 1, day }) - daysBefore);
    return zonedInstant(runDay, at, timeZone);
  };
  let k = billingDateAfter(billing, calendarDayAt(after, timeZone)).index - 1;
  while (!isAfter(slot(k), after)) k += 1;
  return slot(k);
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`.
 * Twice-shown times resolve to the first; skipped times resolve to the end of the gap.
 * (TZDate's own constructor resolves both cases differently depending on the host's zone, hence this function.)
 */
function zonedInstant(date: LocalDate, time: TimeOfDay, timeZone: string): Date {
  // The wall time read as if it were UTC: subtracting the zone's offset gives the real instant.
  const wallAsUtc = new Date(Date.UTC(date.year, date.month, date.day, time.hour, time.minute));
  const offsetsNearby = new Set(
    [subHours(wallAsUtc, 36), wallAsUtc, addHours(wallAsUtc, 36)].map((t) => tzOffset(timeZone, t)),
  );
  const candidates = [...offsetsNearby].map((offset) => ({ offset, instant: subMinutes(wallAsUtc, offset) }));
  const valid = candidates
    .filter(({ offset, instant }) => tzOffset(timeZone, instant) === offset)
    .map(({ instant }) => instant)
    .sort((a, b) => a.getTime() - b.getTime());
  if (valid[0]) return valid[0];

  // In a gap: the instants computed with the offsets before and after the change bracket the change;
  // the first minute with the new offset is the first valid time after the gap.
  const sorted = candidates.map(({ instant }) => instant).sort((a, b) => a.getTime() - b.getTime());
  const earliest = sorted[0];
  const latest = sorted[sorted.length - 1];
  if (!earliest || !latest) throw new DomainError('INVALID_TIME_ZONE', `No offsets known for time zone "${timeZone}".`);
  const offsetBefore = tzOffset(timeZone, earliest);
  let low = 0; // minutes after `earliest` known to have the old offset
  let high = differenceInMinutes(latest, earliest); // minutes after `earliest` known to have the new offset
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (tzOffset(timeZone, addMinutes(earliest, middle)) === offsetBefore) low = middle;
    else high = middle;
  }
  return addMinutes(earliest, high);
}

// ---------------------------------------------------------------------------------------------------------------
// Wording

function every(count: number, unit: string): string {
  return count === 1 ? `Every ${unit}` : `Every ${count} ${unit}s`;
}

function formatTime(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}
