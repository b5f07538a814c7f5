/**
 * Issue 19, items 5 and 8, on the real page: Run history speaks plain words (no `removeAccess`, `manual`, `done`
 * as states) and keeps bulk searches and editor previews out of the list unless asked for.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite } from '../engine/fixtures';
import { openPage, textOf } from './harness';

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
