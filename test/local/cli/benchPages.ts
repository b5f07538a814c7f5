/**
 * `bench-pages`: what each tab and run page of the admin page costs to open on a year-old installation, in Forge
 * storage read units (a page view's budget is 50: the installation's 4,000 a minute are shared with the runs).
 * The installation is built as `npm start` builds its year of history (the app's own daily trigger, a snapshot a
 * day) on a site as big as `bench` makes, with a test run of the demo scheme every `runEvery` days of the last 90,
 * then a live run of it. Each page is measured by calling exactly the resolvers the page calls when it opens
 * (src/frontend/screens), as the site admin, a virtual minute apart so no page pays for another's quota.
 */
import { performance } from 'node:perf_hooks';
import type { BulkResultsAnswer, RunSummary, SchemeSummary } from '../../../src/contract';
import { RESOLVERS } from '../../../src/contract';
import { LIMITS } from '../../../src/domain/scheme/rules';
import { LIST_PAGE } from '../../../src/frontend/lists';
import { LocalSite } from '../localSite';
import { simulateHistory, siteYearEarlier } from '../preview/history';
import { generateSite } from '../site';
import { DEMO_SCHEME, runOnce, type Output } from './commands';

/** A page view's storage budget, in KVS read units. */
export const PAGE_READ_BUDGET = 50;

export interface PageCost {
  kvsReadUnits: number;
  resolverCalls: number;
  ms: number;
}

export interface BenchPagesResult {
  pages: Record<string, PageCost>;
  /** The installation measured. */
  installation: { users: number; snapshotDays: number; testRuns: number; liveRun: RunSummary['counts'] };
}

export interface BenchPagesOptions {
  users: number;
  seed: number;
  /** Days of daily snapshots (a year by default). */
  days?: number;
  /** Runs in the last 90 days: a test run of the scheme every this many days. */
  runEvery?: number;
}

type Calls = Array<[string, unknown]>;

/** The resolvers each page calls when it opens, read from src/frontend/screens (and the components they render). */
export function pageCalls(ids: {
  schemeId: string;
  liveRunId: string;
  testRunId: string;
  /** A bulk search over the whole site, and the users ticked on its first page of results. */
  findRunId: string;
  selectedAccountIds: string[];
}): Record<string, Calls> {
  return {
    overview: [[RESOLVERS.overviewGet, {}]],
    schemes: [
      [RESOLVERS.schemesList, {}],
      [RESOLVERS.groupsList, {}],
      [RESOLVERS.settingsGet, {}],
      [RESOLVERS.fieldsList, {}],
    ],
    bulk: [
      [RESOLVERS.groupsList, {}],
      [RESOLVERS.fieldsList, {}],
    ],
    // Run history with its pending deletions and access requests.
    runs: [
      [RESOLVERS.runsList, {}],
      [RESOLVERS.schemesList, {}],
      [RESOLVERS.deletionsList, { limit: LIST_PAGE }],
      [RESOLVERS.restoresList, { status: 'requested', limit: LIST_PAGE }],
    ],
    // Bulk actions after a search: its first page of results, and the confirmation of acting on the ticked users.
    bulkResults: [
      [RESOLVERS.bulkResults, { runId: ids.findRunId, sortKey: 'name', sortOrder: 'ASC', page: 1, pageSize: 25 }],
    ],
    bulkReview: [
      [
        RESOLVERS.bulkReview,
        {
          findRunId: ids.findRunId,
          actions: [{ type: 'removeAccess' }],
          selection: { kind: 'some', accountIds: ids.selectedAccountIds },
        },
      ],
    ],
    // A finished search's progress, as the bulk tab's and the editor's watch last reads it.
    runProgress: [[RESOLVERS.runsProgress, { runId: ids.findRunId }]],
    runPage: [[RESOLVERS.runsOutcomes, { runId: ids.liveRunId, page: 1 }]],
    // The confirmation of making the scheme live, quoting its latest test run.
    goLive: [[RESOLVERS.schemesReview, { id: ids.schemeId }]],
    undoReview: [[RESOLVERS.runsUndoPreview, { runId: ids.liveRunId }]],
    applyReview: [[RESOLVERS.runsApplyPreview, { runId: ids.testRunId }]],
    warnings: [
      [RESOLVERS.warningsList, { limit: LIST_PAGE }],
      [RESOLVERS.schemesList, {}],
    ],
    audit: [
      [RESOLVERS.settingsGet, {}],
      [RESOLVERS.auditList, { limit: LIST_PAGE }],
    ],
    exemptions: [
      [RESOLVERS.exemptionsGet, {}],
      [RESOLVERS.groupsList, {}],
    ],
    fields: [[RESOLVERS.fieldsList, {}]],
    // Settings, with the seat target and email sections it shows.
    settings: [
      [RESOLVERS.settingsGet, {}],
      [RESOLVERS.groupsList, {}],
      [RESOLVERS.settingsGet, {}],
      [RESOLVERS.emailGet, {}],
    ],
  };
}

