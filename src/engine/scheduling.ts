/**
 * Admin-defined schedules on top of Forge's fixed triggers: a frequent scheduled trigger asks which schemes
 * are due (stored next run ≤ now) and starts each once. The next run is computed from *now*, so a run missed
 * while the app was down or a trigger was skipped happens once at the next tick, never as a burst of catch-ups.
 * Two firings of the trigger race on a compare-and-set of the stored next run: one slot, one run.
 */
import { nextRunAfter, type BillingDates } from '../domain/schedule';
import type { StoredScheme } from '../domain/scheme';
import { isRetryable, type EngineDeps } from './ports';
import { startRun } from './startRun';
import { resumeDeferredSteps } from './resume';

/**
 * When the scheme should next run on its own, as epoch ms; 0 = never (disabled, no schedule, or a schedule before the
 * bill without billing settings: saving such a scheme is refused, and so is clearing billing under one).
 */
export function computeNextRunAt(scheme: StoredScheme, now: Date, billing: BillingDates | null = null): number {
  if (!scheme.enabled || !scheme.schedule) return 0;
  if (scheme.schedule.unit === 'billing' && !billing) return 0;
  return nextRunAfter(scheme.schedule, now, new Date(scheme.createdAt), billing).getTime();
}

/**
 * After the billing settings change, the schemes that run before the bill move to the new dates (a compare-and-set
 * each: a scheduler tick that took the old slot meanwhile keeps it).
 */
export async function rescheduleBillingSchemes(
  deps: Pick<EngineDeps, 'schemes' | 'now'>,
  billing: BillingDates | null,
) {
  const now = deps.now();
  for (const record of await deps.schemes.list()) {
    if (record.schedule?.unit !== 'billing') continue;
    const next = computeNextRunAt(record, now, billing);
    if (next !== record.nextRunAt) await deps.schemes.moveNextRunIf(record, next);
  }
}

export interface SchedulerReport {
  started: Array<{ schemeId: string; runId: string }>;
  notStarted: Array<{ schemeId: string; reason: string }>;
}

export async function startDueSchemes(deps: EngineDeps): Promise<SchedulerReport> {
  const now = deps.now();
  const report: SchedulerReport = { started: [], notStarted: [] };
  // Steps whose push Forge refused (quotas, a cut chain of pushes) carry on from this tick, a tree of its own.
  await resumeDeferredSteps(deps).catch((error: unknown) =>
    deps.log.step({ step: 'schedule.resumeError', error: (error as Error).message }),
  );
  let billing: BillingDates | null | undefined; // read once, and only when a scheme that runs before the bill is due
  for (const record of await deps.schemes.list()) {
    if (record.nextRunAt === 0 || record.nextRunAt > now.getTime()) continue;
    if (record.schedule?.unit === 'billing' && billing === undefined) billing = (await deps.settings.get()).billing;
    const next = computeNextRunAt(record, now, billing ?? null);
    if (!(await deps.schemes.moveNextRunIf(record, next))) continue; // another firing took this slot
    let result: Awaited<ReturnType<typeof startRun>>;
    try {
      result = await startRun(deps, { kind: 'scheme', trigger: 'schedule', schemeId: record.id, scheme: record });
    } catch (error) {
      // Throttled or unavailable before the run existed: give the slot back so the next tick starts it.
      if (isRetryable(error)) await deps.schemes.moveNextRunIf({ ...record, nextRunAt: next }, record.nextRunAt);
      throw error;
    }
    if (result.ok) report.started.push({ schemeId: record.id, runId: result.run.id });
    else report.notStarted.push({ schemeId: record.id, reason: result.message });
    deps.log.step({
      step: 'schedule.due',
      schemeId: record.id,
      started: result.ok,
      ...(result.ok ? { runId: result.run.id } : { reason: result.message }),
    });
  }
  return report;
}
