/**
 * Issue 19, items 1 and 2, on the real page: a scheme's staged deletion (`deleteAfterDays`) and restore offer
 * (`offerRestore`) show in the editor and survive Edit → Save; a key the editor has no control for is written back
 * as it was; going live names the deletions with their date and the emails that will go out.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite } from '../engine/fixtures';
import { draftFromFile, draftToFile } from '../../src/frontend/editor';
import { consequences } from '../../src/frontend/words';
import { openPage } from './harness';
import type { SchemeFileAnswer, TestRunQuote } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('the editor writes back the keys it has no control for, at every level and per action', () => {
  const file = {
    name: 'Staged',
    filter: { inactiveDays: 90, someday: 'kept' },
    limits: { maxUsersPerRun: 50, tomorrow: 3 },
    actions: [
      { type: 'removeAccess', offerRestore: true, note: 'kept' },
      { type: 'deactivate', deleteAfterDays: 30 },
    ],
    futureKey: { a: 1 },
  };
  const written = draftToFile(draftFromFile(file, 'UTC'));
  assert.deepEqual(written.futureKey, { a: 1 });
  assert.equal((written.filter as Record<string, unknown>).someday, 'kept');
  assert.equal((written.limits as Record<string, unknown>).tomorrow, 3);
  assert.deepEqual(written.actions, [
    { type: 'removeAccess', offerRestore: true, note: 'kept' },
    { type: 'deactivate', deleteAfterDays: 30 },
  ]);

  // What the editor does control follows the draft: unticking the options removes them.
  const draft = { ...draftFromFile(file, 'UTC'), offerRestore: false, stagedDelete: false };
  assert.deepEqual(draftToFile(draft).actions, [{ type: 'removeAccess', note: 'kept' }, { type: 'deactivate' }]);
});

test('the go-live quote names the staged deletions with their date and the restore emails', () => {
  const quote: TestRunQuote = {
    runId: 'r',
    finishedAt: null,
    sentence: 'Will remove Confluence access from 3 users and deactivate 3; 0 exempt.',
    actions: [
      { action: 'removeAccess', users: 3, groups: [], irreversible: false, offerRestore: true },
      { action: 'deactivate', users: 3, groups: [], irreversible: false, deleteAfterDays: 30 },
    ],
    users: 3,
    exempt: 0,
    firstUsers: [],
    cannotBeUndone: [],
  };
  const said = consequences(quote, new Date('2026-11-25T10:00:00Z'));
  assert.deepEqual(said.deletions, [
    '3 users deactivated now will be deleted on 25 Dec 2026 (after 30 days deactivated), unless you cancel them under Run history → Pending deletions.',
  ]);
  assert.deepEqual(said.emails, [
    '3 users will be emailed a link to ask for their Confluence access back once it is removed.',
  ]);
});

test('Edit → Save of a staged scheme keeps deleteAfterDays and offerRestore; going live names deletions and emails', async () => {
  const saved = await local.saveScheme({
    name: 'Staged',
    filter: { inactiveDays: 90 },
    actions: [
      { type: 'removeAccess', offerRestore: true },
      { type: 'deactivate', deleteAfterDays: 30 },
    ],
  });
  const page = await openPage(local);
  await page.openTab('Schemes');
  await page.waitFor('Staged');
  await page.click('Edit');
  await page.waitFor('Edit "Staged"');
  await page.click('Next');
  await page.click('Next');
  await page.waitFor('What happens to matched users');
  assert.equal(page.byId('action-offer-restore').props.isChecked, true);
  assert.equal(page.byId('action-staged-delete').props.isChecked, true);
  assert.equal(page.byId('action-delete-after-days').props.value, '30');
  await page.click('Next');
  await page.click('Save scheme');
  await page.waitFor('Saved "Staged".');
  const stored = await local.call<SchemeFileAnswer>('schemes/get', { id: saved.id });
  assert.deepEqual(stored.file.actions, [
    { type: 'removeAccess', offerRestore: true },
    { type: 'deactivate', deleteAfterDays: 30 },
  ]);

  // A test run, then Run live: the dialog says who is deleted when, and who is emailed.
  await local.runNow(saved.id, 'test');
  await local.drain();
  await page.click('Run live');
  await page.waitFor('Run "Staged" live?');
  // smallSite's clock reads 1 Jun 2026: thirty days on is 1 Jul 2026.
  await page.waitFor(
    /\d+ users deactivated now will be deleted on 1 Jul 2026 \(after 30 days deactivated\), unless you cancel them/,
  );
  await page.waitFor(/\d+ users will be emailed a link to ask for their Confluence access back/);
  assert.deepEqual(page.bridgeErrors, []);
});
