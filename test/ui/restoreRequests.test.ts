/**
 * Click-through on the real page: a user whose access a run removed clicks their restore link while the site is at
 * its seat target; the request shows in Run history, the admin approves it (confirming who) and the user is back.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import { INACTIVE, smallSite } from '../engine/fixtures';
import { openPage } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('an admin approves a restore request in Run history, and the user gets their seat back', async () => {
  await local.call('email/save', {
    provider: 'postmark',
    fromAddress: 'wiki-admin@acme.com',
    apiKey: LOCAL_POSTMARK_TOKEN,
  });
  const saved = await local.saveScheme({
    name: 'Free seats, offer a way back',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'removeAccess', offerRestore: true }],
  });
  await local.runNow(saved.id, 'live');
  await local.drain();
  await local.call('settings/save', { seatTarget: 1 });
  const user = INACTIVE[0]!;
  const mail = local.mail.outbox.find((message) => message.to.includes(`${user}@acme.com`))!;
  const link = /https:\/\/local-forge\.invalid\/\S+/.exec(mail.text)![0];
  assert.match((await local.forge.clickWebTriggerLink(link)).body, /request was sent/);
  assert.equal(local.site.hasConfluenceSeat(user), false);

  const page = await openPage(local);
  await page.openTab('Run history');
  await page.waitFor('Access requests');
  await page.click('Approve User inactive-1');
  await page.waitFor('Give User inactive-1 (acc-inactive-1@acme.com) their Confluence access back?');
  assert.equal(local.site.hasConfluenceSeat(user), false, 'nothing happens before the confirmation');
  await page.click('Yes, restore User inactive-1');
  await page.waitFor('User inactive-1 has their Confluence access back.');
  assert.equal(local.site.hasConfluenceSeat(user), true);
  assert.deepEqual(page.bridgeErrors, []);
});
