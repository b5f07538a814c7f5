/**
 * `demo`: the saved demo installation (or a new one), its demo scheme's latest test run as a table, then the admin
 * page served on 127.0.0.1 (the preview) until stopped.
 */
import { rmSync } from 'node:fs';
import net from 'node:net';
import type { RunsPage } from '../../../src/contract';
import { isTerminal } from '../../../src/domain/run';
import type { LocalSite } from '../localSite';
import { startPreview } from '../preview/server';
import { hasSavedDemoSite, openDemoSite, saveDemoSite } from '../preview/site';
import { DEMO_SCHEME } from './demoScheme';
import { CliError } from './inputs';
import { formatSummary, formatUserTable, toRunReport, type RunReport } from './report';
import { askApp, readRun, warnAboutAppBugs, type Output } from './session';

export interface DemoOptions {
  /** Users of a new demo site (default 300). A saved one keeps its own: given with one, it is ignored, with a note. */
  users?: number;
  /** Seed of a new demo site (default 7); like `users`, ignored with a saved site. */
  seed?: number;
  /** Where the demo installation keeps its state between starts (e.g. .local/demo). */
  stateDir: string;
  /** Forget the kept state and build the demo site again. */
  fresh?: boolean;
  /** Days of history a new demo site starts with (default a year: the Overview's charts); tests ask for fewer. */
  historyDays?: number;
  /** Serve the admin page of the demo site on 127.0.0.1 after the report, until `untilStopped()` resolves (Ctrl-C). */
  preview?: { port: number; untilStopped: () => Promise<void> };
}

export const DEMO_DEFAULTS = { users: 300, seed: 7 } as const;

function portTaken(port: number): CliError {
  return new CliError(`Port ${port} is taken: start the preview on another one with --port N (or PORT=N).`);
}

/** Fails at once on a port another process holds, before the demo spends any time building its site. */
async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portTaken(port) : error),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * The demo: the saved installation (or a new one), the demo scheme's latest test run as a table, then the preview.
 * A start shows the run it finds rather than adding one each time: the first start's site build made one, and
 * the page runs it again on request.
 */
export async function demo(opts: DemoOptions, output: Output): Promise<RunReport> {
  if (opts.preview) await assertPortFree(opts.preview.port);
  if (opts.fresh) rmSync(opts.stateDir, { recursive: true, force: true });
  const saved = hasSavedDemoSite(opts.stateDir);
  const local = await openDemoSite({
    users: opts.users ?? DEMO_DEFAULTS.users,
    seed: opts.seed ?? DEMO_DEFAULTS.seed,
    stateDir: opts.stateDir,
    ...(output.appLog ? { log: output.appLog } : {}),
    ...(opts.historyDays !== undefined ? { historyDays: opts.historyDays } : {}),
  });
  const siteFile = local.site.toSiteFile();
  try {
    if (saved) {
      const ignored = [
        ...(opts.users !== undefined ? [`--users ${opts.users}`] : []),
        ...(opts.seed !== undefined ? [`--seed ${opts.seed}`] : []),
      ];
      if (ignored.length > 0)
        output.out(
          `${ignored.join(' and ')} ignored: the saved demo site in ${opts.stateDir} is used as it is (${siteFile.users.length} users); add --fresh to build a new one.`,
        );
    }
    const schemes = await askApp(
      'The app would not list its schemes',
      () => local.call<Array<{ id: string; name: string }>>('schemes/list'),
      local,
    );
    const schemeId =
      schemes.find((scheme) => scheme.name === DEMO_SCHEME.name)?.id ??
      (await askApp('The app refused the demo scheme', async () => (await local.saveScheme(DEMO_SCHEME)).id));
    output.out(
      `A generated site of ${siteFile.users.length} users (org ${siteFile.org.name}, ${siteFile.site.url}), on ${siteFile.now}; state kept in ${opts.stateDir} (--fresh starts over).`,
    );
    output.out(
      `Scheme "${DEMO_SCHEME.name}": remove Confluence access from users inactive for 90 days, in test mode (nothing changes).\n`,
    );
    const runs = await askApp(
      'The app would not list the runs',
      () => local.call<RunsPage>('runs/list', { schemeId }),
      local,
    );
    const latest = runs.runs.find((run) => run.mode === 'test' && isTerminal(run.state));
    let runId: string;
    if (latest) {
      output.out(`Its latest test run, of ${latest.startedAt} (run it again from the page: Schemes → Run test):\n`);
      runId = latest.id;
    } else {
      runId = (await askApp('The app would not start the run', () => local.runNow(schemeId, 'test'), local)).id;
      await local.drain();
    }
    const detail = await readRun(local, runId);
    warnAboutAppBugs(local, output);
    output.out(formatUserTable(detail));
    output.out('');
    const report = toRunReport(detail);
    output.out(formatSummary(report));
    if (opts.preview) await servePreview(local, opts.preview, output);
    return report;
  } finally {
    saveDemoSite(local, opts.stateDir);
    local.close();
  }
}

async function servePreview(
  local: LocalSite,
  opts: { port: number; untilStopped: () => Promise<void> },
  output: Output,
): Promise<void> {
  if (!local.hasAdmin)
    throw new CliError(
      'The preview shows the admin page as the site admin using it, and this site has none: give one active user with Confluence access a group with "grantsSiteAdmin": true, or "orgAdmin": true.',
    );
  let preview;
  try {
    preview = await startPreview({ local, port: opts.port, log: (line) => output.out(`[preview] ${line}`) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw portTaken(opts.port);
    throw error;
  }
  output.out(`\nThe admin page of this site, in your browser: ${preview.url}`);
  output.out("(the page's real code and resolvers on this local site, as the site admin; Ctrl-C stops it)");
  await opts.untilStopped();
  await preview.close();
}
