/**
 * Warning users before acting (a scheme whose first action is `notify`). In a live run, a matched user who was
 * not warned yet gets an email saying what will happen after the grace period unless they use Confluence, with a
 * "keep my access" link; nothing else happens to them in that run. The scheme's other actions happen only in the
 * first run after the grace period, and only if the user is still inactive (re-checked right before acting) and
 * has not asked to keep access. A user who came back and later goes quiet again is warned afresh.
 */
import { addDays } from 'date-fns';
import type { ActionResult, UserOutcome } from '../domain/run';
import type { DirectoryUser } from '../domain/user';
import type { EngineDeps } from './ports';
import type { RunRecord } from './records';
import type { WarningRecord } from './ports/warningStore';
import { renderWarningEmail } from '../reports/warningEmail';
import { classifyMailFailure, MailConfigurationError } from './mailFailure';
import { redact } from '../domain/redact';

type Notify = { type: 'notify'; graceDays: number; message?: string };

export type WarningGate =
  | { kind: 'proceed'; result: ActionResult; warning: WarningRecord }
  | { kind: 'stop'; outcome: Pick<UserOutcome, 'outcome' | 'reason' | 'results' | 'warning'> };

/** Decides, for a user who still matches, whether the scheme's other actions may happen now. */
export async function passWarning(
  deps: EngineDeps,
  run: RunRecord,
  user: DirectoryUser,
  notify: Notify,
): Promise<WarningGate> {
  const now = deps.now();
  const existing = await deps.warnings.get(run.schemeId, user.accountId);
  if (existing?.status === 'keptAccess' && existing.keepAccessUntil && new Date(existing.keepAccessUntil) > now) {
    return {
      kind: 'stop',
      outcome: { outcome: 'exempt', reason: `asked to keep access (until ${existing.keepAccessUntil.slice(0, 10)})` },
    };
  }
  // Only a pending warning counts, and only if the user has not used Confluence since it was sent: after a comeback,
  // an action or an expired "keep my access", a user who goes quiet again is warned afresh.
  const live = existing?.status === 'pending' && !usedSince(user, existing) ? existing : undefined;
  if (live && live.runId === run.id) {
    // This run warned them already (an attempt that died before recording it): the same outcome, no second email.
    return { kind: 'stop', outcome: warnedOutcome(run, live.actAfter) };
  }
  if (live && new Date(live.actAfter) > now) {
    return {
      kind: 'stop',
      outcome: {
        outcome: 'skipped',
        reason: `warned on ${live.warnedAt.slice(0, 10)}; the grace period ends ${live.actAfter.slice(0, 10)}`,
      },
    };
  }
  if (live) {
    return {
      kind: 'proceed',
      result: {
        action: 'notify',
        result: 'skipped',
        detail: `warned on ${live.warnedAt.slice(0, 10)}; grace period over, still inactive`,
      },
      warning: live,
    };
  }
  return { kind: 'stop', outcome: await warn(deps, run, user, notify) };
}

