/**
 * Runs under Forge's own quotas: storage 429s (RATE_LIMIT_EXCEEDED) in every step, the queue's 500 events a minute
 * and the cut of a tree of pushes at 1,000. Each run must end as the same run on an unthrottled platform ends:
 * done, every user with the same outcome and actions, the site in the same state, no queue event lost.
 * The limits are lowered (or a throttle is put exactly where a test wants it) so a small site meets them.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite, type LocalSiteOptions } from '../local/localSite';
import type { SiteFile } from '../local/site';
import type { RunDetail } from '../../src/contract';
import { generatedSite, userStates } from './fixtures';

const SCHEME = {
  name: 'Inactive 90',
  filter: { inactiveDays: 90 },
  actions: [{ type: 'removeAccess' }],
  limits: { maxUsersPerRun: 1000 },
};
const USERS = 260; // three scan pages, a few act batches
const SEED = 4;
const SCHEDULER_TICK_MS = 5 * 60_000;

interface Ended {
  report: RunDetail;
  site: ReturnType<typeof userStates>;
  local: LocalSite;
}

/** Clicks again when the app answers that Atlassian or Forge is busy, as an admin would. */
async function again<T>(local: LocalSite, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const code = (error as { answer?: { code?: string } }).answer?.code;
      if (code !== 'ATLASSIAN_API' || attempt >= 30) throw error;
      local.clock.advanceBy(5_000);
    }
  }
}

/** A live run to its end; the scheduler trigger ticks while the run is unfinished (it resumes cut runs). */
async function liveRun(siteFile: SiteFile, opts: Omit<LocalSiteOptions, 'siteFile'> = {}): Promise<Ended> {
  const local = new LocalSite({ siteFile, ...opts });
  try {
    const saved = await again(local, () => local.saveScheme(SCHEME));
    const started = await again(local, () => local.runNow(saved.id, 'live'));
    for (let tick = 0; tick < 300; tick += 1) {
      await local.drain();
      const run = await again(local, () => local.call<RunDetail>('runs/get', { runId: started.id }));
      if (['done', 'failed', 'aborted', 'cancelled'].includes(run.state)) break;
      local.clock.advanceBy(SCHEDULER_TICK_MS);
      await local.forge.fireTrigger('scheme-scheduler');
    }
    const report = await again(local, () => local.runReport(started.id));
    return { report, site: userStates(local.site.toSiteFile()), local };
  } finally {
    local.close();
  }
}

function outcomes(report: RunDetail): Record<string, string> {
  return Object.fromEntries(report.users.map((user) => [user.accountId, `${user.outcome} ${user.actions.join('+')}`]));
}

let clean: Ended | undefined;
async function cleanRun(): Promise<Ended> {
  clean ??= await liveRun(generatedSite(USERS, SEED), { quotas: false });
  assert.equal(clean.report.state, 'done');
  assert.ok(clean.report.counts.done > 20, 'the clean run acts on enough users to spread over several batches');
  return clean;
}

async function assertSameAsClean(throttled: Ended): Promise<void> {
  const reference = await cleanRun();
  assert.equal(throttled.report.state, 'done', throttled.report.reason ?? '');
  assert.deepEqual(throttled.report.counts, reference.report.counts);
  assert.deepEqual(outcomes(throttled.report), outcomes(reference.report));
  assert.deepEqual(throttled.site, reference.site);
  assert.deepEqual(throttled.local.forge.queues.failedEvents(), [], 'no queue event may be lost');
  assert.deepEqual(throttled.local.forge.uncaughtConsumerErrors.map(String), [], 'consumers must not throw');
}

/** Throttles the `nth` KVS call of the first two deliveries of every `kind` step. */
function throttleStep(kind: string, nth: number): LocalSiteOptions['throttleKvsWhen'] {
  const kvsCalls = new Map<string, number>();
  return (info) => {
    if (info.event?.body.kind !== kind || (info.event.retryContext?.retryCount ?? 0) >= 2) return false;
    const calls = (kvsCalls.get(info.invocationId) ?? 0) + 1;
    kvsCalls.set(info.invocationId, calls);
    return calls === nth;
  };
}

