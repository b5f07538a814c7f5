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
  // The refusal comes before any storage or Atlassian read: no API-key call reached the site.
  assert.equal(local.site.requestLog.filter((entry) => entry.principal === 'org-api-key').length, 0);
  assert.ok(page.invoked.length >= 6);
});
