/**
 * The CLI's commands. Each drives the app only as Confluence would (resolvers as the site admin, queue
 * deliveries, scheduled triggers) through a LocalSite, and prints for people on stdout; `--out` files are
 * the machine-readable contract.
 */
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { addDays, addHours } from 'date-fns';
import type { RunDetail, RunsPage, RunSummary, UndoPreview } from '../../../src/contract';
import { isTerminal } from '../../../src/domain/run';
import { LIMITS } from '../../../src/domain/scheme/rules';
import { LocalSite, NoAdminError, type LocalSiteOptions } from '../localSite';
import { HeapProbe } from '../heapProbe';
import { LOCAL_POSTMARK_TOKEN } from '../mail';
import { SimulatedPeople } from './people';
import { startPreview } from '../preview/server';
import { hasSavedDemoSite, openDemoSite, saveDemoSite } from '../preview/site';
import { DEFAULT_RATE_LIMITS, generateSite, parseSiteFile, type SiteFile } from '../site';
import { loadFieldValues } from './fields';
import { applySettingsFile, readSettingsFile } from './settings';
import { billingSentence } from '../../../src/domain/billing';
import { CliError, readSchemeFile, readSiteFile, writeJson, type Faults, type SchemeFile } from './inputs';
import {
  formatCounts,
  formatSummary,
  formatUserTable,
  MetricsWindow,
  toRunReport,
  type RunMetrics,
  type RunReport,
} from './report';
import { DEMO_SCHEME } from './demoScheme';

