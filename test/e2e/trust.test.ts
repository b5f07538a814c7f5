/**
 * Issue 19 in Chromium, on the Atlaskit-drawn preview of a small hand-written site (test/engine/fixtures.ts): an
 * edit keeps a staged deletion and a restore offer; the go-live dialog names the deletions with their date and the
 * emails that go out; "Run test" opens the run; an exemption is kept across a tab switch; bulk results stay after
 * acting; an undo is chosen by ticks, names the group and its page speaks of giving access back; the outbox's
 * restore link opens in the preview. Focus lands in the new view after Create scheme, each Next and Back, each dialog
 * and a run's page (item 14). axe-core checks every tab, the editor's steps and each dialog: no serious or critical
 * violation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { ExemptionsAnswer, SchemeFileAnswer } from '../../src/contract';
import { ACCESS_GROUP, ACTIVE, INACTIVE, smallSite } from '../engine/fixtures';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import type { Preview } from '../local/preview/server';
import { TABS } from '../../src/frontend/navigation';
import { explained, openPreview, openTab, screenshotPath, settle, tick, unknownElements, VIEWPORT } from './browser';

const STAGED = 'Deactivate, then delete';

/** Serious and critical axe violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join('; ')}`,
    );
}

/** What has the keyboard focus: "tag: name" (its label, aria-label or text), or "body" when nothing does. */
async function focusedIn(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const role = el.getAttribute('role');
    const labelled = el.getAttribute('aria-labelledby');
    const label =
      el.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled.split(' ')[0]!)?.textContent : null) ??
      (el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null) ??
      el.textContent ??
      '';
    return `${role ?? el.tagName.toLowerCase()}: ${label.trim().slice(0, 80)}`;
  });
}

