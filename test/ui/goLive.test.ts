/**
 * Click-through on the real page: live needs a fresh test. A never-tested live scheme is refused (by the page
 * and by the resolver called directly), then allowed after a test run whose numbers and names the confirmation
 * quotes; a definition changed after its test is refused again; a stale test is refused; enabling a live scheme
 * and "Run live" ask the same; an imported live scheme lands in test mode.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { ACCESS_GROUP, INACTIVE, smallSite, writeRequests } from '../engine/fixtures';
import { openPage, type Page } from './harness';
import type { Answer, LiveReview, RunsPage, SchemeFileAnswer, SchemeSummary } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

const NAME = 'Free seats after 90 days';
const LIVE_SCHEME = {
  name: 'Never tested',
  mode: 'live',
  schedule: { unit: 'day', at: '02:00' },
  filter: { inactiveDays: 90 },
  actions: [{ type: 'removeAccess' }],
};

/** A resolver's answer as the page gets it (not unwrapped): refusals are what these tests look at. */
async function answer<T>(name: string, payload: unknown): Promise<Answer<T>> {
  return (await local.forge.invokeResolver(name, payload, { accountId: local.adminAccountId })) as Answer<T>;
}

function refusal(result: Answer<unknown>): { code: string; message: string } {
  assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result)}`);
  return (result as { ok: false; error: { code: string; message: string } }).error;
}

let opened: Promise<Page> | null = null;
/** One page per process (see harness.ts): the tests below share it, in order. */
const thePage = () => (opened ??= openPage(local));

function byName(schemes: SchemeSummary[], name: string): SchemeSummary | undefined {
  return schemes.find((scheme) => scheme.name === name);
}

function groupsOf(accountId: string): string[] {
  return local.site.toSiteFile().users.find((user) => user.accountId === accountId)!.groups;
}

test('enabling a live scheme names what it will do, deletes and warnings in a warning section', async () => {
  const page = await thePage();
  // Saved live and disabled through the helper, which tests it first as the editor does.
  const scheme = await local.saveScheme({
    name: 'Warn, then delete',
    mode: 'live',
    enabled: false,
    filter: { inactiveDays: 90 },
    actions: [{ type: 'notify', graceDays: 14 }, { type: 'suspend' }, { type: 'delete' }],
  });
  const direct = refusal(await answer('schemes/setEnabled', { id: scheme.id, enabled: true }));
  assert.equal(direct.code, 'CONFIRMATION_REQUIRED');
  assert.equal((await local.call<SchemeSummary[]>('schemes/list')).find((s) => s.id === scheme.id)!.enabled, false);

  await page.openTab('Overview');
  await page.openTab('Schemes');
  await page.waitFor('Warn, then delete');
  await page.toggle(`enabled-${scheme.id}`);
  await page.waitFor('Enable the live scheme "Warn, then delete"?');
  // Six users match (one more is exempt, the org admin); the unmanaged one cannot be deleted, so five are.
  await page.waitFor(
    'Will warn 6 users by email first; 14 days later, for those still inactive, suspend 6 and delete 5 (cannot be undone); 1 exempt.',
  );
  assert.doesNotMatch(page.text(), /notify: \./);
  assert.match(page.text(), /Cannot be undone/);
  assert.match(page.text(), /Deleting 5 users cannot be undone once Atlassian's 14-day grace period ends/);
  assert.match(page.text(), /The warning emails to 6 users cannot be taken back/);
  assert.match(page.text(), /Users: User exempt, User inactive-1/);
  await page.click('Enable live scheme');
  await page.waitFor('"Warn, then delete" is enabled and live.');
  assert.equal((await local.call<SchemeSummary[]>('schemes/list')).find((s) => s.id === scheme.id)!.enabled, true);
  assert.deepEqual(page.bridgeErrors, []);
});

test('an imported live scheme lands in test mode, and the page says so', async () => {
  const page = await thePage();
  await page.openTab('Schemes');
  await page.click('Import JSON');
  await page.type('import-json', JSON.stringify({ ...LIVE_SCHEME, name: 'Imported live' }));
  await page.click('Import scheme');
  await page.waitFor('Imported "Imported live" in test mode: the file said live');
  const imported = (await local.call<SchemeSummary[]>('schemes/list')).find((s) => s.name === 'Imported live')!;
  assert.equal(imported.mode, 'test');
  assert.deepEqual(page.bridgeErrors, []);
});

test('a live scheme needs a fresh test of its current definition, and the confirmation quotes it', async () => {
  const page = await thePage();

  // The resolver refuses a never-tested live scheme when called directly, and saves nothing.
  const direct = refusal(await answer('schemes/save', { scheme: LIVE_SCHEME }));
  assert.equal(direct.code, 'TEST_RUN_REQUIRED');
  assert.match(direct.message, /"Never tested" cannot be saved as live yet\. Run this scheme in test mode first/);
  assert.equal(byName(await local.call<SchemeSummary[]>('schemes/list'), 'Never tested'), undefined);

  // The page: a live scheme made in the editor is not saved until a test run of it is confirmed.
  await page.openTab('Schemes');
  await page.click('Create scheme');
  await page.type('scheme-name', NAME);
  await page.click('Next');
  await page.type('scheme-inactive-days', '90');
  await page.click('Next');
  await page.waitFor('What happens to matched users');
  await page.radio('scheme-mode', 'live');
  await page.click('Next');
  await page.click('Save scheme');
  await page.waitFor(`Save "${NAME}" as a live scheme?`);
  await page.waitFor('A fresh test run comes first');
  assert.match(page.text(), /Run this scheme in test mode first/);
  assert.equal(page.findAll('LoadingButton', 'Save and go live').length, 0, 'no way to confirm without a test');
  assert.equal(byName(await local.call<SchemeSummary[]>('schemes/list'), NAME), undefined, 'nothing saved yet');

  await page.click('Run a test now');
  await local.drain();
  await page.waitFor('Will remove Confluence access from 6 users (confluence-users); 1 exempt.');
  assert.match(page.text(), /Users: User exempt, User inactive-1, User inactive-2, User inactive-3, User inactive-4/);
  assert.ok(page.findAll('Button', 'See the list of 6 users').length === 1, 'a link to the whole list');
  assert.doesNotMatch(page.text(), /Cannot be undone/, 'removing access can be undone');
  assert.deepEqual(writeRequests(local.site), [], 'the test changed nothing');
  await page.click('Save and go live');
  await page.waitFor(`Saved "${NAME}" as a live scheme.`);
  const saved = byName(await local.call<SchemeSummary[]>('schemes/list'), NAME);
  assert.equal(saved!.mode, 'live');

  // A confirmation of one definition does not carry over to another: the resolver refuses, and changes nothing.
  const review = await local.call<LiveReview>('schemes/review', { id: saved!.id });
  assert.equal(review.problem, null);
  const confirm = { testRunId: review.testRun!.id, fingerprint: review.fingerprint };
  const file = (await local.call<SchemeFileAnswer>('schemes/get', { id: saved!.id })).file;
  const changed = { ...file, filter: { ...(file.filter as object), inactiveDays: 30 } };
  const stale = refusal(await answer('schemes/save', { id: saved!.id, scheme: changed, confirm }));
  assert.equal(stale.code, 'CONFIRMATION_REQUIRED');
  assert.match(stale.message, /changed after the confirmation you gave/);
  const newFingerprint = (await local.call<LiveReview>('schemes/review', { id: saved!.id, scheme: changed }))
    .fingerprint;
  const oldTest = refusal(
    await answer('schemes/save', {
      id: saved!.id,
      scheme: changed,
      confirm: { ...confirm, fingerprint: newFingerprint },
    }),
  );
  assert.equal(oldTest.code, 'TEST_RUN_REQUIRED');
  assert.match(oldTest.message, /changed since the last test run/);
  const kept = (await local.call<SchemeFileAnswer>('schemes/get', { id: saved!.id })).file;
  assert.equal((kept.filter as { inactiveDays: number }).inactiveDays, 90, 'the stored scheme is unchanged');

  // The page says the same when the admin edits what the live scheme does.
  await page.click('Edit');
  await page.click('Next');
  await page.type('scheme-inactive-days', '30');
  await page.click('Next');
  await page.click('Next');
  await page.click('Save scheme');
  await page.waitFor(`Save "${NAME}" as a live scheme?`);
  await page.waitFor('The filter, exemptions or actions changed since the last test run');
  await page.click('Cancel');
  await page.click('Cancel');
  await page.waitFor('Create scheme');

  // Run live: "confirmLive" alone is no confirmation any more; the page quotes the fresh test run.
  const runsBefore = (await local.call<RunsPage>('runs/list', {})).runs.length;
  const bare = refusal(await answer('schemes/runNow', { id: saved!.id, mode: 'live', confirmLive: true }));
  assert.equal(bare.code, 'CONFIRMATION_REQUIRED');
  assert.equal((await local.call<RunsPage>('runs/list', {})).runs.length, runsBefore, 'no run started');

  // A test older than the freshness window (24 h by default) no longer vouches.
  local.clock.advanceBy(25 * 3600_000);
  await page.click('Run live');
  await page.waitFor(`Run "${NAME}" live?`);
  await page.waitFor('The last test run is older than 24 hours');
  await page.click('Run a test now');
  await local.drain();
  await page.waitFor('Will remove Confluence access from 6 users (confluence-users); 1 exempt.');
  assert.deepEqual(writeRequests(local.site), [], 'still nothing changed');
  await page.click('Run live now');
  await page.waitFor('The live run started: it shows here as it goes.');
  await local.drain();
  for (const id of INACTIVE) assert.ok(!groupsOf(id).includes(ACCESS_GROUP), `${id} lost the seat`);
  assert.deepEqual(page.bridgeErrors, []);
});
