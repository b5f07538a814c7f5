/**
 * One queue event of a run: dispatch it to its step, and turn what went wrong into what the platform should do.
 *   - RetryLater or a retryable API error (429, 5xx): come back later, after Retry-After. The platform's own
 *     retries are few (about 4), so once they run low the step is pushed again as a fresh event instead.
 *   - An API error no retry can fix (the org API key expired or lacks a scope): the run fails, saying why.
 *   - Anything unexpected: retried like a transient error, and the run fails when retries are used up.
 *   - Forge's storage quotas arrive as retryable errors too (src/adapters/platformErrors.ts); a push the queue
 *     refuses is kept and pushed by the scheduler (resume.ts).
 */
import { actStep } from './act';
import { finishStep, sumBatches } from './phases';
import { isRetryable, type EngineDeps } from './ports';
import type { RunStep } from './records';
import { RetryLater } from './retry';
import { scanStep } from './scan';
import { transition } from './transitions';
import { completeReporting } from './reporting';
import { assertNever } from '../domain/actions';

/** Platform retries we use before re-pushing the step as a new event. */
const PLATFORM_RETRIES_TO_USE = 3;
const MAX_DELAY_SECONDS = 900;
const UNEXPECTED_ERROR_RETRY_SECONDS = 30;

export type WorkerResult = { kind: 'ok' } | { kind: 'retry'; retryAfterSeconds: number; reason: string };

export async function handleStep(deps: EngineDeps, step: RunStep): Promise<WorkerResult> {
  try {
    await dispatch(deps, step);
    return { kind: 'ok' };
  } catch (error) {
    if (error instanceof RetryLater || isRetryable(error)) {
      const seconds = Math.min(
        MAX_DELAY_SECONDS,
        Math.max(1, Math.ceil(error instanceof RetryLater ? error.retryAfterSeconds : (error.retryAfterSeconds ?? 30))),
      );
      return comeBackLater(deps, step, seconds, (error as Error).message);
    }
    if (isPermanentApiError(error)) {
      await failRun(deps, step.runId, (error as Error).message);
      return { kind: 'ok' };
    }
    deps.log.step({
      step: 'step.error',
      runId: step.runId,
      kind: step.kind,
      error: (error as Error).stack ?? String(error),
    });
    if (deps.invocation.retryCount >= PLATFORM_RETRIES_TO_USE) {
      await failRun(
        deps,
        step.runId,
        `The run stopped on an unexpected error after several retries: ${(error as Error).message}`,
      );
      return { kind: 'ok' };
    }
    return { kind: 'retry', retryAfterSeconds: UNEXPECTED_ERROR_RETRY_SECONDS, reason: (error as Error).message };
  }
}

async function dispatch(deps: EngineDeps, step: RunStep): Promise<void> {
  // A run left in `reporting` (its invocation died while reporting) is finished by whichever of its events comes next.
  const run = await deps.runs.getRun(step.runId);
  if (run?.state === 'reporting') return completeReporting(deps, run);
  switch (step.kind) {
    case 'scan':
      return scanStep(deps, step);
    case 'act':
      return actStep(deps, step);
    case 'finish':
      return finishStep(deps, step);
    default:
      return assertNever(step);
  }
}

async function comeBackLater(deps: EngineDeps, step: RunStep, seconds: number, reason: string): Promise<WorkerResult> {
  deps.log.step({ step: 'step.retry', runId: step.runId, kind: step.kind, retryAfterSeconds: seconds, reason });
  if (deps.invocation.retryCount < PLATFORM_RETRIES_TO_USE)
    return { kind: 'retry', retryAfterSeconds: seconds, reason };
  // The same step (same scan token) as a new event: it continues from the pages it already stored.
  await deps.queue.push([{ step, delaySeconds: seconds }]);
  return { kind: 'ok' };
}

function isPermanentApiError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { kind?: unknown }).kind === 'string' &&
    (error as { retryable?: unknown }).retryable === false
  );
}

/**
 * Ends a run as failed. Its outcomes are recorded already (the record comes first, src/engine/act.ts), so the counts
 * are summed from its batches: the run's page, report and Undo tell what it did before it failed.
 */
async function failRun(deps: EngineDeps, runId: string, reason: string): Promise<void> {
  const run = await deps.runs.getRun(runId);
  if (!run) return;
  // A run in `reporting` has its summed counts and warnings already.
  const acted = run.state === 'acting';
  const summed = acted ? await sumBatches(deps, run) : undefined;
  if (acted && !summed) return; // another delivery moved the run on
  await transition(deps, summed?.run ?? run, 'failed', {
    reason,
    errors: [...run.errors, reason].slice(-20),
    ...(summed ? { counts: summed.counts, warnings: [...(run.warnings ?? []), ...summed.userWarnings] } : {}),
  });
}
