/**
 * Click-through of the scheme editor's limits and action order on the real page: an inactivity of 99,999,999,999
 * days and safety limits of 10^12 users (or above the site's seats) are refused beside their field with the
 * sentence that says why; the actions are reordered with their up/down buttons, the order rules are shown beside
 * them, a deletion placed before a group change is refused on its row, and "add to groups, then delete" saves.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite } from '../engine/fixtures';
import { openPage, textOf, type Page } from './harness';
import type { SchemeFileAnswer, SchemeSummary } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

/** The numbered rows of the order list, as the page shows them. */
function orderRows(page: Page): string[] {
  return page
    .findAll('String')
    .map((node) => textOf(node).trim())
    .filter((text) => /^\d\. /.test(text));
}

test('limits are refused with their reason, and actions are reordered so a delete after group changes saves', async () => {
  // A site snapshot, so the safety limit can be held to the site's seats.
  await local.call('overview/measure', {});
  await local.drain();
  const page = await openPage(local);
  await page.openTab('Schemes');
  await page.click('Create scheme');
  await page.type('scheme-name', 'Leavers');
  await page.click('Next');
  await page.waitFor('Inactive for at least (days)');
  assert.match(page.text(), /at most 3650 \(10 years/, 'the range is said beside the field');

  await page.type('scheme-inactive-days', '99999999999');
  await page.click('Next');
  await page.waitFor('Fix the fields marked above to continue.');
  assert.match(page.errorsBeside('scheme-inactive-days')[0] ?? '', /from 1 to 3650 \(10 years\)/);
  await page.type('scheme-inactive-days', '90');
  await page.click('Next');
  await page.waitFor('What happens to matched users');

  // The order rules sit beside the order list.
  assert.match(page.text(), /Order rules/);
  assert.match(page.text(), /Deactivate and delete end the account, so they come last/);
  assert.deepEqual(orderRows(page), ['1. Remove access']);

  await page.toggle('action-delete');
  await page.toggle('action-addGroups');
  await page.select('action-add-groups', 'jira-users');
  // A ticked group change joins before the deletion, as the rules want.
  assert.deepEqual(orderRows(page), ['1. Remove access', '2. Add to groups', '3. Delete']);

  // Moved above the group change, the deletion is refused on its row.
  await page.click('Move "Delete" up');
  assert.deepEqual(orderRows(page), ['1. Remove access', '2. Delete', '3. Add to groups']);
  assert.equal(page.findAll('Button', 'Move "Remove access" up')[0]?.props.isDisabled, true, 'the top cannot go up');
  await page.click('Next');
  await page.waitFor('Fix the fields marked above to continue.');
  assert.match(page.text(), /"delete" must be the last action: nothing can be done to an account after it is deleted/);

  await page.click('Move "Delete" down');
  assert.deepEqual(orderRows(page), ['1. Remove access', '2. Add to groups', '3. Delete']);

  // Safety limits: 10^12 is beyond any licence tier; 600 is above this site's seats.
  await page.type('max-users', '1000000000000');
  await page.click('Next');
  await page.waitFor('Fix the fields marked above to continue.');
  assert.match(
    page.errorsBeside('max-users')[0] ?? '',
    /from 1 to 150,000 \(Confluence Cloud's largest licence tier\)/,
  );
  await page.type('max-users', '600');
  await page.click('Next');
  await page.waitFor(() => /must be at most 500/.test(page.errorsBeside('max-users')[0] ?? ''));
  assert.match(page.errorsBeside('max-users')[0] ?? '', /the site held \d+ seats on 2026-06-01/);
  await page.type('max-users', '5');
  await page.click('Next');
  await page.waitFor("Send each run's report to these groups");
  await page.click('Save scheme');
  await page.waitFor('Saved "Leavers".');

  const id = (await local.call<SchemeSummary[]>('schemes/list')).find((scheme) => scheme.name === 'Leavers')?.id;
  assert.ok(id, 'the scheme is saved');
  const saved = await local.call<SchemeFileAnswer>('schemes/get', { id });
  assert.deepEqual(saved.file.actions, [
    { type: 'removeAccess' },
    { type: 'addGroups', groups: ['jira-users'] },
    { type: 'delete' },
  ]);
  assert.equal((saved.file.limits as { maxUsersPerRun: number }).maxUsersPerRun, 5);
  assert.deepEqual(page.bridgeErrors, []);
});
