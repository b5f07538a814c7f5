/**
 * The record comes first (src/engine/act.ts): a live run writes each action's result before anything that can fail
 * after it (audit entries, restore offers, warning and report emails). An address the email provider refuses is a
 * warning on that user's outcome, never a failed run; a run that fails (wrong email settings) keeps every outcome
 * it reached, so its page, report and Undo tell the truth. Each side effect is failed or killed in turn here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite, type LocalSiteOptions } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import type { AuditEntry } from '../../src/domain/audit';
import type { RestoreOffersPage, RunDetail, RunSummary, UndoPreview } from '../../src/contract';
import type { SiteFile } from '../local/site';
import { INACTIVE, smallSite } from './fixtures';

const UNMAILABLE = INACTIVE[1]!;
const BAD_ADDRESS = 'bob<x>@acme.com';
const OFFER_RESTORE = {
  name: 'Free seats, offer a way back',
  filter: { inactiveDays: 90 },
  actions: [{ type: 'removeAccess', offerRestore: true }],
};

/** The small site with one inactive user whose email Postmark cannot parse (error 300). */
function siteWithUnmailableUser(): SiteFile {
  const file = smallSite();
  return {
    ...file,
    users: file.users.map((user) => (user.accountId === UNMAILABLE ? { ...user, email: BAD_ADDRESS } : user)),
  };
}

async function withSite(options: LocalSiteOptions, body: (local: LocalSite) => Promise<void>): Promise<void> {
  const local = new LocalSite(options);
  try {
    await local.call('email/save', {
      provider: 'postmark',
      fromAddress: 'wiki-admin@acme.com',
      apiKey: LOCAL_POSTMARK_TOKEN,
    });
    await body(local);
  } finally {
    local.close();
  }
}

/** Users who held a seat before and not after. */
function seatsRemoved(local: LocalSite, before: readonly string[]): string[] {
  return before.filter((id) => !local.site.hasConfluenceSeat(id)).sort();
}

function seated(local: LocalSite, file: SiteFile): string[] {
  return file.users.map((user) => user.accountId).filter((id) => local.site.hasConfluenceSeat(id));
}

function doneUsers(report: RunDetail): string[] {
  return report.users
    .filter((user) => user.outcome === 'done')
    .map((user) => user.accountId)
    .sort();
}

async function auditActions(local: LocalSite, runId: string): Promise<AuditEntry[]> {
  const entries = (await local.call<{ entries: AuditEntry[] }>('audit/list', { limit: 100 })).entries;
  return entries.filter((entry) => entry.kind === 'user.action' && entry.details.runId === runId);
}

/** The undo preview names exactly these users, and the undo gives every seat back. */
async function assertUndoRestores(local: LocalSite, runId: string, removed: readonly string[]): Promise<void> {
  const preview = await local.call<UndoPreview>('runs/undoPreview', { runId });
  assert.deepEqual(preview.users.map((user) => user.accountId).sort(), [...removed].sort(), 'Undo offers every change');
  const undo = await local.call<RunSummary>('runs/undo', { runId, confirm: true });
  await local.drain();
  assert.equal((await local.runReport(undo.id)).state, 'done');
  for (const id of removed) assert.equal(local.site.hasConfluenceSeat(id), true, `${id} has the seat back`);
}

