/**
 * Click-through of Settings → Email reports on the real page: Postmark set up with the local server token
 * (saved as a secret, shown masked), a test email that lands in the simulated provider's outbox, and a bad token
 * whose refusal (Postmark's own words) shows beside the token field.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import { smallSite } from '../engine/fixtures';
import { openPage } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('an admin sets up Postmark, sends a test email to the outbox, and sees a bad token refused beside its field', async () => {
  const page = await openPage(local);
  await page.openTab('Settings');
  await page.waitFor('Email reports');
  await page.waitFor('Run reports and warnings are not emailed now');

  await page.select('email-provider', 'Postmark');
  await page.type('email-from', 'wiki-admin@acme.com');
  await page.type('email-token', LOCAL_POSTMARK_TOKEN);
  await page.click('Save email settings');
  await page.waitFor('Email settings saved.');
  await page.waitFor(`A server token is saved: ••••••••${LOCAL_POSTMARK_TOKEN.slice(-4)}`);
  assert.equal(page.byId('email-token').props.value, '', 'the token is never put back in the form');
  assert.doesNotMatch(JSON.stringify(await local.call('email/get')), new RegExp(LOCAL_POSTMARK_TOKEN));
  assert.match(page.text(), /go out through Postmark from wiki-admin@acme\.com/);

  await page.type('email-test-to', 'someone@acme.com');
  await page.click('Send test email');
  await page.waitFor('Test email sent');
  assert.match(page.text(), /Postmark accepted the test email to someone@acme\.com/);
  assert.equal(local.mail.outbox.length, 1);
  assert.deepEqual(local.mail.outbox[0]!.to, ['someone@acme.com']);
  assert.equal(local.mail.outbox[0]!.from, 'wiki-admin@acme.com');
  assert.match(local.mail.outbox[0]!.subject, /Test email/);

  // A wrong token: "Send test email" saves it first, and Postmark's refusal shows beside the token field.
  await page.type('email-token', 'not-the-server-token-1234');
  await page.click('Send test email');
  await page.waitFor(() => page.errorsBeside('email-token').length === 1);
  assert.match(
    page.errorsBeside('email-token')[0]!,
    /Postmark said: "Request does not contain a valid Server token\."/,
  );
  assert.doesNotMatch(page.text(), /Test email sent/);
  assert.equal(local.mail.outbox.length, 1, 'nothing more was sent');
  assert.deepEqual(page.bridgeErrors, []);
});
