/**
 * Click-through of the other tabs on the real page: the Overview's measurement and chart, scheme list actions
 * (enable, export, duplicate, live confirmation, delete), run history filters and cancel, exemptions, settings.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ACTIVE, JIRA_GROUP, smallSite } from '../engine/fixtures';
import { openPage, textOf } from './harness';
import type { ExemptionsAnswer, SettingsAnswer } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('overview, schemes, run history, exemptions and settings work from the page', async () => {
  const page = await openPage(local);

  // Overview: measure the site (a test run in the background), then the numbers and the chart show, dated.
  await page.waitFor('No snapshots yet');
  await page.click('Measure the site now');
  await page.waitFor('A snapshot is being measured');
  await local.drain();
  await page.waitFor('Seats held');
  const figures = page.findAll('Heading').map((h) => textOf(h).trim());
  // smallSite: 9 active Atlassian users with a seat; 2 active in the last 7, 30 (and 90) days; none never active.
  assert.deepEqual(figures.slice(figures.indexOf('9'), figures.indexOf('9') + 6), ['9', '22.2%', '2', '2', '2', '0']);
  const [adoption, seats] = page.findAll('LineChart');
  assert.deepEqual(adoption?.props.data, [['2026-06-01', 22.2, 'Adoption (%)']]);
  assert.deepEqual(seats?.props.data, [['2026-06-01', 9, 'Seats held']]);
  const away = page.findAll('BarChart')[0];
  assert.deepEqual(
    (away?.props.data as Array<[string, number]>).map(([bucket, users]) => `${bucket}: ${users}`),
    ['30–60 days: 0', '60–90 days: 0', '90–180 days: 7', '180–365 days: 0', 'over a year: 0', 'never active: 0'],
  );
  await page.click('Export snapshots as CSV');
  await page.waitFor('CSV of 1 daily snapshot');
  // Shown in a code block to copy from (issue 19 item 13), not a 2-line text box.
  assert.match(String(page.findAll('CodeBlock')[0]?.props.text), /\r\n2026-06-01,[^,]+,9,2,2,2,0,22.2,0,0,7,0,0,0,/);

  // Schemes: create one by import, then enable/disable, export, duplicate, confirm live, delete.
  await page.openTab('Schemes');
  await page.click('Import JSON');
  await page.type(
    'import-json',
    JSON.stringify({
      name: 'Jira only',
      filter: { inactiveDays: 90, groups: { anyOf: ['jira-users'] } },
      actions: [{ type: 'removeAccess' }],
      limits: { maxUsersPerRun: 50 },
    }),
  );
  await page.click('Import scheme');
  await page.waitFor('Imported "Jira only".');
  assert.equal(
    page.byId(`enabled-${(await local.call<Array<{ id: string }>>('schemes/list'))[0]!.id}`).props.isChecked,
    true,
  );
  const [scheme] = await local.call<Array<{ id: string }>>('schemes/list');
  await page.toggle(`enabled-${scheme!.id}`);
  await page.waitFor('On demand only (disabled)');
  assert.equal((await local.call<Array<{ enabled: boolean }>>('schemes/list'))[0]!.enabled, false);

  await page.click('Export');
  await page.waitFor('Export "Jira only"');
  // The export is a code block (issue 19, item 13).
  const exported = JSON.parse(String(page.findAll('CodeBlock')[0]!.props.text)) as {
    filter: { groups: { anyOf: string[] } };
  };
  assert.deepEqual(exported.filter.groups.anyOf, ['jira-users']);
  await page.click('Close');

  await page.click('Run live');
  await page.waitFor('Run "Jira only" live?');
  await page.waitFor('A fresh test run comes first');
  assert.match(page.text(), /Run this scheme in test mode first/);
  assert.equal(page.findAll('LoadingButton', 'Run live now').length, 0, 'never tested: no way to confirm');
  assert.match(page.text(), /Safety limit: if more than 50 users would be acted on, the run acts on nobody/);
  await page.click('Cancel');

  await page.click('Duplicate');
  await page.waitFor('New scheme');
  assert.equal(page.byId('scheme-name').props.value, 'Copy of Jira only');
  for (let step = 0; step < 3; step += 1) await page.click('Next');
  await page.click('Save scheme');
  await page.waitFor('Saved "Copy of Jira only".');
  await page.click('Delete', 0);
  await page.waitFor('Delete "Copy of Jira only"?');
  await page.click('Delete scheme');
  await page.waitFor('The scheme is deleted.');
  assert.deepEqual(
    (await local.call<Array<{ name: string }>>('schemes/list')).map((s) => s.name),
    ['Jira only'],
  );

  // Run history: a running run can be cancelled from its page; filters narrow the list.
  // "Run test" opens the run's page at once (issue 19, item 6).
  await page.click('Run test');
  await page.waitFor('A test run (it changes nothing) started: it shows here as it goes.');
  await page.waitFor('Cancel run');
  await page.click('Cancel run');
  await page.waitFor('The run is cancelled.');
  await page.waitFor(() => page.findAll('Lozenge', 'cancelled').length > 0);
  await local.drain();
  await page.click('← All runs');
  await page.select('runs-state', 'cancelled');
  await page.waitFor(() => page.findAll('Row').length === 1 && textOf(page.findAll('Row')[0]!).includes('Jira only'));
  // The only finished run is the site snapshot: hidden from the history unless asked for.
  await page.select('runs-state', 'finished');
  await page.waitFor(() => page.findAll('Row').length === 0);
  await page.select('runs-scheme', 'Site snapshots');
  await page.waitFor(
    () => page.findAll('Row').length === 1 && textOf(page.findAll('Row')[0]!).includes('Site snapshot'),
  );
  await page.select('runs-state', 'Any');
  await page.select('runs-scheme', 'Jira only');
  await page.waitFor(() => page.findAll('Row').length === 1);
  await page.pickDate('runs-before', '2020-01-01');
  await page.waitFor('No runs');

  // Exemptions: the always-protected categories, a user added with the picker, a group.
  await page.openTab('Exemptions');
  await page.waitFor('Organization admins');
  await page.pickUser('exempt-user', { id: ACTIVE[0]!, name: 'User active-1' });
  // Each change is saved as it is made: no button to forget (issue 19, item 3).
  await page.click('Add exemption');
  await page.waitFor('Exemptions saved: 1 users, 0 groups.');
  await page.select('exempt-groups', ['jira-users']);
  await page.waitFor('Exemptions saved: 1 users, 1 groups.');
  const stored = await local.call<ExemptionsAnswer>('exemptions/get');
  assert.deepEqual([stored.users, stored.groupIds], [[ACTIVE[0]], [JIRA_GROUP]]);

  // Settings: the key is only ever shown masked; the connection test says what it reaches.
  await page.openTab('Settings');
  await page.waitFor('A key is saved: ••••••••');
  await page.click('Test connection');
  await page.waitFor('Connected to Acme');
  assert.match(page.text(), /Read groups: 1 group grants Confluence access on this site/);
  await page.type('api-key', 'a-new-organization-api-key-0000-abcd');
  // The organization does not know this key: it is tried first, refused beside its field, and the working key kept.
  await page.click('Save key');
  await page.waitFor(() => page.errorsBeside('api-key').length === 1);
  assert.match(page.errorsBeside('api-key')[0]!, /not saved; the previous key is kept/);
  assert.doesNotMatch(page.text(), /A key is saved: ••••••••abcd/);
  assert.doesNotMatch(JSON.stringify(await local.call<SettingsAnswer>('settings/get')), /a-new-organization-api-key/);
  await page.click('Test connection');
  await page.waitFor('Connected to Acme');
  assert.deepEqual(page.bridgeErrors, []);
});
