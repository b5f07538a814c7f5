/**
 * The admin page in Chromium through the local preview (`npm start`): the page's real bundle, its resolvers on a
 * local site of 300 users with one finished test run. One admin's flow, written against visible text and roles
 * so it holds while the page's layout changes: every tab opens, drawn by Atlaskit with no unknown element and no
 * console error (a screenshot of each goes to test-output/screenshots/), a bad API key is refused beside its field while the stored one reaches the
 * organization, settings save, a scheme runs in test mode, and the run is listed in the run history and opens
 * with its outcomes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { LocalSite } from '../local/localSite';
import type { Preview } from '../local/preview/server';
import { openPreviewSite } from '../local/preview/site';
import { generateSite } from '../local/site';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import { TABS as PAGE_TABS } from '../../src/frontend/navigation';
import { explained, openPreview, openTab, screenshotPath, settle, unknownElements, VIEWPORT } from './browser';

const USERS = 300;
const SEED = 11;
/** The page's own tab list, so a new tab is opened and screenshotted here without an edit. */
const TABS: string[] = [...PAGE_TABS];
const SCHEME = 'Inactive for 90 days';
/** How long the page must stay still to count as settled: this walk-through's 300-user site draws more per commit. */
const QUIET_MS = 100;

describe('the admin page in a browser, through the local preview', () => {
  const orgName = generateSite({ users: USERS, seed: SEED }).org.name;
  let local: LocalSite;
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let problems: () => Promise<string[]>;
  let started = 0;

  before(async () => {
    started = performance.now();
    local = await openPreviewSite({ users: USERS, seed: SEED });
    ({ preview, browser, page, problems } = await openPreview(local, { timezone: 'UTC' }));
  });

  after(async () => {
    await browser?.close();
    await preview?.close();
    local?.close();
    process.stdout.write(`# e2e preview flow: ${Math.round(performance.now() - started)} ms\n`);
  });

  test('every tab opens without an error, and each is saved as a screenshot', () =>
    explained(problems, async () => {
      await page.goto(preview.url);
      await page.getByRole('heading', { name: 'User manager' }).waitFor();
      assert.deepEqual(await page.getByRole('tab').allInnerTexts(), TABS);
      for (const tab of TABS) {
        await openTab(page, tab, QUIET_MS);
        assert.ok(
          (await page.getByRole('tabpanel').filter({ visible: true }).innerText()).trim().length > 0,
          `the ${tab} tab shows something`,
        );
        assert.deepEqual(
          await unknownElements(page),
          [],
          `every element on the ${tab} tab is drawn by Atlaskit (a dashed box names one the preview cannot draw)`,
        );
        await page.screenshot({ path: screenshotPath(tab) });
      }
      assert.deepEqual(await problems(), []);
    }));

  test('Settings: a bad key is refused beside its field, the stored key reaches the organization, settings save', () =>
    explained(problems, async () => {
      await openTab(page, 'Settings', QUIET_MS);
      await page.getByLabel(/^(Replace the key|API key)$/).fill('short-key');
      await page.getByRole('button', { name: 'Save key' }).click();
      await page.getByText(/too short/).waitFor();

      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(`Connected to ${orgName}`).waitFor();

      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved').waitFor();
      await settle(page, QUIET_MS);
      await page.screenshot({ path: screenshotPath('settings-saved') });
      assert.deepEqual(await problems(), []);
    }));

  test('Schemes → Run test → Run history lists the run, which opens with its outcomes', () =>
    explained(problems, async () => {
      await openTab(page, 'Schemes', QUIET_MS);
      const row = page.getByRole('row').filter({ hasText: SCHEME });
      await row.getByRole('button', { name: 'Run test' }).click();
      // "Run test" opens the run it started (issue 19, item 6).
      await page.getByText('A test run (it changes nothing) started: it shows here as it goes.').waitFor();
      await page.getByRole('heading', { name: SCHEME }).waitFor();
      await settle(page, QUIET_MS);

      await page.getByRole('button', { name: '← All runs' }).click();
      const runs = page.getByRole('row').filter({ has: page.getByRole('button', { name: SCHEME }) });
      await runs.nth(1).waitFor();
      assert.equal(await runs.count(), 2, 'the demo run and the one just started');
      await runs.first().getByRole('button', { name: SCHEME }).click();
      await page.getByRole('heading', { name: SCHEME }).waitFor();
      await page.getByText('Test run: nothing was changed on the site').waitFor();
      await settle(page, QUIET_MS);
      const outcomes = page.getByRole('cell').filter({ hasText: /^would be acted on$/ });
      assert.ok((await outcomes.count()) > 0, 'the run lists users it would act on as planned');
      await page.screenshot({ path: screenshotPath('run-detail') });

      await page.getByRole('button', { name: '← All runs' }).click();
      await runs.nth(1).waitFor();
      assert.deepEqual(await problems(), []);
    }));

  test('the header links to the local outbox, which lists a test email the app sent', () =>
    explained(problems, async () => {
      await local.call('email/save', {
        provider: 'postmark',
        fromAddress: 'wiki-admin@example.com',
        apiKey: LOCAL_POSTMARK_TOKEN,
      });
      await local.call('email/sendTest', { to: 'someone@example.com' });
      const href = await page.getByRole('link', { name: 'Outbox' }).getAttribute('href');
      assert.equal(href, '/outbox');
      const outbox = await browser.newPage({ viewport: VIEWPORT });
      try {
        await outbox.goto(new URL(href, preview.url).href);
        await outbox.getByRole('heading', { name: '[User manager] Test email' }).waitFor();
        assert.match(
          await outbox.locator('body').innerText(),
          /1 email received by the simulated Postmark[\s\S]*someone@example\.com/,
        );
        await outbox.screenshot({ path: screenshotPath('outbox') });
      } finally {
        await outbox.close();
      }
      assert.deepEqual(await problems(), []);
    }));
});
