/**
 * Click-through on the real page: a staged lifecycle's pending deletions are listed in Run history (who, when), and
 * cancelling one keeps that user deactivated and out of the deletions.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { INACTIVE, smallSite } from '../engine/fixtures';
import type { PendingDeletionsPage } from '../../src/contract';
import { openPage } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('an admin sees who is due for deletion and when, and cancels one deletion', async () => {
  const saved = await local.saveScheme({
    name: 'Deactivate, then delete',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'deactivate', deleteAfterDays: 30 }],
  });
  await local.runNow(saved.id, 'live');
  await local.drain();

  const page = await openPage(local);
  await page.openTab('Run history');
  await page.waitFor('Pending deletions');
  for (const id of INACTIVE) await page.waitFor(`Cancel deletion of ${id.replace('acc-', 'User ')}`);

  await page.click('Cancel deletion of User inactive-1');
  await page.waitFor('User inactive-1 will not be deleted; the account stays deactivated.');
  await page.waitFor(() => !page.text().includes('Cancel deletion of User inactive-1'));
  const left = await local.call<PendingDeletionsPage>('deletions/list', {});
  const ids = left.deletions.map((deletion) => deletion.accountId);
  assert.ok(!ids.includes(INACTIVE[0]!), 'the cancelled deletion is gone');
  for (const id of INACTIVE.slice(1)) assert.ok(ids.includes(id), `${id} is still pending`);
  assert.equal(local.site.user(INACTIVE[0]!)?.status, 'deactivated');
  assert.deepEqual(page.bridgeErrors, []);
});
