/**
 * The one way a run changes state: a compare-and-set on the stored run, checked against the state machine
 * in src/domain/run.ts. When two invocations race (a duplicated event, a cancel during a scan), exactly one wins;
 * the loser gets undefined and stops.
 */
import { canMove, isTerminal, type RunState } from '../domain/run';
import type { EngineDeps } from './ports';
import type { RunRecord } from './records';
import { redactDeep } from '../domain/redact';

export async function transition(
  deps: Pick<EngineDeps, 'runs' | 'schemes' | 'log' | 'now' | 'audit'>,
  run: RunRecord,
  to: RunState,
  changes: Partial<
    Pick<RunRecord, 'reason' | 'counts' | 'errors' | 'jobIds' | 'scan' | 'report' | 'warnings' | 'billing'>
  > = {},
): Promise<RunRecord | undefined> {
  if (!canMove(run.state, to)) return undefined;
  const now = deps.now().toISOString();
  const next: RunRecord = {
    ...run,
    // What a run stores of errors is redacted first: an error that quoted a key or token never reaches storage.
    ...redactDeep(changes),
    state: to,
    stateChangedAt: now,
    finishedAt: isTerminal(to) ? now : run.finishedAt,
  };
  if (!(await deps.runs.replaceRunIf(run.state, next))) return undefined;
  deps.log.step({
    step: 'run.state',
    runId: run.id,
    from: run.state,
    to,
    ...(next.reason ? { reason: next.reason } : {}),
  });
  if (isTerminal(to)) {
    await releaseScheme(deps, next);
    const c = next.counts;
    await deps.audit.append({
      at: now,
      kind: 'run.ended',
      actor: 'app',
      subject: next.id,
      summary: `Run of "${next.plan.schemeName}" (${next.plan.mode}) ended ${to}: ${c.matched} matched, ${c.done} done, ${c.skipped} skipped, ${c.failed} failed`,
      details: { runId: next.id, schemeId: next.schemeId, state: to, reason: next.reason, counts: c },
    });
  }
  return next;
}

/** A finished run frees its scheme for the next run and leaves its result on the scheme. */
async function releaseScheme(deps: Pick<EngineDeps, 'schemes'>, run: RunRecord): Promise<void> {
  if (run.kind !== 'scheme') return;
  await deps.schemes.setLastRun(run.schemeId, {
    runId: run.id,
    state: run.state,
    finishedAt: run.finishedAt,
    counts: run.counts,
  });
  await deps.schemes.unlock(run.schemeId, run.id);
}
