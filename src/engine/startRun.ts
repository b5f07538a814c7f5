/**
 * Starting a run: freeze what it decides with (the scheme with its group names checked against the site,
 * the access groups, the global exemptions), take the scheme's lock so it never runs twice at once,
 * store the run as queued and push its first scan step.
 */
import { randomUUID } from 'node:crypto';
import { formatSchemeErrors, resolveFieldNames, resolveGroupNames, type Scheme } from '../domain/scheme';
import { definitionFingerprint, selectionFingerprint } from '../domain/liveGate';
import { emptyCounts, type RunMode, type RunTrigger } from '../domain/run';
import type { DirectoryGroup } from '../domain/user';
import type { EngineDeps } from './ports';
import type { RunPlan, RunRecord } from './records';
import { transition } from './transitions';
import { expiredKeyReason } from './keyExpiry';

/** The access groups' names, for what holds each user's seat (src/domain/billing.ts). */
function accessGroupNames(
  ids: readonly string[],
  groups: ReadonlyArray<{ id: string; name: string }>,
): Record<string, string> {
  const wanted = new Set(ids);
  return Object.fromEntries(groups.filter((group) => wanted.has(group.id)).map((group) => [group.id, group.name]));
}

/** What a new run is filed with; the rest of its record is the same for every way a run starts. */
export type NewRun = Pick<RunRecord, 'schemeId' | 'kind' | 'trigger' | 'requestedBy' | 'plan'> &
  Partial<Pick<RunRecord, 'fingerprint' | 'selectionFingerprint'>>;

/**
 * A run as it is filed, whoever starts it (a scheme, a bulk action, an approval, an undo): queued, started now,
 * nothing scanned or counted yet.
 */
export function queuedRun(fields: NewRun, now: string): RunRecord {
  return {
    id: randomUUID(),
    ...fields,
    state: 'queued',
    reason: null,
    createdAt: now,
    startedAt: now,
    stateChangedAt: now,
    finishedAt: null,
    scan: { pages: 0, complete: false },
    counts: emptyCounts(),
    errors: [],
    jobIds: [],
  };
}

/** A run holds its scheme's lock at most this long: a run that died without ending frees the scheme after a day. */
export const SCHEME_LOCK_SECONDS = 24 * 3600;

export type StartRunRequest = {
  trigger: RunTrigger;
  /** Defaults to the scheme's own mode: a scheme is only live when an admin made it so. */
  mode?: RunMode;
  requestedBy?: string | null;
  /** The instant the run decides as of (RunPlan.asOf); defaults to its start. Never later than the start. */
  asOf?: Date;
} & (
  | { kind: 'scheme'; schemeId: string; scheme: Scheme; dueDeletions?: RunPlan['dueDeletions'] }
  | { kind: 'bulk'; scheme: Scheme; onlyAccountIds?: string[]; nameOrEmailContains?: string; snapshot?: true }
);

export const BULK_SCHEME_ID = 'bulk';
export const SNAPSHOT_SCHEME_ID = 'snapshot';

/**
 * A bulk search or an editor preview: a test run of no scheme, made to look, not a run an admin reviews later.
 * Run history leaves them out; the runs stay stored (a bulk action and the go-live check read them).
 */
export function isSearchOrPreview(run: Pick<RunRecord, 'kind' | 'schemeId' | 'plan'>): boolean {
  return run.kind === 'bulk' && run.plan.mode === 'test' && run.schemeId !== SNAPSHOT_SCHEME_ID;
}

/** A bulk selection is stored in the run record (≤ 240 KiB): beyond this many ids, select "all matching" instead. */
export const MAX_SELECTED_ACCOUNTS = 2000;

export type StartRunResult =
  | { ok: true; run: RunRecord }
  | { ok: false; code: 'ALREADY_RUNNING' | 'INVALID_SCHEME' | 'API_KEY_EXPIRED'; message: string; runId?: string };

function syncedGroupsOf(groups: ReadonlyArray<DirectoryGroup>): Pick<RunPlan, 'syncedGroups'> {
  const synced = groups.filter((group) => group.synced);
  return synced.length > 0 ? { syncedGroups: Object.fromEntries(synced.map((group) => [group.id, group.name])) } : {};
}

