/**
 * `bench`: the cost of a scheme on a site of a given size, measured rather than guessed: a test run and a live run
 * of the bench scheme under Forge's quotas, each with its API calls, storage operations, platform time and memory,
 * printed as one JSON result.
 */
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { LIMITS } from '../../../src/domain/scheme/rules';
import { HeapProbe } from '../heapProbe';
import { DEFAULT_RATE_LIMITS, generateSite, type SiteFile } from '../site';
import { DEMO_SCHEME } from './demoScheme';
import { readSiteFile, type Faults } from './inputs';
import type { RunMetrics, RunReport } from './report';
import { askApp, openSite, runOnce, warnAboutAppBugs, type Output } from './session';

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
