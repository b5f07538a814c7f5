/**
 * The site's adoption, measured: who holds a seat (what Atlassian bills: active `atlassian` accounts in a group
 * that grants Confluence access; app accounts and customers are not billed) and how recently they used Confluence.
 * A scan tallies each page of users as it reads them, so a day's snapshot is a sum of small counters, never a
 * second pass over the users. Pure: no storage, no clock of its own.
 */
import { differenceInHours, isValid, parseISO } from 'date-fns';
import type { DirectoryUser } from './user';
import { holdsSeat } from './seatTarget';

/** How long inactive seat holders have been away, in days since their last Confluence activity. */
export const AWAY_BUCKETS = ['30-60', '60-90', '90-180', '180-365', 'over365', 'never'] as const;
export type AwayBucket = (typeof AWAY_BUCKETS)[number];

export const AWAY_BUCKET_LABELS: Record<AwayBucket, string> = {
  '30-60': '30–60 days',
  '60-90': '60–90 days',
  '90-180': '90–180 days',
  '180-365': '180–365 days',
  over365: 'over a year',
  never: 'never active',
};

export interface GroupTally {
  seats: number;
  active30: number;
}

export interface SnapshotTally {
  seats: number;
  active7: number;
  active30: number;
  active90: number;
  neverActive: number;
  away: Record<AwayBucket, number>;
  /** Per group id, for seat holders' groups. */
  groups: Record<string, GroupTally>;
}

export function emptyTally(): SnapshotTally {
  return {
    seats: 0,
    active7: 0,
    active30: 0,
    active90: 0,
    neverActive: 0,
    away: { '30-60': 0, '60-90': 0, '90-180': 0, '180-365': 0, over365: 0, never: 0 },
    groups: {},
  };
}

/** Whole days since the last activity (24 h each, as schemes count them); null when never active or unreadable. */
function daysAway(lastActive: string | null, now: Date): number | null {
  if (lastActive === null) return null;
  const at = parseISO(lastActive);
  if (!isValid(at)) return null;
  return Math.max(0, differenceInHours(now, at) / 24);
}

function awayBucket(days: number): AwayBucket | null {
  if (days < 30) return null;
  if (days < 60) return '30-60';
  if (days < 90) return '60-90';
  if (days < 180) return '90-180';
  if (days < 365) return '180-365';
  return 'over365';
}

export function tallyUsers(
  users: readonly DirectoryUser[],
  context: { accessGroupIds: readonly string[]; now: Date },
): SnapshotTally {
  const access = new Set(context.accessGroupIds);
  const tally = emptyTally();
  for (const user of users) {
    if (!holdsSeat(user, access)) continue;
    tally.seats += 1;
    const days = daysAway(user.lastActive, context.now);
    const active30 = days !== null && days < 30;
    if (days === null) {
      tally.neverActive += 1;
      tally.away.never += 1;
    } else {
      if (days < 7) tally.active7 += 1;
      if (active30) tally.active30 += 1;
      if (days < 90) tally.active90 += 1;
      const bucket = awayBucket(days);
      if (bucket) tally.away[bucket] += 1;
    }
    for (const groupId of new Set(user.groupIds)) {
      const group = (tally.groups[groupId] ??= { seats: 0, active30: 0 });
      group.seats += 1;
      if (active30) group.active30 += 1;
    }
  }
  return tally;
}

export function addTallies(a: SnapshotTally, b: SnapshotTally): SnapshotTally {
  const groups: Record<string, GroupTally> = { ...a.groups };
  for (const [id, group] of Object.entries(b.groups)) {
    const known = groups[id];
    groups[id] = known ? { seats: known.seats + group.seats, active30: known.active30 + group.active30 } : { ...group };
  }
  const away = { ...a.away };
  for (const bucket of AWAY_BUCKETS) away[bucket] += b.away[bucket];
  return {
    seats: a.seats + b.seats,
    active7: a.active7 + b.active7,
    active30: a.active30 + b.active30,
    active90: a.active90 + b.active90,
    neverActive: a.neverActive + b.neverActive,
    away,
    groups,
  };
}

/** Adoption: the share of seats whose holders used Confluence in the last 30 days, in percent (0 with no seats). */
export function adoptionPercent(tally: Pick<SnapshotTally, 'seats' | 'active30'>): number {
  return tally.seats === 0 ? 0 : Math.round((tally.active30 / tally.seats) * 1000) / 10;
}

/**
 * The seat warning: an alert goes out when seats reach the threshold after having been below it (or on the first
 * snapshot that finds them there), never again each day they stay above it.
 */
export function seatAlertDecision(
  previouslyAbove: boolean,
  seats: number,
  threshold: number | null,
): { above: boolean; alert: boolean } {
  if (threshold === null) return { above: false, alert: false };
  const above = seats >= threshold;
  return { above, alert: above && !previouslyAbove };
}
