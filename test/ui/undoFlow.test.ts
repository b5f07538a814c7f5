/**
 * Click-through on the real page: undo a live run from its page. The admin ticks one user in the outcomes table,
 * reviews the undo (the confirmation names who and what, the group by name), backs out, then confirms; the undo
 * runs, exactly that user is restored, and the undo's page speaks of giving access back.
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
  await page.toggle(`undo-pick-${chosen}`);
  await page.waitFor('1 user ticked: the undo is for them only.');
  await page.click('Review the undo for 1 user');
  await page.waitFor('Undo this run for 1 user?');
  assert.match(page.text(), /User inactive-1 \(acc-inactive-1@acme\.com\): add back to 1 group \(confluence-users\)/);
  await page.click('Cancel');
  await page.settle();
  assert.equal(hasSeat(chosen), false, 'backing out changes nothing');

  await page.click('Review the undo for 1 user');
  await page.waitFor('Undo this run for 1 user?');
  await page.click('Yes, undo for 1 user');
  await page.waitFor('Undo of "Free seats"');
  // The notice of what was started stays on the page it opened.
  assert.match(page.text(), /The undo started: it is a run of its own/);
  await local.drain();
  await page.waitFor(/1 done, 0 left alone, 0 failed/);
  // The undo's page speaks of what it gave back, not of the original run's action (issue 19, item 4).
  assert.match(page.text(), /What it does Give Confluence access back/);
  assert.match(page.text(), /Gave Confluence access back/);
  assert.doesNotMatch(page.text(), /removeAccess|Removed Confluence access/);
  assert.equal(hasSeat(chosen), true, 'the chosen user has the seat back');
  for (const id of INACTIVE.slice(1)) assert.equal(hasSeat(id), false, id);
  // The undo's own page offers no undo of itself.
  assert.doesNotMatch(page.text(), /Review the undo/);
  assert.deepEqual(page.bridgeErrors, []);
});
