/**
 * Where a run learns what holds each user's seat, and what the run saves on the bill (src/domain/billing.ts).
 *
 * `seatFactsOf` is the one place that turns a directory user into SeatFacts: how the org model (src/domain/org.ts)
 * says they hold Confluence (access groups, a direct role), and the other products of the collection they hold on
 * this site. Everything downstream (the rows, the report's `billing`, the Overview forecast) reads these.
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
import { confluenceAccess } from '../domain/org';
import type { RunPlan } from './records';

type SeatSource = Pick<DirectoryUser, 'groupIds'> &
  Partial<Pick<DirectoryUser, 'directRole' | 'siteAccess' | 'otherAccess'>>;

/**
 * The products sold with Confluence in Teamwork Collection, by the Admin API's product key, as the admin knows them.
 * Holding one of them on this site keeps a user billed under a collection.
 */
const COLLECTION_PRODUCTS: Readonly<Record<string, string>> = {
  'jira-software': 'Jira',
  'jira-core': 'Jira',
  'jira-product-discovery': 'Jira Product Discovery',
  loom: 'Loom',
};

export function seatFactsOf(user: SeatSource, plan: Pick<RunPlan, 'accessGroupIds' | 'accessGroupNames'>): SeatFacts {
  const names = plan.accessGroupNames ?? {};
  const access = confluenceAccess(user, plan.accessGroupIds);
  const otherProductsOnSite = (user.otherAccess ?? []).flatMap((other) => {
    const label = other.thisSite ? COLLECTION_PRODUCTS[other.product] : undefined;
    return label ? [{ product: other.product, label }] : [];
  });
  return {
    confluenceAccess: { groups: access.groups.map((id) => names[id] ?? id), directRole: access.directRole },
    otherProductsOnSite,
  };
}

/** The stored form, for a run's user row. */
export function storedSeatOf(user: SeatSource, plan: Pick<RunPlan, 'accessGroupIds' | 'accessGroupNames'>): StoredSeat {
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

/**
 * What the run saves under the billing settings it started with; undefined without them (or for undo runs). `from`:
 * the summary of the run's earlier users, when its users are summed a page of batches at a time.
 */
export function runBilling(
  run: { plan: Pick<RunPlan, 'billing' | 'undoOf' | 'snapshot'>; startedAt: string },
  users: readonly UserOutcome[],
  timeZone: string,
  from?: BillingSummary,
): BillingSummary | undefined {
  const billing = run.plan.billing;
  if (!billing || run.plan.undoOf || run.plan.snapshot) return undefined;
  const acted: ActedUser[] = [];
  for (const user of users) {
    const actions = actedActions(user);
    if (!actions || actions.length === 0) continue;
    acted.push({ accountId: user.accountId, name: user.name, actions, seat: seatFacts(user.seat ?? NO_SEAT) });
  }
  return summariseBilling(billing, acted, calendarDayAt(new Date(run.startedAt), timeZone), from);
}
