/**
 * Issue 17's cases by the CLI routes that found them.
 * Unknown is not no: a CLI run under injected 429s on a site whose only admin is an org admin (known through the
 * Admin API) is not refused. The app retries its admin check, answers CHECK_FAILED when it still cannot complete,
 * and the CLI clicks again as an admin would.
 * The record comes first: a simulated live offerRestore scheme on a site with an address Postmark refuses ends
 * done, and its run records exactly the seats removed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCESS_GROUP, ADMIN, INACTIVE, SITE_ADMINS_GROUP, smallSite } from '../engine/fixtures';
import type { SiteFile } from './site';
import { cli, writeJsonFile } from './cliHarness';

test('a CLI run with --faults 429=0.5 on a site whose only admin is an org admin is not refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-checks-'));
  try {
    const file = smallSite();
    for (const user of file.users) user.groups = user.groups.filter((id) => id !== SITE_ADMINS_GROUP);
    assert.equal(file.users.find((user) => user.accountId === ADMIN)?.orgAdmin, true, 'the only admin: an org admin');
    const site = writeJsonFile(dir, 'site.json', file);
    const scheme = writeJsonFile(dir, 'scheme.json', {
      name: 'Inactive 90',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const out = join(dir, 'report.json');
    const result = cli(
      'run',
      '--site',
      site,
      '--scheme',
      scheme,
      '--mode',
      'test',
      '--faults',
      '429=0.5',
      '--out',
      out,
    );
    assert.doesNotMatch(result.stderr, /Only Confluence site admins/);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { status: string; counts: { planned: number } };
    assert.equal(report.status, 'done');
    assert.ok(report.counts.planned > 0, 'the run planned the inactive users');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a simulated live offerRestore scheme on a site with an unmailable address records exactly the seats it removed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-record-first-'));
  try {
    const file = smallSite();
    const bob = INACTIVE[1]!;
    file.users.find((user) => user.accountId === bob)!.email = 'bob<x>@acme.com';
    const site = writeJsonFile(dir, 'site.json', file);
    const scheme = writeJsonFile(dir, 'scheme.json', {
      name: 'Free seats, offer a way back',
      mode: 'live',
      schedule: { unit: 'day', at: '02:00' },
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess', offerRestore: true }],
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
      '1',
      '--out',
      out,
      '--site-out',
      siteOut,
    );
    assert.equal(result.status, 0, result.stderr);
    const [run] = JSON.parse(readFileSync(out, 'utf8')) as Array<{
      status: string;
      counts: { done: number };
      users: Array<{ accountId: string; outcome: string }>;
    }>;
    assert.equal(run?.status, 'done', 'a refused restore email does not fail the run');
    const after = JSON.parse(readFileSync(siteOut, 'utf8')) as SiteFile;
    const seated = (f: SiteFile) =>
      new Set(f.users.filter((user) => user.groups.includes(ACCESS_GROUP)).map((user) => user.accountId));
    const before = seated(file);
    const still = seated(after);
    const removed = [...before].filter((id) => !still.has(id)).sort();
    const done = run.users
      .filter((user) => user.outcome === 'done')
      .map((user) => user.accountId)
      .sort();
    assert.ok(removed.includes(bob), 'the unmailable user lost the seat');
    assert.deepEqual(done, removed, 'the run records exactly the seats removed');
    assert.equal(run.counts.done, removed.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
