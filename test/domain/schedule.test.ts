import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { DomainError } from '../../src/domain/errors';
import {
  canonicalTimeZone,
  describeSchedule,
  isDue,
  nextRunAfter,
  parseTimeOfDay,
  type Schedule,
} from '../../src/domain/schedule';

const at = (iso: string) => new Date(iso);

/** Next run as an ISO instant, so expectations read as UTC times computed from each zone's 2026 rules. */
function next(schedule: Schedule, after: string, anchor?: string): string {
  return nextRunAfter(schedule, at(after), anchor === undefined ? undefined : at(anchor)).toISOString();
}

/** The successive runs starting after `after`. */
function runs(schedule: Schedule, after: string, count: number, anchor?: string): string[] {
  const result: string[] = [];
  let cursor = at(after);
  for (let i = 0; i < count; i++) {
    cursor = nextRunAfter(schedule, cursor, anchor === undefined ? undefined : at(anchor));
    result.push(cursor.toISOString());
  }
  return result;
}

/** Wall-clock reading of an instant in a zone, "2026-03-29 03:00". */
function wallClock(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '?';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const daily = (at: string, timeZone: string, every = 1): Schedule => ({ unit: 'day', every, at, timeZone });

describe('daily schedules', () => {
  test('runs later the same local day when the time has not come yet', () => {
    // 10:00 NZST on 10 June; 02:00 has passed, so the next run is 02:00 on 11 June (NZST = UTC+12).
    assert.equal(next(daily('02:00', 'Pacific/Auckland'), '2026-06-09T22:00:00Z'), '2026-06-10T14:00:00.000Z');
    // 23:00 NZST on 9 June; the next 02:00 is 10 June.
    assert.equal(next(daily('02:00', 'Pacific/Auckland'), '2026-06-09T11:00:00Z'), '2026-06-09T14:00:00.000Z');
  });

  test('is strictly after: a run at exactly the slot gets the next day', () => {
    assert.equal(next(daily('02:00', 'UTC'), '2026-06-10T02:00:00Z'), '2026-06-11T02:00:00.000Z');
    assert.equal(next(daily('02:00', 'UTC'), '2026-06-10T01:59:59.999Z'), '2026-06-10T02:00:00.000Z');
  });

  test('a late evaluation skips every missed slot and returns the next one only', () => {
    // The last planned run was 2 June 02:00; nothing ran until 10 June 12:00.
    assert.equal(next(daily('02:00', 'UTC'), '2026-06-10T12:00:00Z'), '2026-06-11T02:00:00.000Z');
    const everyTwoWeeks: Schedule = {
      unit: 'week',
      every: 2,
      dayOfWeek: 'monday',
      at: '09:00',
      timeZone: 'Europe/Berlin',
    };
    // Anchored on Monday 1 June; a late check on Thursday 20 August keeps the fortnightly phase: Monday 24 August.
    assert.equal(next(everyTwoWeeks, '2026-08-20T12:00:00Z', '2026-06-01T06:00:00Z'), '2026-08-24T07:00:00.000Z');
  });
});

describe('daylight saving', () => {
  test('Europe/Berlin, 29 March 2026: 02:30 does not exist and runs at 03:00 CEST', () => {
    const schedule = daily('02:30', 'Europe/Berlin');
    const [gap, dayAfter] = runs(schedule, '2026-03-28T12:00:00Z', 2);
    assert.equal(gap, '2026-03-29T01:00:00.000Z');
    assert.equal(wallClock(gap, 'Europe/Berlin'), '2026-03-29 03:00');
    assert.equal(dayAfter, '2026-03-30T00:30:00.000Z');
    assert.equal(wallClock(dayAfter, 'Europe/Berlin'), '2026-03-30 02:30');
  });

  test('Europe/Berlin, 25 October 2026: 02:30 happens twice and runs once, at the first (CEST)', () => {
    const schedule = daily('02:30', 'Europe/Berlin');
    assert.deepEqual(runs(schedule, '2026-10-24T12:00:00Z', 2), [
      '2026-10-25T00:30:00.000Z', // 02:30 CEST; the second 02:30 (CET, 01:30Z) is skipped
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ]);
    // Evaluated between the two 02:30s, the repeated one is not run again.
    assert.equal(next(schedule, '2026-10-25T01:00:00Z'), '2026-10-26T01:30:00.000Z');
  });

  test('America/New_York, 8 March 2026: 02:30 runs at 03:00 EDT', () => {
    const result = next(daily('02:30', 'America/New_York'), '2026-03-07T12:00:00Z');
    assert.equal(result, '2026-03-08T07:00:00.000Z');
    assert.equal(wallClock(result, 'America/New_York'), '2026-03-08 03:00');
  });

  test('America/New_York, 1 November 2026: 01:30 runs once, at the first (EDT)', () => {
    assert.deepEqual(runs(daily('01:30', 'America/New_York'), '2026-10-31T12:00:00Z', 2), [
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-02T06:30:00.000Z', // 01:30 EST next day; 01:30 EST on 1 November (06:30Z) is skipped
    ]);
  });

  test('Pacific/Auckland, 27 September 2026: 02:30 runs at 03:00 NZDT', () => {
    const result = next(daily('02:30', 'Pacific/Auckland'), '2026-09-26T00:00:00Z');
    assert.equal(result, '2026-09-26T14:00:00.000Z');
    assert.equal(wallClock(result, 'Pacific/Auckland'), '2026-09-27 03:00');
  });

  test('Pacific/Auckland, 5 April 2026: 02:30 runs once, at the first (NZDT)', () => {
    assert.deepEqual(runs(daily('02:30', 'Pacific/Auckland'), '2026-04-04T00:00:00Z', 2), [
      '2026-04-04T13:30:00.000Z', // 02:30 NZDT
      '2026-04-05T14:30:00.000Z', // 02:30 NZST on 6 April
    ]);
  });

  test('a time outside the DST change is not moved on the change day', () => {
    assert.equal(next(daily('09:00', 'Europe/Berlin'), '2026-03-29T00:00:00Z'), '2026-03-29T07:00:00.000Z');
    assert.equal(next(daily('09:00', 'Europe/Berlin'), '2026-10-25T00:00:00Z'), '2026-10-25T08:00:00.000Z');
  });

  test('a 30-minute gap (Australia/Lord_Howe, 4 October 2026) resolves to its end, 02:30', () => {
    const result = next(daily('02:15', 'Australia/Lord_Howe'), '2026-10-03T00:00:00Z');
    assert.equal(wallClock(result, 'Australia/Lord_Howe'), '2026-10-04 02:30');
  });

  test('results do not depend on the host time zone', () => {
    // TZDate's own wall-time constructor resolves repeated times differently depending on the host zone;
    // the schedule must not. Run the same cases in a child process under other host zones.
    const script = [
      "const { nextRunAfter } = require('./src/domain/schedule');",
      "const s = (at, timeZone) => ({ unit: 'day', every: 1, at, timeZone });",
      'console.log(JSON.stringify([',
      "  nextRunAfter(s('02:30', 'Europe/Berlin'), new Date('2026-10-24T12:00:00Z')),",
      "  nextRunAfter(s('02:30', 'Europe/Berlin'), new Date('2026-03-28T12:00:00Z')),",
      "  nextRunAfter(s('01:30', 'America/New_York'), new Date('2026-10-31T12:00:00Z')),",
      "  nextRunAfter(s('02:30', 'Pacific/Auckland'), new Date('2026-04-04T00:00:00Z')),",
      "  nextRunAfter({ unit: 'month', every: 1, dayOfMonth: 31, at: '00:30', timeZone: 'UTC' }, new Date('2026-03-01T00:00:00Z')),",
      ']));',
    ].join('\n');
    const expected = [
      '2026-10-25T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-04-04T13:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ];
    for (const hostZone of ['Europe/Berlin', 'Pacific/Auckland']) {
      const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, TZ: hostZone },
        encoding: 'utf8',
      });
      assert.deepEqual(JSON.parse(output), expected, `host zone ${hostZone}`);
    }
  });
});

