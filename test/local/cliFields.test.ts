/** The CLI's --fields option: the contract-end example through `simulate` on a generated site. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './cli';
import { generateSite, parseSiteFile } from './site';

test('simulate --fields: contract end date before today removes access and adds to former-contractors, on schedule', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-fields-'));
  try {
    const site = generateSite({ users: 150, seed: 7 });
    site.groups.push({ id: 'g-former-contractors', name: 'former-contractors' });
    const accessGroups = new Set(site.groups.filter((group) => group.grantsConfluenceAccess).map((group) => group.id));
    const contractors = site.users
      .filter(
        (user) =>
          user.status === 'active' &&
          user.accountType === 'atlassian' &&
          !user.orgAdmin &&
          user.email &&
          user.groups.some((id) => accessGroups.has(id)),
      )
      .slice(0, 3);
    assert.equal(contractors.length, 3);
    const [ended, endsTomorrow, running] = contractors as [
      (typeof contractors)[number],
      (typeof contractors)[number],
      (typeof contractors)[number],
    ];
    // The site's now is 2026-11-25: one contract ended, one ends on the 26th (so it has ended by the second day's run).
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    writeFileSync(
      join(dir, 'fields.csv'),
      [
        'email,Contract end date:date',
        `${ended.email},2026-10-31`,
        `${endsTomorrow.email},2026-11-25`,
        `${running.email},2027-03-31`,
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'scheme.json'),
      JSON.stringify({
        name: 'Contract ended',
        mode: 'live',
        schedule: { unit: 'day', at: '02:00' },
        filter: { statuses: ['active'], fields: { 'Contract end date': { before: 'today' } } },
        actions: [{ type: 'removeAccess' }, { type: 'addGroups', groups: ['former-contractors'] }],
      }),
    );
    const lines: string[] = [];
    const code = await main(
      [
        'simulate',
        '--site',
        join(dir, 'site.json'),
        '--schemes',
        join(dir, 'scheme.json'),
        '--days',
        '2',
        '--fields',
        join(dir, 'fields.csv'),
        '--out',
        join(dir, 'runs.json'),
        '--site-out',
        join(dir, 'after.json'),
      ],
      (line) => lines.push(line),
    );
    assert.equal(code, 0, lines.join('\n'));
    assert.ok(
      lines.some((line) => /Imported custom field values of 3 users \(Contract end date\)/.test(line)),
      lines.join('\n'),
    );
    const runs = (
      JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8')) as Array<{
        scheme: string;
        users: Array<{ accountId: string; outcome: string }>;
      }>
    ).filter((run) => run.scheme === 'Contract ended');
    const actedOn = runs.map((run) =>
      run.users.filter((user) => user.outcome === 'done').map((user) => user.accountId),
    );
    assert.deepEqual(actedOn, [[ended.accountId], [endsTomorrow.accountId]]);
    const after = parseSiteFile(JSON.parse(readFileSync(join(dir, 'after.json'), 'utf8')));
    const groupsOf = (accountId: string) => after.users.find((user) => user.accountId === accountId)!.groups;
    for (const user of [ended, endsTomorrow]) {
      assert.ok(groupsOf(user.accountId).includes('g-former-contractors'));
      assert.ok(!groupsOf(user.accountId).some((id) => accessGroups.has(id)));
    }
    assert.ok(groupsOf(running.accountId).some((id) => accessGroups.has(id)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
