/**
 * What every CLI command shares: opening the local site (from a site file or a kept state directory) and refusing
 * one the app cannot use, calling the app as the site admin would (retrying what Atlassian or a quota refused), and
 * one run through the real handlers from start to end. The commands themselves live beside it (run.ts, undo.ts,
 * simulate.ts, bench.ts, demo.ts), each driving the app only through these.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunDetail } from '../../../src/contract';
import { isTerminal } from '../../../src/domain/run';
import { LocalSite, NoAdminError, type LocalSiteOptions } from '../localSite';
import { parseSiteFile, type SiteFile } from '../site';
import { CliError, readSiteFile, type Faults, type SchemeFile } from './inputs';
import { MetricsWindow, toRunReport, type RunMetrics, type RunReport } from './report';

export interface Output {
  out: (line: string) => void;
  /** Where the app's own log lines go with --verbose (never console.*: the runtime captures it inside invocations). */
  appLog?: (line: string) => void;
}

/** `--admin-rate` and `--no-retry-after`, as the local site's options. */
function siteConditions(faults: Faults): Pick<LocalSiteOptions, 'adminRatePerMinute' | 'retryAfter'> {
  return {
    ...(faults.adminRatePerMinute !== undefined ? { adminRatePerMinute: faults.adminRatePerMinute } : {}),
    ...(faults.retryAfter !== undefined ? { retryAfter: faults.retryAfter } : {}),
  };
}

/** `fileName`: the site file the site comes from, named when it cannot be used. */
export function openSite(
  siteFile: SiteFile,
  output: Output,
  faults: Faults = {},
  fileName?: string,
  extra: Pick<LocalSiteOptions, 'heapProbe'> = {},
): LocalSite {
  const local = new LocalSite({
    siteFile,
    ...extra,
    ...(faults.site ? { siteFaults: faults.site } : {}),
    ...(faults.queue ? { queueFaults: faults.queue } : {}),
    ...siteConditions(faults),
    log: output.appLog ?? (() => undefined),
  });
  const file = fileName ?? '(generated)';
  const problem = !siteFile.groups.some((group) => group.grantsConfluenceAccess)
    ? `groups[].grantsConfluenceAccess: no group grants Confluence access, so no user holds a seat and nobody can open the app; mark the product-access group(s) "grantsConfluenceAccess": true`
    : !local.hasAdmin
      ? `${new NoAdminError().message}. The CLI saves schemes and starts runs as an admin would; every Atlassian organization has an org admin, so set users[].orgAdmin on one`
      : undefined;
  if (problem) {
    local.close();
    throw new CliError(`The site file ${file} cannot be used: ${problem}.`);
  }
  return local;
}

/**
 * An admin whose click meets a throttled or failing Atlassian API clicks again: at once for the first few times (an
 * injected fault strikes one request, not a moment), then a little later each time (a real rate limit needs time).
 * Clicking again at once keeps `run` starting at the site's `now` with --faults too, so its run decides as of the
 * same instant as a clean one.
 */
/** Ten at once, then twenty 5 s apart: longer than the minute after which Forge restores its storage quota. */
const ADMIN_ATTEMPTS = 30;
const ADMIN_ATTEMPTS_AT_ONCE = 10;
const ADMIN_RETRY_MS = 5_000;

/**
 * Calls the app as the admin would, turning a refused resolver call into a message about what the user
 * handed the CLI. With --faults the resolver's own API calls fail too; those are retried, so the faults
 * shape the run rather than stop the CLI at the first click.
 */
export async function askApp<T>(what: string, call: () => Promise<T>, local?: LocalSite): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const answer = (error as { answer?: { code: string; message: string; fields?: Record<string, string> } }).answer;
      if (!answer) throw error;
      // Atlassian's answer was the problem, or a check (is the caller an admin?) could not complete: safe to retry.
      if (local && (answer.code === 'ATLASSIAN_API' || answer.code === 'CHECK_FAILED') && attempt < ADMIN_ATTEMPTS) {
        if (attempt >= ADMIN_ATTEMPTS_AT_ONCE) local.clock.advanceBy(ADMIN_RETRY_MS);
        continue;
      }
      const fields = Object.entries(answer.fields ?? {})
        .map(([path, message]) => `\n  - ${path}: ${message}`)
        .join('');
      throw new CliError(`${what}: ${answer.message}${fields}`);
    }
  }
}

export async function saveSchemeFile(local: LocalSite, file: SchemeFile): Promise<string> {
  const saved = await askApp(
    `The app refused the scheme file ${file.fileName}`,
    () => local.saveScheme(file.json),
    local,
  );
  return saved.id;
}

