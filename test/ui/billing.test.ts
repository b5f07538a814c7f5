/**
 * Settings → Billing on the real page: the model and cycle picked from lists, the dates from date pickers, a refusal
 * shown beside its field; and the banner about the org API key's expiry.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite } from '../engine/fixtures';
import { openPage } from './harness';
import type { SettingsAnswer } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('an admin sets billing in Settings, sees a refusal beside its field, and the key expiry banner', async () => {
  // The key expires in 9 days (the site's clock is at 1 June 2026): the page says so above the tabs.
  await local.call('settings/save', { apiKeyExpiresOn: '2026-06-10' });
  const page = await openPage(local);
  await page.waitFor('The organization API key expires soon');
  assert.match(page.text(), /expires on 10 Jun 2026 \(in 9 days\): create a new one in admin\.atlassian\.com/);

  await page.openTab('Settings');
  await page.waitFor('Billing');
  await page.select('billing-model', 'Teamwork Collection');
  await page.select('billing-cycle', 'Monthly');
  await page.pickDate('billing-next-date', '2026-06-10');
  await page.type('billing-price', '6.05');
  await page.click('Save billing');
  await page.waitFor(() => page.errorsBeside('billing-currency').length === 1);
  assert.deepEqual(page.errorsBeside('billing-currency'), ['Give the currency with the price per seat, e.g. "USD".']);
  assert.equal((await local.call<SettingsAnswer>('settings/get')).settings.billing, null, 'nothing was saved');

  await page.type('billing-currency', 'usd');
  await page.click('Save billing');
  await page.waitFor('Billing is saved.');
  const { settings } = await local.call<SettingsAnswer>('settings/get');
  assert.deepEqual(settings.billing, {
    model: 'collection',
    cycle: 'monthly',
    nextBillingDate: '2026-06-10',
    pricePerSeat: 6.05,
    currency: 'USD',
  });
  assert.equal(settings.apiKeyExpiresOn, '2026-06-10', 'the key expiry date was kept');
  assert.deepEqual(page.bridgeErrors, []);
});
