/**
 * The trust flows of issue 11 in Chromium, on the Atlaskit-drawn preview of a small hand-written site (every
 * user's fate known: test/engine/fixtures.ts): a never-tested live scheme is refused, then saved live after a test
 * run whose confirmation names the users; actions are reordered with their up/down buttons and saved in that
 * order; a bad org API key is refused and the old one kept; bulk actions start with no action ticked and confirm
 * the chosen users by name. Each asserts what the page shows and what the app stored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { SchemeFileAnswer, SchemeSummary, SettingsAnswer } from '../../src/contract';
import { ACCESS_GROUP, INACTIVE, smallSite, writeRequests } from '../engine/fixtures';
import { LocalSite } from '../local/localSite';
import type { Preview } from '../local/preview/server';
import { DEFAULT_ORG_API_KEY } from '../local/site';
import { openPreview, openTab, screenshotPath, tick, unknownElements } from './browser';

const masked = (key: string) => `••••••••${key.slice(-4)}`;

describe('trust flows in a browser: confirmations that name who and what', () => {
  let local: LocalSite;
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let problems: () => Promise<string[]>;

  const schemes = () => local.call<SchemeSummary[]>('schemes/list');
  const groupsOf = (accountId: string) =>
    local.site.toSiteFile().users.find((user) => user.accountId === accountId)!.groups;

  before(async () => {
    local = new LocalSite({ siteFile: smallSite() });
    // A snapshot, so the editor can hold the safety limit to the site's seats.
    await local.call('overview/measure', {});
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

  test('a never-tested live scheme is refused; after a test run, a confirmation naming the users saves it live', async () => {
    const name = 'Free seats after 90 days';
    await openTab(page, 'Schemes');
    await page.getByRole('button', { name: 'Create scheme' }).click();
    await page.getByLabel('Scheme name').fill(name);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Inactive for at least (days)').fill('90');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('What happens to matched users').waitFor();
    await tick(page.getByRole('radio', { name: 'Live: act on the users' }));
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Save scheme' }).click();

    const dialog = page.getByRole('dialog', { name: `Save "${name}" as a live scheme?` });
    await dialog.getByText('A fresh test run comes first').waitFor();
    assert.equal(
      await dialog.getByRole('button', { name: 'Save and go live' }).count(),
      0,
      'no way to go live untested',
    );
    assert.equal(
      (await schemes()).find((scheme) => scheme.name === name),
      undefined,
      'nothing saved while refused',
    );

    await dialog.getByRole('button', { name: 'Run a test now' }).click();
    // The test run is scanned by the local queues in the background; the dialog then quotes it.
    await dialog.getByText('Will remove Confluence access from 6 users (confluence-users); 1 exempt.').waitFor();
    await dialog
      .getByText('Users: User exempt, User inactive-1, User inactive-2, User inactive-3, User inactive-4')
      .waitFor();
    await dialog.getByRole('button', { name: 'See the list of 6 users' }).waitFor();
    assert.deepEqual(writeRequests(local.site), [], 'the test run changed nothing on the site');
    assert.deepEqual(await unknownElements(page), [], 'everything here is drawn by Atlaskit');
    await page.screenshot({ path: screenshotPath('go-live-confirmation') });

    await dialog.getByRole('button', { name: 'Save and go live' }).click();
    await page.getByText(`Saved "${name}" as a live scheme.`).waitFor();
    assert.equal((await schemes()).find((scheme) => scheme.name === name)?.mode, 'live');
    assert.deepEqual(await problems(), []);
  });

  test('actions are reordered with their up/down buttons, and saved in that order', async () => {
    await openTab(page, 'Schemes');
    await page.getByRole('button', { name: 'Create scheme' }).click();
    await page.getByLabel('Scheme name').fill('Leavers');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Inactive for at least (days)').fill('90');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Order rules').waitFor();

    await tick(page.getByRole('checkbox', { name: /^Delete the account/ }));
    await tick(page.getByRole('checkbox', { name: /^Add to groups/ }));
    // The page gives the Select the same id as its input (id and inputId), so its label points at react-select's
    // container, not the input: found by the input's id here.
    await page.locator('input[id$="-action-add-groups"]').click();
    await page.getByRole('option', { name: 'jira-users' }).click();
    const order = () => page.getByText(/^\d\. /).allInnerTexts();
    await page.getByText('3. Delete').waitFor();
    assert.deepEqual(await order(), ['1. Remove access', '2. Add to groups', '3. Delete']);

    await page.getByRole('button', { name: 'Move "Delete" up' }).click();
    await page.getByText('2. Delete').waitFor();
    assert.deepEqual(await order(), ['1. Remove access', '2. Delete', '3. Add to groups']);
    assert.equal(await page.getByRole('button', { name: 'Move "Remove access" up' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Next' }).click();
    await page
      .getByText(/"delete" must be the last action/)
      .first()
      .waitFor();

    await page.getByRole('button', { name: 'Move "Delete" down' }).click();
    await page.getByText('3. Delete').waitFor();
    assert.deepEqual(await order(), ['1. Remove access', '2. Add to groups', '3. Delete']);
    assert.deepEqual(await unknownElements(page), [], 'everything here is drawn by Atlaskit');
    await page.screenshot({ path: screenshotPath('actions-reordered') });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Save scheme' }).click();
    await page.getByText('Saved "Leavers".').waitFor();

    const id = (await schemes()).find((scheme) => scheme.name === 'Leavers')!.id;
    const saved = await local.call<SchemeFileAnswer>('schemes/get', { id });
    assert.deepEqual(saved.file.actions, [
      { type: 'removeAccess' },
      { type: 'addGroups', groups: ['jira-users'] },
      { type: 'delete' },
    ]);
    assert.deepEqual(await problems(), []);
  });

  test('a bad org API key is refused beside its field, saying what failed, and the old key is kept', async () => {
    await openTab(page, 'Settings');
    await page.getByText(`A key is saved: ${masked(DEFAULT_ORG_API_KEY)}`).waitFor();
    await page.getByLabel(/^(Replace the key|API key)$/).fill('a-mistyped-org-api-key-12345');
    await page.getByRole('button', { name: 'Save key' }).click();
    await page
      .getByText(
        /^The new API key was not saved; the previous key is kept\. The organization API key was rejected \(401\)/,
      )
      .waitFor();
    assert.equal((await local.call<SettingsAnswer>('settings/get')).apiKey.masked, masked(DEFAULT_ORG_API_KEY));
    await page.getByText(`A key is saved: ${masked(DEFAULT_ORG_API_KEY)}`).waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connected to Acme').waitFor();
    assert.deepEqual(await unknownElements(page), [], 'everything here is drawn by Atlaskit');
    await page.screenshot({ path: screenshotPath('api-key-refused') });
    assert.deepEqual(await problems(), []);
  });

  test('bulk actions start with no action ticked; the confirmation names the chosen users; only they lose the seat', async () => {
    await openTab(page, 'Bulk actions');
    await page.getByLabel('Name or email contains').fill('inactive');
    await page.getByRole('button', { name: 'Find users' }).click();
    await page.getByText('4 users found; 4 can be acted on').waitFor();
    await tick(page.getByRole('checkbox', { name: 'User inactive-1', exact: true }));
    await tick(page.getByRole('checkbox', { name: 'User inactive-2', exact: true }));
    await page.getByText('2 users selected.').waitFor();

    for (const label of [
      'Remove Confluence access (frees the seat)',
      'Suspend (all products, all sites of the org)',
      'Deactivate the account (managed accounts only)',
      'Delete the account (managed accounts only, after 14 days)',
      'Add to groups',
      'Remove from groups',
    ])
      assert.equal(
        await page.getByRole('checkbox', { name: label, exact: true }).isChecked(),
        false,
        `${label} unticked`,
      );
    const review = page.getByRole('button', { name: 'Review action on 2 users' });
    assert.equal(await review.isDisabled(), true, 'nothing to review before an action is chosen');

    await tick(page.getByRole('checkbox', { name: 'Remove Confluence access (frees the seat)', exact: true }));
    await review.click();
    const dialog = page.getByRole('dialog', { name: 'Act on 2 users?' });
    await dialog.getByText(/Will remove Confluence access from 2 users \([^)]+\); 0 exempt\./).waitFor();
    await dialog.getByText('Users: User inactive-1, User inactive-2.').waitFor();
    assert.deepEqual(await unknownElements(page), [], 'everything here is drawn by Atlaskit');
    await page.screenshot({ path: screenshotPath('bulk-confirmation') });
    await dialog.getByRole('button', { name: 'Yes, act on 2 users' }).click();
    await page.getByText('Bulk action finished').waitFor();
    assert.deepEqual(
      INACTIVE.map((id) => groupsOf(id).includes(ACCESS_GROUP)),
      [false, false, true, true],
      'the two chosen users lost the seat, the other two kept it',
    );
    assert.deepEqual(await problems(), []);
  });
});