export async function startRun(deps: EngineDeps, request: StartRunRequest): Promise<StartRunResult> {
  if (request.kind === 'bulk' && (request.onlyAccountIds?.length ?? 0) > MAX_SELECTED_ACCOUNTS) {
    return {
      ok: false,
      code: 'INVALID_SCHEME',
      message: `A bulk action can name at most ${MAX_SELECTED_ACCOUNTS} selected users; to act on more, select all users matching the filters.`,
    };
  }
  // Past the org key's expiry date every Admin API call would be refused: say so and how to fix it, before any call.
  const expired = expiredKeyReason(await deps.settings.get(), deps.now());
  if (expired) return { ok: false, code: 'API_KEY_EXPIRED', message: expired };
  const directory = await deps.directory();
  const groups = await directory.listAllGroups();
  const resolved = resolveGroupNames(request.scheme, groups);
  if (!resolved.ok) {
    return { ok: false, code: 'INVALID_SCHEME', message: formatSchemeErrors(resolved.errors) };
  }
  // Field definitions are frozen with the plan, like groups: deleting a field mid-run changes nothing.
  const fields = request.scheme.filter.fields
    ? resolveFieldNames(request.scheme, await deps.fields.definitions())
    : null;
  if (fields && !fields.ok) return { ok: false, code: 'INVALID_SCHEME', message: formatSchemeErrors(fields.errors) };
  const settings = await deps.settings.get();
  const accessGroupIds = settings.accessGroupIds ?? (await directory.listAccessGroups()).map((group) => group.id);
  if (accessGroupIds.length === 0) {
    return {
      ok: false,
      code: 'INVALID_SCHEME',
      message:
        'No group grants Confluence access on this site, so no user holds a seat the app could see. Check the access groups in Settings.',
    };
  }
  // A "needs approval" scheme's scheduled runs are test runs even when it is live: an admin applies them.
  const needsApproval =
    request.kind === 'scheme' && request.trigger === 'schedule' && !request.dueDeletions
      ? request.scheme.needsApproval === true
      : false;
  const mode = needsApproval ? 'test' : (request.mode ?? request.scheme.mode);
  const now = deps.now().toISOString();
  const due = request.kind === 'scheme' ? request.dueDeletions : undefined;
  const plan: RunPlan = {
    asOf: request.asOf && request.asOf.toISOString() < now ? request.asOf.toISOString() : now,
    schemeName: request.scheme.name,
    mode,
    scheme: resolved.resolved,
    actions: resolved.resolved.actions,
    maxUsersPerRun: request.scheme.limits.maxUsersPerRun,
    ...(request.scheme.limits.untilSeatsAtMost !== undefined
      ? { untilSeatsAtMost: request.scheme.limits.untilSeatsAtMost }
      : {}),
    accessGroupIds,
    accessGroupNames: accessGroupNames(accessGroupIds, groups),
    ...(settings.billing ? { billing: settings.billing } : {}),
    ...syncedGroupsOf(groups),
    globalExemptions: { users: settings.exemptions.users, groupIds: settings.exemptions.groupIds },
    ...(request.kind === 'bulk' && request.onlyAccountIds ? { onlyAccountIds: request.onlyAccountIds } : {}),
    ...(request.kind === 'bulk' && request.nameOrEmailContains
      ? { nameOrEmailContains: request.nameOrEmailContains }
      : {}),
    ...(fields && fields.conditions.length > 0 ? { fields: fields.conditions } : {}),
    ...(request.kind === 'bulk' && request.snapshot ? { snapshot: true as const } : {}),
    ...(needsApproval ? { needsApproval: true as const } : {}),
    // A staged lifecycle's deletions: only delete, only these users, each still deactivated when re-checked.
    ...(due
      ? {
          schemeName: `${request.scheme.name}: deletions due`,
          actions: [{ type: 'delete' as const }],
          maxUsersPerRun: due.length,
          dueDeletions: due,
        }
      : {}),
  };
  const run = queuedRun(
    {
      // Bulk actions and site snapshots have no scheme: their runs are filed under these names.
      schemeId: request.kind === 'scheme' ? request.schemeId : request.snapshot ? SNAPSHOT_SCHEME_ID : BULK_SCHEME_ID,
      kind: request.kind,
      trigger: request.trigger,
      requestedBy: request.requestedBy ?? null,
      plan,
      fingerprint: definitionFingerprint(request.scheme),
      ...(request.kind === 'bulk'
        ? { selectionFingerprint: selectionFingerprint(request.scheme.filter, request.nameOrEmailContains) }
        : {}),
    },
    now,
  );
  if (request.kind === 'scheme' && !(await deps.schemes.lock(request.schemeId, run.id, SCHEME_LOCK_SECONDS))) {
    const holder = await deps.schemes.lockHolder(request.schemeId);
    return {
      ok: false,
      code: 'ALREADY_RUNNING',
      message: `"${request.scheme.name}" is already running; a scheme never runs twice at once. Wait for that run to end or cancel it.`,
      ...(holder ? { runId: holder } : {}),
    };
  }
  await launchRun(deps, run, {
    summary: `Run of "${plan.schemeName}" started (${mode}, ${request.trigger})`,
    log: { step: 'run.start', scheme: plan.schemeName, trigger: request.trigger },
  });
  return { ok: true, run };
}

