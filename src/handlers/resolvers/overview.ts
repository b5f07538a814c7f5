/**
 * The Overview. No resolver may scan the site inside its 25 s, so the numbers are the daily site snapshots
 * (src/engine/snapshot.ts: a test run through the queue, started each day by the housekeeping trigger or by
 * "Measure the site now"), with their dates. Each scheme's "would free" is its last run's count.
 */
import { RESOLVERS, type OverviewAnswer, type SnapshotsExportAnswer } from '../../contract';
import { AWAY_BUCKETS, AWAY_BUCKET_LABELS, adoptionPercent } from '../../domain/snapshot';
import { activeSnapshotRun, readOverview, startSnapshot } from '../../engine/snapshot';
import type { SnapshotRecord } from '../../engine/ports/snapshotStore';
import { createEngineDeps } from '../../adapters/engineDeps';
import { csvLine } from '../../reports/csv';
import { define, RefusedError } from './define';
import { toSummary } from './runViews';
import { overviewForecast } from '../../engine/billingForecast';

define(RESOLVERS.overviewGet, async (_payload, { cloudId }): Promise<OverviewAnswer> => {
  const deps = createEngineDeps({ cloudId });
  // The record each day's snapshot keeps (about 6 read units), not the year of days (about 400).
  const [overview, measuring, recent, schemes, settings] = await Promise.all([
    readOverview(deps),
    activeSnapshotRun(deps),
    // The same runs as Run history: bulk searches and editor previews are looks, not runs to report.
    deps.runs.listRuns({ limit: 5, withoutSearches: true }),
    deps.schemes.list(),
    deps.settings.get(),
  ]);
  const enabled = schemes.filter((scheme) => scheme.enabled);
  const lastRuns = await deps.schemes.getLastRuns(enabled.map((scheme) => scheme.id));
  const latest = overview?.latest ?? null;
  return {
    latest,
    billing: await overviewForecast(deps, settings, enabled, latest),
    history: overview?.history ?? [],
    measuring: measuring ? toSummary(measuring) : null,
    seatTarget: settings.seatTarget,
    seatWarningThreshold: settings.seatWarningThreshold,
    schemes: enabled.map((scheme) => {
      const last = lastRuns.get(scheme.id);
      const counts = last?.counts;
      return {
        id: scheme.id,
        name: scheme.name,
        mode: scheme.mode,
        wouldActOn: counts ? counts.planned + counts.done + counts.skipped + counts.failed : null,
        measuredAt: last?.finishedAt ?? null,
        lastState: last?.state ?? null,
      };
    }),
    recentRuns: recent.runs.map(toSummary),
  };
});

define(RESOLVERS.overviewMeasure, async (_payload, { cloudId, accountId }) => {
  const result = await startSnapshot(createEngineDeps({ cloudId }), { trigger: 'manual', requestedBy: accountId });
  if (!result.ok) throw new RefusedError({ code: 'INVALID_INPUT', message: result.message });
  return toSummary(result.run);
});

export const SNAPSHOTS_CSV_HEADER = [
  'Day',
  'Measured at',
  'Seats',
  'Active 7 days',
  'Active 30 days',
  'Active 90 days',
  'Never active',
  'Adoption % (active 30 days / seats)',
  ...AWAY_BUCKETS.map((bucket) => `Away ${AWAY_BUCKET_LABELS[bucket]}`),
  'Groups (name: seats / active 30 days)',
];

export function snapshotCsvRow(snapshot: SnapshotRecord): string {
  return csvLine([
    snapshot.day,
    snapshot.measuredAt,
    String(snapshot.seats),
    String(snapshot.active7),
    String(snapshot.active30),
    String(snapshot.active90),
    String(snapshot.neverActive),
    String(adoptionPercent(snapshot)),
    ...AWAY_BUCKETS.map((bucket) => String(snapshot.away[bucket])),
    snapshot.groups.map((group) => `${group.name}: ${group.seats} / ${group.active30}`).join('; '),
  ]);
}

/** Paged: the page calls it until nextCursor is null and joins the pieces (a year fits in four calls). */
define(RESOLVERS.snapshotsExport, async ({ cursor, limit }, { cloudId }): Promise<SnapshotsExportAnswer> => {
  const page = await createEngineDeps({ cloudId }).snapshots.list({ limit, ...(cursor ? { cursor } : {}) });
  const header = cursor ? '' : `${csvLine(SNAPSHOTS_CSV_HEADER)}\r\n`;
  return {
    csv: header + page.snapshots.map((snapshot) => `${snapshotCsvRow(snapshot)}\r\n`).join(''),
    nextCursor: page.nextCursor ?? null,
  };
});
