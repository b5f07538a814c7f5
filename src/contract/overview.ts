/** The Overview tab: the site's snapshots (seats and activity), the schemes' reach, and the snapshots CSV. */
import { z } from 'zod';
import type { BillingForecast } from '../engine/billingForecast';
import type { SnapshotRecord } from '../engine/ports/snapshotStore';
import type { RunState } from '../domain/run';
import { cursor } from './ids';
import { RESOLVERS } from './resolvers';
import type { RunSummary } from './runs';

/** Overview payloads. */
export const overviewPayloads = /* @__PURE__ */ (() => ({
  [RESOLVERS.overviewGet]: z.object({}).strict(),
  [RESOLVERS.overviewMeasure]: z.object({}).strict(),
  [RESOLVERS.snapshotsExport]: z
    .object({ cursor: cursor().optional(), limit: z.number().int().min(1).max(100).default(100) })
    .strict(),
}))();

/** One day's site snapshot (src/engine/snapshot.ts): seats held and how recently their holders used Confluence. */
export type SiteSnapshot = SnapshotRecord;

/** The page shows the forecast as the engine makes it: it names it through the contract, never from the engine. */
export type { BillingForecast };

export interface OverviewAnswer {
  latest: SiteSnapshot | null;
  /** Up to a year of days, oldest first, for the charts (groups left out: see the CSV export). */
  history: Array<Omit<SiteSnapshot, 'groups' | 'away'>>;
  measuring: RunSummary | null;
  /** The seat target and warning threshold from settings, drawn on the seats chart. */
  seatTarget: number | null;
  seatWarningThreshold: number | null;
  schemes: Array<{
    id: string;
    name: string;
    mode: 'test' | 'live';
    wouldActOn: number | null;
    measuredAt: string | null;
    lastState: RunState | null;
  }>;
  recentRuns: RunSummary[];
  /** The next bill: seats now and after the schemes that run before it (issue 18); null without billing settings. */
  billing?: BillingForecast | null;
}

/** One page of the snapshots CSV (the header only on the first page). */
export interface SnapshotsExportAnswer {
  csv: string;
  nextCursor: string | null;
}
