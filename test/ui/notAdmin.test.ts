/** A signed-in user who is not a Confluence site admin opens the page: every tab says so, and nothing is read. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ACTIVE, smallSite } from '../engine/fixtures';
import { openPage } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('a user outside the site-admin groups is refused, on every tab, with a reason', async () => {
  const page = await openPage(local, { accountId: ACTIVE[0]! });
  await page.waitFor("You can't use this app");
  assert.match(page.text(), /Only Confluence site admins can manage users with this app\./);
  for (const tab of ['Schemes', 'Bulk actions', 'Run history', 'Exemptions', 'Settings']) {
    await page.openTab(tab);
    await page.waitFor("You can't use this app");
  }
  // The refusal comes before any storage or site-wide read: the only org-key calls ask whether the caller is an org
  // admin (a one-account search for them, and the org the key belongs to), and nothing is written.
  const keyCalls = local.site.requestLog.filter((entry) => entry.principal === 'org-api-key');
  assert.ok(keyCalls.length > 0);
  for (const call of keyCalls)
    assert.ok(['admin.searchUsers', 'admin.getOrgs'].includes(call.operation), call.operation);
  const searches = keyCalls.filter((call) => call.operation === 'admin.searchUsers').length;
  assert.equal(searches, page.invoked.length, 'one look-up of the caller per call, no directory scan');
  assert.ok(page.invoked.length >= 6);
});
