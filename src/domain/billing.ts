/**
 * How Atlassian bills the seats a run frees, and when the saving first shows on a bill (FORGE-NOTES "Billing").
 *
 * - Maximum quantity billing (monthly plans): the count at a period's start is billed for the whole period, removals
 *   earn no credit mid-period, and the count on the period's last day sets the next period's quantity. A removal
 *   before that last day lowers the next bill; one on the last day or later is counted for the bill after (the
 *   moment of the day Atlassian counts is not published, so the last day itself is not promised).
 * - Annual plans bill by user tier at renewal: a removal shows on the next renewal.
 * - `perApp`: the Confluence bill counts users with Confluence access on the site. `collection` (Teamwork Collection:
 *   Jira, Confluence and Loom sold together) counts unique users across the three: removing Confluence access from
 *   someone who keeps Jira frees nothing.
 * - Suspended, deactivated and deleted users are not billed anywhere ("You're not billed for a user when their
 *   access is suspended"): those actions free the seat under both models.
 *
 * Dates are calendar days "YYYY-MM-DD". Pure: no @forge imports, no zod (the page imports the wording).
 */
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addYears, format, getDaysInMonth, isValid, parseISO } from 'date-fns';
import type { ActionType } from './actionTypes';

export const BILLING_MODELS = ['perApp', 'collection'] as const;
export type BillingModel = (typeof BILLING_MODELS)[number];
export const BILLING_CYCLES = ['monthly', 'annual'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];

/** The billing settings (src/engine/settings.ts validates them). */
export interface BillingSettings {
  model: BillingModel;
  cycle: BillingCycle;
  /** A billing date of the plan, "YYYY-MM-DD": the series repeats from it monthly (same day) or yearly. */
  nextBillingDate: string;
  /** Per seat and month, in `currency`. */
  pricePerSeat?: number;
  currency?: string;
}

/**
 * What holds one user's seat on this site, as the scan saw it: the access groups, a direct role assignment, and the
 * other products of the collection the user holds on this site (src/domain/org.ts, from the directory's
 * `productAccess[]`).
 */
export interface SeatFacts {
  confluenceAccess: { groups: string[]; directRole: boolean };
  /** Other products of the collection the user holds on this site ("Jira", "jira-software"). */
  otherProductsOnSite: Array<{ product: string; label: string }>;
}

/**
 * SeatFacts as a run stores them for each user (compact: a batch holds 100 users): what is false or empty is left
 * out, so today's rows carry only the group names.
 */
export interface StoredSeat {
  groups: string[];
  directRole?: true;
  otherProducts?: Array<{ product: string; label: string }>;
}

export function storeSeat(seat: SeatFacts): StoredSeat {
  return {
    groups: seat.confluenceAccess.groups,
    ...(seat.confluenceAccess.directRole ? { directRole: true as const } : {}),
    ...(seat.otherProductsOnSite.length > 0 ? { otherProducts: seat.otherProductsOnSite } : {}),
  };
}

export function seatFacts(stored: StoredSeat): SeatFacts {
  return {
    confluenceAccess: { groups: stored.groups, directRole: stored.directRole === true },
    otherProductsOnSite: stored.otherProducts ?? [],
  };
}

/** Actions that end every product access of the account on the site (or everywhere): the user is billed for nothing. */
const ENDS_ALL_ACCESS: readonly ActionType[] = ['suspend', 'deactivate', 'delete'];

/** Why an acted-on user stays billed, grouped in the run's sentence. */
export type StillBilledBecause = 'otherProduct' | 'noSeatAction';

export type SeatVerdict =
  | { billedAfter: false; reason: string }
  | { billedAfter: true; because: StillBilledBecause; through: string; reason: string };

/** The name of what holds a seat, for a user row: "groups confluence-users, staff; a direct role; Jira". */
export function describeSeat(seat: SeatFacts): string {
  const parts: string[] = [];
  const { groups, directRole } = seat.confluenceAccess;
  if (groups.length > 0) parts.push(`${groups.length === 1 ? 'group' : 'groups'} ${groups.join(', ')}`);
  if (directRole) parts.push('a direct Confluence role');
  if (seat.otherProductsOnSite.length > 0)
    parts.push(`also holds ${seat.otherProductsOnSite.map(productName).join(', ')} on this site`);
  return parts.length > 0 ? parts.join('; ') : 'no Confluence seat';
}

