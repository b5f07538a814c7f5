/**
 * The calls an act step sends for one user it has decided to act on, and what they record. A live run's user gets
 * the scheme's actions planned from the state they were re-checked in; an undo run's user gets the inverse of the
 * original run's steps. A user resumed from an attempt that died gets only the steps the site does not show as done
 * yet, and a step already true counts as done by this run, since only this run was doing it. Each call that may have
 * reached Atlassian marks the user as touched, so a retry keeps them in the intent (see actOnBatch in act.ts, which
 * decides, records and orders these calls).
 */
import { applyStep, planAction, type ActionStep, type PlanContext, type ResolvedAction } from '../domain/actions';
import type { ActionResult, UserOutcome } from '../domain/run';
import type { DirectoryUser } from '../domain/user';
import { stepsNotYetTrue, undoSteps, type RecordedChanges } from '../domain/undo';
import { redact } from '../domain/redact';
import { planContextOf } from './classify';
import { isRetryable, type Directory, type EngineDeps } from './ports';
import type { IntentUser, RunRecord } from './records';
import { closeWarning } from './warnings';
import { decidedAsOf } from './startRun';

/** One user the batch acts on: from the intent of this attempt, or resumed from an attempt that died. */
export interface ToAct {
  user: UserOutcome;
  intent: IntentUser;
  resumed: boolean;
}

/**
 * Runs the scheme's actions for one user, planned from the state they were re-checked in. A resumed user's actions
 * are planned the same way, then only the steps still not true on the site (re-read in bulk) are sent.
 */
export async function actOnUser(
  deps: EngineDeps,
  run: RunRecord,
  directory: Directory,
  item: ToAct,
  current: ReadonlyMap<string, DirectoryUser>,
  progress: { touched: boolean },
): Promise<{ results: ActionResult[]; changes: RecordedChanges }> {
  const { intent, resumed } = item;
  let planned = intent.subject;
  let onSite = resumed ? (current.get(intent.subject.accountId) ?? intent.subject) : intent.subject;
  const results: ActionResult[] = [...intent.results];
  // What took effect, so the run can be undone (src/domain/undo.ts).
  const changes: RecordedChanges = { statusBefore: intent.subject.status, actions: [] };
  const org = planContextOf(run.plan, decidedAsOf(run));
  for (const [index, action] of run.plan.actions.entries()) {
    if (index < intent.results.length) continue; // decided before the intent (a warning gate)
    const plan = planAction(action, planned, org);
    if (plan.kind === 'skip') {
      results.push({ action: action.type, result: 'skipped', detail: plan.reason });
      continue;
    }
    for (const step of plan.steps) planned = applyStep(planned, step);
    const toSend = resumed ? stepsStillNeeded(action, onSite, plan.steps, org) : plan.steps;
    // A resumed user's planned steps already true on the site were sent by the attempt that died.
    const sentBefore = resumed ? plan.steps.filter((step) => !toSend.includes(step)) : [];
    const result = await runSteps(directory, intent.subject.accountId, toSend, resumed, progress);
    for (const step of toSend) onSite = applyStep(onSite, step);
    const { took, ...outcome } = result;
    const tookEffect = [...sentBefore, ...took];
    if (tookEffect.length > 0) changes.actions.push({ action: action.type, steps: tookEffect });
    results.push({ action: action.type, ...outcome });
  }
  if (run.plan.actions[0]?.type === 'notify') await closeWarning(deps, run, intent.subject.accountId, 'actedOn');
  return { results, changes };
}

/** Sends the inverse of the original run's steps for one user; a resumed user only those not yet true. */
export async function undoUser(
  directory: Directory,
  item: ToAct,
  current: ReadonlyMap<string, DirectoryUser>,
  progress: { touched: boolean },
): Promise<{ results: ActionResult[] }> {
  const { intent, resumed, user } = item;
  let onSite = resumed ? (current.get(user.accountId) ?? intent.subject) : intent.subject;
  const results: ActionResult[] = [];
  for (const { action, steps } of user.undoing ? undoSteps(user.undoing) : []) {
    const toSend = stepsNotYetTrue(onSite, steps);
    const { took: _took, ...result } = await runSteps(directory, user.accountId, toSend, resumed, progress);
    for (const step of toSend) onSite = applyStep(onSite, step);
    results.push({
      action,
      ...result,
      ...(result.result === 'done'
        ? { detail: 'undone' }
        : result.result === 'skipped'
          ? { detail: 'already restored' }
          : {}),
    });
  }
  return { results };
}

/** Of an action's planned steps, those the site does not show as done yet. */
function stepsStillNeeded(
  action: ResolvedAction,
  onSite: DirectoryUser,
  planned: readonly ActionStep[],
  org: PlanContext,
): ActionStep[] {
  // The decision stands (activity is not judged again): only which of its steps the site shows as done.
  const now = planAction(action, onSite, { ...org, activity: undefined });
  if (now.kind === 'skip') return [];
  const needed = new Set(now.steps.map(stepKey));
  return planned.filter((step) => needed.has(stepKey(step)));
}

async function runSteps(
  directory: Directory,
  accountId: string,
  steps: readonly ActionStep[],
  resumed: boolean,
  progress: { touched: boolean },
): Promise<Omit<ActionResult, 'action'> & { took: ActionStep[] }> {
  // A resumed user's steps that are already true were sent by the attempt that died: done, by this run.
  let changed = resumed;
  const took: ActionStep[] = [];
  for (const step of steps) {
    let answer: 'done' | 'already';
    try {
      answer = await directory.perform(accountId, step);
    } catch (error) {
      // A refused call (429) changed nothing; any other failure may have reached Atlassian.
      if ((error as { kind?: unknown }).kind !== 'rateLimited') progress.touched = true;
      if (isRetryable(error)) throw error;
      return { result: 'failed', detail: redact((error as Error).message), took };
    }
    progress.touched = true;
    // Sent by this run: a repeat of a resumed user's step that answers "already" was ours too.
    if (answer === 'done' || resumed) took.push(step);
    if (answer === 'done') changed = true;
  }
  return changed ? { result: 'done', took } : { result: 'skipped', detail: 'already so on the site', took };
}

function stepKey(step: ActionStep): string {
  return 'groupId' in step ? `${step.kind}:${step.groupId}` : step.kind;
}