/** A finished test run of the scheme on its own local site (no quotas), after `setUp`, as the run's page reads it. */
async function finishedTestRun(
  siteFile: SiteFile,
  opts: Omit<LocalSiteOptions, 'siteFile'>,
  setUp: (local: LocalSite) => Promise<unknown> = async () => undefined,
): Promise<RunDetail> {
  const local = new LocalSite({ siteFile, quotas: false, ...opts });
  try {
    await setUp(local);
    const saved = await local.saveScheme(SCHEME);
    const started = await local.runNow(saved.id, 'test');
    await local.drain();
    return await local.call<RunDetail>('runs/get', { runId: started.id });
  } finally {
    local.close();
  }
}

/**
 * Where a scan step's read of 100 stored pages starts (the page number it reads after), for the end-of-scan reads
 * that go through a run's pages 100 at a time; undefined for any other storage call.
 */
function pagesReadAfter(...[info, path, body]: Parameters<NonNullable<LocalSiteOptions['throttleKvsWhen']>>) {
  const query = body as { limit?: number; range?: { condition?: string; values?: unknown[] } } | undefined;
  if (info.event?.body.kind !== 'scan' || path !== '/api/v1/entity/query' || query?.limit !== 100) return undefined;
  if (query.range?.condition !== 'GREATER_THAN') return undefined;
  return Number(query.range.values?.[0]);
}

