/**
 * Click-through of Settings on the real page: a new org API key is tested against the Admin API before it is
 * saved. A mistyped or expired key is refused beside its field, saying what failed, and the working key is kept
 * (the connection still works); a working key replaces it. The freshness of test runs is a setting with a range.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { DEFAULT_ORG_API_KEY } from '../local/site';
import { smallSite } from '../engine/fixtures';
import { openPage } from './harness';
import type { SettingsAnswer } from '../../src/contract';

const EXPIRED = 'an-expired-org-api-key-000001';
const SECOND = 'a-second-working-org-key-0002';
const local = new LocalSite({
  siteFile: smallSite(),
  apiKeys: [
    { key: DEFAULT_ORG_API_KEY, scopes: 'all' },
    { key: EXPIRED, scopes: 'all', expiresAt: '2026-05-01' },
    { key: SECOND, scopes: 'all' },
  ],
});
after(() => local.close());

const masked = (key: string) => `••••••••${key.slice(-4)}`;

test('a bad org API key is refused saying what failed, and the old key is kept', async () => {
  const page = await openPage(local);
  await page.openTab('Settings');
  await page.waitFor(`A key is saved: ${masked(DEFAULT_ORG_API_KEY)}`);

  await page.type('api-key', 'a-mistyped-org-api-key-12345');
  await page.click('Save key');
  await page.waitFor(() => page.errorsBeside('api-key').length === 1);
  assert.match(
    page.errorsBeside('api-key')[0]!,
    /^The new API key was not saved; the previous key is kept\. The organization API key was rejected \(401\).*revoked or mistyped/,
  );
  const kept = await local.call<SettingsAnswer>('settings/get');
  assert.equal(kept.apiKey.masked, masked(DEFAULT_ORG_API_KEY), 'the working key is still the saved one');
  assert.match(page.text(), new RegExp(`A key is saved: ${masked(DEFAULT_ORG_API_KEY)}`));
  await page.click('Test connection');
  await page.waitFor('Connected to Acme');

  await page.type('api-key', EXPIRED);
  await page.click('Save key');
  await page.waitFor(() => /expired on 2026-05-01/.test(page.errorsBeside('api-key')[0] ?? ''));
  assert.equal((await local.call<SettingsAnswer>('settings/get')).apiKey.masked, masked(DEFAULT_ORG_API_KEY));

  await page.type('api-key', SECOND);
  await page.click('Save key');
  await page.waitFor('The API key is saved.');
  assert.deepEqual(page.errorsBeside('api-key'), [], 'the error is gone once the key works');
  assert.equal((await local.call<SettingsAnswer>('settings/get')).apiKey.masked, masked(SECOND));

  // How fresh a test run must be before going live: 1 to 168 hours.
  await page.type('fresh-test-hours', '500');
  await page.click('Save settings');
  await page.waitFor(() => page.errorsBeside('fresh-test-hours').length === 1);
  assert.match(page.errorsBeside('fresh-test-hours')[0]!, /168 hours/);
  assert.equal((await local.call<SettingsAnswer>('settings/get')).settings.freshTestHours, 24);
  await page.type('fresh-test-hours', '48');
  await page.click('Save settings');
  await page.waitFor('Settings saved.');
  assert.equal((await local.call<SettingsAnswer>('settings/get')).settings.freshTestHours, 48);
  assert.deepEqual(page.bridgeErrors, []);
});
