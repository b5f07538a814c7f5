/**
 * Issue 19 item 11 on the real page: Settings is one kind of form. Each section's buttons sit in one place (a button
 * group under its fields, Save first); fields are as wide as what they hold (a number of days is narrow, the key
 * wide, and an error does not change a field's width); the time zone is picked; the org API key's expiry date is
 * picked beside the key and saved with it, and saving billing leaves it alone.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite } from '../engine/fixtures';
import { openPage, textOf, walk, type ForgeNode } from './harness';
import type { SettingsAnswer } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

/** The ButtonGroup holding the button with this text. */
function groupOf(root: ForgeNode, text: string): ForgeNode | undefined {
  let found: ForgeNode | undefined;
  walk(root, (node, parent) => {
    if (parent?.type === 'ButtonGroup' && node.type === 'Button' && textOf(node) === text) found = parent;
  });
  return found;
}

test("Settings: one button placement, fields sized to their content, a picked time zone, and the key's expiry beside the key", async () => {
  const page = await openPage(local);
  await page.openTab('Settings');
  await page.waitFor('Expires on');

  for (const save of ['Save key', 'Save settings', 'Save seat target', 'Save billing', 'Save email settings']) {
    const group = groupOf(page.tree(), save);
    assert.ok(group, `"${save}" is in a button group under its section's fields`);
    assert.equal(textOf(group.children[0]!), save, `"${save}" comes first in its group`);
  }
  assert.equal(page.findAll('FormFooter').length, 0, 'no section puts its buttons elsewhere');

  const width = (id: string) => page.byId(id, new Set(['Textfield'])).props.width;
  for (const id of ['retention-days', 'audit-retention-days', 'keep-access-days', 'fresh-test-hours'])
    assert.equal(width(id), 'xsmall', `${id} holds a few digits`);
  assert.equal(width('api-key'), 'large');
  assert.equal(page.byId('default-zone', new Set(['Select'])).type, 'Select', 'the time zone is picked');

  // A bad key: the error shows beside the field, which keeps its width.
  await page.type('api-key', 'a-mistyped-org-api-key-12345');
  await page.click('Save key');
  await page.waitFor(() => page.errorsBeside('api-key').length === 1);
  assert.equal(width('api-key'), 'large');
  await page.type('api-key', '');

  const key = (await local.call<SettingsAnswer>('settings/get')).apiKey.masked;
  await page.pickDate('api-key-expires-on', '2027-03-01');
  await page.click('Save key');
  await page.waitFor('The expiry date is saved.');
  const saved = await local.call<SettingsAnswer>('settings/get');
  assert.equal(saved.settings.apiKeyExpiresOn, '2027-03-01');
  assert.equal(saved.apiKey.masked, key, 'an empty key field leaves the saved key alone');

  // Billing no longer carries the date, and its save leaves it as it is.
  assert.doesNotMatch(page.text(), /The organization API key expires on/);
  await page.select('billing-cycle', 'Monthly');
  await page.pickDate('billing-next-date', '2026-07-01');
  await page.click('Save billing');
  await page.waitFor('Billing is saved.');
  assert.equal((await local.call<SettingsAnswer>('settings/get')).settings.apiKeyExpiresOn, '2027-03-01');
  assert.deepEqual(page.bridgeErrors, []);
});
