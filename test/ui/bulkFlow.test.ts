/**
 * Click-through on the real page: a bulk action from filter to result. Find users (a test run, scanned by the
 * queue), sort, select some, pick actions, read the confirmation, run live, watch it end, check the site.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ACCESS_GROUP, INACTIVE, smallSite, writeRequests } from '../engine/fixtures';
import { openPage, textOf } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

function groupsOf(accountId: string): string[] {
  return local.site.toSiteFile().users.find((user) => user.accountId === accountId)!.groups;
}

test('an admin finds users, selects two, confirms, and the live run frees exactly their seats', async () => {
  const page = await openPage(local);
  await page.openTab('Bulk actions');
  await page.waitFor('Find users');
  assert.equal(page.byId('bulk-inactive-days').props.value, '90');
  await page.type('bulk-contains', 'inactive');
  await page.click('Find users');
  await page.waitFor('Scanning');
  assert.deepEqual(writeRequests(local.site), [], 'finding users changes nothing');
  await local.drain();
  await page.waitFor('4 users found; 4 can be acted on');

  // Sorted on the server: Z→A puts inactive-4 first.
  await page.select('bulk-sort', 'Name Z→A');
  await page.waitFor(() => textOf(page.findAll('Row')[0]!).includes('User inactive-4'));

  await page.toggle('select-acc-inactive-1');
  await page.toggle('select-acc-inactive-2');
  await page.waitFor('2 users selected.');

  // No action is ticked at first: nothing happens that the admin did not choose.
  for (const action of ['removeAccess', 'suspend', 'deactivate', 'delete', 'addGroups', 'removeGroups'])
    assert.equal(page.byId(`bulk-action-${action}`).props.isChecked, false, `${action} starts unticked`);
  assert.equal(page.findAll('Button', 'Review action on 2 users')[0]!.props.isDisabled, true);

  // A delete is flagged as irreversible in the confirmation, which names the users; the admin backs out of it.
  await page.toggle('bulk-action-delete');
  await page.click('Review action on 2 users');
  await page.waitFor('Act on 2 users?');
  await page.waitFor('Will delete 2 users (cannot be undone); 0 exempt.');
  assert.match(page.text(), /Cannot be undone/);
  assert.match(page.text(), /Users: User inactive-1, User inactive-2\./);
  await page.click('Cancel');
  await page.toggle('bulk-action-delete');
  await page.toggle('bulk-action-removeAccess');
  await page.click('Review action on 2 users');
  await page.waitFor('Act on 2 users?');
  await page.waitFor(/Will remove Confluence access from 2 users \([^)]+\); 0 exempt\./);
  assert.doesNotMatch(page.text(), /Cannot be undone/);
  assert.match(page.text(), /Remove Confluence access \(frees the seat\): can be undone/);
  await page.click('Yes, act on 2 users');
  await page.waitFor('Acting on the 2 selected users');
  await local.drain();
  await page.waitFor('Bulk action finished');
  assert.match(page.text(), /2 done, 0 skipped, 0 failed/);

  assert.ok(!groupsOf(INACTIVE[0]!).includes(ACCESS_GROUP), 'selected user 1 lost the seat');
  assert.ok(!groupsOf(INACTIVE[1]!).includes(ACCESS_GROUP), 'selected user 2 lost the seat');
  assert.ok(groupsOf(INACTIVE[2]!).includes(ACCESS_GROUP), 'an unselected user keeps the seat');
  assert.ok(groupsOf(INACTIVE[3]!).includes(ACCESS_GROUP), 'an unselected user keeps the seat');

  await page.click("Open the run's report");
  await page.waitFor('Per-user outcomes');
  await page.select('run-outcome', 'done');
  await page.waitFor(() => page.findAll('Row').length === 2);
  assert.deepEqual(
    page.findAll('Row').map((row) => textOf(row).includes('Removed Confluence access')),
    [true, true],
  );

  // A second bulk action on everyone still matching: the two freed users no longer hold a seat, so two remain.
  await page.openTab('Bulk actions');
  await page.type('bulk-contains', 'inactive');
  await page.click('Find users');
  await local.drain();
  await page.waitFor('2 users found; 2 can be acted on');
  await page.click('Select all 2 matching');
  await page.waitFor('All 2 matching users are selected.');
  await page.toggle('bulk-action-removeAccess');
  await page.click('Review action on 2 users');
  await page.waitFor('Will remove Confluence access from 2 users');
  await page.click('Yes, act on 2 users');
  await local.drain();
  await page.waitFor('Bulk action finished');
  for (const id of INACTIVE) assert.ok(!groupsOf(id).includes(ACCESS_GROUP), `${id} lost the seat`);
  assert.deepEqual(page.bridgeErrors, []);
});

test('bulk/run called directly acts only on a fresh search the admin confirmed', async () => {
  const writes = writeRequests(local.site).length;
  const call = (payload: Record<string, unknown>) =>
    local.forge.invokeResolver(
      'bulk/run',
      {
        filter: { inactiveDays: 90 },
        actions: [{ type: 'removeAccess' }],
        selection: { kind: 'allMatching' },
        confirm: true,
        ...payload,
      },
      { accountId: local.adminAccountId },
    ) as Promise<{ ok: boolean; error?: { code: string; message: string } }>;

  const unsearched = await call({});
  assert.equal(unsearched.error?.code, 'TEST_RUN_REQUIRED');
  assert.match(unsearched.error.message, /Find the users first/);

  const found = await local.call<{ id: string }>('bulk/find', { filter: { inactiveDays: 90 } });
  await local.drain();
  const otherFilter = await call({ findRunId: found.id, filter: { inactiveDays: 30 } });
  assert.equal(otherFilter.error?.code, 'TEST_RUN_REQUIRED');
  assert.match(otherFilter.error.message, /The filters changed since the search/);
  const notFound = await call({ findRunId: found.id, selection: { kind: 'some', accountIds: ['acc-active-1'] } });
  assert.equal(notFound.error?.code, 'INVALID_INPUT');
  assert.match(notFound.error.message, /not found by the search/);
  const unconfirmed = await call({ findRunId: found.id, confirm: undefined });
  assert.equal(unconfirmed.error?.code, 'CONFIRMATION_REQUIRED');

  local.clock.advanceBy(25 * 3600_000);
  const stale = await call({ findRunId: found.id });
  assert.equal(stale.error?.code, 'TEST_RUN_REQUIRED');
  assert.match(stale.error.message, /older than 24 hours/);
  assert.equal(writeRequests(local.site).length, writes, 'no refused call changed anything');
});
