/**
 * The daily site snapshot. A snapshot run is a bulk test run whose filter matches every seat holder (it changes
 * nothing): its scan tallies each page (src/domain/snapshot.ts) beside the page's batch, and when it reports, the
 * tallies are summed into one small record for the day (≤ 365 kept). Storing that record is where the seat warning
 * is checked: crossing the threshold emails the admins named in settings, once per crossing.
 */
import { format, subDays } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { adoptionPercent, addTallies, emptyTally, seatAlertDecision, type SnapshotTally } from '../domain/snapshot';
import { parseScheme } from '../domain/scheme';
import { ACTIVE_STATES } from '../domain/run';
import { escapeHtml } from '../reports/render';
import { emailSettingsAdmins } from './adminAlerts';
import type { EngineDeps } from './ports';
import type { RunRecord } from './records';
import type { SnapshotDay, SnapshotOverview, SnapshotRecord } from './ports/snapshotStore';
import { SNAPSHOT_SCHEME_ID, startRun, type StartRunResult } from './startRun';

export const SNAPSHOT_RUN_NAME = 'Site snapshot';
/** A year of days. */
export const SNAPSHOT_RETENTION_DAYS = 365;
/** The biggest groups only: a day's record stays small whatever the number of groups. */
export const MAX_GROUPS_PER_SNAPSHOT = 30;

export function isSnapshotRun(run: Pick<RunRecord, 'plan'>): boolean {
  return run.plan.snapshot === true;
}

/** Starts a snapshot run unless one is already measuring (duplicate trigger firings, a second click). */
export async function startSnapshot(
  deps: EngineDeps,
  request: { trigger: 'manual' | 'schedule'; requestedBy?: string | null },
): Promise<StartRunResult> {
  const measuring = await activeSnapshotRun(deps);
  if (measuring) return { ok: true, run: measuring };
  // No activity condition: every active Atlassian account holding a Confluence seat matches; test mode changes nothing.
  const parsed = parseScheme({ name: SNAPSHOT_RUN_NAME, filter: {}, actions: [{ type: 'removeAccess' }] });
  if (!parsed.ok) throw new Error('The snapshot scheme does not parse; this is a bug in the app.');
  return startRun(deps, {
    kind: 'bulk',
    snapshot: true,
    trigger: request.trigger,
    mode: 'test',
    scheme: parsed.scheme,
    requestedBy: request.requestedBy ?? null,
  });
}

export async function activeSnapshotRun(deps: EngineDeps): Promise<RunRecord | undefined> {
  // A snapshot starts only while none is measuring, so a measuring one is among the newest (a few: duplicate
  // trigger firings may race); reading only those keeps the Overview's view cheap.
  const recent = await deps.runs.listRuns({ schemeId: SNAPSHOT_SCHEME_ID, limit: 3 });
  return recent.runs.find((run) => isSnapshotRun(run) && ACTIVE_STATES.includes(run.state));
}

export function snapshotDay(at: Date, timeZone: string): string {
  return format(new TZDate(at, timeZone), 'yyyy-MM-dd');
}

/** Sums a finished snapshot run's page tallies into the day's record, stores it, and checks the seat warning. */
export async function recordSnapshot(deps: EngineDeps, run: RunRecord): Promise<SnapshotRecord> {
  let tally = emptyTally();
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(run.id, cursor ? { cursor } : {});
    for (const batch of page.batches) if (batch.tally) tally = addTallies(tally, batch.tally);
    cursor = page.nextCursor;
  } while (cursor);
  const settings = await deps.settings.get();
  const now = deps.now();
  const snapshot = buildSnapshot(tally, {
    day: snapshotDay(now, settings.defaultTimeZone),
    measuredAt: now.toISOString(),
    runId: run.id,
    groupNames: await groupNames(deps, tally),
  });
  await deps.snapshots.put(snapshot);
  await keepOverview(deps, snapshot, retentionStart(now, settings.defaultTimeZone));
  await checkSeatWarning(deps, snapshot);
  deps.log.step({
    step: 'snapshot.recorded',
    runId: run.id,
    day: snapshot.day,
    seats: snapshot.seats,
    active30: snapshot.active30,
  });
  return snapshot;
}

export function buildSnapshot(
  tally: SnapshotTally,
  at: { day: string; measuredAt: string; runId: string; groupNames: ReadonlyMap<string, string> },
): SnapshotRecord {
  const groups = Object.entries(tally.groups)
    .map(([id, group]) => ({ id, name: at.groupNames.get(id) ?? id, ...group }))
    .sort((a, b) => b.seats - a.seats || a.name.localeCompare(b.name))
    .slice(0, MAX_GROUPS_PER_SNAPSHOT);
  return {
    day: at.day,
    measuredAt: at.measuredAt,
    runId: at.runId,
    seats: tally.seats,
    active7: tally.active7,
    active30: tally.active30,
    active90: tally.active90,
    neverActive: tally.neverActive,
    away: tally.away,
    groups,
  };
}

