/**
 * Click-through on the real page: custom user fields in filters and one user's values.
 * - The scheme editor's Users step adds "Contract end date before today"; the live preview's count drops to the
 *   users whose contract ended; the saved scheme file holds `filter.fields`.
 * - Bulk actions find users with a field condition, and show the parser's message beside a bad condition.
 * - The User fields tab finds a user by email and sets their value; the value is stored.
 * One page for the file (the harness opens one page per process); the tests run in order on it.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { INACTIVE, smallSite } from '../engine/fixtures';
import { openPage, textOf, type Page } from './harness';
import type { FieldsAnswer, FieldValuesAnswer, SchemeFileAnswer, SchemeSummary } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

let page: Page;
let contractEnd: string;
const [ENDED_1, ENDED_2, RUNNING] = INACTIVE as [string, string, string, string];

before(async () => {
  // The site's "today" is 2026-06-01 (test/engine/fixtures.ts): two contracts have ended, one has not.
  const defined = await local.call<FieldsAnswer>('fields/save', { field: { name: 'Contract end date', type: 'date' } });
  contractEnd = defined.fields[0]!.id;
  await local.call('fields/setValues', { accountId: ENDED_1, values: { [contractEnd]: '2026-01-31' } });
  await local.call('fields/setValues', { accountId: ENDED_2, values: { [contractEnd]: '2026-05-31' } });
  await local.call('fields/setValues', { accountId: RUNNING, values: { [contractEnd]: '2026-12-31' } });
  page = await openPage(local);
});

test('a scheme\'s Users step filters on "Contract end date before today", the preview count drops, and the saved file holds filter.fields', async () => {
  await page.openTab('Schemes');
  await page.waitFor('No scheme yet');
  await page.click('Create scheme');
  await page.type('scheme-name', 'Contractors whose contract ended');
  await page.click('Next');
  await page.waitFor('Add a field condition');

  await page.click('Preview matches now');
  await local.drain();
  await page.waitFor('Would match 6 users now; 1 exempt');

  await page.click('Add a field condition');
  assert.equal((page.byId('scheme-fc-0-field').props.value as { label: string }).label, 'Contract end date');
  assert.deepEqual(
    (page.byId('scheme-fc-0-test').props.options as Array<{ label: string }>).map((o) => o.label),
    ['is before', 'is after', 'is within N days of today', 'is empty', 'is not empty'],
  );
  await page.select('scheme-fc-0-test', 'is before');
  await page.type('scheme-fc-0-value', 'today');
  await page.click('Preview matches now');
  await local.drain();
  await page.waitFor('Would match 2 users now; 0 exempt');

  // A second condition, then removed again: only the first reaches the file.
  await page.click('Add a field condition');
  await page.select('scheme-fc-1-test', 'is empty');
  await page.click('Remove condition 2');
  assert.throws(() => page.byId('scheme-fc-1-test'));

  await page.click('Next');
  await page.waitFor('What happens to matched users');
  await page.click('Next');
  await page.waitFor("Send each run's report to these groups");
  await page.click('Save scheme');
  await page.waitFor('Saved "Contractors whose contract ended".');

  const [summary] = await local.call<SchemeSummary[]>('schemes/list', {});
  const stored = await local.call<SchemeFileAnswer>('schemes/get', { id: summary!.id });
  assert.deepEqual((stored.file.filter as Record<string, unknown>).fields, {
    'Contract end date': { before: 'today' },
  });

  // Editing the scheme shows the condition as saved.
  await page.click('Edit');
  await page.waitFor('Edit "Contractors whose contract ended"');
  await page.click('Next');
  await page.waitFor('Add a field condition');
  assert.equal((page.byId('scheme-fc-0-test').props.value as { label: string }).label, 'is before');
  assert.equal(page.byId('scheme-fc-0-value').props.value, 'today');
  await page.click('Cancel');
  assert.deepEqual(page.bridgeErrors, []);
});

test("a bulk find with a field condition finds exactly the users it names, and a bad condition's message shows beside it", async () => {
  await page.openTab('Bulk actions');
  await page.waitFor('Find users');
  await page.click('Add a field condition');
  await page.select('bulk-fc-0-test', 'is after');
  await page.type('bulk-fc-0-value', 'tomorrow');
  await page.click('Find users');
  await page.waitFor(() => page.findAll('ErrorMessage', '"tomorrow" is not a date').length > 0);

  await page.type('bulk-fc-0-value', '2026-06-01');
  await page.click('Find users');
  await local.drain();
  await page.waitFor('1 user found; 1 can be acted on');
  assert.ok(
    page
      .findAll('Row')
      .map(textOf)
      .some((row) => row.includes(RUNNING.replace('acc-', 'User '))),
  );
});

test('the User fields tab finds a user by email and sets their value', async () => {
  await page.openTab('User fields');
  await page.waitFor("One user's values");
  await page.type('user-values-query', `${ENDED_1}@acme.com`);
  await page.click('Find user');
  await page.waitFor(`Values of ${ENDED_1}`);
  const field = `user-value-${contractEnd}`;
  assert.equal(page.byId(field).props.value, '2026-01-31');

  await page.type(field, '31/12/2026');
  await page.click('Save values');
  await page.waitFor(() =>
    page.errorsBeside(field).some((message) => message.includes('is not a date written YYYY-MM-DD')),
  );
  await page.type(field, '2026-12-31');
  await page.click('Save values');
  await page.waitFor(`Saved the values of ${ENDED_1}.`);
  const stored = await local.call<FieldValuesAnswer>('fields/getValues', { accountId: ENDED_1 });
  assert.deepEqual(stored.values, { [contractEnd]: '2026-12-31' });
});