describe('the page an admin trusts (issue 19) in a browser', () => {
  let local: LocalSite;
  let preview: Preview;
  let browser: Browser;
  let page: Page;
  let problems: () => Promise<string[]>;
  const axeSeen = new Map<string, string[]>();

  const hasSeat = (accountId: string) => local.site.user(accountId)!.groups.includes(ACCESS_GROUP);

  async function accessible(where: string): Promise<void> {
    await settle(page);
    const found = await seriousViolations(page);
    axeSeen.set(where, found);
    assert.deepEqual(found, [], `axe: no serious or critical violation ${where}`);
  }

  const focused = () => focusedIn(page);

  async function noProblems(where: string): Promise<void> {
    assert.deepEqual(await unknownElements(page), [], `everything ${where} is drawn by Atlaskit`);
    assert.deepEqual(await problems(), []);
  }

  /** Opens a scheme row's "more actions" menu and picks an item. */
  async function fromMenu(scheme: string, item: string): Promise<void> {
    await page
      .getByRole('row')
      .filter({ hasText: scheme })
      .getByRole('button', { name: 'More actions', exact: true })
      .click();
    await page.getByRole('button', { name: item, exact: true }).click();
  }

  before(async () => {
    local = new LocalSite({ siteFile: smallSite() });
    await local.call('overview/measure', {});
    await local.drain();
    await local.call('email/save', {
      provider: 'postmark',
      fromAddress: 'wiki-admin@example.com',
      apiKey: LOCAL_POSTMARK_TOKEN,
    });
    // axe-core's Playwright builder needs a page of an explicit browser context.
    ({ preview, browser, page, problems } = await openPreview(local, { timezone: 'UTC', ownContext: true }));
    await page.goto(preview.url);
    await page.getByRole('heading', { name: 'User manager', level: 1 }).waitFor();
    await settle(page);
  });

  after(async () => {
    await browser?.close();
    await preview?.close();
    local?.close();
  });

  test('every tab has one level-one heading and no serious or critical axe violation', () =>
    explained(problems, async () => {
      for (const tab of TABS) {
        await openTab(page, tab);
        assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, `${tab}: one level-one heading`);
        await accessible(`on the ${tab} tab`);
      }
      await noProblems('on the tabs');
    }));

  test('items 1, 2 and 6: Edit → Save keeps the staged deletion and the restore offer; the go-live dialog names both; Run test opens the run', () =>
    explained(problems, async () => {
      const saved = await local.saveScheme({
        name: STAGED,
        filter: { inactiveDays: 90 },
        actions: [
          { type: 'removeAccess', offerRestore: true },
          { type: 'deactivate', deleteAfterDays: 30 },
        ],
      });
      await openTab(page, 'Overview');
      await openTab(page, 'Schemes');

      // Item 1: the editor shows both options, and an innocent save keeps them.
      await fromMenu(STAGED, 'Edit');
      await page.getByRole('heading', { name: `Edit "${STAGED}"` }).waitFor();
      await accessible('on the editor: Time');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Inactive for at least (days)').waitFor();
      await accessible('on the editor: Users');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('What happens to matched users').waitFor();
      assert.equal(
        await page.getByRole('checkbox', { name: /Email each user a link to ask for their access back/ }).isChecked(),
        true,
      );
      assert.equal(await page.getByRole('checkbox', { name: /Then delete them/ }).isChecked(), true);
      assert.equal(await page.getByLabel('Delete after (days deactivated, 1 to 365)').inputValue(), '30');
      await accessible('on the editor: Actions');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Save scheme' }).waitFor();
      await accessible('on the editor: Reporting');
      await page.getByRole('button', { name: 'Save scheme' }).click();
      await page.getByText(`Saved "${STAGED}".`).waitFor();
      const stored = await local.call<SchemeFileAnswer>('schemes/get', { id: saved.id });
      assert.deepEqual(stored.file.actions, [
        { type: 'removeAccess', offerRestore: true },
        { type: 'deactivate', deleteAfterDays: 30 },
      ]);

      // Item 6: "Run test" opens the run it started.
      await page
        .getByRole('row')
        .filter({ hasText: STAGED })
        .getByRole('button', { name: 'Run test', exact: true })
        .click();
      await page.getByRole('heading', { name: STAGED, exact: true }).waitFor();
      await page.getByText('A test run (it changes nothing) started: it shows here as it goes.').waitFor();
      await page.getByText('finished', { exact: true }).first().waitFor({ timeout: 20_000 });
      await accessible('on a run page');

      // Item 2: going live names the deletions with their date and the emails that go out.
      await openTab(page, 'Schemes');
      await fromMenu(STAGED, 'Run live');
      const dialog = page.getByRole('dialog', { name: `Run "${STAGED}" live?` });
      await dialog.getByText(/Will remove Confluence access from \d+ users/).waitFor();
      const deleteOn = await page.evaluate(() =>
        new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date(Date.now() + 30 * 86_400_000)),
      );
      await dialog
        .getByText(
          new RegExp(
            `^\\d+ users deactivated now will be deleted on ${deleteOn} \\(after 30 days deactivated\\), unless you cancel them under Run history → Pending deletions\\.$`,
          ),
        )
        .waitFor();
      await dialog
        .getByText(/^\d+ users will be emailed a link to ask for their Confluence access back once it is removed\.$/)
        .waitFor();
      await accessible('in the go-live dialog');
      await page.screenshot({ path: screenshotPath('go-live-staged-deletion') });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await noProblems('in the scheme flows');
    }));

  test('item 3: an exemption added is kept across a tab switch, with no button to remember', () =>
    explained(problems, async () => {
      await openTab(page, 'Exemptions');
      await page.getByLabel('Find a user').pressSequentially('User active-2', { delay: 5 });
      await page
        .getByRole('option', { name: /User active-2/ })
        .first()
        .click();
      await page.getByRole('button', { name: 'Add exemption' }).click();
      await page.getByText('Exemptions saved: 1 users, 0 groups.', { exact: false }).waitFor();
      await accessible('on Exemptions with a user');
      await openTab(page, 'Overview');
      await openTab(page, 'Exemptions');
      await page.getByRole('cell', { name: /User active-2/ }).waitFor();
      const stored = await local.call<ExemptionsAnswer>('exemptions/get');
      assert.deepEqual(stored.users, [ACTIVE[1]]);
      await noProblems('on Exemptions');
    }));

  test('item 9: after acting on two found users, the found users stay listed and the progress speaks of the two', () =>
    explained(problems, async () => {
      await openTab(page, 'Bulk actions');
      await page.getByLabel('Name or email contains').fill('inactive');
      await page.getByRole('button', { name: 'Find users' }).click();
      await page.getByRole('heading', { name: '4 users found; 4 can be acted on' }).waitFor({ timeout: 20_000 });
      // Each row's tick is labelled by the user's name: the name shows once.
      for (const id of INACTIVE.slice(0, 2))
        await tick(page.getByRole('checkbox', { name: id.replace('acc-', 'User '), exact: true }));
      assert.equal(await page.getByText('Select User', { exact: false }).count(), 0);
      await tick(page.getByRole('checkbox', { name: 'Remove Confluence access (frees the seat)', exact: true }));
      await accessible('on Bulk actions with results');
      await page.getByRole('button', { name: 'Review action on 2 users' }).click();
      const dialog = page.getByRole('dialog', { name: 'Act on 2 users?' });
      await dialog.getByRole('button', { name: 'Yes, act on 2 users' }).waitFor();
      await accessible('in the bulk confirmation');
      await dialog.getByRole('button', { name: 'Yes, act on 2 users' }).click();
      await page.getByText('Bulk action finished').waitFor({ timeout: 20_000 });
      await page.getByText(/Acting on the 2 selected users: 2 done, 0 left alone, 0 failed\./).waitFor();
      await page.getByRole('heading', { name: '4 users found; 4 can be acted on' }).waitFor();
      assert.equal(await page.getByText(/users read/).count(), 0, 'no site-scan numbers for the two users acted on');
      assert.deepEqual(
        INACTIVE.map((id) => hasSeat(id)),
        [false, false, true, true],
      );
      await page.screenshot({ path: screenshotPath('bulk-after-acting') });
      await noProblems('on Bulk actions');
    }));

  test("items 4 and 12: an undo is chosen by ticks, its dialog names the group, and the undo's page speaks of giving access back", () =>
    explained(problems, async () => {
      await page.getByRole('button', { name: "Open the run's report" }).click();
      await page.getByRole('heading', { name: 'Undo this run' }).waitFor();
      const [first] = INACTIVE as [string];
      await tick(page.getByRole('checkbox', { name: first.replace('acc-', 'User '), exact: true }));
      await page.getByText('1 user ticked: the undo is for them only.').waitFor();
      await page.getByRole('button', { name: 'Review the undo for 1 user' }).click();
      const dialog = page.getByRole('dialog', { name: 'Undo this run for 1 user?' });
      await dialog
        .getByText('User inactive-1 (acc-inactive-1@acme.com): add back to 1 group (confluence-users)')
        .waitFor();
      await accessible('in the undo dialog');
      await dialog.getByRole('button', { name: 'Yes, undo for 1 user' }).click();
      await page.getByText('The undo started: it is a run of its own, shown here as it goes.').waitFor();
      await page.getByText(/ 1 done, 0 left alone, 0 failed$/).waitFor({ timeout: 20_000 });
      await page.getByText(/^What it does\s*Give Confluence access back$/).waitFor();
      await page.getByRole('cell', { name: 'Gave Confluence access back' }).waitFor();
      const text = await page.locator('body').innerText();
      assert.doesNotMatch(text, /removeAccess|Removed Confluence access/);
      assert.equal(hasSeat(first), true, 'the ticked user has the seat back');
      assert.equal(hasSeat(INACTIVE[1]!), false, 'the unticked user does not');
      await accessible('on an undo run page');
      await page.screenshot({ path: screenshotPath('undo-run-page') });
      await noProblems('on the undo run');
    }));

  test("item 15: the outbox's restore link opens in the preview and reaches the app's web trigger", () =>
    explained(problems, async () => {
      const scheme = await local.saveScheme({
        name: 'Restore offer',
        mode: 'live',
        filter: { inactiveDays: 90 },
        actions: [{ type: 'removeAccess', offerRestore: true }],
      });
      await local.runNow(scheme.id, 'live');
      await local.drain();
      const outbox = await browser.newPage({ viewport: VIEWPORT });
      await outbox.goto(new URL('/outbox', preview.url).href);
      const link = outbox.getByRole('link', { name: /^\/x1\// }).first();
      const href = await link.getAttribute('href');
      assert.match(
        href ?? '',
        /^\/x1\/.+restore-access-link\?/,
        'the link points at the preview, not local-forge.invalid',
      );
      assert.equal(await outbox.getByText('local-forge.invalid').count(), 0);
      await link.click();
      await outbox.waitForLoadState();
      const body = await outbox.locator('body').innerText();
      assert.doesNotMatch(body, /No such web trigger|not found/i);
      assert.match(body, /access/i);
      await outbox.close();
    }));

  test('item 14: focus lands in the new view after a tab switch, Create scheme, each Next and Back, and each dialog; axe finds nothing serious in the editor steps and the scheme dialogs', () =>
    explained(problems, async () => {
      await openTab(page, 'Schemes');
      assert.equal(await focused(), 'tab: Schemes', 'a tab switch keeps focus on the chosen tab');

      await page.getByRole('button', { name: 'Create scheme', exact: true }).click();
      await page.getByRole('heading', { name: 'New scheme' }).waitFor();
      await settle(page);
      assert.equal(await focused(), 'input: Scheme name', 'Create scheme: the first field of the editor');
      await accessible('on the new editor: Time');
      await page.getByLabel('Scheme name').fill('Focus check');
      // UI Kit cannot focus a Heading (no tabIndex, no ref): focus goes to the new view's first field that takes
      // autoFocus, else stays on the button pressed; never back to the document's body.
      for (const [button, step, expected] of [
        ['Next', 'Users', /^input: Inactive for at least \(days\)$/],
        // The Actions step starts with a Checkbox, which UI Kit gives no autoFocus: focus goes to its Next.
        ['Next', 'Actions', /^button: Next$/],
        ['Next', 'Reporting', /^combobox: Send each run's report to these groups/],
        ['Back', 'Actions', /^button: Next$/],
        ['Back', 'Users', /^input: Inactive for at least \(days\)$/],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await settle(page);
        assert.match(await focused(), expected, `${button} → ${step}`);
        await accessible(`on the new editor: ${step} (after ${button})`);
      }
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await settle(page);
      assert.equal(await focused(), 'button: Create scheme', 'back from the editor, focus is on Create scheme');

      for (const [open, title] of [
        [() => page.getByRole('button', { name: 'Import JSON', exact: true }).click(), 'Import a scheme'],
        [() => fromMenu(STAGED, 'Export'), `Export "${STAGED}"`],
        [() => fromMenu(STAGED, 'Delete'), `Delete "${STAGED}"?`],
      ] as const) {
        await open();
        const dialog = page.getByRole('dialog', { name: title });
        await dialog.waitFor();
        await settle(page);
        assert.ok(
          await dialog.evaluate((element) => element.contains(document.activeElement)),
          `focus is inside the dialog "${title}"`,
        );
        await accessible(`in the dialog "${title}"`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      }

      await openTab(page, 'Run history');
      await page.getByRole('button', { name: STAGED, exact: true }).first().click();
      await page.getByRole('heading', { name: STAGED, exact: true }).waitFor();
      await settle(page);
      assert.equal(await focused(), 'button: ← All runs', "a run's page: focus at its top, above its heading");
      await noProblems('in the focus walk');
    }));

  test('axe found nothing serious anywhere it looked', () => {
    assert.ok(axeSeen.size >= TABS.length + 8, `axe looked at ${axeSeen.size} views`);
    assert.deepEqual([...axeSeen.values()].flat(), []);
  });
});
