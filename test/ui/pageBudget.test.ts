/**
 * A page view has a storage budget: at most 50 KVS read units for each tab and run page (Forge gives an
 * installation 4,000 a minute, shared with its runs), on an installation with a year of daily snapshots, runs, and
 * a live run. Each page is opened by calling exactly the resolvers it calls when it opens (test/local/cli/benchPages.ts,
 * which `npm run local -- bench-pages` measures at 100,000 users).
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildYearOldInstallation, measurePages, pageCalls, PAGE_READ_BUDGET } from '../local/cli/benchPages';
import type { LocalSite } from '../local/localSite';
import { RESOLVERS, type OverviewAnswer } from '../../src/contract';

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
    'exemptions',
    'fields',
    'goLive',
    'overview',
    'runPage',
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
