/**
 * Click-through on the real page: review a test run's planned users, untick one, approve; the live run acts on
 * exactly the ticked users.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ACCESS_GROUP, INACTIVE, smallSite } from '../engine/fixtures';
import { openPage } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

function hasSeat(accountId: string): boolean {
  return local.site.user(accountId)!.groups.includes(ACCESS_GROUP);
}

test('an admin approves a test run with one user unticked; only the ticked users lose their seat', async () => {
  const saved = await local.saveScheme({
    name: 'Review me',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'removeAccess' }],
  });
  const tested = await local.runNow(saved.id, 'test');
  await local.drain();
  const planned = (await local.runReport(tested.id)).users.filter((user) => user.outcome === 'planned');

  const page = await openPage(local);
  await page.openTab('Run history');
  await page.waitFor(() => page.findAll('Row', 'Review me').length > 0);
  await page.click('Review me');
  await page.waitFor('Apply this test run');
  await page.click('Review and approve');
  await page.waitFor(`Act on ${planned.length} approved users?`);
  await page.toggle(`approve-${INACTIVE[0]}`);
  await page.waitFor(`Act on ${planned.length - 1} approved users?`);
  await page.click(`Yes, act on ${planned.length - 1} users`);
  await page.waitFor('Cancel run');
  // The notice of what was started stays on the page it opened.
  assert.match(page.text(), /The live run of the approved users started/);
  await local.drain();
  await page.waitFor(new RegExp(`${planned.length - 1} done, 0 left alone, 0 failed`));
  assert.equal(hasSeat(INACTIVE[0]!), true, 'the unticked user keeps the seat');
  for (const id of INACTIVE.slice(1)) assert.equal(hasSeat(id), false, id);
  assert.deepEqual(page.bridgeErrors, []);
});