export { DEMO_SCHEME };

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
function openSite(
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
async function askApp<T>(what: string, call: () => Promise<T>, local?: LocalSite): Promise<T> {
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

async function saveSchemeFile(local: LocalSite, file: SchemeFile): Promise<string> {
  const saved = await askApp(
    `The app refused the scheme file ${file.fileName}`,
    () => local.saveScheme(file.json),
    local,
  );
  return saved.id;
}

function readRun(local: LocalSite, runId: string): Promise<RunDetail> {
  return askApp(`The app would not show run ${runId}`, () => local.runReport(runId), local);
}

function warnAboutAppBugs(local: LocalSite, output: Output): void {
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
async function drainRun(local: LocalSite, runId: string): Promise<void> {
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

// ---------------------------------------------------------------------------------------------------------------

export function generate(opts: { users: number; seed: number; now?: string; out?: string }, output: Output): void {
  const site = generateSite({ users: opts.users, seed: opts.seed, ...(opts.now ? { now: opts.now } : {}) });
  if (!opts.out) {
    output.out(JSON.stringify(site, null, 2));
    return;
  }
  writeJson(opts.out, site);
  output.out(
    `Wrote ${opts.out}: ${site.users.length} users, ${site.groups.length} groups, org ${site.org.name}, now ${site.now}.`,
  );
}

export async function run(
  opts: {
    site?: string;
    scheme: string;
    mode?: 'test' | 'live';
    out?: string;
    siteOut?: string;
    faults?: Faults;
    fields?: string;
    /** Settings values saved through the app before the run (src: test/local/cli/settings.ts). */
    settings?: string;
    /** Keep the app's storage and the site here between commands (`undo` reads them). */
    state?: string;
  },
  output: Output,
): Promise<RunReport> {
  const schemeFile = readSchemeFile(opts.scheme);
  if (opts.settings) readSettingsFile(opts.settings); // a bad file is refused before any work
  const local = opts.state
    ? openState(opts.state, output, opts.faults, opts.site)
    : openSite(readSiteFile(required(opts.site, '--site')), output, opts.faults, opts.site);
  try {
    if (opts.settings) await applySettingsFile(local, opts.settings, askApp);
    if (opts.fields) await loadFieldValues(local, opts.fields, output.out);
    // With kept state, a scheme file saved before (same name) is updated rather than saved again beside it.
    const schemeId = opts.state ? await saveSchemeByName(local, schemeFile) : await saveSchemeFile(local, schemeFile);
    const { report } = await runOnce(
      local,
      schemeId,
      opts.mode ?? schemeFile.scheme.mode,
      `The app would not start a run of the scheme file ${schemeFile.fileName} on the site file ${opts.site ?? opts.state}`,
    );
    warnAboutAppBugs(local, output);
    if (opts.out) writeJson(opts.out, report);
    if (opts.siteOut) writeJson(opts.siteOut, local.site.toSiteFile());
    output.out(formatSummary(report));
    if (opts.out) output.out(`Report written to ${opts.out}.`);
    if (opts.siteOut) output.out(`Site after the run written to ${opts.siteOut}.`);
    return report;
  } finally {
    if (opts.state) saveState(local, opts.state);
    local.close();
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new CliError(`${flag} is required.`, 2);
  return value;
}

/**
 * The local installation kept in a state directory: the app's storage (kvs.json) and the simulated site (site.json).
 * The first command starts it from `--site`; later ones continue it (the kept site wins over `--site`).
 */
function openState(stateDir: string, output: Output, faults: Faults = {}, siteFallback?: string): LocalSite {
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

function saveState(local: LocalSite, stateDir: string): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(path.join(stateDir, 'site.json'), JSON.stringify(local.site.toSiteFile(), null, 2));
  local.persist();
}

async function saveSchemeByName(local: LocalSite, file: SchemeFile): Promise<string> {
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

const HOUR_TICKS_PER_DAY = 24;

export async function simulate(
  opts: {
    site: string;
    schemes: string[];
    days: number;
    out?: string;
    siteOut?: string;
    faults?: Faults;
    fields?: string;
    settings?: string;
  },
  output: Output,
): Promise<RunReport[]> {
  const siteFile = readSiteFile(opts.site);
  if (opts.settings) readSettingsFile(opts.settings);
  const schemeFiles = opts.schemes.map(readSchemeFile);
  for (const file of schemeFiles) {
    if (file.scheme.schedule === null) {
      throw new CliError(
        `The scheme file ${file.fileName} has no schedule: simulate only runs schemes on their schedule. Add one, e.g. "schedule": { "unit": "day", "at": "02:00" }.`,
      );
    }
  }
  const local = openSite(siteFile, output, opts.faults, opts.site);
  const people = new SimulatedPeople(local, SIMULATED_PEOPLE_SEED);
  const reports: RunReport[] = [];
  const seen = new Set<string>();
  let schemeRuns = 0;
  const onFinished = async (finished: RunSummary[]) => {
    schemeRuns += finished.length;
    for (const summary of finished) {
      output.out(
        `${summary.finishedAt ?? '?'}  ${JSON.stringify(summary.schemeName)}  ${summary.mode}  ${summary.state}` +
          `${summary.reason ? ` (${summary.reason})` : ''}  ${formatCounts(summary.counts)}` +
          (summary.billing ? `  ${billingSentence(summary.billing, summary.mode)}` : ''),
      );
      if (opts.out) reports.push(toRunReport(await readRun(local, summary.id)));
    }
  };
  try {
    // The admin set up report emails on the local provider, so reports and warnings land in its outbox.
    await askApp(
      'The app would not save the email settings',
      () => local.call('email/save', LOCAL_EMAIL_SETTINGS),
      local,
    );
    // Settings first: a scheme that runs before the bill needs the billing settings to be saved.
    if (opts.settings) await applySettingsFile(local, opts.settings, askApp);
    if (opts.fields) await loadFieldValues(local, opts.fields, output.out);
    for (const file of schemeFiles) await saveSchemeFile(local, file);
    const start = local.clock.now();
    for (let day = 0; day < opts.days; day += 1) {
      const housekeeping = await local.forge.fireTrigger('daily-housekeeping');
      if (!housekeeping.ok) output.out(`warning: daily-housekeeping failed: ${housekeeping.error.message}`);
      for (let hour = 0; hour < HOUR_TICKS_PER_DAY; hour += 1) {
        const tickEnd = addHours(addDays(start, day), hour + 1).getTime();
        const scheduled = await local.forge.fireTrigger('scheme-scheduler');
        if (!scheduled.ok) output.out(`warning: scheme-scheduler failed: ${scheduled.error.message}`);
        await local.forge.drainQueues({ until: tickEnd });
        local.clock.advanceTo(tickEnd);
        people.readMail();
        await people.act();
        await onFinished(await newlyFinishedRuns(local, seen));
      }
    }
    // Runs started in the last tick finish (their queue events are already pushed) rather than vanish.
    await local.drain();
    await onFinished(await newlyFinishedRuns(local, seen));
    warnAboutAppBugs(local, output);
    if (opts.out) writeJson(opts.out, reports);
    if (opts.siteOut) writeJson(opts.siteOut, local.site.toSiteFile());
    output.out(
      `Simulated ${opts.days} days: ${schemeRuns} scheme runs finished (and ${seen.size - schemeRuns} daily site snapshots).`,
    );
    const { warned, cameBack, keptAccess, ignored } = people.tally;
    if (warned > 0)
      output.out(
        `Warned ${warned} users: ${cameBack} came back, ${keptAccess} clicked "keep my access", ${ignored} did nothing.`,
      );
    output.out(`Outbox: ${local.mail.outbox.length} emails. Audit log: ${formatAuditTally(await auditTally(local))}.`);
    return reports;
  } finally {
    local.close();
  }
}

const SIMULATED_PEOPLE_SEED = 11;
const LOCAL_EMAIL_SETTINGS = {
  provider: 'postmark',
  fromAddress: 'user-manager@example.com',
  apiKey: LOCAL_POSTMARK_TOKEN,
};

/** Entries of the app's audit log by kind, read page by page through the app. */
async function auditTally(local: LocalSite): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  let cursor: string | null = null;
  do {
    const page: { entries: Array<{ kind: string }>; nextCursor: string | null } = await local.call('audit/list', {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const entry of page.entries) tally[entry.kind] = (tally[entry.kind] ?? 0) + 1;
    cursor = page.nextCursor;
  } while (cursor);
  return tally;
}

function formatAuditTally(tally: Record<string, number>): string {
  const parts = Object.entries(tally)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${count} ${kind}`);
  return parts.length > 0 ? parts.join(', ') : 'empty';
}

/** Terminal runs not reported yet, oldest first. Pages are newest first, so paging stops at a page with nothing new. */
async function newlyFinishedRuns(local: LocalSite, seen: Set<string>): Promise<RunSummary[]> {
  const found: RunSummary[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await askApp(
      'The app would not list its runs',
      () =>
        local.call<{ runs: RunSummary[]; nextCursor: string | null }>('runs/list', {
          limit: 100,
          // Every run the simulation started, the bulk searches too.
          withSearches: true,
          ...(cursor ? { cursor } : {}),
        }),
      local,
    );
    let anythingNew = false;
    for (const summary of page.runs) {
      if (seen.has(summary.id)) continue;
      anythingNew = true;
      if (!isTerminal(summary.state)) continue;
      seen.add(summary.id);
      // The daily site snapshot (started by the housekeeping trigger) measures the site; simulate reports scheme runs.
      if (summary.kind === 'scheme') found.push(summary);
    }
    if (!anythingNew || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return found.sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? ''));
}

/** One run of the bench: its platform metrics, and `virtualMinutes` (platform time from its start to done). */
export type BenchRun = RunMetrics & {
  wallMs: number;
  status: string;
  counts: RunReport['counts'];
  virtualMinutes: number;
  /** Users the run acted on (done): 0 for a test run. */
  acted: number;
  /**
   * The Admin API (every operation but last-active dates): calls, 429s among them, the least platform time its
   * limit allows for that many calls (`minutesAtLimit`) and the run's platform time over it (`timeOverLimit`).
   */
  adminApi: { calls: number; throttled: number; throttledShare: number; minutesAtLimit: number; timeOverLimit: number };
};

export interface BenchResult {
  users: number;
  /** The scheme both runs ran (see benchScheme): its filter and safety limit. */
  scheme: Pick<BenchScheme, 'name' | 'filter' | 'limits'>;
  /** Wall-clock time to generate (or read) the site file, in ms. */
  siteMs?: number;
  /** `--admin-rate` (absent: the site's default, 500 a minute) and `--no-retry-after`. */
  adminRatePerMinute?: number;
  retryAfter?: false;
  /** A digest of the site as the runs left it (clock aside): equal for equal final states. */
  siteState: string;
  /** Which platform quotas the runs met (all of Forge's, on). */
  quotas: string;
  testRun: BenchRun;
  /** Absent with `testOnly`. */
  liveRun?: BenchRun;
  /** Of the live run (scan and act): the most a scheme costs. Absent with `testOnly`. */
  apiCallsPer1000Users?: number;
  kvsOpsPer1000Users?: number;
  /** Of the test run (scan only): what a scheduled test-mode scheme costs each time. */
  testApiCallsPer1000Users: number;
  testKvsOpsPer1000Users: number;
  peakHeapMb: number;
  peakRssMb: number;
}

export const BENCH_QUOTAS =
  'Forge quotas on: KVS 4000 read + 4000 write units/min (10 KB per key), 1000 req/s; queue 500 events/min, 1000 pushes per invocation tree';

function benchRun(run: { report: RunReport; metrics: RunMetrics; wallMs: number }, adminLimit: number): BenchRun {
  const { startedAt, finishedAt, counts, status } = run.report;
  const minutes = finishedAt ? (Date.parse(finishedAt) - Date.parse(startedAt)) / 60_000 : Number.NaN;
  const { calls, throttled } = run.metrics.adminApi;
  return {
    ...run.metrics,
    adminApi: {
      calls,
      throttled,
      throttledShare: calls === 0 ? 0 : Math.round((throttled / calls) * 10_000) / 10_000,
      // The least platform time the Admin API's limit allows for these calls, and how far above it the run took.
      minutesAtLimit: Math.round((calls / adminLimit) * 10) / 10,
      timeOverLimit: calls === 0 ? 0 : Math.round((minutes / (calls / adminLimit)) * 100) / 100,
    },
    wallMs: run.wallMs,
    status,
    counts,
    virtualMinutes: Math.round(minutes * 10) / 10,
    acted: counts.done,
  };
}

export async function bench(
  opts: { users: number; seed: number; testOnly?: boolean; site?: string; conditions?: Faults },
  output: Output,
): Promise<BenchResult> {
  let peakHeap = process.memoryUsage().heapUsed;
  const sampleHeap = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sampleHeap, 25);
  sampler.unref();
  // The generated file is only the seed of the simulated site: not held past here, so a 1,000,000-user bench
  // measures the site and the app, not a second copy of the users.
  const generating = performance.now();
  const siteFile = opts.site ? readSiteFile(opts.site) : generateSite({ users: opts.users, seed: opts.seed });
  const siteMs = Math.round(performance.now() - generating);
  const users = opts.site ? siteFile.users.length : opts.users;
  const local = openSite(siteFile, output, opts.conditions ?? {}, opts.site, { heapProbe: new HeapProbe() });
  sampleHeap();
  const adminLimit = opts.conditions?.adminRatePerMinute ?? DEFAULT_RATE_LIMITS.admin.limit;
  try {
    const scheme = benchScheme(users);
    const schemeId = await askApp('The app refused the bench scheme', async () => (await local.saveScheme(scheme)).id);
    // The bench needs each run's counts, not its users: reading every user back would cost the quota it measures.
    const test = await runOnce(local, schemeId, 'test', undefined, 'first page');
    sampleHeap();
    const live = opts.testOnly ? undefined : await runOnce(local, schemeId, 'live', undefined, 'first page');
    sampleHeap();
    warnAboutAppBugs(local, output);
    const per1000 = (count: number) => (users === 0 ? 0 : Math.round((count / users) * 1000 * 10) / 10);
    const result: BenchResult = {
      users,
      siteMs,
      scheme: { name: scheme.name, filter: scheme.filter, limits: scheme.limits },
      quotas: BENCH_QUOTAS,
      ...(opts.conditions?.adminRatePerMinute !== undefined
        ? { adminRatePerMinute: opts.conditions.adminRatePerMinute }
        : {}),
      ...(opts.conditions?.retryAfter === false ? { retryAfter: false } : {}),
      testRun: benchRun(test, adminLimit),
      siteState: siteStateDigest(local.site.toSiteFile()),
      ...(live
        ? {
            liveRun: benchRun(live, adminLimit),
            apiCallsPer1000Users: per1000(live.metrics.apiCalls.total),
            kvsOpsPer1000Users: per1000(live.metrics.kvsReads + live.metrics.kvsWrites),
          }
        : {}),
      testApiCallsPer1000Users: per1000(test.metrics.apiCalls.total),
      testKvsOpsPer1000Users: per1000(test.metrics.kvsReads + test.metrics.kvsWrites),
      peakHeapMb: Math.round(peakHeap / 1024 / 1024),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    output.out(JSON.stringify(result));
    return result;
  } finally {
    clearInterval(sampler);
    local.close();
  }
}

export interface BenchScheme {
  name: string;
  mode: 'test';
  filter: { inactiveDays: number };
  actions: ReadonlyArray<{ type: 'removeAccess' }>;
  limits: { maxUsersPerRun: number };
}

/**
 * The scheme the bench runs, as an admin of a site that size would run it in one go. Up to the highest safety limit
 * (150,000, Confluence's largest tier) of users: the demo scheme (inactive for 90 days, about 18 % of a generated
 * site), with the site's size as its limit, so it never matches more than a run may act on. On a bigger site that
 * scheme matches more than any run may act on (178,590 of 1,000,000), and its live run ends `aborted` by the safety
 * limit, as it should; an admin of that site starts with the users inactive for a year (about 1.7 % of a generated
 * site: about as many users as the 100,000-user bench acts on, well under the highest limit).
 */
export function benchScheme(users: number): BenchScheme {
  const inactiveDays = users > LIMITS.maxUsers ? 365 : DEMO_SCHEME.filter.inactiveDays;
  return {
    ...DEMO_SCHEME,
    name: `Bench: inactive for ${inactiveDays} days`,
    filter: { inactiveDays },
    // No safety limit in the way of measuring: the highest a scheme may have, or the site's size when smaller.
    limits: { maxUsersPerRun: Math.min(Math.max(1, users), LIMITS.maxUsers) },
  };
}

/** The site as a run left it, minus its clock: equal digests, equal final states (bench with and without faults). */
function siteStateDigest(file: SiteFile): string {
  const { now: _now, ...state } = file;
  return createHash('sha256').update(JSON.stringify(state)).digest('hex').slice(0, 16);
}

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