async function warn(
  deps: EngineDeps,
  run: RunRecord,
  user: DirectoryUser,
  notify: Notify,
): Promise<Pick<UserOutcome, 'outcome' | 'reason' | 'results' | 'warning'>> {
  const failed = (detail: string) => ({
    outcome: 'failed' as const,
    reason: `notify: ${detail}; nothing else was done`,
    results: [{ action: 'notify' as const, result: 'failed' as const, detail }],
  });
  if (!user.email) return failed('no email address is known for this user, so they cannot be warned');
  const sender = await deps.mail.sender();
  if ('unavailable' in sender) return failed(sender.unavailable);
  const now = deps.now();
  const actAfter = addDays(now, notify.graceDays);
  const link = await deps.warnings.keepAccessUrl({
    schemeId: run.schemeId,
    accountId: user.accountId,
    expiresAt: actAfter.getTime(),
  });
  const others = run.plan.actions.filter((action) => action.type !== 'notify').map((action) => action.type);
  const email = renderWarningEmail({
    name: user.name,
    actions: others,
    actAfter: actAfter.toISOString(),
    keepAccessUrl: link,
    message: notify.message ?? null,
  });
  // Sent before it is recorded: a crash between the two sends the warning again on retry (a duplicate email), which
  // is safe; recording first could let the actions follow a warning that was never sent.
  const warning: WarningRecord = {
    schemeId: run.schemeId,
    accountId: user.accountId,
    name: user.name,
    email: user.email,
    runId: run.id,
    warnedAt: now.toISOString(),
    actAfter: actAfter.toISOString(),
    status: 'pending',
    keepAccessUntil: null,
  };
  try {
    await sender.send({ to: [user.email], subject: email.subject, html: email.html, text: email.text });
  } catch (error) {
    const failure = classifyMailFailure(error);
    if (failure === 'retry') throw error;
    if (failure === 'configuration') throw new MailConfigurationError('The warning emails', error);
    // The provider refused this address: this user was not warned, so nothing else happens to them; the run goes on.
    const problem = redact(`The warning email to ${user.email} could not be sent: ${(error as Error).message}`);
    return { ...failed('the warning email could not be sent'), warning: problem };
  }
  await deps.warnings.put(warning);
  await deps.audit.append({
    at: now.toISOString(),
    kind: 'user.warned',
    actor: run.requestedBy ?? 'app',
    subject: user.accountId,
    summary: `${user.name} warned: ${others.join(', ')} after ${actAfter.toISOString().slice(0, 10)} unless they use Confluence`,
    details: { runId: run.id, schemeId: run.schemeId, actAfter: actAfter.toISOString() },
  });
  return warnedOutcome(run, warning.actAfter);
}

function warnedOutcome(run: RunRecord, actAfter: string): Pick<UserOutcome, 'outcome' | 'reason' | 'results'> {
  const others = run.plan.actions.filter((action) => action.type !== 'notify').map((action) => action.type);
  const detail = `warned by email; ${others.join(', ')} will follow after ${actAfter.slice(0, 10)} if still inactive`;
  return { outcome: 'done', reason: detail, results: [{ action: 'notify', result: 'done', detail }] };
}

/** Whether the user used Confluence after the warning was sent. */
export function usedSince(user: Pick<DirectoryUser, 'lastActive'>, warning: Pick<WarningRecord, 'warnedAt'>): boolean {
  return user.lastActive !== null && user.lastActive > warning.warnedAt;
}

/**
 * Scanned users a notify scheme no longer matches, who had a pending warning and used Confluence since: the report
 * lists them ("came back", informational: not matched, not counted), and in a live run their warning is closed.
 */
export async function comebacks(
  deps: EngineDeps,
  run: RunRecord,
  outside: readonly DirectoryUser[],
): Promise<UserOutcome[]> {
  if (outside.length === 0) return [];
  const warnings = await deps.warnings.getMany(
    run.schemeId,
    outside.map((user) => user.accountId),
  );
  const back: UserOutcome[] = [];
  for (const user of outside) {
    const warning = warnings.get(user.accountId);
    if (!warning || warning.status !== 'pending' || !usedSince(user, warning)) continue;
    if (run.plan.mode === 'live') await deps.warnings.put({ ...warning, status: 'cameBack' });
    back.push({
      accountId: user.accountId,
      name: user.name,
      email: user.email,
      lastActive: user.lastActive,
      outcome: 'skipped',
      actions: [],
      informational: true,
      reason: `came back after the warning of ${warning.warnedAt.slice(0, 10)} (last active ${user.lastActive!.slice(0, 10)})`,
    });
  }
  return back;
}

/** A warned user who came back: their warning is closed, so the next time they go quiet they are warned again. */
export async function closeWarning(
  deps: EngineDeps,
  run: RunRecord,
  accountId: string,
  status: 'cameBack' | 'actedOn',
): Promise<void> {
  const existing = await deps.warnings.get(run.schemeId, accountId);
  if (existing && (existing.status === 'pending' || existing.status === 'keptAccess'))
    await deps.warnings.put({ ...existing, status });
}
