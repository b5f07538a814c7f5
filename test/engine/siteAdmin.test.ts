/** Who may use the app: Confluence site admins (by group) and org admins; anyone else is refused on every call. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ACTIVE, ADMIN, INACTIVE, SITE_ADMINS_GROUP, smallSite } from './fixtures';

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

/** The small site whose only admin is an org admin: nobody is in a site-admin group. */
function orgAdminOnlySite() {
  const file = smallSite();
  for (const user of file.users) user.groups = user.groups.filter((id) => id !== SITE_ADMINS_GROUP);
  return file;
}

test('an org admin is never refused because the Admin API answered 429: the check is retried, then "could not check"', async () => {
  // Every request is a 429: the check cannot complete, and the answer says so (not "not an admin").
  const local = new LocalSite({ siteFile: orgAdminOnlySite(), siteFaults: { rate429: 1, seed: 3 } });
  try {
    const answer = await local.call('schemes/list', {}, ADMIN).then(
      () => undefined,
      (error: { answer?: { code: string; message: string } }) => error.answer,
    );
    assert.equal(answer?.code, 'CHECK_FAILED');
    assert.match(answer.message, /could not check .*Confluence answered HTTP 429/);
    assert.match(answer.message, /safe to try again/);
    assert.doesNotMatch(answer.message, /Only Confluence site admins/);
  } finally {
    local.close();
  }
  // Half the requests a 429: three attempts of each check get through, the org admin is let in every time.
  const faulty = new LocalSite({ siteFile: orgAdminOnlySite(), siteFaults: { rate429: 0.5, seed: 5 } });
  try {
    let admitted = 0;
    let couldNotCheck = 0;
    for (let call = 0; call < 40; call += 1) {
      const answer = await faulty.call('schemes/list', {}, ADMIN).then(
        () => 'ok',
        (error: { answer?: { code: string } }) => error.answer?.code,
      );
      if (answer === 'ok') admitted += 1;
      else if (answer === 'CHECK_FAILED') couldNotCheck += 1;
      else assert.fail(`an org admin was answered ${answer}`);
    }
    assert.ok(admitted >= 30, `${admitted} of 40 calls let in at once (the rest: could not check, ${couldNotCheck})`);
  } finally {
    faulty.close();
  }
});

test('a caller Confluence does not know, and a suspended org admin, are NOT_SITE_ADMIN, not API_KEY', async () => {
  const file = smallSite();
  const [suspended] = INACTIVE as [string];
  const user = file.users.find((candidate) => candidate.accountId === suspended)!;
  user.orgAdmin = true;
  user.status = 'suspended';
  const local = new LocalSite({ siteFile: file });
  try {
    for (const caller of ['acc-nobody-knows', suspended]) {
      const answer = await local.call('schemes/list', {}, caller).then(
        () => undefined,
        (error: { answer?: { code: string } }) => error.answer,
      );
      assert.equal(answer?.code, 'NOT_SITE_ADMIN', caller);
    }
  } finally {
    local.close();
  }
});

test('a rejected org key makes the org-admin check "could not check", not a refusal of the org admin', async () => {
  const local = new LocalSite({ siteFile: orgAdminOnlySite(), apiKeys: [{ key: 'another-key', scopes: 'all' }] });
  try {
    const answer = await local.call('schemes/list', {}, ADMIN).then(
      () => undefined,
      (error: { answer?: { code: string; message: string } }) => error.answer,
    );
    assert.equal(answer?.code, 'CHECK_FAILED');
    assert.match(answer.message, /refused the organization API key/);
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