for (const refusal of [
  {
    name: 'an address it cannot parse (error 300)',
    file: siteWithUnmailableUser,
    address: BAD_ADDRESS,
    options: {},
    code: /error 300/,
  },
  {
    name: 'an inactive recipient (error 406)',
    file: smallSite,
    address: `${UNMAILABLE}@acme.com`,
    options: { inactiveRecipients: [`${UNMAILABLE}@acme.com`] },
    code: /error 406/,
  },
]) {
  test(`an offerRestore run whose restore email Postmark refuses for ${refusal.name} ends done and records exactly the seats removed`, async () => {
    const file = refusal.file();
    await withSite({ siteFile: file, mail: refusal.options }, async (local) => {
      const before = seated(local, file);
      const scheme = await local.saveScheme(OFFER_RESTORE);
      const run = await local.runNow(scheme.id, 'live');
      await local.drain();
      const report = await local.runReport(run.id);
      assert.equal(report.state, 'done', report.reason ?? '');
      const removed = seatsRemoved(local, before);
      assert.ok(removed.includes(UNMAILABLE), 'the unmailable user lost the seat too');
      assert.deepEqual(doneUsers(report), removed, 'the run records exactly the seats removed');
      assert.equal(report.counts.done, removed.length);
      const bob = report.users.find((user) => user.accountId === UNMAILABLE)!;
      assert.match(bob.warning ?? '', refusal.code, 'the refusal is a warning on that user');
      assert.ok(
        report.warnings.some((warning) => warning.includes(refusal.address)),
        'and in the run warnings',
      );
      const offered = (await local.call<RestoreOffersPage>('restores/list', {})).offers.map((o) => o.accountId);
      assert.deepEqual(
        offered.sort(),
        removed.filter((id) => id !== UNMAILABLE),
        'everyone else was offered',
      );
      assert.equal((await auditActions(local, run.id)).length, removed.length, 'one audit entry per removal');
      await assertUndoRestores(local, run.id, removed);
    });
  });
}

test('a notify run whose warning Postmark refuses for one address ends done; that user is not warned and kept', async () => {
  const file = siteWithUnmailableUser();
  await withSite({ siteFile: file }, async (local) => {
    const scheme = await local.saveScheme({
      name: 'Warn, then remove',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'notify', graceDays: 14 }, { type: 'removeAccess' }],
    });
    const run = await local.runNow(scheme.id, 'live');
    await local.drain();
    const report = await local.runReport(run.id);
    assert.equal(report.state, 'done', report.reason ?? '');
    const bob = report.users.find((user) => user.accountId === UNMAILABLE)!;
    assert.equal(bob.outcome, 'failed');
    assert.match(bob.warning ?? '', /error 300/);
    assert.equal(local.site.hasConfluenceSeat(UNMAILABLE), true, 'nothing else was done to the unwarned user');
    const warned = report.users.filter((user) => user.outcome === 'done').map((user) => user.accountId);
    assert.ok(warned.length >= INACTIVE.length - 1, 'the other inactive users were warned');
    const mailedTo = local.mail.outbox.flatMap((message) => message.to);
    for (const id of warned) assert.ok(mailedTo.includes(`${id}@acme.com`), `${id} got the warning`);
  });
});

/** Kill points of the act step's follow-ups, found by what the invocation writes to storage or sends. */
const KILL_POINTS: Record<string, (path: string, body: string) => boolean> = {
  'right after the results are written (before the audit entries)': (_path, body) => body.includes('"followUps"'),
  'right after the audit entries are written (before the restore emails)': (_path, body) =>
    body.includes('"kind":"user.action"'),
};

for (const [point, isTheWrite] of Object.entries(KILL_POINTS)) {
  test(`an act invocation killed ${point} loses no outcome, audit entry or offer, and Undo works`, async () => {
    let armed = false;
    let killed = 0;
    const file = smallSite();
    await withSite(
      {
        siteFile: file,
        throttleKvsWhen: (info, path, body) => {
          if (info.functionKey === 'run-worker' && killed === 0 && isTheWrite(path, JSON.stringify(body ?? null)))
            armed = true;
          return false;
        },
        killWhen: (info) => {
          if (!armed || info.functionKey !== 'run-worker') return false;
          armed = false;
          killed += 1;
          return true;
        },
      },
      async (local) => {
        const before = seated(local, file);
        const scheme = await local.saveScheme(OFFER_RESTORE);
        const run = await local.runNow(scheme.id, 'live');
        await local.drain();
        assert.equal(killed, 1, 'the invocation died at that point');
        const report = await local.runReport(run.id);
        assert.equal(report.state, 'done', report.reason ?? '');
        const removed = seatsRemoved(local, before);
        assert.deepEqual(doneUsers(report), removed);
        const audited = (await auditActions(local, run.id)).map((entry) => entry.subject).sort();
        assert.deepEqual(audited, removed, 'each removal audited once');
        const offered = (await local.call<RestoreOffersPage>('restores/list', {})).offers.map((o) => o.accountId);
        assert.deepEqual(offered.sort(), removed, 'each removed user offered');
        await assertUndoRestores(local, run.id, removed);
      },
    );
  });
}

