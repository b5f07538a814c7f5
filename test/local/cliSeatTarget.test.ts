/** The seat-target example through `simulate` on a generated site: the longest-inactive users go first, only as many as needed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './cli';
import { generateSite, parseSiteFile } from './site';

test('simulate: untilSeatsAtMost frees exactly the seats needed, longest-inactive first, then acts on nobody', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-seats-'));
  try {
    const site = generateSite({ users: 400, seed: 9 });
    const access = new Set(site.groups.filter((group) => group.grantsConfluenceAccess).map((group) => group.id));
    const seats = (file: typeof site) =>
      file.users.filter(
        (user) =>
          // A seat through an access group or a direct role (issue 16).
          user.status === 'active' &&
          user.accountType === 'atlassian' &&
          (user.directAccess === true || user.groups.some((id) => access.has(id))),
      ).length;
    const before = seats(site);
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    writeFileSync(
      join(dir, 'scheme.json'),
      JSON.stringify({
        name: 'Stay under the tier',
        mode: 'live',
        schedule: { unit: 'day', at: '04:00' },
        filter: { inactiveDays: 60 },
        actions: [{ type: 'removeAccess' }],
        limits: { maxUsersPerRun: 1000, untilSeatsAtMost: before - 10 },
      }),
    );
    const code = await main(
      [
        'simulate',
        '--site',
        join(dir, 'site.json'),
        '--schemes',
        join(dir, 'scheme.json'),
        '--days',
        '2',
        '--out',
        join(dir, 'runs.json'),
        '--site-out',
        join(dir, 'after.json'),
      ],
      () => undefined,
    );
    assert.equal(code, 0);
    const after = parseSiteFile(JSON.parse(readFileSync(join(dir, 'after.json'), 'utf8')));
    assert.equal(seats(after), before - 10, 'down to the target, not below');

    const runs = JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8')) as Array<{
      counts: { done: number };
      users: Array<{ accountId: string; outcome: string }>;
    }>;
    assert.equal(runs.length, 2);
    assert.equal(runs[0]!.counts.done, 10);
    assert.equal(runs[1]!.counts.done, 0, 'the next day the site is within the target');
    const lastActive = new Map(site.users.map((user) => [user.accountId, user.lastActive ?? '']));
    const done = runs[0]!.users
      .filter((user) => user.outcome === 'done')
      .map((user) => lastActive.get(user.accountId)!);
    const notNeeded = runs[0]!.users
      .filter((user) => user.outcome === 'skipped')
      .map((user) => lastActive.get(user.accountId)!);
    assert.ok(notNeeded.length > 0);
    assert.ok(
      done.every((doneAt) => notNeeded.every((skippedAt) => doneAt <= skippedAt)),
      'everyone acted on was inactive longer than anyone left alone',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
