/**
 * Click-through on the real page: undo a live run from its page. The admin reviews the undo for one user (the
 * confirmation names who and what), backs out, then confirms; the undo runs, and exactly that user is restored.
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

test('an admin undoes a live run for one user from its page; only that user gets the seat back', async () => {
  const saved = await local.saveScheme({
    name: 'Free seats',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'removeAccess' }],
  });
  await local.runNow(saved.id, 'live');
  await local.drain();
  for (const id of INACTIVE) assert.equal(hasSeat(id), false, id);

  const page = await openPage(local);
  await page.openTab('Run history');
  await page.waitFor(() => page.findAll('Row', 'Free seats').length > 0);
  await page.click('Free seats');
  await page.waitFor('Undo this run');

  const [chosen] = INACTIVE as [string];
  await page.type('undo-users', `${chosen}@acme.com`);
  await page.click('Review the undo');
  await page.waitFor('Undo this run for 1 user?');
  assert.match(page.text(), /User inactive-1 \(acc-inactive-1@acme\.com\): add back to 1 group/);
  await page.click('Cancel');
  await page.settle();
  assert.equal(hasSeat(chosen), false, 'backing out changes nothing');

  await page.click('Review the undo');
  await page.waitFor('Undo this run for 1 user?');
  await page.click('Yes, undo for 1 user');
  await page.waitFor('Undo of "Free seats"');
  // The notice of what was started stays on the page it opened.
  assert.match(page.text(), /The undo started: it is a run of its own/);
  await local.drain();
  await page.waitFor(/1 done, 0 skipped, 0 failed/);
  assert.equal(hasSeat(chosen), true, 'the chosen user has the seat back');
  for (const id of INACTIVE.slice(1)) assert.equal(hasSeat(id), false, id);
  // The undo's own page offers no undo of itself.
  assert.doesNotMatch(page.text(), /Review the undo/);
  assert.deepEqual(page.bridgeErrors, []);
});