function productName(product: { product: string; label: string }): string {
  return `${product.label} (${product.product})`;
}

/**
 * Whether the user is still billed after the actions (the ones that change something for them), and why.
 * `removeAccess` takes the user out of the access groups and revokes a direct role (src/domain/org.ts: it is `done`
 * only when no Confluence access is left), so how the seat was held does not matter; under a collection any other
 * product of the collection on the site keeps the user billed.
 */
export function seatAfter(model: BillingModel, actions: readonly ActionType[], seat: SeatFacts): SeatVerdict {
  if (actions.some((action) => ENDS_ALL_ACCESS.includes(action))) {
    return { billedAfter: false, reason: 'frees a seat: the account loses access to every product' };
  }
  if (!actions.includes('removeAccess')) {
    return {
      billedAfter: true,
      because: 'noSeatAction',
      through: 'group changes only',
      reason: 'still billed: this run only changes groups that do not grant Confluence',
    };
  }
  const other = seat.otherProductsOnSite[0];
  if (model === 'collection' && other) {
    return {
      billedAfter: true,
      because: 'otherProduct',
      through: other.label,
      reason: `still billed: holds ${seat.otherProductsOnSite.map(productName).join(', ')} on this site`,
    };
  }
  return { billedAfter: false, reason: 'frees a seat: no Confluence access left' };
}

// ---------------------------------------------------------------------------------------------------------------
// Billing dates

/** "YYYY-MM-DD" → a date at noon UTC (noon: no zone's midnight can move the day while date-fns works on it). */
function dayOf(text: string): TZDate {
  const [year, month, day] = text.split('-').map(Number);
  return new TZDate(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, 12), 'UTC');
}

function textOf(day: Date): string {
  return format(day, 'yyyy-MM-dd');
}

/** A real calendar day written "YYYY-MM-DD" (no 30 February). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = parseISO(text);
  return isValid(parsed) && format(parsed, 'yyyy-MM-dd') === text;
}

/** The calendar day of an instant in a time zone, "YYYY-MM-DD". */
export function calendarDayAt(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd');
}

/** The k-th billing date from the plan's date (k < 0: earlier ones); a short month's bill is on its last day. */
export function billingDate(billing: Pick<BillingSettings, 'cycle' | 'nextBillingDate'>, k: number): string {
  const anchor = dayOf(billing.nextBillingDate);
  const anchorDay = anchor.getDate();
  const firstOfMonth = addDays(anchor, 1 - anchorDay);
  const month = billing.cycle === 'monthly' ? addMonths(firstOfMonth, k) : addYears(firstOfMonth, k);
  return textOf(addDays(month, Math.min(anchorDay, getDaysInMonth(month)) - 1));
}

/** The first billing date strictly after `day` ("YYYY-MM-DD"), and its index in the series. */
export function billingDateAfter(
  billing: Pick<BillingSettings, 'cycle' | 'nextBillingDate'>,
  day: string,
): { date: string; index: number } {
  const [anchorYear = 0, anchorMonth = 1] = billing.nextBillingDate.split('-').map(Number);
  const [year = 0, month = 1] = day.split('-').map(Number);
  const monthsApart = (year - anchorYear) * 12 + (month - anchorMonth);
  // A guess one period early, then forward: at most a few steps.
  let index = (billing.cycle === 'monthly' ? monthsApart : Math.floor(monthsApart / 12)) - 1;
  while (billingDate(billing, index) > day) index -= 1;
  while (billingDate(billing, index) <= day) index += 1;
  return { date: billingDate(billing, index), index };
}

/**
 * The bill a seat freed on `day` first shows on. Monthly: the next billing date if `day` is before the period's last
 * day (the day before that bill), else the one after. Annual: the next renewal.
 */
export function effectiveOn(billing: Pick<BillingSettings, 'cycle' | 'nextBillingDate'>, day: string): string {
  const next = billingDateAfter(billing, day);
  if (billing.cycle === 'annual') return next.date;
  const lastDay = textOf(addDays(dayOf(next.date), -1));
  return day < lastDay ? next.date : billingDate(billing, next.index + 1);
}

