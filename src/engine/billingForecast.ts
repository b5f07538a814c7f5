/**
 * The Overview's forecast for the next bill: the billed seats now (the latest daily snapshot), and the seats after the
 * enabled live schemes that run before the bill is counted, from what their latest test runs found.
 *
 * Cheap in storage by design (the Overview is budgeted): a scheme's latest test run's saving is kept in one small
 * record per scheme (`scheme-billing:<schemeId>`, written as the test run reports), so the forecast reads one record per
 * scheme that runs before the bill, never a run's batches.
 */
import { addDays } from 'date-fns';
import {
  billingDateAfter,
  calendarDayAt,
  effectiveOn,
  type BillingSettings,
  type BillingSummary,
} from '../domain/billing';
import type { SchemeRecord } from './records';
import type { BillingStore, LatestTestBilling } from './ports/billingStore';

export function latestTestOf(run: { id: string }, finishedAt: string, billing: BillingSummary): LatestTestBilling {
  return { runId: run.id, finishedAt, seatsFreed: billing.seatsFreed, stillBilled: billing.stillBilled.count };
}

export interface BillingForecast {
  nextBillingDate: string;
  /** The day whose count sets that bill (monthly: the day before it): schemes must run before it. */
  countedBy: string;
  seatsNow: number | null;
  seatsMeasuredOn: string | null;
  /** Seats after the schemes below (never below 0; schemes that match the same users count them twice: at most). */
  seatsAfter: number | null;
  seatsFreed: number;
  monthlySaving: number | null;
  currency: string | null;
  schemes: Array<{
    id: string;
    name: string;
    runsAt: string;
    /** From the scheme's latest test run; null before it has one. */
    seatsFreed: number | null;
    testedAt: string | null;
    /** Test-mode (or needs-approval) schemes change nothing when they run: they free no seat by that bill. */
    freesSeats: boolean;
  }>;
}

/** The enabled schemes whose next run lands before the next bill is counted. */
export function schemesBeforeBill(
  billing: BillingSettings,
  schemes: readonly SchemeRecord[],
  now: Date,
  timeZone: string,
): { nextBillingDate: string; schemes: SchemeRecord[] } {
  const nextBillingDate = billingDateAfter(billing, calendarDayAt(now, timeZone)).date;
  const before = schemes.filter(
    (scheme) =>
      scheme.enabled &&
      scheme.nextRunAt > 0 &&
      effectiveOn(billing, calendarDayAt(new Date(scheme.nextRunAt), timeZone)) === nextBillingDate,
  );
  return { nextBillingDate, schemes: before };
}

export function billingForecast(opts: {
  billing: BillingSettings;
  nextBillingDate: string;
  schemes: readonly SchemeRecord[];
  latestTests: ReadonlyMap<string, LatestTestBilling>;
  latestSnapshot: { day: string; seats: number } | null;
}): BillingForecast {
  const { billing, latestSnapshot } = opts;
  const schemes = opts.schemes.map((scheme) => {
    const latest = opts.latestTests.get(scheme.id);
    return {
      id: scheme.id,
      name: scheme.name,
      runsAt: new Date(scheme.nextRunAt).toISOString(),
      seatsFreed: latest?.seatsFreed ?? null,
      testedAt: latest?.finishedAt ?? null,
      freesSeats: scheme.mode === 'live' && !scheme.needsApproval,
    };
  });
  const seatsFreed = schemes.reduce((sum, scheme) => sum + (scheme.freesSeats ? (scheme.seatsFreed ?? 0) : 0), 0);
  const countedBy =
    billing.cycle === 'monthly'
      ? calendarDayAt(addDays(new Date(`${opts.nextBillingDate}T12:00:00Z`), -1), 'UTC')
      : opts.nextBillingDate;
  return {
    nextBillingDate: opts.nextBillingDate,
    countedBy,
    seatsNow: latestSnapshot?.seats ?? null,
    seatsMeasuredOn: latestSnapshot?.day ?? null,
    seatsAfter: latestSnapshot ? Math.max(0, latestSnapshot.seats - seatsFreed) : null,
    seatsFreed,
    monthlySaving:
      billing.pricePerSeat === undefined ? null : Math.round(seatsFreed * billing.pricePerSeat * 100) / 100,
    currency: billing.currency ?? null,
    schemes,
  };
}

/**
 * The forecast as the Overview shows it: null without billing settings. Reads one record per scheme that runs before
 * the bill (a batch read per 25), nothing else: the caller passes what it already read.
 */
export async function overviewForecast(
  deps: { billing: BillingStore; now(): Date },
  settings: { billing: BillingSettings | null; defaultTimeZone: string },
  schemes: readonly SchemeRecord[],
  latestSnapshot: { day: string; seats: number } | null,
): Promise<BillingForecast | null> {
  if (!settings.billing) return null;
  const before = schemesBeforeBill(settings.billing, schemes, deps.now(), settings.defaultTimeZone);
  const latestTests =
    before.schemes.length > 0 ? await deps.billing.latestTests(before.schemes.map((scheme) => scheme.id)) : new Map();
  return billingForecast({
    billing: settings.billing,
    nextBillingDate: before.nextBillingDate,
    schemes: before.schemes,
    latestTests,
    latestSnapshot,
  });
}
