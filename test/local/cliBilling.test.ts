/**
 * `--settings` applies Settings values through the app before the first run; with billing set, `simulate` of a scheme
 * that runs before the bill shows each run landing two days before each billing date, saying what it would save.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSite } from './site';
import { cli, inTempDir, writeJsonFile } from './cliHarness';

interface Report {
  scheme: string;
  startedAt: string;
  mode: string;
  users: Array<{ outcome: string; seat?: string }>;
  billing?: { seatsFreed: number; effectiveOn: string; monthlySaving: number | null; sentence: string };
}

const BILLING = {
  billing: { model: 'perApp', cycle: 'monthly', nextBillingDate: '2026-12-10', pricePerSeat: 6.05, currency: 'USD' },
};

describe('the CLI with --settings and billing', () => {
  test('simulate: a billing schedule runs two days before each bill, and each run says what it saves', () => {
    inTempDir('cli-billing-', (dir) => {
      const site = writeJsonFile(dir, 'site.json', generateSite({ users: 150, seed: 5 }));
      const settings = writeJsonFile(dir, 'settings.json', BILLING);
      const scheme = writeJsonFile(dir, 'before-bill.json', {
        name: 'Before the bill',
        schedule: { unit: 'billing', daysBefore: 2, at: '02:00', timeZone: 'UTC' },
        filter: { inactiveDays: 90 },
        actions: [{ type: 'removeAccess' }],
      });
      const out = join(dir, 'runs.json');
      const result = cli(
        ...['simulate', '--site', site, '--schemes', scheme, '--days', '70', '--settings', settings, '--out', out],
      );
      assert.equal(result.status, 0, result.stderr + result.stdout);
      const runs = (JSON.parse(readFileSync(out, 'utf8')) as Report[]).filter((r) => r.scheme === 'Before the bill');
      // The site's clock starts on 25 November 2026: bills on 10 December, 10 January; runs on the 8th of each.
      assert.deepEqual(
        runs.map((r) => r.startedAt.slice(0, 10)),
        ['2026-12-08', '2027-01-08'],
      );
      assert.deepEqual(
        runs.map((r) => r.billing?.effectiveOn),
        ['2026-12-10', '2027-01-10'],
      );
      const first = runs[0]!;
      assert.ok(first.billing && first.billing.seatsFreed > 0, 'the test run would free seats');
      assert.equal(first.billing.monthlySaving, Math.round(first.billing.seatsFreed * 605) / 100);
      assert.match(
        first.billing.sentence,
        /^Would free \d+ seats? from the bill of 10 Dec 2026: about [\d.]+ USD a month\.$/,
      );
      assert.match(result.stdout, /Before the bill.*Would free \d+ seats? from the bill of 10 Dec 2026/);
      const planned = first.users.find((user) => user.outcome === 'planned');
      assert.match(planned?.seat ?? '', /^groups? /, 'each row says which access group holds the seat');
    });
  });

  test('run: a settings file with an unknown key is refused, naming the key, before any run', () => {
    inTempDir('cli-billing-', (dir) => {
      const site = writeJsonFile(dir, 'site.json', generateSite({ users: 20, seed: 5 }));
      const settings = writeJsonFile(dir, 'settings.json', { ...BILLING, biling: {} });
      const scheme = writeJsonFile(dir, 'scheme.json', {
        name: 'S',
        filter: { inactiveDays: 90 },
        actions: [{ type: 'removeAccess' }],
      });
      const result = cli(...['run', '--site', site, '--scheme', scheme, '--settings', settings]);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /"biling" is not a setting; the settings are .*billing/);
    });
  });

  test('run: a billing value the app refuses is reported with the field and the reason', () => {
    inTempDir('cli-billing-', (dir) => {
      const site = writeJsonFile(dir, 'site.json', generateSite({ users: 20, seed: 5 }));
      const settings = writeJsonFile(dir, 'settings.json', {
        billing: { cycle: 'monthly', nextBillingDate: '2026-12-10', seats: 3 },
      });
      const scheme = writeJsonFile(dir, 'scheme.json', {
        name: 'S',
        filter: { inactiveDays: 90 },
        actions: [{ type: 'removeAccess' }],
      });
      const result = cli(...['run', '--site', site, '--scheme', scheme, '--settings', settings]);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /The app refused the settings file .*Billing has no setting "seats"/);
    });
  });

  test('run: the report says what the run saves: every planned removal frees a seat per app', () => {
    inTempDir('cli-billing-', (dir) => {
      const site = writeJsonFile(dir, 'site.json', generateSite({ users: 150, seed: 5 }));
      const settings = writeJsonFile(dir, 'settings.json', BILLING);
      const scheme = writeJsonFile(dir, 'scheme.json', {
        name: 'S',
        filter: { inactiveDays: 90 },
        actions: [{ type: 'removeAccess' }],
      });
      const out = join(dir, 'report.json');
      const result = cli(...['run', '--site', site, '--scheme', scheme, '--settings', settings, '--out', out]);
      assert.equal(result.status, 0, result.stderr + result.stdout);
      const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
      const planned = report.users.filter((user) => user.outcome === 'planned').length;
      assert.equal(report.billing?.seatsFreed, planned);
      assert.match(result.stdout, /Would free \d+ seats? from the bill of 10 Dec 2026/);
    });
  });
});