/** Cancels a run that has not ended: its remaining events find it cancelled and do nothing. */
export async function cancelRun(deps: EngineDeps, runId: string, by: string | null): Promise<RunRecord | undefined> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const run = await deps.runs.getRun(runId);
    if (!run || !['queued', 'scanning', 'acting'].includes(run.state)) return run;
    const cancelled = await transition(deps, run, 'cancelled', { reason: `Cancelled${by ? ` by ${by}` : ''}.` });
    if (cancelled) {
      for (const jobId of cancelled.jobIds) await deps.queue.cancel(jobId).catch(() => undefined);
      return cancelled;
    }
  }
  return deps.runs.getRun(runId);
}

/** The instant a run decides as of: fixed at its start (see RunPlan.asOf). */
export function decidedAsOf(run: Pick<RunRecord, 'plan' | 'startedAt'>): Date {
  return new Date(run.plan.asOf ?? run.startedAt);
}

/**
 * Stores a new run (its scheme's lock already taken) and queues its first scan step, then audits the start. One
 * place for every kind of start (a scheme or bulk run, an undo, an approved test run), so each gets the same care.
 */
export async function launchRun(
  deps: EngineDeps,
  run: RunRecord,
  started: { summary: string; details?: Record<string, unknown>; log: Record<string, unknown> & { step: string } },
): Promise<void> {
  try {
    await deps.runs.createRun(run);
    await deps.queue.push([{ step: { kind: 'scan', runId: run.id, seq: 0, cursor: null, token: randomUUID() } }]);
  } catch (error) {
    // Not started (a storage or queue quota, most likely): undo what was done, as far as the platform lets us, so
    // asking again starts the run. A lock left behind expires; housekeeping frees it sooner.
    await deps.runs.deleteRun(run.id).catch(() => undefined);
    if (run.kind === 'scheme') await deps.schemes.unlock(run.schemeId, run.id).catch(() => undefined);
    throw error;
  }
  // The run is under way now: a refused audit write must not make the caller think it was not (and start it again).
  await deps.audit
    .append({
      at: run.startedAt,
      kind: 'run.started',
      actor: run.requestedBy ?? 'app',
      subject: run.id,
      summary: started.summary,
      details: {
        runId: run.id,
        schemeId: run.schemeId,
        mode: run.plan.mode,
        trigger: run.trigger,
        kind: run.kind,
        ...started.details,
      },
    })
    .catch((error: unknown) =>
      deps.log.step({ step: 'run.startAuditLost', runId: run.id, error: (error as Error).message }),
    );
  deps.log.step({ runId: run.id, mode: run.plan.mode, kind: run.kind, ...started.log });
}