/** Opens each page once, a virtual minute apart, counting its storage reads and calls. Throws when a call fails. */
export async function measurePages(local: LocalSite, pages: Record<string, Calls>): Promise<Record<string, PageCost>> {
  const costs: Record<string, PageCost> = {};
  for (const [page, calls] of Object.entries(pages)) {
    local.clock.advanceBy(60_000);
    local.kvs.resetMetrics();
    const started = performance.now();
    for (const [name, payload] of calls) {
      const answer = (await local.forge.invokeResolver(name, payload, { accountId: local.adminAccountId })) as {
        ok: boolean;
        error?: { message: string };
      };
      if (!answer.ok) throw new Error(`${page}: ${name} failed: ${answer.error?.message ?? 'no answer'}`);
    }
    costs[page] = {
      kvsReadUnits: local.kvs.metrics.reads,
      resolverCalls: calls.length,
      ms: Math.round(performance.now() - started),
    };
  }
  return costs;
}

/** The year-old installation: a year of snapshots, runs in the last 90 days, a live run at the end. */
export async function buildYearOldInstallation(
  opts: BenchPagesOptions,
  log: (line: string) => void = () => {},
): Promise<{
  local: LocalSite;
  schemeId: string;
  liveRunId: string;
  testRunId: string;
  testRuns: number;
  findRunId: string;
  selectedAccountIds: string[];
}> {
  const days = opts.days ?? 365;
  const runEvery = opts.runEvery ?? 7;
  const generated = generateSite({ users: opts.users, seed: opts.seed });
  const local = new LocalSite({ siteFile: siteYearEarlier(generated, days) });
  try {
    const scheme = await local.saveScheme({
      ...DEMO_SCHEME,
      limits: { maxUsersPerRun: Math.min(Math.max(1, opts.users), LIMITS.maxUsers) },
    });
    let testRuns = 0;
    let testRunId = '';
    const runsFrom = Math.max(0, days - 90);
    await simulateHistory(local, generated, {
      days,
      seed: opts.seed,
      eachDay: async (day) => {
        if (day % 30 === 0) log(`day ${day} of ${days}`);
        // Test runs in the last 90 days, the last one on the last day (it vouches for the live run).
        if (day < runsFrom || (days - 1 - day) % runEvery !== 0) return;
        const run = await local.call<RunSummary>('schemes/runNow', { id: scheme.id, mode: 'test' });
        await local.drain();
        testRuns += 1;
        testRunId = run.id;
      },
    });
    log('live run');
    const live = await runOnce(local, scheme.id, 'live', 'The app would not start the live run', 'first page');
    log('bulk search');
    // Users inactive for 30 days: the live run removed those inactive for 90, who hold no seat any more.
    const found = await findUsers(local, { inactiveDays: 30 });
    return { local, schemeId: scheme.id, liveRunId: live.report.runId, testRunId, testRuns, ...found };
  } catch (error) {
    local.close();
    throw error;
  }
}

/** A bulk search (a test run of the filter over the whole site) and the users a tick of its first page selects. */
export async function findUsers(
  local: LocalSite,
  filter: Record<string, unknown>,
): Promise<{ findRunId: string; selectedAccountIds: string[] }> {
  const find = await local.call<RunSummary>(RESOLVERS.bulkFind, { filter });
  await local.drain();
  const results = await local.call<BulkResultsAnswer>(RESOLVERS.bulkResults, { runId: find.id });
  return {
    findRunId: find.id,
    selectedAccountIds: results.users.filter((user) => user.outcome !== 'exempt').map((user) => user.accountId),
  };
}

export async function benchPages(opts: BenchPagesOptions, output: Output): Promise<BenchPagesResult> {
  const built = await buildYearOldInstallation(opts, (line) => process.stderr.write(`bench-pages: ${line}\n`));
  const { local } = built;
  try {
    const pages = await measurePages(local, pageCalls(built));
    const live = await local.call<SchemeSummary & RunSummary>('runs/outcomes', { runId: built.liveRunId });
    const result: BenchPagesResult = {
      pages,
      installation: {
        users: opts.users,
        snapshotDays: opts.days ?? 365,
        testRuns: built.testRuns,
        liveRun: live.counts,
      },
    };
    output.out(JSON.stringify(result));
    return result;
  } finally {
    local.close();
  }
}