test('a Postmark outage at the restore emails delays them; the results are recorded first and the run ends done', async () => {
  const file = smallSite();
  await withSite({ siteFile: file }, async (local) => {
    const before = seated(local, file);
    const scheme = await local.saveScheme(OFFER_RESTORE);
    local.mail.failNext(6, 503);
    const run = await local.runNow(scheme.id, 'live');
    await local.drain();
    const report = await local.runReport(run.id);
    assert.equal(report.state, 'done', report.reason ?? '');
    const removed = seatsRemoved(local, before);
    assert.deepEqual(doneUsers(report), removed);
    const offered = (await local.call<RestoreOffersPage>('restores/list', {})).offers.map((o) => o.accountId);
    assert.deepEqual(offered.sort(), removed, 'the offers went out after the outage');
    assert.ok(
      local.mail.requests.some((request) => request.status === 503),
      'the outage was met',
    );
  });
});

for (const stage of ['restore emails', 'warning emails', 'report email'] as const) {
  test(`a Postmark token revoked before the ${stage} fails the run once, quickly, keeping its outcomes, lock released`, async () => {
    const tokens = [LOCAL_POSTMARK_TOKEN];
    const file = smallSite();
    await withSite({ siteFile: file, mail: { tokens } }, async (local) => {
      const before = seated(local, file);
      const admin = local.adminAccountId;
      const scheme = await local.saveScheme({
        name: `Revoked token at the ${stage}`,
        filter: { inactiveDays: 90 },
        actions:
          stage === 'warning emails'
            ? [{ type: 'notify', graceDays: 14 }, { type: 'removeAccess' }]
            : [{ type: 'removeAccess', offerRestore: stage === 'restore emails' }],
        ...(stage === 'report email' ? { report: { emailUsers: [admin] } } : {}),
      });
      const confirm = await local.liveConfirmation(scheme.id);
      tokens.length = 0; // revoked in Postmark after it was saved
      const started = local.clock.now();
      const run = await local.runNow(scheme.id, 'live', confirm);
      await local.drain();
      const report = await local.runReport(run.id);
      assert.equal(report.state, 'failed');
      assert.match(report.reason ?? '', /email settings are wrong.*rejected the API key.*Settings/s);
      assert.ok(local.clock.now() - started < 10 * 60_000, 'failed within virtual minutes, not retried for hours');
      const unauthorized = local.mail.requests.filter((request) => request.status === 401).length;
      assert.ok(unauthorized >= 1 && unauthorized <= 2, `Postmark was asked ${unauthorized} times, not hundreds`);
      const removed = seatsRemoved(local, before);
      assert.deepEqual(
        doneUsers(report).filter((id) => removed.includes(id)),
        removed,
        'every removal recorded',
      );
      assert.equal(report.counts.done, doneUsers(report).length, 'the failed run counts what it did');
      if (removed.length > 0) {
        assert.equal((await auditActions(local, run.id)).length, removed.length);
        tokens.push(LOCAL_POSTMARK_TOKEN); // the admin fixed the token: the undo run reports as usual
        await assertUndoRestores(local, run.id, removed);
      } else {
        assert.equal(stage, 'warning emails', 'only a warning run acts on nobody before its first email');
        assert.equal(report.users.filter((user) => user.outcome === 'pending').length > 0, true);
      }
      // The scheme is free again: a new run starts.
      const next = await local.runNow(scheme.id, 'test');
      assert.ok(next.id !== run.id);
    });
  });
}
