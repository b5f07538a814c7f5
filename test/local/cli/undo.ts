/**
 * `undo`: a live run kept in a state directory undone, whole or for some of its users, through the app's undo
 * preview and undo resolvers as the admin would.
 */
import type { RunSummary, UndoPreview } from '../../../src/contract';
import type { LocalSite } from '../localSite';
import { CliError, writeJson, type Faults } from './inputs';
import { formatSummary, MetricsWindow, toRunReport, type RunReport } from './report';
import { askApp, drainRun, openState, readRun, saveState, warnAboutAppBugs, type Output } from './session';

/**
 * Undoes a live run kept in the state directory, whole or for some users (account ids or emails), through the app's
 * resolvers as the admin would: the preview names who and what, the CLI command itself is the confirmation.
 */
export async function undo(
  opts: { state: string; run: string; users?: string[]; out?: string; siteOut?: string; faults?: Faults },
  output: Output,
): Promise<RunReport> {
  const local = openState(opts.state, output, opts.faults);
  try {
    const runId = opts.run === 'last' ? await lastUndoableRun(local) : opts.run;
    const accountIds = opts.users ? await accountIdsIn(local, runId, opts.users) : undefined;
    const payload = { runId, ...(accountIds ? { accountIds } : {}) };
    const preview = await askApp(
      `The app would not undo run ${runId}`,
      () => local.call<UndoPreview>('runs/undoPreview', payload),
      local,
    );
    output.out(preview.message);
    const started = await askApp(
      `The app would not undo run ${runId}`,
      () => local.call<RunSummary>('runs/undo', { ...payload, confirm: true }),
      local,
    );
    const window = new MetricsWindow(local);
    await drainRun(local, started.id);
    const report = toRunReport(await readRun(local, started.id), window.read());
    warnAboutAppBugs(local, output);
    if (opts.out) writeJson(opts.out, report);
    if (opts.siteOut) writeJson(opts.siteOut, local.site.toSiteFile());
    output.out(formatSummary(report));
    if (opts.out) output.out(`Report written to ${opts.out}.`);
    if (opts.siteOut) output.out(`Site after the undo written to ${opts.siteOut}.`);
    return report;
  } finally {
    saveState(local, opts.state);
    local.close();
  }
}

/** `--run last`: the newest live run that is not itself an undo. */
async function lastUndoableRun(local: LocalSite): Promise<string> {
  let cursor: string | undefined;
  for (;;) {
    const page = await askApp(
      'The app would not list its runs',
      () =>
        local.call<{ runs: RunSummary[]; nextCursor: string | null }>('runs/list', {
          limit: 100,
          ...(cursor ? { cursor } : {}),
        }),
      local,
    );
    const found = page.runs.find((summary) => summary.mode === 'live' && !summary.undoOf);
    if (found) return found.id;
    if (!page.nextCursor) throw new CliError('No live run is kept in this state directory: there is nothing to undo.');
    cursor = page.nextCursor;
  }
}

/** `--users`: each an account id or an email address of a user of the run. */
async function accountIdsIn(local: LocalSite, runId: string, users: string[]): Promise<string[]> {
  const detail = await readRun(local, runId);
  return users.map((wanted) => {
    const found = detail.users.find(
      (user) => user.accountId === wanted || (user.email !== null && user.email.toLowerCase() === wanted.toLowerCase()),
    );
    if (!found) throw new CliError(`--users: ${wanted} is not a user of run ${runId}.`);
    return found.accountId;
  });
}