describe('runs under Forge quotas', () => {
  test('a storage 429 in the middle of every act step: the step comes back and the run ends as a clean one', async () => {
    for (const nth of [2, 5]) {
      const throttled = await liveRun(generatedSite(USERS, SEED), { throttleKvsWhen: throttleStep('act', nth) });
      assert.ok(throttled.local.forge.metrics.injectedKvsThrottles >= 2, `throttled act steps at call ${nth}`);
      await assertSameAsClean(throttled);
    }
  });

  test('a storage 429 in the middle of every scan step', async () => {
    for (const nth of [1, 3]) {
      const throttled = await liveRun(generatedSite(USERS, SEED), { throttleKvsWhen: throttleStep('scan', nth) });
      assert.ok(throttled.local.forge.metrics.injectedKvsThrottles >= 2, `throttled scan steps at call ${nth}`);
      await assertSameAsClean(throttled);
    }
  });

  test('a storage 429 as the scan hands over to acting (reading the pending batches)', async () => {
    const queries = new Map<string, number>();
    let done = false;
    const throttled = await liveRun(generatedSite(USERS, SEED), {
      throttleKvsWhen: (info, path) => {
        if (info.event?.body.kind !== 'scan' || info.event.retryContext || path !== '/api/v1/entity/query')
          return false;
        const seen = (queries.get(info.invocationId) ?? 0) + 1;
        queries.set(info.invocationId, seen);
        if (seen !== 2 || done) return false; // the 1st query sums the scanned batches, the 2nd looks for pending ones
        done = true;
        return true;
      },
    });
    assert.equal(throttled.local.forge.metrics.injectedKvsThrottles, 1);
    await assertSameAsClean(throttled);
  });

  test('a storm of storage 429s in every step (scan, act, finish, report), until it passes', async () => {
    // Every 4th storage call of every step fails, 80 times: a step that needs more calls than that in a row only
    // gets through once the storm is over, as on Forge once the minute's quota is back.
    let calls = 0;
    let storm = 80;
    const throttled = await liveRun(generatedSite(USERS, SEED), {
      throttleKvsWhen: (info) => info.event !== undefined && storm > 0 && ++calls % 4 === 0 && storm-- > 0,
    });
    assert.equal(throttled.local.forge.metrics.injectedKvsThrottles, 80);
    await assertSameAsClean(throttled);
  });

  test('the storage quotas themselves: a few dozen units a minute stretch the run, never change it', async () => {
    const throttled = await liveRun(generatedSite(USERS, SEED), {
      quotas: { kvs: { readUnitsPerMinute: 100, writeUnitsPerMinute: 60, requestsPerSecond: 40 } },
    });
    assert.ok(throttled.local.kvs.metrics.throttled > 0, 'the quotas were met');
    await assertSameAsClean(throttled);
    const minutes = (r: RunDetail) => (Date.parse(r.finishedAt!) - Date.parse(r.startedAt)) / 60_000;
    assert.ok(minutes(throttled.report) > minutes((await cleanRun()).report), 'waiting for the quota takes time');
  });

  test('the queue rate limit: pushes over the events a minute are refused, the run waits and ends the same', async () => {
    const throttled = await liveRun(generatedSite(USERS, SEED), { quotas: { queue: { eventsPerMinute: 2 } } });
    assert.ok(throttled.local.forge.queues.metrics.throttledPushes > 0, 'the queue refused pushes');
    assert.ok(throttled.local.forge.queues.metrics.eventsPerMinuteMax <= 2);
    await assertSameAsClean(throttled);
  });

  test('the chain cut: a run whose tree of pushes is cut carries on from the scheduler and ends the same', async () => {
    const throttled = await liveRun(generatedSite(USERS, SEED), { quotas: { queue: { pushesPerInvocationTree: 2 } } });
    assert.ok(throttled.local.forge.queues.metrics.chainCuts > 0, 'the tree of pushes was cut');
    assert.ok(throttled.local.forge.queues.metrics.longestTree <= 2);
    await assertSameAsClean(throttled);
  });

  test('a storage 429 while counting the stored pages of a big scan resumes the count where it stopped', async () => {
    // 20,000 users are about 200 stored pages: counted 100 a query, so the count takes more than one read.
    const siteFile = generatedSite(20_000, SEED);
    const tallyStarts: number[] = [];
    let throttledOnce = false;
    const plain = await finishedTestRun(siteFile, {});
    const throttled = await finishedTestRun(siteFile, {
      throttleKvsWhen: (...call) => {
        const after = pagesReadAfter(...call);
        if (after === undefined) return false;
        tallyStarts.push(after);
        if (after === 99 && !throttledOnce) return (throttledOnce = true);
        return false;
      },
    });
    assert.equal(throttled.state, 'done');
    assert.deepEqual(throttled.counts, plain.counts);
    assert.ok(plain.counts.scanned > 19_000, `scanned ${plain.counts.scanned}`);
    // First 100 pages counted, the next read refused, then the retry goes on from page 99: it never starts over.
    assert.deepEqual(tallyStarts, [-1, 99, 99]);
  });

  test('a storage 429 while summing what a big run saves resumes the sum where it stopped, with the same totals', async () => {
    // About 200 stored pages, read 100 a query twice at the end of the run: the scan's count, then the billing's sum.
    const siteFile = generatedSite(20_000, SEED);
    const reads: number[] = [];
    let after99 = 0;
    const withBilling = (local: LocalSite) =>
      local.call('settings/save', {
        billing: {
          model: 'perApp',
          cycle: 'monthly',
          nextBillingDate: '2026-06-10',
          pricePerSeat: 6.05,
          currency: 'USD',
        },
      });
    const plain = await finishedTestRun(siteFile, {}, withBilling);
    const throttled = await finishedTestRun(
      siteFile,
      {
        throttleKvsWhen: (...call) => {
          const after = pagesReadAfter(...call);
          if (after === undefined) return false;
          reads.push(after);
          // The second read after page 99 is the billing's (the first is the scan's count): refused once.
          return after === 99 && ++after99 === 2;
        },
      },
      withBilling,
    );
    assert.equal(throttled.state, 'done');
    assert.ok(plain.billing && plain.billing.seatsFreed > 3_000, `seats freed ${plain.billing?.seatsFreed}`);
    assert.deepEqual(throttled.billing, plain.billing);
    assert.deepEqual(throttled.counts, plain.counts);
    // The count (pages from -1, then 99), the billing's first 100 pages, the refused read, then the retry goes on from
    // page 99 with the first 100 pages' sum kept: it never reads them again.
    assert.deepEqual(reads, [-1, 99, -1, 99, 99]);
  });
});
