/**
 * Unknown is not no, by the route that found it: a CLI run under injected 429s on a site whose only admin is an
 * org admin (known through the Admin API) is not refused. The app retries its admin check, answers CHECK_FAILED
 * when it still cannot complete, and the CLI clicks again as an admin would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN, SITE_ADMINS_GROUP, smallSite } from '../engine/fixtures';

const ROOT = resolve(__dirname, '../..');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/local/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('a CLI run with --faults 429=0.5 on a site whose only admin is an org admin is not refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-checks-'));
  try {
    const file = smallSite();
    for (const user of file.users) user.groups = user.groups.filter((id) => id !== SITE_ADMINS_GROUP);
    assert.equal(file.users.find((user) => user.accountId === ADMIN)?.orgAdmin, true, 'the only admin: an org admin');
    const site = join(dir, 'site.json');
    writeFileSync(site, JSON.stringify(file));
    const scheme = join(dir, 'scheme.json');
    writeFileSync(
      scheme,
      JSON.stringify({ name: 'Inactive 90', filter: { inactiveDays: 90 }, actions: [{ type: 'removeAccess' }] }),
    );
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