export function readRun(local: LocalSite, runId: string): Promise<RunDetail> {
  return askApp(`The app would not show run ${runId}`, () => local.runReport(runId), local);
}

export function warnAboutAppBugs(local: LocalSite, output: Output): void {
  for (const error of local.forge.uncaughtConsumerErrors.splice(0)) {
    output.out(
      `warning: a queue consumer threw instead of returning (an app bug, Forge would drop the event): ${error.message}`,
    );
  }
}

/** One run through the real handlers: start it, deliver its queue events until none is left, read it back. */
export async function runOnce(
  local: LocalSite,
  schemeId: string,
  mode: 'test' | 'live',
  what = 'The app would not start the run',
  users: 'all' | 'first page' = 'all',
): Promise<{ report: RunReport; metrics: RunMetrics; wallMs: number }> {
  // Going live needs a fresh test run, confirmed: that test is the admin's step before the run, not part of its cost.
  const confirm = mode === 'live' ? await askApp(what, () => local.liveConfirmation(schemeId), local) : undefined;
  const window = new MetricsWindow(local);
  const started = await askApp(what, () => local.runNow(schemeId, mode, confirm), local);
  await drainRun(local, started.id);
  const metrics = window.read();
  const wallMs = window.wallMs();
  const detail =
    users === 'all'
      ? await readRun(local, started.id)
      : await askApp(
          `The app would not show run ${started.id}`,
          () => local.call<RunDetail>('runs/get', { runId: started.id }),
          local,
        );
  return { report: toRunReport(detail, metrics), metrics, wallMs };
}

/** Forge fires the app's scheduler every five minutes; it also pushes the steps Forge refused for its quotas. */
const SCHEDULER_TICK_MS = 5 * 60_000;
/** Two days of ticks: a run still unfinished then is reported as it stands. */
const MAX_SCHEDULER_TICKS = 576;

/**
 * Delivers the run's events until it ends. When the queue is empty but the run is not over (a push was refused by
 * a queue quota and kept for later), time goes on as on Forge: the scheduler trigger fires every five minutes.
 */
export async function drainRun(local: LocalSite, runId: string): Promise<void> {
  for (let tick = 0; tick < MAX_SCHEDULER_TICKS; tick += 1) {
    await local.drain();
    const run = await readRunSummary(local, runId);
    if (isTerminal(run.state)) return;
    local.clock.advanceBy(SCHEDULER_TICK_MS);
    await local.forge.fireTrigger('scheme-scheduler');
  }
}

function readRunSummary(local: LocalSite, runId: string): Promise<RunDetail> {
  return askApp(`The app would not show run ${runId}`, () => local.call<RunDetail>('runs/get', { runId }), local);
}

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new CliError(`${flag} is required.`, 2);
  return value;
}

/**
 * The local installation kept in a state directory: the app's storage (kvs.json) and the simulated site (site.json).
 * The first command starts it from `--site`; later ones continue it (the kept site wins over `--site`).
 */
export function openState(stateDir: string, output: Output, faults: Faults = {}, siteFallback?: string): LocalSite {
  const kvsFile = path.join(stateDir, 'kvs.json');
  const siteFile = path.join(stateDir, 'site.json');
  const kept = existsSync(kvsFile) && existsSync(siteFile);
  if (!kept && !siteFallback)
    throw new CliError(
      `${stateDir} holds no kept state (kvs.json and site.json): start it with \`run --site SITE.json --state ${stateDir} ...\`.`,
    );
  const site = kept ? parseSiteFile(JSON.parse(readFileSync(siteFile, 'utf8')), siteFile) : readSiteFile(siteFallback!);
  return new LocalSite({
    siteFile: site,
    kvsFile,
    ...(kept ? { withApiKey: false } : {}),
    ...(faults.site ? { siteFaults: faults.site } : {}),
    ...(faults.queue ? { queueFaults: faults.queue } : {}),
    ...siteConditions(faults),
    log: output.appLog ?? (() => undefined),
  });
}

export function saveState(local: LocalSite, stateDir: string): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(path.join(stateDir, 'site.json'), JSON.stringify(local.site.toSiteFile(), null, 2));
  local.persist();
}

export async function saveSchemeByName(local: LocalSite, file: SchemeFile): Promise<string> {
  const schemes = await askApp(
    'The app would not list its schemes',
    () => local.call<Array<{ id: string; name: string }>>('schemes/list'),
    local,
  );
  const existing = schemes.find((scheme) => scheme.name === file.scheme.name);
  if (!existing) return saveSchemeFile(local, file);
  const saved = await askApp(
    `The app refused the scheme file ${file.fileName}`,
    () => local.saveScheme(file.json, existing.id),
    local,
  );
  return saved.id;
}