describe('hourly schedules', () => {
  test('every hour at minute 30, across the Berlin spring-forward gap', () => {
    const schedule: Schedule = { unit: 'hour', every: 1, at: '00:30', timeZone: 'Europe/Berlin' };
    const result = runs(schedule, '2026-03-29T00:00:00Z', 4);
    assert.deepEqual(
      result.map((iso) => wallClock(iso, 'Europe/Berlin')),
      ['2026-03-29 01:30', '2026-03-29 03:00', '2026-03-29 03:30', '2026-03-29 04:30'],
    );
  });

  test('every hour across the Berlin fall-back: the repeated hour runs once', () => {
    const schedule: Schedule = { unit: 'hour', every: 1, at: '00:30', timeZone: 'Europe/Berlin' };
    assert.deepEqual(runs(schedule, '2026-10-25T00:00:00Z', 2), [
      '2026-10-25T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T02:30:00.000Z', // 03:30 CET; 02:30 CET (01:30Z) is the repeat
    ]);
  });

  test('every 6 hours at 02:30 runs at 02:30, 08:30, 14:30 and 20:30 local', () => {
    const schedule: Schedule = { unit: 'hour', every: 6, at: '02:30', timeZone: 'Europe/Berlin' };
    const result = runs(schedule, '2026-06-01T12:00:00Z', 4).map((iso) => wallClock(iso, 'Europe/Berlin'));
    assert.deepEqual(result, ['2026-06-01 14:30', '2026-06-01 20:30', '2026-06-02 02:30', '2026-06-02 08:30']);
  });

  test('every 4 hours at 09:15 also runs before 09:15 (hours 1, 5, 9, 13, 17, 21)', () => {
    const schedule: Schedule = { unit: 'hour', every: 4, at: '09:15', timeZone: 'UTC' };
    assert.equal(next(schedule, '2026-06-01T22:00:00Z'), '2026-06-02T01:15:00.000Z');
    assert.equal(next(schedule, '2026-06-01T09:15:00Z'), '2026-06-01T13:15:00.000Z');
  });

  test('the anchor does not move hourly runs', () => {
    const schedule: Schedule = { unit: 'hour', every: 3, at: '00:00', timeZone: 'UTC' };
    assert.equal(next(schedule, '2026-06-01T04:00:00Z', '2026-05-01T01:00:00Z'), '2026-06-01T06:00:00.000Z');
  });
});

