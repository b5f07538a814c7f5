/**
 * Emailed run reports, the audit log, and warning users before acting (notify + "keep my access" links),
 * through the real handlers on the local runtime.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import { DEFAULT_ORG_API_KEY } from '../local/site';
import type { RunDetail } from '../../src/contract';
import {
  ADMIN,
  INACTIVE,
  auditEntries,
  NOW,
  SCHEME_EXEMPT,
  SITE_ADMINS_GROUP,
  UNMANAGED,
  WARN_THEN_REMOVE,
  killOnceAfterFirstPostmarkRequest,
  smallSite,
  withEmail,
} from './fixtures';

const DAY = 86_400_000;

test('a run report goes to the scheme report group, with a CSV of every matched user and no secret', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme({
      name: 'Report me',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
      report: { emailGroups: ['site-admins'] },
    });
    const run = await local.runNow(scheme.id, 'test');
    await local.drain();
    const detail = await local.call<RunDetail & { report?: { status: string } }>('runs/get', { runId: run.id });
    assert.equal(detail.state, 'done');
    assert.equal(local.mail.outbox.length, 1);
    const [email] = local.mail.outbox;
    assert.deepEqual(email!.to, [`${ADMIN}@acme.com`], `members of ${SITE_ADMINS_GROUP}`);
    assert.match(email!.subject, /Report me/);
    assert.match(email!.text, /would/i, 'a test-mode report says what would happen');
    const csv = email!.attachments[0]!.content;
    for (const id of INACTIVE) assert.ok(csv.includes(id), `${id} is in the CSV`);
    const everything = JSON.stringify(email);
    assert.ok(
      !everything.includes(DEFAULT_ORG_API_KEY) && !everything.includes(LOCAL_POSTMARK_TOKEN),
      'no secret in the email',
    );
    const kinds = (await auditEntries(local, { subject: run.id })).map((entry) => entry.kind).sort();
    assert.deepEqual(kinds, ['report.sent', 'run.ended', 'run.started']);
  } finally {
    local.close();
  }
});

test('without an email provider the report is kept and the run says why no email went out', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    const scheme = await local.saveScheme({
      name: 'No mail',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
      report: { emailGroups: ['site-admins'] },
    });
    const run = await local.runNow(scheme.id, 'test');
    await local.drain();
    const detail = await local.call<RunDetail & { report?: { status: string; detail: string } }>('runs/get', {
      runId: run.id,
    });
    assert.equal(detail.state, 'done');
    assert.equal(detail.report?.status, 'notSent');
    assert.match(detail.report.detail, /No email provider/);
    assert.equal(local.mail.outbox.length, 0);
  } finally {
    local.close();
  }
});

test('every action on a user is in the audit log with its run and result', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    const scheme = await local.saveScheme({
      name: 'Audit me',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const run = await local.runNow(scheme.id, 'live');
    await local.drain();
    const actions = await auditEntries(local, { kind: 'user.action' });
    assert.deepEqual(
      actions.map((entry) => entry.subject).sort(),
      [...INACTIVE, SCHEME_EXEMPT, UNMANAGED].sort(),
      'this scheme exempts nobody itself',
    );
    for (const entry of actions) {
      assert.equal(entry.details.runId, run.id);
      assert.equal(entry.details.action, 'removeAccess');
      assert.equal(entry.details.result, 'done');
      assert.equal(entry.actor, ADMIN, 'a run now is done on behalf of the admin who started it');
    }
  } finally {
    local.close();
  }
});

test('notify warns first, then acts after the grace period on those still inactive who did not keep access', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme(WARN_THEN_REMOVE);
    const [cameBack, keeper, ignored] = INACTIVE;

    // Run 1: everyone who matches is warned; nobody loses anything yet.
    const first = await local.runNow(scheme.id, 'live');
    await local.drain();
    const warned = local.mail.outbox.filter((message) => /access will change/.test(message.subject));
    assert.ok(warned.length >= 3);
    assert.ok(local.site.hasConfluenceSeat(ignored!), 'nothing is done during the grace period');
    const firstReport = await local.runReport(first.id);
    assert.match(firstReport.users.find((user) => user.accountId === ignored)!.reason, /warned by email/);

    // One user clicks "keep my access"; the same link a second time, a forged and an expired one change nothing.
    const keeperMail = warned.find((message) => message.to.includes(`${keeper}@acme.com`))!;
    const link = /https:\/\/local-forge\.invalid\/\S+/.exec(keeperMail.text)![0];
    assert.equal((await local.forge.clickWebTriggerLink(link)).statusCode, 200);
    const again = await local.forge.clickWebTriggerLink(link);
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /already used/);
    const forged = await local.forge.clickWebTriggerLink(link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /not valid|incomplete/);

    // Another comes back during the grace period.
    local.clock.advanceTo(Date.parse(NOW) + 5 * DAY);
    local.site.setLastActive(cameBack!, new Date(local.clock.now()).toISOString());

    // Inside the grace period a run does nothing to them; its report says who came back.
    const middle = await local.runNow(scheme.id, 'live');
    await local.drain();
    assert.ok(local.site.hasConfluenceSeat(ignored!));
    const middleReport = await local.runReport(middle.id);
    const back = middleReport.users.find((user) => user.accountId === cameBack);
    assert.match(back?.reason ?? '', /came back after the warning of/);
    assert.equal(
      middleReport.counts.matched,
      middleReport.users.filter((user) => !user.informational).length,
      'comebacks are listed, not counted',
    );
    const warnings = await local.call<{ warnings: Array<{ accountId: string; status: string }> }>('warnings/list', {});
    assert.equal(warnings.warnings.find((warning) => warning.accountId === cameBack)?.status, 'cameBack');

    // After the grace period: only the one still inactive who did not keep access is acted on.
    local.clock.advanceTo(Date.parse(NOW) + 15 * DAY);
    const final = await local.runNow(scheme.id, 'live');
    await local.drain();
    assert.equal(local.site.hasConfluenceSeat(ignored!), false);
    assert.equal(local.site.hasConfluenceSeat(keeper!), true);
    assert.equal(local.site.hasConfluenceSeat(cameBack!), true);
    const report = await local.runReport(final.id);
    const byId = new Map(report.users.map((user) => [user.accountId, user]));
    assert.equal(byId.get(ignored!)!.outcome, 'done');
    assert.equal(byId.get(keeper!)!.outcome, 'exempt');
    assert.match(byId.get(keeper!)!.reason, /keep access/);
    assert.equal(byId.has(cameBack!), false, 'a user who came back no longer matches');

    // An expired link changes nothing either.
    const late = await local.forge.clickWebTriggerLink(
      /https:\/\/local-forge\.invalid\/\S+/.exec(warned.find((m) => m.to.includes(`${ignored}@acme.com`))!.text)![0],
    );
    assert.equal(late.statusCode, 410);
    assert.match(late.body, /expired/);
    const kinds = new Set((await auditEntries(local)).map((entry) => entry.kind));
    for (const kind of ['user.warned', 'user.keptAccess', 'user.action']) assert.ok(kinds.has(kind as never), kind);
  } finally {
    local.close();
  }
});

test('settings and scheme changes are audited with who, before and after, secrets never written', async () => {
  // The organization knows the new key too: a key is tested against the Admin API before it is saved.
  const local = new LocalSite({
    siteFile: smallSite(),
    apiKeys: [
      { key: DEFAULT_ORG_API_KEY, scopes: 'all' },
      { key: 'a-brand-new-org-api-key-0001', scopes: 'all' },
    ],
  });
  try {
    const scheme = await local.saveScheme({
      name: 'Audited',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    await local.saveScheme(
      { name: 'Audited', filter: { inactiveDays: 120 }, actions: [{ type: 'removeAccess' }] },
      scheme.id,
    );
    await local.call('schemes/delete', { id: scheme.id });
    await local.call('settings/save', { retentionDays: 30, apiKey: 'a-brand-new-org-api-key-0001' });
    const entries = await auditEntries(local);
    const settings = entries.find((entry) => entry.kind === 'settings.changed')!;
    assert.equal(settings.actor, ADMIN);
    assert.deepEqual((settings.details.changed as string[]).sort(), ['orgApiKey', 'retentionDays']);
    assert.ok(!JSON.stringify(entries).includes('a-brand-new-org-api-key'), 'the new key is never written to the log');
    const edit = entries.find((entry) => entry.kind === 'scheme.saved' && /changed/.test(entry.summary))!;
    assert.equal((edit.details.before as { filter: { inactiveDays: number } }).filter.inactiveDays, 90);
    assert.equal((edit.details.after as { filter: { inactiveDays: number } }).filter.inactiveDays, 120);
    assert.ok(entries.some((entry) => entry.kind === 'scheme.deleted' && entry.subject === scheme.id));
    const csv = await local.call<{ csv: string }>('audit/export', { limit: 100 });
    assert.match(csv.csv, /^time,kind,actor,subject,summary,details,who,about,sentence\r\n/);
    assert.match(csv.csv, /changed the settings: org api key replaced; retention days 90 → 30\./);
    assert.equal(csv.csv.trim().split('\r\n').length, entries.length + 1);
  } finally {
    local.close();
  }
});

test('a warned user who came back and later went quiet again is warned afresh, never acted on with the old warning', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme({
      name: 'Warn again',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'notify', graceDays: 14 }, { type: 'removeAccess' }],
    });
    const [user] = INACTIVE;
    await local.runNow(scheme.id, 'live');
    await local.drain();
    // Back on day 3, then no run sees them until day 100, when they are 97 days inactive again.
    local.site.setLastActive(user!, new Date(Date.parse(NOW) + 3 * DAY).toISOString());
    local.clock.advanceTo(Date.parse(NOW) + 100 * DAY);
    const later = await local.runNow(scheme.id, 'live');
    await local.drain();
    const outcome = (await local.runReport(later.id)).users.find((entry) => entry.accountId === user)!;
    assert.equal(outcome.outcome, 'done');
    assert.match(outcome.reason, /warned by email/);
    assert.ok(local.site.hasConfluenceSeat(user!), 'not acted on: the old warning no longer counts');
  } finally {
    local.close();
  }
});

test('an invocation killed between a warning email and its record sends the warning again, and acts on nobody', async () => {
  const crash = killOnceAfterFirstPostmarkRequest();
  const local = new LocalSite({ siteFile: smallSite(), killWhen: crash.killWhen });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme({
      name: 'Warn, crash',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'notify', graceDays: 14 }, { type: 'removeAccess' }],
    });
    const run = await local.runNow(scheme.id, 'live');
    await local.drain();
    assert.equal(crash.killed(), 1, 'the invocation died right after sending a warning');
    const report = await local.runReport(run.id);
    assert.equal(report.state, 'done');
    const warnedIds = report.users.filter((user) => /warned by email/.test(user.reason)).map((user) => user.accountId);
    assert.ok(warnedIds.length >= INACTIVE.length);
    const emails = local.mail.outbox.filter((message) => /access will change/.test(message.subject));
    assert.equal(emails.length, warnedIds.length + 1, 'exactly one warning was sent twice');
    for (const id of INACTIVE)
      assert.ok(local.site.hasConfluenceSeat(id), `${id} keeps their seat during the grace period`);
    const warnings = await local.call<{ warnings: Array<{ accountId: string; status: string }> }>('warnings/list', {});
    assert.deepEqual(
      warnings.warnings.map((warning) => warning.accountId).sort(),
      [...warnedIds].sort(),
      'every warned user is recorded once',
    );
  } finally {
    local.close();
  }
});