// ---------------------------------------------------------------------------------------------------------------
// A run's saving

export interface StillBilledUser {
  accountId: string;
  name: string;
  reason: string;
}

/** What a run saves (the report's `billing`): planned users of a test run, done users of a live one. */
export interface BillingSummary {
  model: BillingModel;
  seatsFreed: number;
  /** Users acted on who stay billed, and what keeps them billed (count by `through`, e.g. { Jira: 5 }). */
  stillBilled: { count: number; through: Record<string, number>; users: StillBilledUser[] };
  /** seatsFreed × pricePerSeat, rounded to cents; null without a price. */
  monthlySaving: number | null;
  currency: string | null;
  effectiveOn: string;
}

export interface ActedUser {
  accountId: string;
  name: string;
  /** The actions that change something for the user (a test run's `wouldDo`, a live run's done actions). */
  actions: readonly ActionType[];
  seat: SeatFacts;
}

/** Users listed by name in `stillBilled.users`; the count and the tally by reason cover everyone. */
const STILL_BILLED_LISTED = 200;

/**
 * `from`: the summary of the users before these (a run's batches are summed a page at a time), which this one goes on
 * from; its model, price and date are taken from `billing` and `day` again.
 */
export function summariseBilling(
  billing: BillingSettings,
  users: readonly ActedUser[],
  day: string,
  from?: Pick<BillingSummary, 'seatsFreed' | 'stillBilled'>,
): BillingSummary {
  let seatsFreed = from?.seatsFreed ?? 0;
  const still: BillingSummary['stillBilled'] = {
    count: from?.stillBilled.count ?? 0,
    through: { ...from?.stillBilled.through },
    users: [...(from?.stillBilled.users ?? [])],
  };
  for (const user of users) {
    const verdict = seatAfter(billing.model, user.actions, user.seat);
    if (!verdict.billedAfter) {
      seatsFreed += 1;
      continue;
    }
    still.count += 1;
    still.through[verdict.through] = (still.through[verdict.through] ?? 0) + 1;
    if (still.users.length < STILL_BILLED_LISTED)
      still.users.push({ accountId: user.accountId, name: user.name, reason: verdict.reason });
  }
  return {
    model: billing.model,
    seatsFreed,
    stillBilled: still,
    monthlySaving:
      billing.pricePerSeat === undefined ? null : Math.round(seatsFreed * billing.pricePerSeat * 100) / 100,
    currency: billing.currency ?? null,
    effectiveOn: effectiveOn(billing, day),
  };
}

/** "10 Dec 2026" */
export function formatBillDate(day: string): string {
  return format(dayOf(day), 'd MMM yyyy');
}

export function formatMoney(amount: number, currency: string | null): string {
  return `${amount.toFixed(2)}${currency ? ` ${currency}` : ''}`;
}

/**
 * The run's saving in a sentence: "Frees 5 seats from the bill of 10 Dec 2026: about 30.25 USD a month. 5 users keep
 * a seat through Jira." A test run says "Would free".
 */
export function billingSentence(summary: BillingSummary, mode: 'test' | 'live'): string {
  const verb = mode === 'test' ? 'Would free' : 'Frees';
  const seats = `${summary.seatsFreed} ${summary.seatsFreed === 1 ? 'seat' : 'seats'}`;
  const saving =
    summary.monthlySaving !== null && summary.seatsFreed > 0
      ? `: about ${formatMoney(summary.monthlySaving, summary.currency)} a month`
      : '';
  const first = `${verb} ${seats} from the bill of ${formatBillDate(summary.effectiveOn)}${saving}.`;
  const kept = Object.entries(summary.stillBilled.through)
    .sort(([, a], [, b]) => b - a)
    .map(([through, count], i) =>
      i === 0
        ? `${count} ${count === 1 ? 'user keeps' : 'users keep'} a seat through ${through}`
        : `${count} through ${through}`,
    );
  return kept.length > 0 ? `${first} ${kept.join(', ')}.` : first;
}
