import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import type { SiteFile } from '../local/site';
import type { OverviewAnswer, SnapshotsExportAnswer } from '../../src/contract';
import type { AuditEntry } from '../../src/domain/audit';
import { ACCESS_GROUP, ACTIVE, ADMIN, JIRA_GROUP, smallSite } from './fixtures';

const DAY_MS = 24 * 3600 * 1000;

/** smallSite (9 seat holders: 2 active 2 days ago, 7 last active on 2026-01-01) plus users who hold no billed seat, and two who do. */
function snapshotSite(): SiteFile {
  const site = smallSite();
  const base = site.users.find((user) => user.accountId === ACTIVE[0])!;
  const extra = (accountId: string, overrides: Partial<typeof base>) => ({
    ...base,
    accountId,
    name: accountId,
    email: `${accountId}@acme.com`,
    ...overrides,
  });
  site.users.push(
    extra('acc-never', { lastActive: null }),
    extra('acc-45-days', { lastActive: '2026-04-17T00:00:00Z', groups: [ACCESS_GROUP] }),
    extra('acc-app', { accountType: 'app', email: null }),
    extra('acc-customer', { accountType: 'customer' }),
    extra('acc-suspended', { status: 'suspended' }),
    extra('acc-jira-only', { groups: [JIRA_GROUP] }),
  );
  return site;
}

async function measure(local: LocalSite): Promise<OverviewAnswer> {
  await local.call('overview/measure', {});
  await local.drain();
  return local.call<OverviewAnswer>('overview/get', {});
}

async function alerts(local: LocalSite): Promise<AuditEntry[]> {
  return (await local.call<{ entries: AuditEntry[] }>('audit/list', { kind: 'seats.alert' })).entries;
}

test('a snapshot counts billed seats, activity, time away and groups', async () => {
  const local = new LocalSite({ siteFile: snapshotSite() });
  try {
    const overview = await measure(local);
    const latest = overview.latest!;
    assert.equal(latest.day, '2026-06-01');
    assert.equal(
      latest.seats,
      11,
      '9 seat holders + never active + 45 days; app, customer, suspended and jira-only hold no seat',
    );
    assert.deepEqual([latest.active7, latest.active30, latest.active90, latest.neverActive], [2, 2, 3, 1]);
    assert.deepEqual(latest.away, { '30-60': 1, '60-90': 0, '90-180': 7, '180-365': 0, over365: 0, never: 1 });
    const confluence = latest.groups.find((group) => group.name === 'confluence-users')!;
    const jira = latest.groups.find((group) => group.name === 'jira-users')!;
    assert.deepEqual([confluence.seats, confluence.active30], [11, 2]);
    assert.deepEqual([jira.seats, jira.active30], [10, 2]);
    assert.equal(overview.history.length, 1);
    assert.equal(overview.measuring, null);
  } finally {
    local.close();
  }
});

test('the seat warning is emailed once when seats cross the threshold, not every day above it', async () => {
  const local = new LocalSite({ siteFile: snapshotSite() });
  try {
    await local.call('email/save', {
      provider: 'postmark',
      fromAddress: 'wiki-admin@acme.com',
      apiKey: LOCAL_POSTMARK_TOKEN,
    });
    await assert.rejects(
      local.call('settings/save', { seatTarget: 10, seatWarningThreshold: 12 }),
      /must not be above the seat target/,
    );
    await local.call('settings/save', { seatTarget: 12, seatWarningThreshold: 11, seatAlertRecipients: [ADMIN] });

    await measure(local);
    assert.equal(local.mail.outbox.length, 1);
    assert.deepEqual(local.mail.outbox[0]!.to, [`${ADMIN}@acme.com`]);
    assert.match(local.mail.outbox[0]!.subject, /Confluence seats reached 11 \(warning at 11\)/);
    local.clock.advanceBy(DAY_MS);
    await measure(local);
    local.clock.advanceBy(DAY_MS);
    await measure(local);
    assert.equal(local.mail.outbox.length, 1, 'still above the threshold: no second email');

    // Back below (the threshold raised), then crossing again: a new email.
    await local.call('settings/save', { seatWarningThreshold: 12 });
    local.clock.advanceBy(DAY_MS);
    await measure(local);
    assert.equal(local.mail.outbox.length, 1);
    await local.call('settings/save', { seatWarningThreshold: 11 });
    local.clock.advanceBy(DAY_MS);
    const overview = await measure(local);
    assert.equal(local.mail.outbox.length, 2);
    assert.equal(overview.history.length, 5, 'one snapshot a day');
    const audited = await alerts(local);
    assert.equal(audited.length, 2);
    assert.match(audited[0]!.summary, /11 seats held \(threshold 11, target 12\)/);
  } finally {
    local.close();
  }
});

test('the daily trigger takes a snapshot, housekeeping keeps a year, and the CSV export lists every day', async () => {
  const local = new LocalSite({ siteFile: snapshotSite() });
  try {
    for (let day = 0; day < 3; day += 1) {
      assert.equal((await local.forge.fireTrigger('daily-housekeeping')).ok, true);
      await local.drain();
      local.clock.advanceBy(DAY_MS);
    }
    const before = await local.call<OverviewAnswer>('overview/get', {});
    assert.deepEqual(
      before.history.map((day) => day.day),
      ['2026-06-01', '2026-06-02', '2026-06-03'],
    );

    const page1 = await local.call<SnapshotsExportAnswer>('snapshots/export', { limit: 2 });
    assert.ok(page1.nextCursor);
    const page2 = await local.call<SnapshotsExportAnswer>('snapshots/export', { limit: 2, cursor: page1.nextCursor });
    const lines = (page1.csv + page2.csv).split('\r\n').filter((line) => line !== '');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^Day,Measured at,Seats,/);
    assert.match(
      lines[1]!,
      /^2026-06-01,2026-06-01T00:00:\d\d\.\d+Z,11,2,2,3,1,18.2,1,0,7,0,0,1,confluence-users: 11 \/ 2; jira-users: 10 \/ 2; site-admins: 1 \/ 0$/,
    );

    // 365 days are kept, today included: on 2027-06-02 the oldest kept day is 2026-06-03.
    local.clock.advanceTo(Date.parse('2027-06-02T00:00:00Z'));
    await local.forge.fireTrigger('daily-housekeeping');
    await local.drain();
    const after = await local.call<OverviewAnswer>('overview/get', {});
    assert.deepEqual(
      after.history.map((day) => day.day),
      ['2026-06-03', '2027-06-02'],
    );
  } finally {
    local.close();
  }
});
