/**
 * "Needs approval" on the real page: the editor's toggle writes `needsApproval` to the scheme file, the Schemes list
 * shows it, and editing the scheme again keeps it. (The approval of a run: needsApprovalFlow.test.ts.)
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import type { SchemeFileAnswer, SchemeSummary } from '../../src/contract';
import { smallSite } from '../engine/fixtures';
import { openPage } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('the editor\'s "Needs approval" toggle is saved in the scheme file and shown in the Schemes list', async () => {
  const page = await openPage(local);
  await page.openTab('Schemes');
  await page.waitFor('No scheme yet');
  await page.click('Create scheme');
  await page.type('scheme-name', 'Approved monthly');
  await page.click('Next');
  await page.click('Next');
  await page.waitFor('What happens to matched users');
  await page.click('Next');
  await page.waitFor('Needs approval: scheduled runs run as test runs even when the scheme is live');
  await page.toggle('scheme-needs-approval');
  await page.click('Save scheme');
  await page.waitFor('Saved "Approved monthly".');
  await page.waitFor('needs approval');
  const [summary] = await local.call<SchemeSummary[]>('schemes/list', {});
  assert.equal(summary!.needsApproval, true);
  const stored = await local.call<SchemeFileAnswer>('schemes/get', { id: summary!.id });
  assert.equal(stored.file.needsApproval, true);

  // Editing the scheme again shows the toggle on, so a save from the editor keeps it.
  await page.click('Edit');
  await page.waitFor('Edit "Approved monthly"');
  await page.click('Next');
  await page.click('Next');
  await page.waitFor('What happens to matched users');
  await page.click('Next');
  await page.waitFor('Needs approval: scheduled runs run as test runs even when the scheme is live');
  assert.equal(page.byId('scheme-needs-approval').props.isChecked, true);
  assert.deepEqual(page.bridgeErrors, []);
});
