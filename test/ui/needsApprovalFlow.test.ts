/**
 * Click-through: a scheduled run of a live scheme that needs approval changes nothing, its page leads to Review and
 * approve, and the confirmed live run acts on exactly the approved users.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import type { RunSummary } from '../../src/contract';
import { ACCESS_GROUP, INACTIVE, smallSite } from '../engine/fixtures';
import { openPage } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

function hasSeat(accountId: string): boolean {
  return local.site.user(accountId)!.groups.includes(ACCESS_GROUP);
}

test('a needs-approval run from the schedule changes nothing until an admin approves it; then only the approved users', async () => {
  await local.saveScheme({
    name: 'Approve me',
    mode: 'live',
    needsApproval: true,
    schedule: { every: 1, unit: 'day', at: '02:00', timeZone: 'UTC' },
    filter: { inactiveDays: 90 },
    actions: [{ type: 'removeAccess' }],
  });
  await local.drain();
  local.clock.advanceTo(Date.parse('2026-06-01T02:03:00Z'));
  await local.forge.fireTrigger('scheme-scheduler');
  await local.drain();
  const { runs } = await local.call<{ runs: RunSummary[] }>('runs/list', { limit: 100 });
  const scheduled = runs.find((run) => run.trigger === 'schedule')!;
  assert.equal(scheduled.mode, 'test');
  assert.equal(scheduled.needsApproval, true);
  for (const id of INACTIVE) assert.equal(hasSeat(id), true, `${id} keeps the seat until approved`);
  const planned = (await local.runReport(scheduled.id)).users.filter((user) => user.outcome === 'planned');

  const page = await openPage(local);
  await page.openTab('Run history');
  await page.waitFor(() => page.findAll('Row', 'Approve me').length > 0);
  await page.click('Approve me');
  await page.waitFor('This run needs your approval');
  await page.waitFor(`Approving it acts on ${planned.length} planned users`);
  await page.click('Review and approve');
  await page.waitFor(`Act on ${planned.length} approved users?`);
  await page.toggle(`approve-${INACTIVE[0]}`);
  await page.waitFor(`Act on ${planned.length - 1} approved users?`);
  await page.click(`Yes, act on ${planned.length - 1} users`);
  await page.waitFor('Cancel run');
  await local.drain();
  await page.waitFor(new RegExp(`${planned.length - 1} done, 0 left alone, 0 failed`));
  assert.equal(hasSeat(INACTIVE[0]!), true, 'the unticked user keeps the seat');
  for (const id of INACTIVE.slice(1)) assert.equal(hasSeat(id), false, id);
  assert.deepEqual(page.bridgeErrors, []);
});
