/** Who may use the app: Confluence site admins (by group) and org admins; anyone else is refused on every call. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ACTIVE, ADMIN, smallSite } from './fixtures';

test('an org admin outside the site-admin groups may use the app; a plain user may not', async () => {
  const file = smallSite();
  const [orgAdmin, plainUser] = ACTIVE as [string, string];
  file.users.find((user) => user.accountId === orgAdmin)!.orgAdmin = true;
  const local = new LocalSite({ siteFile: file });
  try {
    assert.deepEqual(await local.call('schemes/list', {}, ADMIN), [], 'a site-admin group member');
    assert.deepEqual(await local.call('schemes/list', {}, orgAdmin), [], 'an org admin, known through the Admin API');
    await assert.rejects(local.call('schemes/list', {}, plainUser), /NOT_SITE_ADMIN/);
  } finally {
    local.close();
  }
});

test('without a saved org key only site-admin group members get in', async () => {
  const file = smallSite();
  const [orgAdmin] = ACTIVE as [string];
  file.users.find((user) => user.accountId === orgAdmin)!.orgAdmin = true;
  const local = new LocalSite({ siteFile: file, withApiKey: false });
  try {
    await assert.rejects(local.call('settings/get', {}, orgAdmin), /NOT_SITE_ADMIN/);
    const settings = await local.call<{ apiKey: { saved: boolean } }>('settings/get', {}, ADMIN);
    assert.equal(settings.apiKey.saved, false);
  } finally {
    local.close();
  }
});

test('a user holding atlassian/site-admin on this site directly (no group) may use the app', async () => {
  const file = smallSite();
  const [direct, plainUser] = ACTIVE as [string, string];
  file.users.find((user) => user.accountId === direct)!.directSiteAdmin = true;
  const local = new LocalSite({ siteFile: file });
  try {
    assert.deepEqual(
      await local.call('schemes/list', {}, direct),
      [],
      'a direct site-admin role, from role assignments',
    );
    await assert.rejects(local.call('schemes/list', {}, plainUser), /NOT_SITE_ADMIN/);
  } finally {
    local.close();
  }
});
