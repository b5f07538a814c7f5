/**
 * The preview's renderer in Chromium, on a gallery page that uses every component the admin page may use, drawn
 * by the real Atlaskit components: what each handler receives (UI Kit's event shapes), Atlaskit-owned state (tabs,
 * table sorting and paging, dialogs), the UserPicker searching the site's people, invoke through the server, and
 * unknown components shown as such.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { LocalSite } from '../local/localSite';
import type { Preview } from '../local/preview/server';
import { openPreviewSite } from '../local/preview/site';
import { openPreview, screenshotPath, tick } from './browser';

const GALLERY = path.resolve(__dirname, 'fixtures/gallery.tsx');

describe('the preview renderer, on a gallery of UI Kit components', () => {
  let local: LocalSite;
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let problems: () => Promise<string[]>;

  before(async () => {
    // No year of history: the gallery draws no app data, and the history is most of a preview site's build.
    local = await openPreviewSite({ users: 60, seed: 3, historyDays: 2 });
    ({ preview, browser, page, problems } = await openPreview(local, { entry: GALLERY, timeoutMs: 5_000 }));
    await page.goto(preview.url);
    await page.getByRole('heading', { name: 'Component gallery' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await preview?.close();
    local?.close();
  });

  const log = () => page.getByText(/^Log:/);

  test('fields hand the page UI Kit event shapes, and typing is not undone by later commits', async () => {
    await page.getByLabel('Name').pressSequentially('Ada Lovelace', { delay: 5 });
    await page.getByText('Typed: Ada Lovelace').waitFor();
    assert.equal(await page.getByLabel('Name').inputValue(), 'Ada Lovelace');

    await page.getByLabel('Letter').click();
    await page.getByRole('option', { name: 'Beta' }).click();
    await page.getByText('Picked: Beta (b)').waitFor();

    await page.getByLabel('Groups').click();
    await page.getByRole('option', { name: 'Beta' }).click();
    await page.getByLabel('Groups').click();
    await page.getByRole('option', { name: 'Alpha' }).click();
    await page.getByText('Groups: b,a').waitFor();
    await page.getByRole('button', { name: 'Remove Beta' }).click();
    await page.getByText('Groups: a').waitFor();

    // The page controls both boxes: each shows the new state once the page's commit has crossed the bridge, so a
    // click (not Playwright's check, which looks at once) then the page's answer. Atlaskit's toggle draws its
    // track over the input, where a user clicks: `force` clicks there.
    const enabled = page.getByRole('checkbox', { name: 'Enabled' });
    await enabled.click({ force: true });
    await page.getByText('Toggle is on').waitFor();
    assert.equal(await enabled.isChecked(), true);
    const agreed = page.getByRole('checkbox', { name: 'I agree' });
    await agreed.click();
    await page.getByText('Agreed: yes').waitFor();
    assert.equal(await agreed.isChecked(), true);
    await tick(page.getByRole('radio', { name: 'Large' }));
    await page.getByText('Size: large').waitFor();
  });

  test("the UserPicker finds the site's people by name and hands the page UI Kit's user value", async () => {
    const someone = local.site.toSiteFile().users.find((user) => user.status === 'active' && user.email)!;
    await page.getByLabel('Exempt user').pressSequentially(someone.name, { delay: 5 });
    await page
      .getByRole('option', { name: new RegExp(someone.name) })
      .first()
      .click();
    const line = await log()
      .filter({ hasText: /user \{/ })
      .innerText();
    const value = JSON.parse(line.slice(line.indexOf('user {') + 'user '.length).split(' | ')[0]!);
    assert.deepEqual(
      { ...value, avatarUrl: typeof value.avatarUrl },
      { id: someone.accountId, name: someone.name, email: someone.email, avatarUrl: 'string', type: 'user' },
    );
  });

  test('a form submits through useForm: required fields are checked first, then the data reaches onSubmit', async () => {
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Team is required').waitFor();
    await page.getByLabel('Team', { exact: true }).fill('Platform');
    await page.getByRole('button', { name: 'Submit' }).click();
    await log().filter({ hasText: 'submitted Platform' }).waitFor();
    assert.equal(await page.getByText('Team is required').count(), 0);
  });

  test('a dialog opens over the page and its buttons reach the page', async () => {
    await page.getByRole('button', { name: 'Open dialog' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove 3 users?' });
    await dialog.getByText('This cannot be undone.').waitFor();
    await page.screenshot({ path: screenshotPath('gallery-dialog') });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await log().filter({ hasText: 'confirmed' }).waitFor();
    await dialog.waitFor({ state: 'detached' });
  });

  test("the bridge's showFlag shows an Atlaskit flag, which the admin dismisses", async () => {
    await page.getByRole('button', { name: 'Show a flag' }).click();
    const flag = page.getByRole('alert').filter({ hasText: 'Scheme saved' });
    await flag.getByText('It runs daily.').waitFor();
    await flag.getByRole('button', { name: 'Dismiss' }).click();
    await flag.waitFor({ state: 'detached' });
  });

  test('invoke goes through the preview server to the real resolver', async () => {
    await page.getByRole('button', { name: 'Ask the resolver' }).click();
    await page.getByText('Resolver: 1 scheme(s)').waitFor();
  });

  test('tabs switch panels; the table sorts and pages its rows', async () => {
    await page.screenshot({ path: screenshotPath('gallery-fields'), fullPage: true });
    await page.getByRole('tab', { name: 'Table' }).click();
    await log().filter({ hasText: 'tab 1' }).waitFor();
    const table = page.getByRole('table');
    assert.deepEqual(await table.locator('tbody tr td:first-child').allInnerTexts(), [
      'user-00',
      'user-01',
      'user-02',
      'user-03',
      'user-04',
    ]);
    assert.equal(await page.getByLabel('Name').isVisible(), false, 'the Fields panel is hidden');

    const sortByName = page.getByRole('columnheader', { name: 'Name' }).getByRole('button');
    await sortByName.click();
    await sortByName.click();
    assert.equal(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await table.locator('tbody tr td:first-child').allInnerTexts(), [
      'user-11',
      'user-10',
      'user-09',
      'user-08',
      'user-07',
    ]);

    await page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Page 3' }).click();
    await log().filter({ hasText: 'page 3' }).waitFor();
    assert.deepEqual(await table.locator('tbody tr td:first-child').allInnerTexts(), ['user-01', 'user-00']);
    await page.screenshot({ path: screenshotPath('gallery-table') });
  });

  test('status components draw, charts are hand-drawn SVG, and an unsupported component shows its name in a dashed box', async () => {
    await page.getByRole('tab', { name: 'Status' }).click();
    await page.getByText('Nothing changes on the site.').waitFor();
    assert.equal(await page.getByRole('progressbar', { name: 'Scan progress' }).getAttribute('aria-valuenow'), '0.4');
    assert.equal(await page.locator('[aria-current="step"]').innerText(), 'Users');
    await page.getByText('99+', { exact: true }).waitFor();
    assert.equal(await page.getByRole('img', { name: 'Seats' }).locator('circle').count(), 3);
    assert.equal(await page.getByRole('img', { name: 'Outcomes' }).locator('rect').count(), 2);
    // Calendar is the one element here the preview does not draw: it shows, named, in a dashed box (what the
    // admin page's walk-through asserts never appears).
    const unknown = page.locator('.unknown-component');
    assert.deepEqual(await unknown.evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-type'))), [
      'Calendar',
    ]);
    assert.equal(await unknown.locator('.unknown-component-label').innerText(), 'Calendar');
    assert.equal(await unknown.evaluate((box) => getComputedStyle(box).borderStyle), 'dashed');
    await page.screenshot({ path: screenshotPath('gallery-status'), fullPage: true });
    assert.deepEqual(await problems(), []);
  });
});
