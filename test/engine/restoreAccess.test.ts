/**
 * "Give me my access back": a live removeAccess run with `offerRestore` emails each removed user a signed link; a
 * click restores the seat (no seat target) or files a request an admin approves (at the target); a second click, a
 * forged and an expired link change nothing; a crash between email and record sends at most a duplicate email.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import type { RestoreOffersPage } from '../../src/contract';
import {
  INACTIVE,
  auditEntries,
  NOW,
  REMOVE_OFFERING_RESTORE,
  killOnceAfterFirstPostmarkRequest,
  smallSite,
  withEmail,
} from './fixtures';

const DAY = 86_400_000;
const SCHEME = REMOVE_OFFERING_RESTORE;

function restoreMails(local: LocalSite) {
  return local.mail.outbox.filter((message) => /access was removed/.test(message.subject));
}

function linkFor(local: LocalSite, accountId: string): string {
  const mail = restoreMails(local).find((message) => message.to.includes(`${accountId}@acme.com`));
  assert.ok(mail, `${accountId} got a restore email`);
  return /https:\/\/local-forge\.invalid\/\S+/.exec(mail.text)![0];
}

test('each removed user gets a restore link; a click restores the seat once, forged and expired links do nothing', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme(SCHEME);
    const run = await local.runNow(scheme.id, 'live');
    await local.drain();
    const removed = (await local.runReport(run.id)).users.filter((u) => u.outcome === 'done').map((u) => u.accountId);
    for (const id of INACTIVE) assert.ok(removed.includes(id));
    for (const id of removed) assert.equal(local.site.hasConfluenceSeat(id), false, `${id} lost the seat`);
    const mailed = restoreMails(local).flatMap((message) => message.to);
    assert.deepEqual(mailed.sort(), removed.map((id) => `${id}@acme.com`).sort(), 'one email per removed user only');
    const [first, second, third] = INACTIVE;

    // No seat target: a click restores at once.
    const opened = await local.forge.clickWebTriggerLink(linkFor(local, first!));
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /access is back/);
    assert.equal(local.site.hasConfluenceSeat(first!), true);

    const again = await local.forge.clickWebTriggerLink(linkFor(local, first!));
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /already used/);

    const link = linkFor(local, second!);
    // Opened as a keep-access link, a restore token does nothing and is not used up.
    const fourth = INACTIVE[3]!;
    const asKeepAccess = await local.forge.clickWebTriggerLink(
      linkFor(local, fourth).replace('restore-access-link', 'keep-access-link'),
    );
    assert.equal(asKeepAccess.statusCode, 400, 'a restore token is no keep-access token');
    assert.equal((await local.forge.clickWebTriggerLink(linkFor(local, fourth))).statusCode, 200);
    assert.equal(local.site.hasConfluenceSeat(fourth), true);

    const forged = await local.forge.clickWebTriggerLink(link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    assert.equal(forged.statusCode, 400);
    assert.equal(local.site.hasConfluenceSeat(second!), false, 'a forged link restores nothing');

    local.clock.advanceTo(Date.parse(NOW) + 31 * DAY);
    const late = await local.forge.clickWebTriggerLink(linkFor(local, third!));
    assert.equal(late.statusCode, 410);
    assert.match(late.body, /expired/);
    assert.equal(local.site.hasConfluenceSeat(third!), false, 'an expired link restores nothing');

    const kinds = (await auditEntries(local)).map((entry) => entry.kind);
    assert.ok(kinds.includes('user.restoreOffered'));
    assert.equal(kinds.filter((kind) => kind === 'user.accessRestored').length, 2);
  } finally {
    local.close();
  }
});

test('over the seat target a restore link files a request, which an admin approves after a confirmation naming the user', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme(SCHEME);
    await local.runNow(scheme.id, 'live');
    await local.drain();
    // A target with no seat count yet: the app cannot tell it is under, so an admin decides.
    await local.call('settings/save', { seatTarget: 1 });
    const [user] = INACTIVE;
    const opened = await local.forge.clickWebTriggerLink(linkFor(local, user!));
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /request was sent/);
    assert.equal(local.site.hasConfluenceSeat(user!), false, 'a request restores nothing by itself');

    const page = await local.call<RestoreOffersPage>('restores/list', {});
    const request = page.offers.find((offer) => offer.status === 'requested');
    assert.equal(request?.accountId, user);
    await assert.rejects(
      local.call('restores/decide', { runId: request!.runId, accountId: user, decision: 'approve' }),
      /CONFIRMATION_REQUIRED: Give User inactive-1/,
    );
    assert.equal(local.site.hasConfluenceSeat(user!), false, 'nothing happens without the confirmation');
    await local.call('restores/decide', { runId: request!.runId, accountId: user, decision: 'approve', confirm: true });
    assert.equal(local.site.hasConfluenceSeat(user!), true);
    await assert.rejects(
      local.call('restores/decide', { runId: request!.runId, accountId: user, decision: 'decline', confirm: true }),
      /no longer waiting/,
    );
  } finally {
    local.close();
  }
});

test('requests filed before the request list had its own copies are copied by housekeeping once, and a decided one never shows', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme(SCHEME);
    await local.runNow(scheme.id, 'live');
    await local.drain();
    await local.call('settings/save', { seatTarget: 1 });
    const [first, second] = INACTIVE;
    for (const user of [first!, second!]) {
      assert.equal((await local.forge.clickWebTriggerLink(linkFor(local, user))).statusCode, 200);
    }
    const waiting = async () =>
      (await local.call<RestoreOffersPage>('restores/list', { status: 'requested' })).offers.map((o) => o.accountId);
    assert.deepEqual((await waiting()).sort(), [first, second].sort());

    // As an installation from before the copies has them: the offers say 'requested', the list has nothing.
    const copies = Object.keys(local.kvs.dump().kvs).filter((key) => key.startsWith('restore-request:'));
    assert.equal(copies.length, 2);
    for (const key of copies) local.kvs.handle('/api/v1/delete', { key });
    assert.deepEqual(await waiting(), []);
    // One of the two is decided before housekeeping comes: it must not come back as waiting.
    const run = (await local.call<RestoreOffersPage>('restores/list', {})).offers.find((o) => o.accountId === second);
    await local.call('restores/decide', { runId: run!.runId, accountId: second, decision: 'decline', confirm: true });

    assert.equal((await local.forge.fireTrigger('daily-housekeeping')).ok, true);
    assert.deepEqual(await waiting(), [first], 'the waiting request is listed again, the decided one is not');
    const progress = local.kvs.dump().kvs['restore-request-index'];
    assert.equal(progress, 'done', 'the copy is done');

    const before = JSON.stringify(local.kvs.dump().kvs);
    assert.equal((await local.forge.fireTrigger('daily-housekeeping')).ok, true);
    assert.deepEqual(await waiting(), [first]);
    const restoreKeys = (dump: string) =>
      Object.entries(JSON.parse(dump) as Record<string, unknown>).filter(([key]) => key.startsWith('restore-'));
    assert.deepEqual(
      restoreKeys(JSON.stringify(local.kvs.dump().kvs)),
      restoreKeys(before),
      'the second day copies nothing',
    );
  } finally {
    local.close();
  }
});

test('a crash between a restore email and its record sends at most a duplicate email and loses no one', async () => {
  const crash = killOnceAfterFirstPostmarkRequest();
  const local = new LocalSite({ siteFile: smallSite(), killWhen: crash.killWhen });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme(SCHEME);
    const run = await local.runNow(scheme.id, 'live');
    await local.drain();
    assert.equal(crash.killed(), 1, 'the invocation died right after sending a restore email');
    const report = await local.runReport(run.id);
    assert.equal(report.state, 'done');
    const removed = report.users.filter((u) => u.outcome === 'done').map((u) => u.accountId);
    for (const id of INACTIVE) assert.ok(removed.includes(id), `${id} was acted on`);
    for (const id of removed) assert.equal(local.site.hasConfluenceSeat(id), false);
    const mails = restoreMails(local);
    assert.equal(mails.length, removed.length + 1, 'exactly one email went out twice');
    for (const id of removed)
      assert.ok(
        mails.some((m) => m.to.includes(`${id}@acme.com`)),
        `${id} was offered`,
      );
    const offers = (await local.call<RestoreOffersPage>('restores/list', {})).offers;
    assert.deepEqual(offers.map((offer) => offer.accountId).sort(), [...removed].sort(), 'one offer each, no one lost');
  } finally {
    local.close();
  }
});

test('under the seat target clicks restore at once, counting the seats restored since the last count, then file requests', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme(SCHEME);
    await local.runNow(scheme.id, 'live');
    await local.drain();
    await local.call('overview/measure', {});
    await local.drain();
    const { seats } = (await local.call<{ history: Array<{ seats: number }> }>('overview/get', {})).history.at(-1)!;
    await local.call('settings/save', { seatTarget: seats + 2 });
    const [first, second, third] = INACTIVE;
    assert.match((await local.forge.clickWebTriggerLink(linkFor(local, first!))).body, /access is back/);
    assert.match((await local.forge.clickWebTriggerLink(linkFor(local, second!))).body, /access is back/);
    assert.match((await local.forge.clickWebTriggerLink(linkFor(local, third!))).body, /request was sent/);
    assert.deepEqual(
      [first, second, third].map((id) => local.site.hasConfluenceSeat(id!)),
      [true, true, false],
      'two seats under the target: two restored at once, the third waits for an admin',
    );
  } finally {
    local.close();
  }
});
