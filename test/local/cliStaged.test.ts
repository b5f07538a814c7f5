/**
 * `simulate` over 45 days shows the staged lifecycle: a daily live scheme deactivates inactive users, and each one is
 * deleted by a "deletions due" run no sooner than 30 days after the run that deactivated them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSite, parseSiteFile } from './site';
import { cli, writeJsonFile } from './cliHarness';

const DAY_MS = 24 * 3600 * 1000;

interface Report {
  runId: string;
  scheme: string;
  startedAt: string;
  counts: { done: number };
  users: Array<{ accountId: string; outcome: string; actions: string[] }>;
}

test('simulate 45 days: deactivated now, deleted only after 30 days deactivated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-staged-'));
  try {
    const site = writeJsonFile(dir, 'site.json', generateSite({ users: 200, seed: 5 }));
    const scheme = writeJsonFile(dir, 'staged.json', {
      name: 'Deactivate then delete',
      mode: 'live',
      schedule: { unit: 'day', at: '02:00' },
      filter: { inactiveDays: 90 },
      actions: [{ type: 'deactivate', deleteAfterDays: 30 }],
      limits: { maxUsersPerRun: 500 },
    });
    const out = join(dir, 'runs.json');
    const siteOut = join(dir, 'site-after.json');
    const result = cli(
      'simulate',
      '--site',
      site,
      '--schemes',
      scheme,
      '--days',
      '45',
      '--out',
      out,
      '--site-out',
      siteOut,
    );
    assert.equal(result.status, 0, result.stderr);
    const reports = JSON.parse(readFileSync(out, 'utf8')) as Report[];
    const deactivatedAt = new Map<string, number>();
    for (const report of reports.filter((r) => r.scheme === 'Deactivate then delete'))
      for (const user of report.users)
        if (user.outcome === 'done' && !deactivatedAt.has(user.accountId))
          deactivatedAt.set(user.accountId, Date.parse(report.startedAt));
    assert.ok(deactivatedAt.size > 0, 'the scheme deactivated users');

    const deletionRuns = reports.filter((r) => r.scheme === 'Deactivate then delete: deletions due');
    const deleted = deletionRuns.flatMap((r) =>
      r.users
        .filter((user) => user.outcome === 'done')
        .map((user) => ({ accountId: user.accountId, at: Date.parse(r.startedAt) })),
    );
    assert.ok(deleted.length > 0, 'deletions happened within 45 days');
    for (const { accountId, at } of deleted) {
      const since = deactivatedAt.get(accountId);
      assert.ok(since !== undefined, `${accountId} was deactivated by the scheme first`);
      assert.ok(at - since >= 30 * DAY_MS, `${accountId} deleted ${(at - since) / DAY_MS} days after deactivation`);
    }
    // Everyone deactivated in the first days is deleted (or gone) by day 45; the site says so.
    const after = parseSiteFile(JSON.parse(readFileSync(siteOut, 'utf8')), siteOut);
    const start = Math.min(...deactivatedAt.values());
    for (const [accountId, since] of deactivatedAt) {
      if (since - start > 10 * DAY_MS) continue;
      const user = after.users.find((u) => u.accountId === accountId);
      assert.ok(!user || user.deletionScheduledAt, `${accountId} is deleted`);
    }
    assert.match(result.stdout, /deletions due/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
