/**
 * Click-through on the real page: create a scheme in the four steps (with the live preview), see it listed,
 * run it in test mode, open its run and read the outcomes. Resolvers, queue and storage are the app's own,
 * on a local site whose every user's fate is known (test/engine/fixtures.ts).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ADMIN, INACTIVE, smallSite } from '../engine/fixtures';
import { openPage, textOf, type Page } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('an admin creates a scheme in four steps, runs it in test mode and reads its outcomes', async () => {
  const page = await openPage(local);
  await page.waitFor('No site snapshot yet');

  await page.openTab('Schemes');
  await page.waitFor('No scheme yet');
  await page.click('Create scheme');
  await page.waitFor('New scheme');
  const tracker = page.findAll('ProgressTracker')[0]!;
  assert.deepEqual(
    (tracker.props.items as Array<{ label: string; status: string }>).map((i) => [i.label, i.status]),
    [
      ['Time', 'current'],
      ['Users', 'unvisited'],
      ['Actions', 'unvisited'],
      ['Reporting', 'unvisited'],
    ],
  );

  // Time
  await page.type('scheme-name', 'Inactive for 90 days');
  await page.select('schedule-unit', 'Days');
  await page.type('schedule-at', '03:00');
  await page.select('schedule-zone', 'Europe/Berlin');
  await page.click('Next');
  await page.waitFor('Inactive for at least (days)');

  // Users, with the live preview computed by a test run
  await page.type('scheme-inactive-days', '90');
  await page.click('Preview matches now');
  await local.drain();
  await page.waitFor('Would match 6 users now; 1 exempt');
  await page.click('Next');
  await page.waitFor('What happens to matched users');

  // Actions
  assert.equal(page.byId('action-removeAccess').props.isChecked, true);
  await page.click('Next');
  await page.waitFor("Send each run's report to these groups");

  // Reporting, then save
  await page.click('Save scheme');
  await page.waitFor('Saved "Inactive for 90 days".');
  await page.waitFor('Every day at 03:00');
  const row = page.findAll('Row', 'Inactive for 90 days')[0];
  assert.ok(row, 'the scheme is listed');
  assert.match(page.text(), /test/);

  // Run in test mode; the queue delivers the run's steps
  // "Run test" opens the new run's page, which shows the run as it goes (issue 19, item 6).
  await page.click('Run test');
  await page.waitFor('A test run (it changes nothing) started: it shows here as it goes.');
  await page.waitFor('Per-user outcomes');
  await local.drain();
  await page.waitFor('finished');
  await page.waitFor('Test run: nothing was changed on the site');
  for (const id of INACTIVE) await page.waitFor(id.replace('acc-', 'User '));
  assert.match(page.text(), /7 matched, 1 exempt, 6 to act on, 0 done/);

  await page.select('run-outcome', 'exempt');
  await page.waitFor(() => page.findAll('Row').length === 1);
  assert.match(textOfRows(page), new RegExp(ADMIN.replace('acc-', 'User ')));
  assert.match(textOfRows(page), /org admin: always protected/);
  assert.deepEqual(page.bridgeErrors, []);
});

function textOfRows(page: Page): string {
  return page.findAll('Row').map(textOf).join('\n');
}
