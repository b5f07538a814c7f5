/**
 * Click-through of the audit log's readability on the real page: after a live run, each entry is one sentence
 * naming people by name and email and schemes by name (no account ids, no scheme UUIDs, no JSON), and picking a
 * user by name in the "About user" picker narrows the log to the entries about them.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { INACTIVE, smallSite } from '../engine/fixtures';
import { openPage, textOf } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('audit entries read as sentences with names, and filter by a user picked by name', async () => {
  const scheme = await local.saveScheme({
    name: 'Inactive 90',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'removeAccess' }],
  });
  await local.runNow(scheme.id, 'test');
  await local.drain();
  await local.runNow(scheme.id, 'live');
  await local.drain();

  const page = await openPage(local);
  await page.openTab('Audit log');
  await page.waitFor('Nobody can edit or delete an entry from this page');
  const rows = page.findAll('Row').map(textOf);
  assert.ok(rows.length > 5, 'the runs and the actions are listed');

  const joan = INACTIVE[0]!;
  const action = rows.find((row) => row.includes('user changed') && row.includes('User inactive-1'));
  assert.ok(action, 'the action on the first inactive user is listed');
  assert.match(
    action,
    /User admin \(acc-admin@acme\.com\) removed Confluence access from User inactive-1 \(acc-inactive-1@acme\.com\) \("Inactive 90"\)\./,
  );
  const saved = rows.find((row) => row.includes('scheme saved'));
  assert.match(saved ?? '', /User admin \(acc-admin@acme\.com\) created the scheme "Inactive 90"\./);
  const ended = rows.find((row) => row.includes('run finished'));
  assert.match(ended ?? '', /The run of "Inactive 90" ended done/);
  const all = rows.join('\n');
  assert.ok(!all.includes(scheme.id), 'no scheme UUID is shown');
  assert.ok(!all.includes(`${joan} `) && !all.includes(`(${joan})`), 'no raw account id is shown');
  assert.ok(!/[{}]/.test(all), 'no JSON is shown');

  // What the app did on its own: the runs' ends, never the admin's own changes.
  await page.toggle('audit-by-app');
  await page.waitFor(() => page.findAll('Row').length === 2);
  assert.ok(page.findAll('Row').every((row) => /The run of "Inactive 90" ended/.test(textOf(row))));
  await page.toggle('audit-by-app');
  await page.waitFor(() => page.findAll('Row').length === rows.length);

  await page.pickUser('audit-subject', { id: joan, name: 'User inactive-1' });
  await page.waitFor(() => {
    const shown = page.findAll('Row').map(textOf);
    return shown.length > 0 && shown.every((row) => row.includes('User inactive-1'));
  });
  const filtered = page.findAll('Row').map(textOf);
  assert.ok(filtered.some((row) => row.includes('removed Confluence access from User inactive-1')));
  assert.ok(filtered.every((row) => !row.includes('User inactive-2')));
  assert.deepEqual(page.bridgeErrors, []);
});
