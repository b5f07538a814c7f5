import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/errors';
import { describeSchedule, nextRunAfter, type BillingDates, type Schedule } from '../../src/domain/schedule';
import { parseScheme } from '../../src/domain/scheme';

const beforeBill = (daysBefore: number, at = '02:00', timeZone = 'UTC'): Schedule => ({
  unit: 'billing',
  every: 1,
  daysBefore,
  at,
  timeZone,
});

function runs(schedule: Schedule, billing: BillingDates, after: string, count: number): string[] {
  const found: string[] = [];
  let cursor = new Date(after);
  for (let i = 0; i < count; i += 1) {
    cursor = nextRunAfter(schedule, cursor, undefined, billing);
    found.push(cursor.toISOString());
  }
  return found;
}

describe('a schedule that runs before the bill', () => {
  test('monthly: N days before each bill, the bill on the last day of shorter months', () => {
    const billing: BillingDates = { cycle: 'monthly', nextBillingDate: '2027-01-31' };
    assert.deepEqual(runs(beforeBill(2), billing, '2026-12-01T00:00:00Z', 5), [
      '2026-12-29T02:00:00.000Z', // bill 31 Dec
      '2027-01-29T02:00:00.000Z', // bill 31 Jan
      '2027-02-26T02:00:00.000Z', // bill 28 Feb
      '2027-03-29T02:00:00.000Z', // bill 31 Mar
      '2027-04-28T02:00:00.000Z', // bill 30 Apr
    ]);
  });

  test('runs across the month end before it: 3 days before a bill on the 2nd is the 30th or 29th', () => {
    const billing: BillingDates = { cycle: 'monthly', nextBillingDate: '2026-12-02' };
    assert.deepEqual(runs(beforeBill(3), billing, '2026-11-25T00:00:00Z', 4), [
      '2026-11-29T02:00:00.000Z',
      '2026-12-30T02:00:00.000Z',
      '2027-01-30T02:00:00.000Z',
      '2027-02-27T02:00:00.000Z',
    ]);
  });

  test('daylight saving: a local time skipped by the change runs at the end of the gap, else at its local time', () => {
    // Berlin moves 02:00 → 03:00 on Sunday 28 March 2027.
    const billing: BillingDates = { cycle: 'monthly', nextBillingDate: '2027-02-28' };
    assert.deepEqual(runs(beforeBill(0, '02:30', 'Europe/Berlin'), billing, '2027-02-01T00:00:00Z', 3), [
      '2027-02-28T01:30:00.000Z', // CET, UTC+1
      '2027-03-28T01:00:00.000Z', // 02:30 does not exist: 03:00 CEST
      '2027-04-28T00:30:00.000Z', // CEST, UTC+2
    ]);
  });

  test('daylight saving: a local time that happens twice runs once, at its first occurrence', () => {
    // New York falls back 02:00 → 01:00 on Sunday 1 November 2026: 01:30 happens twice.
    const billing: BillingDates = { cycle: 'monthly', nextBillingDate: '2026-11-03' };
    assert.deepEqual(runs(beforeBill(2, '01:30', 'America/New_York'), billing, '2026-10-15T00:00:00Z', 2), [
      '2026-11-01T05:30:00.000Z', // 01:30 EDT (UTC-4), the first of the two
      '2026-12-01T06:30:00.000Z', // 01:30 EST (UTC-5)
    ]);
  });

  test('annual: once a year before the renewal, across a leap year', () => {
    const billing: BillingDates = { cycle: 'annual', nextBillingDate: '2027-03-01' };
    assert.deepEqual(runs(beforeBill(2), billing, '2026-12-06T00:00:00Z', 3), [
      '2027-02-27T02:00:00.000Z',
      '2028-02-28T02:00:00.000Z', // 2028 has a 29 February
      '2029-02-27T02:00:00.000Z',
    ]);
  });

  test('a missed run happens once: after a late check the next run is before the next bill', () => {
    const billing: BillingDates = { cycle: 'monthly', nextBillingDate: '2026-12-10' };
    assert.equal(
      nextRunAfter(beforeBill(2), new Date('2026-12-08T09:00:00Z'), undefined, billing).toISOString(),
      '2027-01-08T02:00:00.000Z',
    );
  });

  test('a stored billing date long past still gives this month’s run', () => {
    const billing: BillingDates = { cycle: 'monthly', nextBillingDate: '2025-01-10' };
    assert.equal(
      nextRunAfter(beforeBill(2), new Date('2026-12-06T00:00:00Z'), undefined, billing).toISOString(),
      '2026-12-08T02:00:00.000Z',
    );
  });

  test('without billing settings it refuses, naming the fix', () => {
    assert.throws(
      () => nextRunAfter(beforeBill(2), new Date('2026-12-06T00:00:00Z')),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === 'BILLING_NOT_SET' &&
        /set the billing cycle and the next billing date in Settings → Billing/.test(error.message),
    );
  });

  test('reads as a sentence', () => {
    assert.equal(describeSchedule(beforeBill(2)), '2 days before each billing date, at 02:00 (UTC)');
    assert.equal(
      describeSchedule(beforeBill(0, '23:00', 'Europe/Berlin')),
      'On each billing date at 23:00 (Europe/Berlin)',
    );
  });
});

describe('the scheme file form of a billing schedule', () => {
  const scheme = (schedule: unknown) => ({
    name: 'Before the bill',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'removeAccess' }],
    schedule,
  });
  const errors = (schedule: unknown) => {
    const parsed = parseScheme(scheme(schedule));
    return parsed.ok ? [] : parsed.errors.map((issue) => `${issue.path}: ${issue.message}`);
  };

  test('is read and written back unchanged', () => {
    const parsed = parseScheme(scheme({ unit: 'billing', daysBefore: 2, at: '02:00', timeZone: 'UTC' }));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.scheme.schedule, {
      unit: 'billing',
      every: 1,
      daysBefore: 2,
      at: '02:00',
      timeZone: 'UTC',
    });
  });

  test('needs daysBefore from 0 to 27, and refuses it on other units and an interval on billing', () => {
    assert.deepEqual(errors({ unit: 'billing', at: '02:00' }), [
      'schedule.daysBefore: is required when unit is "billing": how many days before each bill to run (0 to 27)',
    ]);
    assert.deepEqual(errors({ unit: 'billing', daysBefore: 28 }), [
      'schedule.daysBefore: must be a whole number of days from 0 to 27 (less than the shortest month)',
    ]);
    assert.deepEqual(errors({ unit: 'day', daysBefore: 2 }), [
      'schedule.daysBefore: only applies when unit is "billing" (this schedule\'s unit is "day")',
    ]);
    assert.deepEqual(errors({ unit: 'billing', daysBefore: 2, every: 2 }), [
      'schedule.every: does not apply when unit is "billing" (it runs before every bill); leave it out',
    ]);
  });
});