async function groupNames(deps: EngineDeps, tally: SnapshotTally): Promise<Map<string, string>> {
  if (Object.keys(tally.groups).length === 0) return new Map();
  const groups = await (await deps.directory()).listAllGroups();
  return new Map(groups.map((group) => [group.id, group.name]));
}

/** The first day kept: a year back from `now`. */
function retentionStart(now: Date, timeZone: string): string {
  return snapshotDay(subDays(now, SNAPSHOT_RETENTION_DAYS - 1), timeZone);
}

/** Deletes snapshots older than a year; housekeeping calls it daily. */
export async function pruneSnapshots(deps: EngineDeps): Promise<number> {
  const settings = await deps.settings.get();
  const from = retentionStart(deps.now(), settings.defaultTimeZone);
  const kept = await deps.snapshots.getOverview();
  if (kept && kept.history.some((day) => day.day < from))
    await deps.snapshots.putOverview({ ...kept, history: kept.history.filter((day) => day.day >= from) });
  return deps.snapshots.deleteBefore(from);
}

/** Every stored day, oldest first: at most a year, so at most four storage pages. */
export async function allSnapshots(deps: Pick<EngineDeps, 'snapshots'>): Promise<SnapshotRecord[]> {
  const snapshots: SnapshotRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.snapshots.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    snapshots.push(...page.snapshots);
    cursor = page.nextCursor;
  } while (cursor);
  return snapshots.sort((a, b) => a.day.localeCompare(b.day));
}

function dayOf({ groups: _groups, away: _away, ...day }: SnapshotRecord): SnapshotDay {
  return day;
}

function overviewOf(snapshots: readonly SnapshotRecord[]): SnapshotOverview | undefined {
  const latest = snapshots[snapshots.length - 1];
  return latest ? { latest, history: snapshots.map(dayOf) } : undefined;
}

/**
 * The Overview's record, or (an installation whose snapshots are older than it) one made from every stored day,
 * until the next snapshot keeps it.
 */
export async function readOverview(deps: Pick<EngineDeps, 'snapshots'>): Promise<SnapshotOverview | undefined> {
  return (await deps.snapshots.getOverview()) ?? overviewOf(await allSnapshots(deps));
}

/**
 * Adds the day's snapshot to the Overview's record (the day's last snapshot wins, as with the day's key) and drops
 * days before `from`. A repeated delivery writes the same record again.
 */
async function keepOverview(deps: EngineDeps, snapshot: SnapshotRecord, from: string): Promise<void> {
  const before = await readOverview(deps);
  const history = [...(before?.history ?? []).filter((day) => day.day !== snapshot.day), dayOf(snapshot)]
    .filter((day) => day.day >= from)
    .sort((a, b) => a.day.localeCompare(b.day));
  const latest = before && before.latest.day > snapshot.day ? before.latest : snapshot;
  await deps.snapshots.putOverview({ latest, history });
}

async function checkSeatWarning(deps: EngineDeps, snapshot: SnapshotRecord): Promise<void> {
  const settings = await deps.settings.get();
  const previous = await deps.snapshots.getAlertState();
  const decision = seatAlertDecision(previous?.above ?? false, snapshot.seats, settings.seatWarningThreshold);
  if (previous?.above !== decision.above)
    await deps.snapshots.setAlertState({ above: decision.above, day: snapshot.day });
  if (!decision.alert || settings.seatWarningThreshold === null) return;
  if (!(await deps.snapshots.claimAlert(snapshot.day))) return;
  const threshold = settings.seatWarningThreshold;
  const summary = `Seats reached the warning threshold: ${snapshot.seats} seats held (threshold ${threshold}${settings.seatTarget !== null ? `, target ${settings.seatTarget}` : ''})`;
  const sent = await emailSettingsAdmins(
    deps,
    settings.seatAlertRecipients,
    renderSeatAlertEmail(snapshot, threshold, settings.seatTarget),
  );
  await deps.audit.append({
    at: deps.now().toISOString(),
    kind: 'seats.alert',
    actor: 'app',
    subject: snapshot.runId,
    summary,
    details: {
      day: snapshot.day,
      seats: snapshot.seats,
      threshold,
      target: settings.seatTarget,
      runId: snapshot.runId,
      ...sent,
    },
  });
}

export function renderSeatAlertEmail(
  snapshot: SnapshotRecord,
  threshold: number,
  target: number | null,
): { subject: string; html: string; text: string } {
  const lines = [
    `On ${snapshot.day} the site held ${snapshot.seats} Confluence seats, at or above the warning threshold of ${threshold}` +
      (target !== null ? ` (the seat target is ${target}).` : '.'),
    `${snapshot.active30} seat holders used Confluence in the last 30 days (${adoptionPercent(snapshot)}%); ${snapshot.neverActive} never did.`,
    'Open Confluence → Settings → User manager → Overview to see which schemes would free seats.',
  ];
  return {
    subject: `Confluence seats reached ${snapshot.seats} (warning at ${threshold})`,
    text: lines.join('\n\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}
