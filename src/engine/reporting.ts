/**
 * The reporting phase: after a run's counts are final, its report goes by email to the scheme's report users
 * and the members of its report groups (unless nobody matched and the scheme reports only when users match),
 * then the run is done. The email is sent at most once per run: the sending is claimed in storage first, so a
 * re-delivered event never sends a second copy. A run in `reporting` resumes here whatever event finds it.
 */
import type { UserOutcome } from '../domain/run';
import type { RunReportModel } from '../reports/model';
import { renderReportEmail } from '../reports/render';
import { resolveRecipients } from '../reports/recipients';
import type { EngineDeps } from './ports';
import type { RunRecord, RunReportStatus } from './records';
import { transition } from './transitions';
import { recordSnapshot } from './snapshot';
import { classifyMailFailure, MailConfigurationError } from './mailFailure';
import { redact } from '../domain/redact';
import type { BillingSummary } from '../domain/billing';
import { runBilling } from './billingSeats';
import { latestTestOf } from './billingForecast';
import { sumRunBatches } from './batchSum';

export async function completeReporting(deps: EngineDeps, reporting: RunRecord): Promise<void> {
  if (reporting.state !== 'reporting') return;
  if (reporting.plan.snapshot) await recordSnapshot(deps, reporting);
  // What the run saves is kept on the run (read back by the run page, the Overview and the CLI) and said in its email.
  const summed = await sumBilling(deps, reporting);
  if (!summed) return; // another delivery of this step moved the run on, and finishes it
  const { run, billing } = summed;
  const reported = billing ? { ...run, billing } : run;
  // The Overview forecasts the next bill from each scheme's latest test run: one small record per scheme.
  if (billing && run.kind === 'scheme' && run.plan.mode === 'test')
    await deps.billing.putLatestTest(run.schemeId, latestTestOf(run, deps.now().toISOString(), billing));
  const { status, warnings } = await sendReport(deps, reported);
  const done = await transition(deps, run, 'done', {
    report: status,
    warnings: [...(run.warnings ?? []), ...warnings],
    ...(billing ? { billing } : {}),
  });
  // A snapshot's pages are summed into the day's record above and never shown: kept, they would hold a copy of the
  // site's users for each day of the retention period (20 MB a day at 100,000 users). Deleted only once the run is
  // done, so a retry of this step never sums a half-deleted run; whatever a dying invocation leaves goes with the run.
  if (done && run.plan.snapshot) await deps.runs.deleteRunData(run.id);
}

async function sendReport(deps: EngineDeps, run: RunRecord): Promise<{ status: RunReportStatus; warnings: string[] }> {
  const report = run.plan.scheme.scheme.report;
  if (report.onlyWhenUsersMatched && run.counts.matched === 0) {
    return {
      status: {
        status: 'skipped',
        detail: 'Nobody matched, and this scheme only sends a report when users match.',
        recipients: [],
      },
      warnings: [],
    };
  }
  const groupIds = run.plan.scheme.reportGroups.map((group) => group.id);
  if (report.emailUsers.length === 0 && groupIds.length === 0) {
    return {
      status: {
        status: 'skipped',
        detail: run.plan.needsApproval
          ? 'The scheme needs approval but names no one to send its report to, so nobody was asked to approve this run: review it here.'
          : 'The scheme names no one to send its report to.',
        recipients: [],
      },
      warnings: [],
    };
  }
  const sender = await deps.mail.sender();
  if ('unavailable' in sender)
    return { status: { status: 'notSent', detail: sender.unavailable, recipients: [] }, warnings: [] };
  const { recipients, warnings } = await resolveRecipients(
    { userIds: report.emailUsers, groupIds },
    deps.mail.recipients(),
  );
  if (recipients.length === 0) {
    return {
      status: { status: 'notSent', detail: 'No recipient of this report has a known email address.', recipients: [] },
      warnings,
    };
  }
  if (!(await deps.runs.claimReport(run.id))) {
    return {
      status: {
        status: 'notSent',
        detail: 'An earlier attempt of this step claimed the report email; it is not sent twice.',
        recipients: [],
      },
      warnings,
    };
  }
  const email = renderReportEmail(await reportModel(deps, run, warnings));
  try {
    await sender.send({
      to: recipients.map((recipient) => recipient.email),
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: [{ filename: email.csv.filename, content: email.csv.content, contentType: 'text/csv' }],
    });
  } catch (error) {
    const failure = classifyMailFailure(error);
    if (failure === 'retry') throw error;
    if (failure === 'configuration') throw new MailConfigurationError('The report email', error);
    // A refused recipient does not undo the run: it ends done, and says why its report did not go out.
    const detail = redact(`The email provider refused the report: ${(error as Error).message}`);
    return { status: { status: 'notSent', detail, recipients: [] }, warnings: [...warnings, detail] };
  }
  const addresses = recipients.map((recipient) => recipient.email);
  await deps.audit.append({
    at: deps.now().toISOString(),
    kind: 'report.sent',
    actor: 'app',
    subject: run.id,
    summary: `Report of "${run.plan.schemeName}" sent to ${addresses.length} recipient${addresses.length === 1 ? '' : 's'}`,
    details: { runId: run.id, recipients: addresses },
  });
  return { status: { status: 'sent', detail: `Sent to ${addresses.join(', ')}.`, recipients: addresses }, warnings };
}

