/**
 * Click-through on the real page of the pickers, the resolvers' refusal of ids that are not users of the site,
 * feedback beside the pressed button, the labelled toggles and the confirmation before deleting a custom field.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ADMIN, INACTIVE, smallSite } from '../engine/fixtures';
import { openPage, textOf, type Page } from './harness';
import type { ExemptionsAnswer, FieldsAnswer, SettingsAnswer } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

let page: Page;

/** A resolver's refusal, as the page receives it. */
async function refusal(name: string, payload: unknown): Promise<{ code: string; message: string }> {
  const answer = (await local.forge.invokeResolver(name, payload, { accountId: local.adminAccountId })) as {
    ok: boolean;
    error?: { code: string; message: string };
  };
  assert.equal(answer.ok, false, `${name} must refuse ${JSON.stringify(payload)}`);
  return answer.error!;
}

test('ids that are not users of the site are refused by the resolvers, naming the bad value, changing nothing', async () => {
  await local.call('exemptions/save', { users: [INACTIVE[0]], groupIds: [] });

  const exemption = await refusal('exemptions/save', { users: [INACTIVE[0], 'Joan Allen'], groupIds: [] });
  assert.equal(exemption.code, 'INVALID_INPUT');
  assert.match(
    exemption.message,
    /Nothing was saved: "Joan Allen" is not a user of this site, so it cannot be an exempt user/,
  );
  assert.deepEqual((await local.call<ExemptionsAnswer>('exemptions/get')).users, [INACTIVE[0]], 'nothing changed');
  const group = await refusal('exemptions/save', { users: [], groupIds: ['g-confluence', 'vip-typed-by-hand'] });
  assert.match(group.message, /"vip-typed-by-hand" is not a group of this site/);
  assert.deepEqual((await local.call<ExemptionsAnswer>('exemptions/get')).groupIds, [], 'nothing changed');

  const recipients = await refusal('settings/save', { seatAlertRecipients: ['x7!junk'] });
  assert.match(recipients.message, /"x7!junk" is not a user of this site/);
  assert.deepEqual((await local.call<SettingsAnswer>('settings/get')).settings.seatAlertRecipients, []);

  const scheme = await refusal('schemes/save', {
    scheme: {
      name: 'Junk recipient',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
      report: { emailUsers: ['acc-nobody'] },
    },
  });
  assert.match(scheme.message, /"acc-nobody" is not a user of this site, so it cannot be a report recipient/);
  assert.equal((await local.call<unknown[]>('schemes/list')).length, 0);
});

test('seat-alert recipients are picked by name and saved as account ids; feedback shows under the pressed button', async () => {
  page = await openPage(local);
  await page.openTab('Exemptions');
  // A user saved earlier shows by name and email, not by account id alone.
  await page.waitFor('User inactive-1 (acc-inactive-1@acme.com)');

  await page.openTab('Settings');
  await page.waitFor('Admins to email');
  await page.pickUsers('seat-alert-recipients', [{ id: ADMIN, name: 'User admin' }]);
  await page.pickUsers('seat-alert-recipients', [{ id: 'no-such-account', name: 'Joan Allen' }]);
  await page.click('Save seat target');
  await page.waitFor(() => page.messagesBeside('Save seat target').length > 0);
  assert.match(page.messagesBeside('Save seat target')[0]!, /"no-such-account" is not a user of this site/);
  assert.deepEqual((await local.call<SettingsAnswer>('settings/get')).settings.seatAlertRecipients, []);

  const junk = page.all((node) => node.type === 'Inline' && textOf(node).includes('no-such-account'))[0]!;
  const remove = junk.children.find((child) => child.type === 'Button')!;
  await page.click(remove);
  assert.deepEqual(page.messagesBeside('Save seat target'), [], 'the error is cleared by the fix');
  await page.click('Save seat target');
  await page.waitFor(() => page.messagesBeside('Save seat target').includes('The seat target is saved.'));
  assert.deepEqual((await local.call<SettingsAnswer>('settings/get')).settings.seatAlertRecipients, [ADMIN]);
  assert.equal(page.findAll('SectionMessage', 'The seat target is saved.').length, 1, 'shown once, under the button');
});

test('an out-of-range setting is refused under "Save settings" and beside its field, then cleared when fixed', async () => {
  await page.type('retention-days', '99999');
  await page.click('Save settings');
  await page.waitFor(() => page.messagesBeside('Save settings').length > 0);
  assert.match(page.messagesBeside('Save settings')[0]!, /at most 3650 days/);
  assert.match(page.errorsBeside('retention-days')[0] ?? '', /Keep runs at most 3650 days \(10 years\)/);
  await page.type('retention-days', '120');
  assert.deepEqual(page.messagesBeside('Save settings'), [], 'an edit clears the error');
  await page.click('Save settings');
  await page.waitFor(() => page.messagesBeside('Save settings').includes('Settings saved.'));
  assert.deepEqual(page.errorsBeside('retention-days'), []);
  assert.equal((await local.call<SettingsAnswer>('settings/get')).settings.retentionDays, 120);
});

test('the toggles have visible labels', async () => {
  const labelled = (id: string) =>
    page.all((node) => node.type === 'Label' && String(node.props.labelFor ?? '').endsWith(id)).map(textOf);
  assert.deepEqual(labelled('detect-access'), ['Detect them from the organization']);
  await page.openTab('Schemes');
  await page.click('Create scheme');
  await page.type('scheme-name', 'Labels');
  await page.click('Next');
  await page.click('Next');
  await page.click('Next');
  await page.waitFor("Send each run's report to these groups");
  assert.deepEqual(labelled('scheme-enabled'), ['Enabled (runs on its schedule)']);
  await page.click('Cancel');
});

test("a user's field values are found by name; deleting a custom field asks first, naming the field and how many users have values", async () => {
  const field = (await local.call<FieldsAnswer>('fields/save', { field: { name: 'Department', type: 'text' } }))
    .fields[0]!;
  for (const accountId of [INACTIVE[0]!, INACTIVE[1]!])
    await local.call('fields/setValues', { accountId, values: { [field.id]: 'Sales' } });

  await page.openTab('User fields');
  await page.waitFor('Delete Department');
  // One user's values: the user is picked by name, not typed as an id.
  await page.pickUser('user-values-user', { id: INACTIVE[0]!, name: 'User inactive-1' });
  await page.waitFor('Values of User inactive-1.');
  assert.equal(page.byId(`user-value-${field.id}`).props.value, 'Sales');
  await page.type(`user-value-${field.id}`, 'Support');
  await page.click('Save values');
  await page.waitFor(() => page.messagesBeside('Save values').includes('Saved the values of User inactive-1.'));

  await page.click('Delete Department');
  await page.waitFor(() => page.findAll('Modal').length === 1);
  const modal = textOf(page.findAll('Modal')[0]!);
  assert.match(modal, /Delete the field "Department"\?/);
  assert.match(modal, /2 users have values in it/);
  assert.equal((await local.call<FieldsAnswer>('fields/list')).fields.length, 1, 'nothing deleted before the yes');

  await page.click('Cancel');
  assert.equal(page.findAll('Modal').length, 0);
  assert.equal((await local.call<FieldsAnswer>('fields/list')).fields.length, 1);

  await page.click('Delete Department');
  await page.waitFor(() => page.findAll('Modal').length === 1);
  await page.click('Delete "Department"');
  await page.waitFor('Field deleted.');
  assert.equal((await local.call<FieldsAnswer>('fields/list')).fields.length, 0);
  assert.deepEqual(page.bridgeErrors, []);
});
