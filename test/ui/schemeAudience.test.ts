/**
 * Click-through on the real page: the editor's account types, the scheme's own exempt users and its report's
 * recipients are set in the steps, refused beside their field when wrong, and saved into the scheme file.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ACTIVE, ADMIN, INACTIVE, smallSite } from '../engine/fixtures';
import { openPage, textOf, walk, type ForgeNode } from './harness';
import type { SchemeFileAnswer, SchemeSummary } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('account types, exempt users and report recipients set in the editor are saved in the scheme file', async () => {
  const page = await openPage(local);
  await page.openTab('Schemes');
  await page.click('Create scheme');
  await page.type('scheme-name', 'Audience');
  await page.click('Next');
  await page.waitFor('Account types');
  assert.equal(page.byId('scheme-account-atlassian').props.isChecked, true, 'Atlassian accounts by default');
  assert.equal(page.byId('scheme-account-customer').props.isChecked, false);
  assert.match(page.text(), /App accounts are always protected/);

  // No account type, and an account id the picker let through with a space in it: both refused beside their field.
  await page.toggle('scheme-account-atlassian');
  await page.pickUsers('scheme-exempt-users', [{ id: 'not an id', name: 'not an id' }]);
  await page.click('Next');
  await page.waitFor('Fix the fields marked above to continue.');
  assert.deepEqual(page.errorsBeside('scheme-account-atlassian'), ['must list at least one account type']);
  assert.match(page.errorsBeside('scheme-exempt-users')[0] ?? '', /an account id has no spaces/);

  await page.toggle('scheme-account-atlassian');
  await page.toggle('scheme-account-customer');
  await page.click(
    removeButtonOf(page.all((node) => node.type === 'Inline' && textOf(node).includes('not an id'))[0]!),
  );
  await page.pickUsers('scheme-exempt-users', [
    { id: ACTIVE[0]!, name: 'User active 1' },
    { id: INACTIVE[0]!, name: 'User inactive 1' },
  ]);
  await page.pickUsers('scheme-exempt-users', [{ id: ACTIVE[0]!, name: 'User active 1' }]);
  assert.match(page.text(), /User active 1 \(acc-active-1\)/);
  assert.doesNotMatch(page.text(), /not an id/);
  await page.click('Next');
  await page.waitFor('What happens to matched users');
  await page.click('Next');
  await page.waitFor("Send each run's report to these groups");

  await page.pickUsers('report-users', [{ id: ADMIN, name: 'User admin' }]);
  await page.click('Save scheme');
  await page.waitFor('Saved "Audience".');

  const listed = await local.call<SchemeSummary[]>('schemes/list');
  const id = listed.find((scheme) => scheme.name === 'Audience')?.id;
  assert.ok(id, 'the scheme is listed');
  const saved = await local.call<SchemeFileAnswer>('schemes/get', { id });
  const file = saved.file as {
    filter: { accountTypes: unknown };
    exemptions: { users: unknown };
    report: { emailUsers: unknown };
  };
  assert.deepEqual(file.filter.accountTypes, ['atlassian', 'customer']);
  assert.deepEqual(file.exemptions.users, [ACTIVE[0], INACTIVE[0]]);
  assert.deepEqual(file.report.emailUsers, [ADMIN]);
  assert.deepEqual(page.bridgeErrors, []);
});

/** The Remove button beside a user's tag. */
function removeButtonOf(tagRow: ForgeNode): ForgeNode {
  const buttons: ForgeNode[] = [];
  walk(tagRow, (node) => node.type === 'Button' && textOf(node).trim() === 'Remove' && buttons.push(node));
  assert.equal(buttons.length, 1, 'one Remove button beside the tag');
  return buttons[0]!;
}
