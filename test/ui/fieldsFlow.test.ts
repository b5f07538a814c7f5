/** Click-through on the real page: define a field, paste a CSV with a bad row, read the preview's errors, import the valid rows, export. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite, INACTIVE } from '../engine/fixtures';
import { openPage, textOf } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('an admin defines a field, previews a CSV with a bad row, sees why, and imports only the valid rows', async () => {
  const page = await openPage(local);
  await page.openTab('User fields');
  await page.waitFor('No fields yet');
  await page.type('field-name', 'Contract end date');
  await page.select('field-type', 'Date (YYYY-MM-DD)');
  await page.click('Define field');
  await page.waitFor('Field "Contract end date" defined.');
  await page.waitFor('Delete Contract end date');

  const csv = [
    'email,Contract end date',
    `${INACTIVE[0]}@acme.com,2026-05-01`,
    `${INACTIVE[1]}@acme.com,01/05/2026`,
    'ghost@acme.com,2026-05-01',
  ].join('\n');
  await page.type('fields-csv', csv);
  await page.click('Preview import');
  await page.waitFor('1 rows ready to import (Contract end date); 2 rows with problems.');
  const problems = page
    .findAll('Row')
    .map(textOf)
    .filter((row) => /^\d/.test(row));
  assert.ok(
    problems.some((row) => row.includes('3') && row.includes('"01/05/2026" is not a date written YYYY-MM-DD')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((row) => row.includes('ghost@acme.com') && row.includes('no user of this organization')),
    problems.join('\n'),
  );
  // The preview saved nothing.
  assert.equal((await local.call<{ csv: string }>('fields/export', {})).csv, 'accountId,email,Contract end date\r\n');

  await page.click('Import the 1 valid rows, skip 2');
  await page.waitFor('Imported values of 1 users; 2 rows skipped.');
  await page.click('Export all values as CSV');
  await page.waitFor(() =>
    String(page.findAll('CodeBlock')[0]?.props.text ?? '').includes(
      `${INACTIVE[0]},${INACTIVE[0]}@acme.com,2026-05-01`,
    ),
  );
});
