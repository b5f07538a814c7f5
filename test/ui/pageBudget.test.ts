/**
 * A page view has a storage budget: at most 50 KVS read units for each tab and run page (Forge gives an
 * installation 4,000 a minute, shared with its runs), on an installation with a year of daily snapshots, runs, and
 * a live run. Each page is opened by calling exactly the resolvers it calls when it opens (test/local/cli/benchPages.ts,
 * which `npm run local -- bench-pages` measures at 100,000 users).
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildYearOldInstallation,
  findUsers,
  measurePages,
  pageCalls,
  PAGE_READ_BUDGET,
} from '../local/cli/benchPages';
import { LocalSite } from '../local/localSite';
import { generateSite } from '../local/site';
import {
  RESOLVERS,
  type BulkResultsAnswer,
  type OverviewAnswer,
  type RestoreOffersPage,
  type RunProgress,
  type RunSummary,
  type TestRunQuote,
} from '../../src/contract';

let built: Awaited<ReturnType<typeof buildYearOldInstallation>>;
let local: LocalSite;
before(async () => {
  built = await buildYearOldInstallation({ users: 300, seed: 7, days: 365, runEvery: 30 });
  local = built.local;
});
after(() => local.close());

test('every tab and run page reads at most 50 storage units on a year-old installation', async () => {
  const pages = pageCalls(built);
  assert.deepEqual(Object.keys(pages).sort(), [
    'applyReview',
    'audit',
    'bulk',
    'bulkResults',
    'bulkReview',
    'exemptions',
    'fields',
    'goLive',
    'overview',
    'runPage',
    'runProgress',
    'runs',
    'schemes',
    'settings',
    'undoReview',
    'warnings',
  ]);
  const costs = await measurePages(local, pages);
  const over = Object.entries(costs).filter(([, cost]) => cost.kvsReadUnits > PAGE_READ_BUDGET);
  assert.deepEqual(over, [], JSON.stringify(costs));
  // The installation is what it says: a year of days behind the Overview, and a live run that acted.
  const overview = await local.call<OverviewAnswer>(RESOLVERS.overviewGet);
  assert.ok(overview.history.length >= 360, `${overview.history.length} days of snapshots`);
  assert.ok(built.testRuns >= 3);
});

test('the Overview can be viewed 30 times in one minute without a storage quota error', async () => {
  local.clock.advanceBy(60_000 - (local.clock.now() % 60_000));
  const minute = Math.floor(local.clock.now() / 60_000);
  const throttledBefore = local.kvs.metrics.throttled;
  for (let view = 0; view < 30; view += 1) {
    const answer = (await local.forge.invokeResolver(
      RESOLVERS.overviewGet,
      {},
      { accountId: local.adminAccountId },
    )) as {
      ok: boolean;
      error?: { message: string };
    };
    assert.ok(answer.ok, `view ${view + 1}: ${answer.error?.message}`);
  }
  assert.equal(Math.floor(local.clock.now() / 60_000), minute, 'the 30 views fell in one virtual minute');
  assert.equal(local.kvs.metrics.throttled, throttledBefore);
});

test('a search of 3,000 accounts is read a page at a time: results, the review of ticked users, progress while it scans', async () => {
  // The first scan step dies partway (a killed invocation), so the search is seen while it scans; its retry goes on.
  let killed = 0;
  const big = new LocalSite({
    siteFile: generateSite({ users: 3000, seed: 7 }),
    killWhen: (info) => {
      const isScan = (info.event?.body as { kind?: string } | undefined)?.kind === 'scan';
      if (info.functionKey !== 'run-worker' || !isScan || killed > 0 || info.platformCalls < 40) return false;
      killed += 1;
      return true;
    },
  });
  try {
    const unitsOf = async <T>(name: string, payload: unknown): Promise<{ data: T; units: number }> => {
      big.clock.advanceBy(60_000);
      big.kvs.resetMetrics();
      const data = await big.call<T>(name, payload);
      return { data, units: big.kvs.metrics.reads };
    };
    // While it scans: the progress reads the newest stored page, whose running totals say how far the scan got.
    const find = await big.call<RunSummary>(RESOLVERS.bulkFind, { filter: { inactiveDays: 90 } });
    await big.forge.drainQueues({ maxDeliveries: 1 });
    const scanning = await unitsOf<RunProgress>(RESOLVERS.runsProgress, { runId: find.id });
    assert.ok(scanning.units <= PAGE_READ_BUDGET, `progress read ${scanning.units} units`);
    await big.drain();
    const done = await big.call<RunProgress>(RESOLVERS.runsProgress, { runId: find.id });
    assert.ok(done.pagesScanned > 12, `${done.pagesScanned} pages: more than one view could read`);
    assert.equal(killed, 1);
    assert.equal(scanning.data.scanComplete, false);
    assert.ok(scanning.data.pagesScanned > 0 && scanning.data.pagesScanned < done.pagesScanned);
    assert.ok(scanning.data.usersScanned > 0 && scanning.data.usersScanned < done.usersScanned);
    assert.ok(scanning.data.usersFound <= done.usersFound);

    // Results in the order found, each page from the cursor the page before gave, every user once.
    const seen = new Set<string>();
    let cursor: string | null | undefined;
    let page = 1;
    let total = 0;
    do {
      const answer = await unitsOf<BulkResultsAnswer>(RESOLVERS.bulkResults, {
        runId: find.id,
        page,
        ...(cursor ? { cursor } : {}),
      });
      assert.ok(answer.units <= PAGE_READ_BUDGET, `results page ${page} read ${answer.units} units`);
      assert.equal(answer.data.sorted, false);
      assert.equal(answer.data.page, page);
      for (const user of answer.data.users) {
        assert.ok(!seen.has(user.accountId), `${user.accountId} shown twice`);
        seen.add(user.accountId);
      }
      total = answer.data.total;
      cursor = answer.data.nextCursor;
      page += 1;
    } while (cursor && page <= 200);
    assert.equal(seen.size, total);
    assert.equal(total, done.usersFound);

    // The confirmation of acting on ticked users names them and counts them, reading only the pages they are in.
    const { selectedAccountIds } = await findUsers(big, { inactiveDays: 90 });
    const latest = (await big.call<{ runs: RunSummary[] }>(RESOLVERS.runsList, { limit: 1, withSearches: true }))
      .runs[0]!;
    const review = await unitsOf<TestRunQuote>(RESOLVERS.bulkReview, {
      findRunId: latest.id,
      actions: [{ type: 'removeAccess' }],
      selection: { kind: 'some', accountIds: selectedAccountIds },
    });
    assert.ok(review.units <= PAGE_READ_BUDGET, `review read ${review.units} units`);
    assert.equal(review.data.users, selectedAccountIds.length);
    assert.deepEqual(
      review.data.firstUsers.map((user) => user.accountId),
      selectedAccountIds.slice(0, review.data.firstUsers.length),
    );
    assert.ok(review.data.firstUsers.length >= Math.min(10, selectedAccountIds.length));

    // Access requests: only those waiting, a list page at a time.
    const requests = await unitsOf<RestoreOffersPage>(RESOLVERS.restoresList, { status: 'requested', limit: 25 });
    assert.ok(requests.units <= PAGE_READ_BUDGET);
    assert.ok(requests.data.offers.every((offer) => offer.status === 'requested'));
  } finally {
    big.close();
  }
});