/**
 * What the run saves, summed over its batches, resumable after a storage 429 as the end-of-run counts are
 * (batchSum.ts). Undefined when another delivery moved the run on.
 */
async function sumBilling(
  deps: EngineDeps,
  from: RunRecord,
): Promise<{ run: RunRecord; billing: BillingSummary | undefined } | undefined> {
  const timeZone = (await deps.settings.get()).defaultTimeZone;
  // A run without billing settings, an undo run or a site snapshot saves nothing: no batch is read for it.
  if (!runBilling(from, [], timeZone)) return { run: from, billing: undefined };
  const summed = await sumRunBatches(deps, from, {
    start: from.billingTally ?? { afterSeq: -1 },
    add: (sum, batch) => {
      const billing = runBilling(from, batch.users, timeZone, sum.billing);
      return { afterSeq: batch.seq, ...(billing ? { billing } : {}) };
    },
    keep: (run, billingTally) => ({ ...run, billingTally }),
  });
  // A run without batches still has a summary: nothing saved.
  return summed && { run: summed.run, billing: summed.sum.billing ?? runBilling(summed.run, [], timeZone) };
}

/** Every matched user of the run, read back from its batches. */
export async function reportModel(
  deps: Pick<EngineDeps, 'runs' | 'now' | 'settings'>,
  run: RunRecord,
  warnings: string[],
): Promise<RunReportModel> {
  const users = await runUsers(deps, run);
  return {
    runId: run.id,
    schemeName: run.plan.schemeName,
    trigger: run.trigger,
    mode: run.plan.mode,
    status: 'done',
    reason: run.reason,
    startedAt: run.startedAt,
    finishedAt: deps.now().toISOString(),
    counts: run.counts,
    users,
    warnings: [...(run.warnings ?? []), ...warnings],
    siteUrl: null,
    ...(run.billing ? { billing: run.billing } : {}),
    ...(run.plan.needsApproval
      ? {
          approval: {
            reviewRoute: reviewRoute(run.startedAt),
            pageUrl: await deps.settings.adminPageUrl(),
            pageRoute: pageRoute(run.startedAt),
          },
        }
      : {}),
  };
}

/** Every matched user of the run, read back from its batches (one read per stored batch). */
async function runUsers(deps: Pick<EngineDeps, 'runs'>, run: RunRecord): Promise<UserOutcome[]> {
  const users: UserOutcome[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.runs.listBatches(run.id, cursor ? { cursor } : {});
    for (const batch of page.batches) users.push(...batch.users);
    cursor = page.nextCursor;
  } while (cursor);
  return users;
}

/** Where the run is once the admin page is open: the page has no deep links, so these words go with its URL. */
export function pageRoute(startedAt: string): string {
  const day = startedAt.slice(0, 16).replace('T', ' ');
  return `Run history → run of ${day} UTC → Apply this test run`;
}

/**
 * Where an approver finds a run in the admin page, when the page never reported its URL (it learns it from Forge's
 * router when an admin opens it; Atlassian documents no URL pattern for a `confluence:globalSettings` page).
 */
export function reviewRoute(startedAt: string): string {
  return `Confluence → Settings → User manager → ${pageRoute(startedAt)}`;
}
