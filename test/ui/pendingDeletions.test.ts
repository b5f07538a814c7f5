/**
 * Click-through on the real page: a staged lifecycle's pending deletions are one folded section under the runs (a
 * sentence, opened on demand, issue 19 item 8), listing who and when; cancelling the ticked ones keeps those users
 * deactivated and out of the deletions.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { INACTIVE, smallSite } from '../engine/fixtures';
import type { PendingDeletionsPage } from '../../src/contract';
import { openPage } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('pending deletions are one folded section; opened, an admin ticks two users and cancels both deletions with one button', async () => {
  const saved = await local.saveScheme({
    name: 'Deactivate, then delete',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'deactivate', deleteAfterDays: 30 }],
  });
  await local.runNow(saved.id, 'live');
  await local.drain();

  const due = (await local.call<PendingDeletionsPage>('deletions/list', {})).deletions.map((d) => d.accountId);
  for (const id of INACTIVE) assert.ok(due.includes(id), `${id} is due for deletion`);

  const page = await openPage(local);
  await page.openTab('Run history');
  await page.waitFor('Pending deletions');
  await page.waitFor(new RegExp(`${due.length} users are due for deletion, the first on \\d+ \\w+ \\d{4}\\.`));
  assert.equal(page.findAll('Checkbox').filter((box) => String(box.props.id).startsWith('deletion-pick-')).length, 0);
  assert.doesNotMatch(page.text(), /User inactive-1/, 'folded: no row until opened');

  await page.click('Show pending deletions');
  for (const id of INACTIVE)
    await page.waitFor(() => page.findAll('Checkbox', id.replace('acc-', 'User ')).length === 1);
  assert.equal(page.findAll('Button', /^Cancel deletion of/).length, 0, 'no button per row');
  const [first, second] = INACTIVE as [string, string];
  await page.toggle(`deletion-pick-${saved.id}-${first}`);
  await page.toggle(`deletion-pick-${saved.id}-${second}`);
  await page.click('Cancel the deletion of 2 users');
  await page.waitFor('2 users will not be deleted; their accounts stay deactivated.');
  await page.waitFor(`${due.length - 2} users are due for deletion`);
  const left = await local.call<PendingDeletionsPage>('deletions/list', {});
  const ids = left.deletions.map((deletion) => deletion.accountId);
  assert.deepEqual(
    ids.sort(),
    due.filter((id) => id !== first && id !== second).sort(),
    'the two cancelled deletions are gone, the others pending',
  );
  assert.equal(local.site.user(first)?.status, 'deactivated');
  assert.equal(local.site.user(second)?.status, 'deactivated');
  assert.deepEqual(page.bridgeErrors, []);
});
