/**
 * The Overview. No resolver may scan the site inside its 25 s, so the numbers are what stored runs measured, with
 * their dates: "Measure the site now" starts a snapshot (a test run whose filter matches every seat holder, scanned
 * by the queue like any run), and the page reads the latest finished snapshots' stored batches. Each scheme's
 * "would act on" is its last run's count.
 */
import { differenceInHours, parseISO } from 'date-fns';
import { RESOLVERS, type OverviewAnswer, type SiteSnapshot } from '../../contract';
import { ACTIVE_STATES } from '../../domain/run';
import { parseScheme } from '../../domain/scheme';
import { startRun } from '../../engine/startRun';
import type { EngineDeps } from '../../engine/ports';
import type { RunRecord } from '../../engine/records';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';
import { readAllOutcomes, toSummary } from './runViews';

export const SNAPSHOT_RUN_NAME = 'Site snapshot';
/** The chart's points: each is one stored run read back, so keep them few. */
const CHART_POINTS = 6;

async function snapshotOf(deps: EngineDeps, run: RunRecord): Promise<SiteSnapshot> {
  const measuredAt = run.finishedAt ?? run.startedAt;
  const at = parseISO(measuredAt);
  const users = await readAllOutcomes(deps, run.id);
  const activeWithin = (days: number) =>
    users.filter((user) => user.lastActive !== null && differenceInHours(at, parseISO(user.lastActive)) < days * 24).length;
  return {
    runId: run.id,
    measuredAt,
    seats: users.length,
    active30: activeWithin(30),
    active90: activeWithin(90),
    neverActive: users.filter((user) => user.lastActive === null).length,
  };
}

define(RESOLVERS.overviewGet, async (_payload, { cloudId }): Promise<OverviewAnswer> => {
  const deps = createEngineDeps({ cloudId });
  const [bulkRuns, recent, schemes] = await Promise.all([
    deps.runs.listRuns({ schemeId: 'bulk', limit: 100 }),
    deps.runs.listRuns({ limit: 5 }),
    deps.schemes.list(),
  ]);
  const snapshots = bulkRuns.runs.filter((run) => run.plan.schemeName === SNAPSHOT_RUN_NAME);
  const measuring = snapshots.find((run) => ACTIVE_STATES.includes(run.state)) ?? null;
  const finished = snapshots.filter((run) => run.state === 'done').slice(0, CHART_POINTS);
  const history = (await Promise.all(finished.map((run) => snapshotOf(deps, run)))).reverse();
  const enabled = schemes.filter((scheme) => scheme.enabled);
  const lastRuns = await deps.schemes.getLastRuns(enabled.map((scheme) => scheme.id));
  return {
    latest: history[history.length - 1] ?? null,
    history,
    measuring: measuring ? toSummary(measuring) : null,
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
  const deps = createEngineDeps({ cloudId });
  // No activity condition: every active Atlassian account holding a Confluence seat matches; test mode changes nothing.
  const parsed = parseScheme({ name: SNAPSHOT_RUN_NAME, filter: {}, actions: [{ type: 'removeAccess' }] });
  if (!parsed.ok) throw new Error('The snapshot scheme does not parse; this is a bug in the app.');
  const result = await startRun(deps, { kind: 'bulk', trigger: 'manual', mode: 'test', scheme: parsed.scheme, requestedBy: accountId });
  if (!result.ok) throw new RefusedError({ code: 'INVALID_INPUT', message: result.message });
  return toSummary(result.run);
});
