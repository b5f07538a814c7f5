/**
 * Issue 18 in Chromium: a scheme that runs two days before the bill, tested; the Overview's next-bill forecast and the
 * run page's billing sentence with each row's seat holder, as an admin sees them (screenshots for the README).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { smallSite } from '../engine/fixtures';
import { LocalSite } from '../local/localSite';
import type { Preview } from '../local/preview/server';
import { openPreview, openTab, screenshotPath, settle, unknownElements } from './browser';

const SCHEME = 'Before the bill';

describe('billing in a browser: the forecast and what a run saves', () => {
  let local: LocalSite;
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let problems: () => Promise<string[]>;

  before(async () => {
    local = new LocalSite({ siteFile: smallSite() });
    await local.call('settings/save', {
      billing: {
        model: 'perApp',
        cycle: 'monthly',
        nextBillingDate: '2026-06-10',
        pricePerSeat: 6.05,
        currency: 'USD',
      },
    });
    await local.call('overview/measure', {});
    await local.drain();
    const scheme = {
      name: SCHEME,
      mode: 'live',
      schedule: { unit: 'billing', daysBefore: 2, at: '02:00', timeZone: 'UTC' },
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    };
    const saved = await local.saveScheme(scheme);
    await local.runNow(saved.id, 'test');
    await local.drain();
    ({ preview, browser, page, problems } = await openPreview(local, { timezone: 'UTC' }));
    await page.goto(preview.url);
    await page.getByRole('heading', { name: 'User manager' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await preview?.close();
    local?.close();
  });

  test('the Overview forecasts the next bill: seats now and after the live scheme that runs before it', async () => {
    await openTab(page, 'Overview');
    await page.getByRole('heading', { name: 'Next bill' }).waitFor();
    await page.getByText('The bill of 10 Jun 2026 counts the seats held on 9 Jun 2026.').waitFor();
    await page
      .getByText(/^After the live scheme that runs before it: \d+ seats, about [\d.]+ USD a month less/)
      .waitFor();
    await page.getByRole('heading', { name: 'Next bill' }).scrollIntoViewIfNeeded();
    assert.deepEqual(await unknownElements(page), [], 'everything here is drawn by Atlaskit');
    await page.screenshot({ path: screenshotPath('billing-forecast') });
    assert.deepEqual(await problems(), []);
  });

  test('the run page says what the run would save, and what holds each seat', async () => {
    await openTab(page, 'Run history');
    await page.getByRole('button', { name: SCHEME, exact: true }).first().click();
    await page.getByRole('heading', { name: SCHEME, exact: true }).waitFor();
    await settle(page);
    await page.getByText(/Would free \d+ seats from the bill of 10 Jun 2026: about [\d.]+ USD a month\./).waitFor();
    await page.getByRole('cell', { name: 'group confluence-users' }).first().waitFor();
    assert.deepEqual(await unknownElements(page), [], 'everything here is drawn by Atlaskit');
    await page.screenshot({ path: screenshotPath('billing-run') });
    assert.deepEqual(await problems(), []);
  });
});