describe('weekly schedules', () => {
  const weekly = (every: number): Schedule => ({
    unit: 'week',
    every,
    dayOfWeek: 'monday',
    at: '09:00',
    timeZone: 'Europe/Berlin',
  });

  test('every week on Monday at 09:00', () => {
    // Wednesday 3 June → Monday 8 June, 09:00 CEST.
    assert.equal(next(weekly(1), '2026-06-03T10:00:00Z'), '2026-06-08T07:00:00.000Z');
    // Monday 8 June at 08:00 CEST, before the slot → the same day.
    assert.equal(next(weekly(1), '2026-06-08T06:00:00Z'), '2026-06-08T07:00:00.000Z');
  });

  test('every 2 weeks: the first run is the first Monday at or after the anchor, then every other Monday', () => {
    const anchor = '2026-05-27T10:00:00Z'; // a Wednesday
    assert.deepEqual(runs(weekly(2), anchor, 3, anchor), [
      '2026-06-01T07:00:00.000Z',
      '2026-06-15T07:00:00.000Z',
      '2026-06-29T07:00:00.000Z',
    ]);
    // Any evaluation time lands on the same fortnightly Mondays.
    assert.equal(next(weekly(2), '2026-06-02T00:00:00Z', anchor), '2026-06-15T07:00:00.000Z');
    assert.equal(next(weekly(2), '2026-06-09T00:00:00Z', anchor), '2026-06-15T07:00:00.000Z');
  });

  test('an anchor on the day before the slot time makes that day the first run', () => {
    assert.equal(next(weekly(2), '2026-06-01T06:30:00Z', '2026-06-01T06:00:00Z'), '2026-06-01T07:00:00.000Z');
    // Anchored after the slot on that Monday: the cycle starts the following Monday.
    assert.equal(next(weekly(2), '2026-06-01T08:00:00Z', '2026-06-01T08:00:00Z'), '2026-06-08T07:00:00.000Z');
  });

  test('weekly in New York across the March change keeps 09:00 local', () => {
    const schedule: Schedule = {
      unit: 'week',
      every: 1,
      dayOfWeek: 'sunday',
      at: '09:00',
      timeZone: 'America/New_York',
    };
    assert.deepEqual(runs(schedule, '2026-03-01T15:00:00Z', 2), [
      '2026-03-08T13:00:00.000Z', // 09:00 EDT
      '2026-03-15T13:00:00.000Z',
    ]);
  });
});

