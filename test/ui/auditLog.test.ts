/**
 * Click-through of the audit log on the real page: a settings change made in the page appears as a sentence naming
 * who made it, before → after; filters by kind and by date narrow the table; the CSV export joins the resolver's pages
 * (the log is longer than one export page here) into one file with a header and every matching row.
 */
import { LIST_PAGE } from '../../src/frontend/lists';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite } from '../engine/fixtures';
import { openPage, textOf } from './harness';
import type { AuditEntry } from '../../src/domain/audit';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('the audit log shows a change with who and before → after, filters by kind and exports every row as CSV', async () => {
  // More entries than one export page (100): each scheme save is one entry.
  for (let i = 0; i < 105; i += 1)
    await local.saveScheme({ name: `Scheme ${i}`, filter: { inactiveDays: 90 }, actions: [{ type: 'removeAccess' }] });
  // The page's change comes a minute later, so it is the newest entry.
  local.clock.advanceTo(local.clock.now() + 60_000);
  const page = await openPage(local);

  await page.openTab('Settings');
  await page.waitFor('Keep the audit log for (days)');
  assert.equal(page.byId('audit-retention-days').props.value, '365');
  await page.type('retention-days', '120');
  await page.type('audit-retention-days', '400');
  await page.click('Save settings');
  await page.waitFor('Settings saved.');

  await page.openTab('Audit log');
  await page.waitFor('Nobody can edit or delete an entry from this page');
  assert.match(page.text(), /Entries are kept for 400 days/);
  const change = page.findAll('Row', 'settings changed')[0];
  assert.ok(change, 'the settings change is listed');
  const row = textOf(change);
  assert.match(row, /User admin \(acc-admin@acme\.com\) changed the settings/, 'who made it, by name');
  assert.match(row, /retention days 90 → 120/);
  assert.match(row, /audit retention days 365 → 400/);

  await page.select('audit-kind', 'settings changed');
  await page.waitFor(() => page.findAll('Row').length === 1);
  await page.select('audit-kind', 'scheme saved');
  await page.waitFor(() => page.findAll('Row').length === LIST_PAGE && page.text().includes('Show older entries'));
  assert.ok(page.findAll('Row').every((r) => textOf(r).includes('scheme saved')));
  await page.click('Show older entries');
  await page.waitFor(() => page.findAll('Row').length === 2 * LIST_PAGE);

  // A date the admin mistypes is refused beside its field; a range with no entries empties the table.
  await page.pickDate('audit-from', '2026-13-45');
  await page.waitFor(() => page.errorsBeside('audit-from').length === 1);
  await page.pickDate('audit-from', '');
  await page.pickDate('audit-to', '2001-01-01');
  await page.waitFor('No audit entries');
  await page.pickDate('audit-to', '');
  await page.waitFor(() => page.findAll('Row').length === LIST_PAGE);

  await page.click('Export CSV');
  // Shown in a code block to copy from (issue 19 item 13), not a 2-line text box.
  await page.waitFor(() => page.findAll('CodeBlock').length === 1);
  const csv = String(page.findAll('CodeBlock')[0]!.props.text);
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0], 'time,kind,actor,subject,summary,details,who,about,sentence');
  assert.equal(lines.length, 1 + 105, 'a header and every scheme.saved entry, across export pages');
  assert.ok(lines.slice(1).every((line) => line.includes(',scheme.saved,')));
  assert.ok(
    lines
      .slice(1)
      .every((line) => /,"User admin \(acc-admin@acme\.com\) created the scheme ""Scheme \d+""\."$/.test(line)),
    'each row ends with its sentence, naming who by name',
  );
  assert.match(page.text(), /CSV of 105 entries matching the filters/);
  const stored = await local.call<{ entries: AuditEntry[] }>('audit/list', { kind: 'scheme.saved', limit: 100 });
  for (const entry of stored.entries) assert.ok(csv.includes(`,${entry.subject},`), `the CSV holds ${entry.summary}`);
  assert.deepEqual(page.bridgeErrors, []);
});
