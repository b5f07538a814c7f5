/**
 * Issue 18 through the real handlers on a local site: billing in Settings, what a run saves, the billing schedule's
 * dependency on the billing settings, and the org API key's expiry (warnings once each, runs stopped after it).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import type { OverviewAnswer, RunDetail, SchemeSummary, SettingsAnswer } from '../../src/contract';
import type { AuditEntry } from '../../src/domain/audit';
import { ADMIN, INACTIVE, smallSite } from './fixtures';

const DAY_MS = 24 * 3600 * 1000;
const BILLING = {
  model: 'perApp',
  cycle: 'monthly',
  nextBillingDate: '2026-06-10',
  pricePerSeat: 6.05,
  currency: 'USD',
};
const INACTIVE_90 = { name: 'Inactive 90', filter: { inactiveDays: 90 }, actions: [{ type: 'removeAccess' }] };

async function withSite(body: (local: LocalSite) => Promise<void>): Promise<void> {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await body(local);
  } finally {
    local.close();
  }
}

async function testRun(local: LocalSite, schemeId: string): Promise<RunDetail> {
  const started = await local.runNow(schemeId, 'test');
  await local.drain();
  return local.call<RunDetail>('runs/get', { runId: started.id });
}

describe('billing in Settings', () => {
  test('is saved through the settings resolver and audited like any settings change', async () => {
    await withSite(async (local) => {
      const saved = await local.call<SettingsAnswer>('settings/save', { billing: BILLING });
      assert.deepEqual(saved.settings.billing, BILLING);
      const entries = (await local.call<{ entries: AuditEntry[] }>('audit/list', { kind: 'settings.changed' })).entries;
      assert.deepEqual((entries[0]!.details.after as { billing: unknown }).billing, BILLING);
    });
  });

  test('bad values are refused with a sentence, and nothing changes', async () => {
    await withSite(async (local) => {
      await assert.rejects(
        local.call('settings/save', { billing: { cycle: 'monthly', nextBillingDate: '2026-13-01' } }),
        /The next billing date is a date written YYYY-MM-DD/,
      );
      await assert.rejects(
        local.call('settings/save', { billing: { ...BILLING, seats: 10 } }),
        /Billing has no setting "seats"/,
      );
      assert.equal((await local.call<SettingsAnswer>('settings/get')).settings.billing, null);
    });
  });
});

describe('what a run saves', () => {
  test('a test run keeps its billing summary and says it in its report email', async () => {
    await withSite(async (local) => {
      await local.call('email/save', {
        provider: 'postmark',
        fromAddress: 'wiki@acme.com',
        apiKey: LOCAL_POSTMARK_TOKEN,
      });
      await local.call('settings/save', { billing: BILLING });
      const scheme = await local.saveScheme({ ...INACTIVE_90, report: { emailUsers: [ADMIN] } });
      const run = await testRun(local, scheme.id);
      const planned = run.users.filter((user) => user.outcome === 'planned');
      assert.ok(planned.length >= INACTIVE.length);
      assert.equal(run.billing?.seatsFreed, planned.length);
      assert.equal(run.billing?.effectiveOn, '2026-06-10', 'run on 1 June, before the period’s last day (9 June)');
      assert.equal(run.billing?.monthlySaving, Math.round(planned.length * 605) / 100);
      assert.deepEqual(planned[0]!.seat, { groups: ['confluence-users'] });
      const email = local.mail.outbox.at(-1)!;
      assert.match(email.text, /Would free \d+ seats from the bill of 10 Jun 2026: about [\d.]+ USD a month\./);
    });
  });

  test('the same site and scheme free fewer seats under a collection: a user holding Jira on this site stays billed, saying why', async () => {
    const file = smallSite();
    const [holdsJira] = INACTIVE as [string];
    file.users.find((user) => user.accountId === holdsJira)!.activity = [
      { product: 'jira-software', site: file.site.cloudId, lastActive: '2026-05-30' },
    ];
    const local = new LocalSite({ siteFile: file });
    try {
      const scheme = await local.saveScheme(INACTIVE_90);
      await local.call('settings/save', { billing: BILLING });
      const perApp = await testRun(local, scheme.id);
      await local.call('settings/save', { billing: { ...BILLING, model: 'collection' } });
      const collection = await testRun(local, scheme.id);

      const planned = perApp.users.filter((user) => user.outcome === 'planned').length;
      assert.ok(planned >= INACTIVE.length);
      assert.equal(perApp.billing?.seatsFreed, planned);
      assert.equal(collection.billing?.seatsFreed, planned - 1);
      assert.equal(collection.billing?.stillBilled.count, 1);
      assert.deepEqual(collection.billing?.stillBilled.users, [
        {
          accountId: holdsJira,
          name: collection.users.find((user) => user.accountId === holdsJira)!.name,
          reason: 'still billed: holds Jira (jira-software) on this site',
        },
      ]);
      const row = collection.users.find((user) => user.accountId === holdsJira)!;
      assert.deepEqual(row.seat, {
        groups: ['confluence-users'],
        otherProducts: [{ product: 'jira-software', label: 'Jira' }],
      });
    } finally {
      local.close();
    }
  });

  test('without billing settings a run saves no billing summary', async () => {
    await withSite(async (local) => {
      const scheme = await local.saveScheme(INACTIVE_90);
      assert.equal((await testRun(local, scheme.id)).billing, undefined);
    });
  });
});

describe('a scheme that runs before the bill', () => {
  const beforeBill = { ...INACTIVE_90, schedule: { unit: 'billing', daysBefore: 2, at: '02:00', timeZone: 'UTC' } };

  test('cannot be saved without billing settings: the error names the fix', async () => {
    await withSite(async (local) => {
      await assert.rejects(
        local.saveScheme(beforeBill),
        /set the billing cycle and the next billing date in Settings → Billing/,
      );
    });
  });

  test('is scheduled two days before the next bill, moves with the billing date, and keeps billing from being cleared', async () => {
    await withSite(async (local) => {
      await local.call('settings/save', { billing: BILLING });
      const saved = await local.saveScheme(beforeBill);
      assert.equal(saved.nextRunAt, '2026-06-08T02:00:00.000Z');
      await local.call('settings/save', { billing: { ...BILLING, nextBillingDate: '2026-06-20' } });
      const list = await local.call<SchemeSummary[]>('schemes/list');
      assert.equal(list[0]!.nextRunAt, '2026-06-18T02:00:00.000Z');
      await assert.rejects(local.call('settings/save', { billing: null }), /"Inactive 90" runs before each bill/);
    });
  });
});

describe('the Overview forecast', () => {
  test('seats now, and after the live schemes that run before the next bill, from their latest test runs', async () => {
    await withSite(async (local) => {
      await local.call('settings/save', { billing: BILLING });
      await local.call('overview/measure', {});
      await local.drain();
      const beforeBill = { ...INACTIVE_90, schedule: { unit: 'billing', daysBefore: 2, at: '02:00', timeZone: 'UTC' } };
      const saved = await local.saveScheme(beforeBill);
      const tested = await testRun(local, saved.id);
      const freed = tested.billing!.seatsFreed;
      assert.ok(freed > 0);

      const inTest = (await local.call<OverviewAnswer>('overview/get')).billing!;
      assert.equal(inTest.nextBillingDate, '2026-06-10');
      assert.equal(inTest.countedBy, '2026-06-09');
      assert.deepEqual(
        inTest.schemes.map((scheme) => [scheme.name, scheme.runsAt, scheme.seatsFreed, scheme.freesSeats]),
        [['Inactive 90', '2026-06-08T02:00:00.000Z', freed, false]],
      );
      assert.equal(inTest.seatsAfter, inTest.seatsNow, 'a scheme in test mode frees nothing when it runs');

      await local.saveScheme({ ...beforeBill, mode: 'live' }, saved.id);
      const live = (await local.call<OverviewAnswer>('overview/get')).billing!;
      assert.equal(live.seatsFreed, freed);
      assert.equal(live.seatsAfter, live.seatsNow! - freed);
      assert.equal(live.monthlySaving, Math.round(freed * 605) / 100);
    });
  });

  test('is absent without billing settings', async () => {
    await withSite(async (local) => {
      assert.equal((await local.call<OverviewAnswer>('overview/get')).billing, null);
    });
  });
});

describe('the org API key expiry', () => {
  test('the admins named in Settings get one email 14 days and one 3 days before it, even with housekeeping twice a day', async () => {
    await withSite(async (local) => {
      await local.call('email/save', {
        provider: 'postmark',
        fromAddress: 'wiki@acme.com',
        apiKey: LOCAL_POSTMARK_TOKEN,
      });
      await local.call('settings/save', { seatAlertRecipients: [ADMIN], apiKeyExpiresOn: '2026-06-20' });
      const sentOn: string[] = [];
      for (let day = 0; day < 25; day += 1) {
        for (const _twice of [1, 2]) {
          const before = local.mail.outbox.length;
          assert.equal((await local.forge.fireTrigger('daily-housekeeping')).ok, true);
          for (const email of local.mail.outbox.slice(before))
            sentOn.push(`${new Date(local.clock.now()).toISOString().slice(0, 10)} ${email.subject}`);
        }
        await local.drain();
        local.clock.advanceBy(DAY_MS);
      }
      const expiry = sentOn.filter((line) => line.includes('API key'));
      assert.deepEqual(expiry, [
        '2026-06-06 User manager: the organization API key expires on 20 Jun 2026',
        '2026-06-17 User manager: the organization API key expires on 20 Jun 2026',
      ]);
      const audited = (await local.call<{ entries: AuditEntry[] }>('audit/list', { kind: 'apiKey.expiring' })).entries;
      assert.equal(audited.length, 2);
    });
  });

  test('after it, runs stop with the reason and the fix', async () => {
    await withSite(async (local) => {
      await local.call('settings/save', { apiKeyExpiresOn: '2026-06-03' });
      const scheme = await local.saveScheme(INACTIVE_90);
      local.clock.advanceBy(2 * DAY_MS);
      await assert.rejects(
        local.runNow(scheme.id, 'test'),
        /The organization API key expired on 3 Jun 2026; create a new one in admin\.atlassian\.com → Settings → API keys and paste it in Settings/,
      );
    });
  });

  test('a date already past is refused when saved', async () => {
    await withSite(async (local) => {
      await assert.rejects(local.call('settings/save', { apiKeyExpiresOn: '2026-05-31' }), /is not in the future/);
    });
  });
});
