/**
 * A port of the engine (see ../ports.ts): the daily site snapshots and the Overview record they keep whole. The use
 * case (src/engine/snapshot.ts) and src/adapters/kvsSnapshotStore.ts import it; it imports no use case, so no circle
 * runs through the ports.
 */

import type { SnapshotTally } from '../../domain/snapshot';

export interface SnapshotRecord {
  /** The site's local day (settings' default time zone), yyyy-mm-dd: one record per day, the day's last snapshot wins. */
  day: string;
  measuredAt: string;
  runId: string;
  seats: number;
  active7: number;
  active30: number;
  active90: number;
  neverActive: number;
  away: SnapshotTally['away'];
  /** The biggest groups by seats, with names as they were that day. */
  groups: Array<{ id: string; name: string; seats: number; active30: number }>;
}

/** One day of the Overview's charts: a snapshot without its groups and away buckets. */
export type SnapshotDay = Omit<SnapshotRecord, 'groups' | 'away'>;

/**
 * What the Overview shows, kept whole by each day's snapshot: the newest day and up to a year of days, oldest
 * first. One record of about 6 read units instead of 365 keys (about 400 units a view).
 */
export interface SnapshotOverview {
  latest: SnapshotRecord;
  history: SnapshotDay[];
}

export interface SeatAlertState {
  above: boolean;
  /** The day of the snapshot that last changed the state. */
  day: string;
}

export interface SnapshotStore {
  put(snapshot: SnapshotRecord): Promise<void>;
  /** Oldest first. */
  list(params: { cursor?: string; limit: number }): Promise<{ snapshots: SnapshotRecord[]; nextCursor?: string }>;
  /** Deletes days before `day` (yyyy-mm-dd); returns how many went. */
  deleteBefore(day: string): Promise<number>;
  getOverview(): Promise<SnapshotOverview | undefined>;
  putOverview(overview: SnapshotOverview): Promise<void>;
  getAlertState(): Promise<SeatAlertState | undefined>;
  setAlertState(state: SeatAlertState): Promise<void>;
  /** True once per day: at most one seat alert email a day, even when duplicated events race. */
  claimAlert(day: string): Promise<boolean>;
}