describe('monthly schedules', () => {
  test('the 31st runs on the last day of shorter months', () => {
    const schedule: Schedule = { unit: 'month', every: 1, dayOfMonth: 31, at: '02:00', timeZone: 'UTC' };
    assert.deepEqual(runs(schedule, '2026-01-31T03:00:00Z', 4), [
      '2026-02-28T02:00:00.000Z',
      '2026-03-31T02:00:00.000Z',
      '2026-04-30T02:00:00.000Z',
      '2026-05-31T02:00:00.000Z',
    ]);
    assert.equal(next(schedule, '2028-02-01T00:00:00Z'), '2028-02-29T02:00:00.000Z');
  });

  test('clamping does not drift: after February the 31st is used again', () => {
    const schedule: Schedule = { unit: 'month', every: 1, dayOfMonth: 30, at: '02:00', timeZone: 'Europe/Berlin' };
    const result = runs(schedule, '2026-02-01T00:00:00Z', 2).map((iso) => wallClock(iso, 'Europe/Berlin'));
    assert.deepEqual(result, ['2026-02-28 02:00', '2026-03-30 02:00']);
  });

  test('every 3 months from the anchor, on the 15th', () => {
    const schedule: Schedule = { unit: 'month', every: 3, dayOfMonth: 15, at: '06:00', timeZone: 'UTC' };
    const anchor = '2026-01-20T00:00:00Z'; // 15 January has passed: the cycle starts in February
    assert.deepEqual(runs(schedule, anchor, 3, anchor), [
      '2026-02-15T06:00:00.000Z',
      '2026-05-15T06:00:00.000Z',
      '2026-08-15T06:00:00.000Z',
    ]);
    assert.equal(next(schedule, '2026-03-01T00:00:00Z', anchor), '2026-05-15T06:00:00.000Z');
    // Across a year boundary.
    assert.equal(next(schedule, '2026-09-01T00:00:00Z', anchor), '2026-11-15T06:00:00.000Z');
    assert.equal(next(schedule, '2026-11-16T00:00:00Z', anchor), '2027-02-15T06:00:00.000Z');
  });

  test('monthly in Auckland at midnight local', () => {
    const schedule: Schedule = { unit: 'month', every: 1, dayOfMonth: 1, at: '00:00', timeZone: 'Pacific/Auckland' };
    // 1 July 00:00 NZST = 30 June 12:00Z.
    assert.equal(next(schedule, '2026-06-15T00:00:00Z'), '2026-06-30T12:00:00.000Z');
  });
});

describe('every N days with an anchor', () => {
  const schedule = daily('02:00', 'UTC', 3);
  const anchor = '2026-06-01T10:00:00Z'; // after 02:00: the first run is 2 June

  test('runs every third day from the first slot after the anchor', () => {
    assert.deepEqual(runs(schedule, anchor, 3, anchor), [
      '2026-06-02T02:00:00.000Z',
      '2026-06-05T02:00:00.000Z',
      '2026-06-08T02:00:00.000Z',
    ]);
    assert.equal(next(schedule, '2026-06-03T00:00:00Z', anchor), '2026-06-05T02:00:00.000Z');
    assert.equal(next(schedule, '2026-06-05T02:00:00Z', anchor), '2026-06-08T02:00:00.000Z');
  });

  test('without an anchor the cadence is still exact and stable', () => {
    const [first, second, third] = runs(schedule, '2026-06-01T00:00:00Z', 3);
    assert.equal(wallClock(first!, 'UTC').slice(11), '02:00');
    assert.equal(new Date(second!).getTime() - new Date(first!).getTime(), 3 * 24 * 3600 * 1000);
    assert.equal(new Date(third!).getTime() - new Date(second!).getTime(), 3 * 24 * 3600 * 1000);
  });

  test('every 2 days in Berlin keeps 02:30 local across the spring-forward day', () => {
    const everyOther = daily('02:30', 'Europe/Berlin', 2);
    const anchorBerlin = '2026-03-27T12:00:00Z';
    const result = runs(everyOther, anchorBerlin, 3, anchorBerlin).map((iso) => wallClock(iso, 'Europe/Berlin'));
    assert.deepEqual(result, ['2026-03-28 02:30', '2026-03-30 02:30', '2026-04-01 02:30']);
  });
});

