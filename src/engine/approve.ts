/**
 * Review and approve: a finished test run's planned users, approved as they are or with some left out, become a live
 * run that acts on exactly those users. Its "scan" reads the test run's batches instead of the directory (only the
 * approved planned users, pending); its act step is any live run's: each user is re-checked right before acting and
 * decided again as of the live run's start (someone active since is skipped, someone exempt since is exempt). The plan
 * is the test run's, frozen when it ran: what the admin reviewed is what runs.
 */
import { isTerminal, type UserOutcome } from '../domain/run';
import type { EngineDeps } from './ports';
import type { RunRecord } from './records';
import { launchRun, queuedRun, SCHEME_LOCK_SECONDS, type StartRunResult } from './startRun';

export interface ApprovalPlan {
  run: RunRecord;
  approved: Array<Pick<UserOutcome, 'accountId' | 'name' | 'email' | 'reason'>>;
  excluded: string[];
  pages: number;
  /** A review of a big test run lists its first users only: how many it approves in all. */
  total?: number;
}

export type ApprovalRefusal = { ok: false; code: 'NOT_FOUND' | 'NOT_APPROVABLE'; message: string };

/** Why this run cannot be applied live; null when it can. */
export function whyNotApprovable(run: RunRecord | undefined): ApprovalRefusal | null {
  if (!run) return { ok: false, code: 'NOT_FOUND', message: 'This run no longer exists.' };
  if (run.plan.mode !== 'test')
    return { ok: false, code: 'NOT_APPROVABLE', message: 'Only a test run can be applied: this run was live.' };
  if (run.plan.snapshot || run.plan.undoOf || run.plan.dueDeletions)
    return { ok: false, code: 'NOT_APPROVABLE', message: 'This run plans no actions to apply.' };
  if (!isTerminal(run.state) || run.state !== 'done')
    return {
      ok: false,
      code: 'NOT_APPROVABLE',
      message: isTerminal(run.state)
        ? `This test run ended ${run.state}: its list of planned users is not complete, so it cannot be applied.`
        : 'This test run is still running: wait for it to finish, then review its list.',
    };
  return null;
}

export async function planApproval(
  deps: EngineDeps,
  runId: string,
  excludeAccountIds: readonly string[] = [],
): Promise<{ ok: true; plan: ApprovalPlan } | ApprovalRefusal> {
  const run = await deps.runs.getRun(runId);
  const refusal = whyNotApprovable(run);
  if (refusal || !run) return refusal ?? { ok: false, code: 'NOT_FOUND', message: 'This run no longer exists.' };
  const planned: UserOutcome[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(run.id, cursor ? { cursor } : {});
    for (const batch of page.batches) {
      pages = Math.max(pages, batch.seq + 1);
      planned.push(...batch.users.filter((user) => user.outcome === 'planned' && !user.informational));
    }
    cursor = page.nextCursor;
  } while (cursor);
  const plannedIds = new Set(planned.map((user) => user.accountId));
  const unknown = excludeAccountIds.filter((id) => !plannedIds.has(id));
  if (unknown.length > 0)
    return {
      ok: false,
      code: 'NOT_APPROVABLE',
      message: `Only users this test run planned can be left out; not planned: ${unknown.slice(0, 10).join(', ')}.`,
    };
  const excluded = new Set(excludeAccountIds);
  const approved = planned
    .filter((user) => !excluded.has(user.accountId))
    .map(({ accountId, name, email, reason }) => ({ accountId, name, email, reason }));
  if (approved.length === 0)
    return { ok: false, code: 'NOT_APPROVABLE', message: 'No user is approved: there is nothing to apply.' };
  return { ok: true, plan: { run, approved, excluded: [...excluded], pages } };
}

/** The confirmation's words: how many users, who, and what is done to them. */
export function describeApproval(plan: ApprovalPlan, shown = 10): string {
  const names = plan.approved
    .slice(0, shown)
    .map((user) => user.name)
    .join(', ');
  const total = plan.total ?? plan.approved.length;
  const listed = Math.min(shown, plan.approved.length);
  const more = total > listed ? ` and ${total - listed} more` : '';
  const left = plan.excluded.length > 0 ? ` (${plan.excluded.length} left out)` : '';
  const actions = plan.run.plan.actions.map((action) => action.type).join(', ');
  return `Apply "${plan.run.plan.schemeName}" live to ${total} approved user${total === 1 ? '' : 's'}${left}: ${names}${more}. Actions: ${actions}. Each user is re-checked right before acting; nobody else is touched.`;
}

/** Starts the live run of an approved test run (the caller has the admin's confirmation). */
export async function startApproved(
  deps: EngineDeps,
  plan: ApprovalPlan,
  requestedBy: string | null,
): Promise<StartRunResult> {
  const tested = plan.run;
  const now = deps.now().toISOString();
  const run = queuedRun(
    {
      schemeId: tested.schemeId,
      kind: tested.kind,
      trigger: 'manual',
      requestedBy,
      plan: {
        ...tested.plan,
        asOf: now,
        mode: 'live',
        // The approved users are exactly those the admin confirmed: the safety limit is their number.
        maxUsersPerRun: plan.approved.length,
        approvedFrom: { runId: tested.id, pages: plan.pages, excludedAccountIds: plan.excluded },
      },
    },
    now,
  );
  // The seat target was applied when the test run chose its users: the approved list is the choice.
  delete run.plan.untilSeatsAtMost;
  // The live run is the approval itself: its report is a plain report, not another request to approve.
  delete run.plan.needsApproval;
  if (run.kind === 'scheme' && !(await deps.schemes.lock(run.schemeId, run.id, SCHEME_LOCK_SECONDS))) {
    return {
      ok: false,
      code: 'ALREADY_RUNNING',
      message: `"${tested.plan.schemeName}" is running now; apply its test run once that run ends.`,
    };
  }
  await launchRun(deps, run, {
    summary: `Test run ${tested.id} of "${tested.plan.schemeName}" applied live to ${plan.approved.length} approved users`,
    details: { approvedFrom: tested.id, excluded: plan.excluded.length },
    log: { step: 'approve.start', approvedFrom: tested.id, users: plan.approved.length },
  });
  return { ok: true, run };
}
