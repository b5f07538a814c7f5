/**
 * Issue 19, items 5 and 8, on the real page: Run history speaks plain words (no `removeAccess`, `manual`, `done`
 * as states) and keeps bulk searches and editor previews out of the list unless asked for.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite } from '../engine/fixtures';
import { openPage, textOf } from './harness';
import type { OverviewAnswer, RunsPage } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('Run history hides bulk searches and previews until asked, and names runs in plain words', async () => {
  const scheme = await local.saveScheme({
    name: 'Free seats',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'removeAccess' }],
  });
  await local.runNow(scheme.id, 'test');
  await local.call('bulk/find', { filter: { inactiveDays: 90 } });
  await local.drain();

  const page = await openPage(local);
  await page.openTab('Run history');
  await page.waitFor(() => page.findAll('Row', 'Free seats').length === 1);
  const rows = () => page.findAll('Row').map(textOf);
  assert.equal(rows().filter((row) => row.includes('Bulk action: find users')).length, 0, 'the search is hidden');
  assert.match(
    rows().find((row) => row.includes('Free seats'))!,
    /scheme.*started by an admin.*finished/,
  );
  assert.doesNotMatch(rows().join('\n'), /manual|removeAccess/);

  await page.toggle('runs-with-searches');
  await page.waitFor(() => page.findAll('Row', 'Bulk action: find users').length === 1);

  await page.click('Free seats');
  await page.waitFor('Per-user outcomes');
  assert.match(page.text(), /Actions Remove Confluence access/);
  assert.match(page.text(), /scheme run started by an admin/);
  assert.doesNotMatch(page.text(), /removeAccess|\(manual, scheme\)/);
  assert.deepEqual(page.bridgeErrors, []);
});

test('runs/list leaves bulk searches and previews out in the query: a page holds its limit of real runs and the cursor reaches the rest', async () => {
  const scheme = await local.saveScheme({
    name: 'Paged seats',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'removeAccess' }],
  });
  // Real runs and searches interleaved, newest first: search, run, search, search, run, search, search, run.
  const real: string[] = [];
  for (let round = 0; round < 3; round += 1) {
    await local.call('bulk/find', { filter: { inactiveDays: 90 } });
    await local.call('bulk/find', { filter: { inactiveDays: 30 } });
    await local.drain();
    real.push((await local.runNow(scheme.id, 'test')).id);
    await local.drain();
  }
  await local.call('bulk/find', { filter: { inactiveDays: 90 } });
  await local.drain();

  const first = await local.call<RunsPage>('runs/list', { limit: 2 });
  assert.equal(first.runs.length, 2, 'two real runs on a page of two');
  assert.ok(first.nextCursor, 'a cursor to the rest');
  const listed = [...first.runs];
  for (let cursor: string | null = first.nextCursor; cursor;) {
    const next: RunsPage = await local.call<RunsPage>('runs/list', { limit: 2, cursor });
    listed.push(...next.runs);
    cursor = next.nextCursor;
  }
  assert.equal(listed.filter((run) => run.schemeName.startsWith('Bulk action')).length, 0, 'no search listed');
  for (const id of real) assert.equal(listed.filter((run) => run.id === id).length, 1, `run ${id} listed once`);

  // Asked for, the searches are there, and they are still stored (a bulk action reads its search).
  const all = await local.call<RunsPage>('runs/list', { limit: 100, withSearches: true });
  assert.ok(all.runs.filter((run) => run.kind === 'bulk' && run.mode === 'test').length >= 7);

  // The Overview's recent runs are real runs too, though most stored runs are searches.
  const overview = await local.call<OverviewAnswer>('overview/get', {});
  const recent = overview.recentRuns.map((run) => run.id);
  assert.equal(overview.recentRuns.filter((run) => run.schemeName.startsWith('Bulk action')).length, 0, 'no search');
  for (const id of real) assert.ok(recent.includes(id), `run ${id} is among the recent runs`);
});
