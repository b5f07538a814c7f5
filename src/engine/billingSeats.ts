/**
 * Where a run learns what holds each user's seat, and what the run saves on the bill (src/domain/billing.ts).
 *
 * The seam for issue 16 ("the real org"): `seatFactsOf` is the one place that turns a directory user into SeatFacts.
 * Today it knows the access groups only; once DirectoryUser carries the user's direct role assignment and their
 * per-product access on this site, fill `directRole` and `otherProductsOnSite` here and everything downstream (the
 * rows, the report's `billing`, the Overview forecast) follows.
 */
import {
  seatFacts,
  storeSeat,
  summariseBilling,
  calendarDayAt,
  type ActedUser,
  type BillingSummary,
  type SeatFacts,
  type StoredSeat,
} from '../domain/billing';
import type { ActionType } from '../domain/actions';
import type { UserOutcome } from '../domain/run';
import type { DirectoryUser } from '../domain/user';
import type { RunPlan } from './records';

export function seatFactsOf(
  user: Pick<DirectoryUser, 'groupIds'>,
  plan: Pick<RunPlan, 'accessGroupIds' | 'accessGroupNames'>,
): SeatFacts {
  const access = new Set(plan.accessGroupIds);
  const names = plan.accessGroupNames ?? {};
  return {
    confluenceAccess: {
      groups: user.groupIds.filter((id) => access.has(id)).map((id) => names[id] ?? id),
      directRole: false, // issue 16: a direct `atlassian/user` role assignment for Confluence on this site
    },
    otherProductsOnSite: [], // issue 16: the user's productAccess[] on this site other than Confluence
  };
}

/** The stored form, for a run's user row. */
export function storedSeatOf(
  user: Pick<DirectoryUser, 'groupIds'>,
  plan: Pick<RunPlan, 'accessGroupIds' | 'accessGroupNames'>,
): StoredSeat {
  return storeSeat(seatFactsOf(user, plan));
}

/**
 * The actions that change the user's seat in this run: a test run's planned `wouldDo`, a live run's done actions.
 * null when the user was not acted on (exempt, skipped, failed, informational).
 */
function actedActions(user: UserOutcome): readonly ActionType[] | null {
  if (user.informational) return null;
  // A warning email changes no seat: a notify run's users are counted when the later run acts on them.
  const changing = (actions: readonly ActionType[]) => actions.filter((action) => action !== 'notify');
  if (user.outcome === 'planned') return changing(user.wouldDo ?? user.actions);
  if (user.outcome === 'done')
    return changing((user.results ?? []).filter((r) => r.result === 'done').map((r) => r.action));
  return null;
}

const NO_SEAT: StoredSeat = { groups: [] };

/** What the run saves under the billing settings it started with; undefined without them (or for undo runs). */
export function runBilling(
  run: { plan: Pick<RunPlan, 'billing' | 'undoOf' | 'snapshot'>; startedAt: string },
  users: readonly UserOutcome[],
  timeZone: string,
): BillingSummary | undefined {
  const billing = run.plan.billing;
  if (!billing || run.plan.undoOf || run.plan.snapshot) return undefined;
  const acted: ActedUser[] = [];
  for (const user of users) {
    const actions = actedActions(user);
    if (!actions || actions.length === 0) continue;
    acted.push({ accountId: user.accountId, name: user.name, actions, seat: seatFacts(user.seat ?? NO_SEAT) });
  }
  return summariseBilling(billing, acted, calendarDayAt(new Date(run.startedAt), timeZone));
}
