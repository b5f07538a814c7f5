/**
 * A scheme set to "needs approval": its scheduled runs run as test runs even when it is live, change nothing on the
 * site, and email its report recipients (the approvers) once, naming how many users it would act on and where to
 * review it. A scheme without the flag runs live on its schedule as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import { RESOLVERS, type RunSummary } from '../../src/contract';
import { ACCESS_GROUP, ADMIN, INACTIVE, smallSite } from './fixtures';

const LIVE_DAILY = {
  name: 'Approve me',
  mode: 'live',
  schedule: { every: 1, unit: 'day', at: '02:00', timeZone: 'UTC' },
  filter: { inactiveDays: 90 },
  actions: [{ type: 'removeAccess' }],
  report: { emailGroups: ['site-admins'] },
};

async function scheduledRun(local: LocalSite, scheme: unknown): Promise<RunSummary> {
  // Saving a live scheme goes through the gate's own test run first; mail is set up after it, so the outbox holds
  // only what the scheduled run sent.
  await local.saveScheme(scheme);
  await local.drain();
  await local.call('email/save', {
    provider: 'postmark',
    fromAddress: 'wiki-admin@acme.com',
    apiKey: LOCAL_POSTMARK_TOKEN,
  });
  local.clock.advanceTo(Date.parse('2026-06-01T02:03:00Z'));
  await local.forge.fireTrigger('scheme-scheduler');
  await local.drain();
  const { runs } = await local.call<{ runs: RunSummary[] }>('runs/list', { limit: 100 });
  const scheduled = runs.filter((run) => run.trigger === 'schedule');
  assert.equal(scheduled.length, 1);
  return scheduled[0]!;
}

const hasSeat = (local: LocalSite, accountId: string) => local.site.user(accountId)!.groups.includes(ACCESS_GROUP);

test('a live scheme that needs approval runs as a test on its schedule and emails the approvers once', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    const run = await scheduledRun(local, { ...LIVE_DAILY, needsApproval: true });
    assert.equal(run.trigger, 'schedule');
    assert.equal(run.mode, 'test');
    assert.equal(run.state, 'done');
    for (const id of INACTIVE) assert.equal(hasSeat(local, id), true, `${id} keeps the seat`);
    assert.equal(local.mail.outbox.length, 1);
    const [email] = local.mail.outbox;
    assert.deepEqual(email!.to, [`${ADMIN}@acme.com`]);
    assert.match(email!.subject, /Needs your approval/);
    const count = (await local.runReport(run.id)).users.filter((user) => user.outcome === 'planned').length;
    assert.ok(count >= INACTIVE.length);
    for (const body of [email!.text, email!.html]) {
      assert.ok(body.includes(`would act on ${count} users, who would lose Confluence access`), body);
      assert.ok(body.includes('Confluence → Settings → User manager → Run history → run of 2026-06-01 02:03 UTC'));
      // The page never opened, so the app knows no URL of it: words only, no link.
      assert.ok(!body.includes('User manager page'), body);
    }
  } finally {
    local.close();
  }
});

test("once the admin page has reported its URL, the approvers' email links to it and still names the run", async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    // What the page sends when it opens (router.getUrl for its module, see src/frontend/effects.ts).
    const pageUrl = 'https://acme.atlassian.net/wiki/admin/forge/apps/user-manager-admin?env=prod';
    await local.call(RESOLVERS.pageUrlSave, { url: pageUrl });
    await scheduledRun(local, { ...LIVE_DAILY, needsApproval: true });
    assert.equal(local.mail.outbox.length, 1);
    const [email] = local.mail.outbox;
    const where = 'Run history → run of 2026-06-01 02:03 UTC → Apply this test run';
    assert.ok(
      email!.text.includes(`Review and approve it on the User manager page, ${pageUrl} (${where}).`),
      email!.text,
    );
    assert.ok(email!.html.includes(`<a href="${pageUrl}">User manager page</a> (${where})`), email!.html);
    // The link replaces the way to the page, not the way to the run on it.
    for (const body of [email!.text, email!.html]) assert.ok(!body.includes('Confluence → Settings'), body);
  } finally {
    local.close();
  }
});

test('a live scheme without the flag still runs live on its schedule and asks no approval', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    const run = await scheduledRun(local, LIVE_DAILY);
    assert.equal(run.mode, 'live');
    for (const id of INACTIVE) assert.equal(hasSeat(local, id), false, `${id} lost the seat`);
    assert.equal(local.mail.outbox.length, 1);
    assert.doesNotMatch(local.mail.outbox[0]!.subject, /approval/i);
    assert.doesNotMatch(local.mail.outbox[0]!.text, /needs approval/i);
  } finally {
    local.close();
  }
});
