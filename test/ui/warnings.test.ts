/**
 * Click-through of warning users first on the real page: "Warn users first" in the scheme editor's Actions step
 * (a bad grace period refused beside its field) makes a notify scheme; after a live run the Warnings tab lists
 * each warned user as pending, with the scheme and the day the scheme may act, and a user who clicked "keep my
 * access" as kept access; the run's page says what happened to its report.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import { INACTIVE, NOW, smallSite } from '../engine/fixtures';
import { day } from '../../src/frontend/format';
import { openPage, textOf } from './harness';
import type { SchemeFileAnswer, SchemeSummary } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('a notify scheme made in the editor warns users; the Warnings tab shows who is pending and who kept access', async () => {
  await local.call('email/save', {
    provider: 'postmark',
    fromAddress: 'wiki-admin@acme.com',
    apiKey: LOCAL_POSTMARK_TOKEN,
  });
  const page = await openPage(local);
  await page.openTab('Warnings');
  await page.waitFor('No warnings sent');

  await page.openTab('Schemes');
  await page.click('Create scheme');
  await page.type('scheme-name', 'Warn, then free seats');
  await page.click('Next');
  await page.waitFor('Inactive for at least (days)');
  await page.click('Next');
  await page.waitFor('What happens to matched users');
  await page.toggle('action-notify');
  await page.type('notify-grace-days', '200');
  await page.click('Next');
  await page.waitFor(() => page.errorsBeside('notify-grace-days').length === 1);
  assert.match(page.errorsBeside('notify-grace-days')[0]!, /from 1 to 90/);
  await page.type('notify-grace-days', '14');
  await page.type('notify-message', 'Questions? Ask the wiki team.');
  await page.click('Next');
  await page.waitFor("Send each run's report to these groups");
  await page.click('Save scheme');
  await page.waitFor('Saved "Warn, then free seats".');
  const [scheme] = await local.call<SchemeSummary[]>('schemes/list');
  const file = await local.call<SchemeFileAnswer>('schemes/get', { id: scheme!.id });
  assert.deepEqual(file.file.actions, [
    { type: 'notify', graceDays: 14, message: 'Questions? Ask the wiki team.' },
    { type: 'removeAccess' },
  ]);

  const run = await local.runNow(scheme!.id, 'live');
  await local.drain();
  const warned = local.mail.outbox.filter((message) => /access will change/.test(message.subject));
  assert.ok(warned.length >= INACTIVE.length, 'every inactive user was warned');
  const keeper = INACTIVE[0]!;
  const link = /https:\/\/local-forge\.invalid\/\S+/.exec(
    warned.find((message) => message.to.includes(`${keeper}@acme.com`))!.text,
  )![0];
  assert.equal((await local.forge.clickWebTriggerLink(link)).statusCode, 200);

  await page.openTab('Warnings');
  await page.waitFor(() => page.findAll('Row').length === warned.length);
  const rows = new Map(page.findAll('Row').map((row) => [textOf(row), row]));
  const keeperRow = [...rows.keys()].find((text) => text.includes(`${keeper}@acme.com`))!;
  assert.match(keeperRow, /Warn, then free seats/);
  assert.match(keeperRow, /kept access until/);
  const others = [...rows.keys()].filter((text) => text !== keeperRow);
  assert.ok(
    others.every((text) => /pending/.test(text) && /Warn, then free seats/.test(text)),
    others.join('\n'),
  );
  // Actions after = warned on + 14 days (smallSite's clock starts at 2026-06-01), shown in the admin's time zone.
  const [warnedOn, actAfter] = [day(NOW), day(new Date(Date.parse(NOW) + 14 * 86_400_000).toISOString())];
  assert.ok(
    others.every((text) => text.includes(warnedOn) && text.includes(actAfter)),
    others.join('\n'),
  );
  assert.match(page.text(), new RegExp(`${warned.length - 1} pending of ${warned.length} shown`));

  await page.openTab('Run history');
  // The live run needed a fresh test first (the helper ran one): the scheme's own run is the live one.
  await page.waitFor(() => page.findAll('Row', /^(?!.*Preview: ).*Warn, then free seats.*live/).length === 1);
  await page.click('Warn, then free seats');
  await page.waitFor('Per-user outcomes');
  const detail = await local.call<{ report: { detail: string } | null }>('runs/get', { runId: run.id });
  assert.ok(detail.report, 'the run reported');
  await page.waitFor(detail.report.detail);
  assert.match(page.text(), /Report email (sent|skipped|not sent)/);
  assert.deepEqual(page.bridgeErrors, []);
});