describe('describeSchedule', () => {
  test('reads as a sentence', () => {
    assert.equal(describeSchedule(daily('02:00', 'Pacific/Auckland')), 'Every day at 02:00 (Pacific/Auckland)');
    assert.equal(describeSchedule(daily('02:00', 'UTC', 3)), 'Every 3 days at 02:00 (UTC)');
    assert.equal(
      describeSchedule({ unit: 'week', every: 2, dayOfWeek: 'monday', at: '09:00', timeZone: 'Europe/Berlin' }),
      'Every 2 weeks on Monday at 09:00 (Europe/Berlin)',
    );
    assert.equal(
      describeSchedule({ unit: 'week', every: 1, dayOfWeek: 'friday', at: '17:30', timeZone: 'UTC' }),
      'Every week on Friday at 17:30 (UTC)',
    );
    assert.equal(
      describeSchedule({ unit: 'month', every: 1, dayOfMonth: 31, at: '02:00', timeZone: 'UTC' }),
      'Every month on the 31st, or the last day of shorter months, at 02:00 (UTC)',
    );
    assert.equal(
      describeSchedule({ unit: 'month', every: 3, dayOfMonth: 2, at: '02:00', timeZone: 'UTC' }),
      'Every 3 months on the 2nd, at 02:00 (UTC)',
    );
    assert.equal(
      describeSchedule({ unit: 'hour', every: 1, at: '00:30', timeZone: 'Europe/Berlin' }),
      'Every hour at minute 30 (Europe/Berlin)',
    );
    assert.equal(
      describeSchedule({ unit: 'hour', every: 8, at: '02:00', timeZone: 'UTC' }),
      'Every 8 hours at 02:00, 10:00 and 18:00 (UTC)',
    );
  });
});

describe('helpers and contract errors', () => {
  test('isDue is true from the planned instant on', () => {
    assert.equal(isDue(at('2026-06-01T02:00:00Z'), at('2026-06-01T01:59:59Z')), false);
    assert.equal(isDue(at('2026-06-01T02:00:00Z'), at('2026-06-01T02:00:00Z')), true);
    assert.equal(isDue(at('2026-06-01T02:00:00Z'), at('2026-06-03T00:00:00Z')), true);
    assert.equal(isDue(null, at('2026-06-03T00:00:00Z')), false);
  });

  test('time zones are validated and spelled canonically; offsets are refused', () => {
    assert.equal(canonicalTimeZone('europe/berlin'), 'Europe/Berlin');
    assert.equal(canonicalTimeZone('UTC'), 'UTC');
    assert.equal(canonicalTimeZone('Europe/Berlinn'), null);
    assert.equal(canonicalTimeZone('+02:00'), null);
  });

  test('parseTimeOfDay accepts 24-hour HH:mm only', () => {
    assert.deepEqual(parseTimeOfDay('23:59'), { hour: 23, minute: 59 });
    assert.equal(parseTimeOfDay('24:00'), null);
    assert.equal(parseTimeOfDay('2:00'), null);
  });

  test('an unvalidated schedule with an unknown zone fails with a clear error', () => {
    assert.throws(
      () => nextRunAfter(daily('02:00', 'Mars/Olympus'), at('2026-06-01T00:00:00Z')),
      (error: unknown) =>
        error instanceof DomainError && error.code === 'INVALID_TIME_ZONE' && error.message.includes('Mars/Olympus'),
    );
  });
});
