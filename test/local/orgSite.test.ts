/**
 * A real organization, not just one site's groups (issue 16): seats held through direct roles as well as groups, a
 * group synced from an identity provider, activity on other products and sites, and activity that shows a day late.
 * Driven through the CLI's commands (run, undo, simulate, bench) as another tool would.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, run, simulate, undo, type Output } from './cli/commands';
import { main } from './cli';
import { parseSiteFile, sampleSiteFile, SAMPLE, type SiteFile } from './site';

const quiet: Output = { out: () => undefined };
const u = SAMPLE.users;
const ORG = {
  sso: 'g-sso',
  role: 'u-role',
  both: 'u-both',
  idp: 'u-idp',
  jira: 'u-jira-daily',
  elsewhere: 'u-other-site',
} as const;

/** The sample site plus one user in each situation a real org adds. Inactive in Confluence means since May. */
export function orgSiteFile(): SiteFile {
  const file = sampleSiteFile();
  file.site.activityLagHours = 24;
  file.groups.push(
    { id: ORG.sso, name: 'sso-confluence-users', grantsConfluenceAccess: true, synced: true },
    { id: 'g-staff', name: 'all-staff', synced: true },
  );
  const person = (accountId: string, name: string, extra: Partial<SiteFile['users'][number]>) => ({
    accountId,
    name,
    email: `${accountId}@acme.com`,
    accountType: 'atlassian' as const,
    managed: true,
    status: 'active' as const,
    orgAdmin: false,
    groups: [] as string[],
    addedToOrg: '2023-01-01',
    lastActive: '2026-05-01',
    ...extra,
  });
  file.users.push(
    person(ORG.role, 'Rita Role', { directAccess: true }),
    person(ORG.both, 'Bea Both', { groups: [SAMPLE.groups.access, 'g-staff'], directAccess: true }),
    person(ORG.idp, 'Ida Provider', { groups: [ORG.sso, SAMPLE.groups.access] }),
    person(ORG.jira, 'Jay Jira', {
      groups: [SAMPLE.groups.access, SAMPLE.groups.jira],
      activity: [{ product: 'jira-software', site: SAMPLE.cloudId, lastActive: '2026-11-20T10:00:00Z' }],
    }),
    person(ORG.elsewhere, 'Otto Other', {
      groups: [SAMPLE.groups.access],
      activity: [{ product: 'confluence', site: 'cloud-2', lastActive: '2026-11-15' }],
    }),
  );
  return parseSiteFile(file, 'org site');
}

const readSite = (file: string) => parseSiteFile(JSON.parse(readFileSync(file, 'utf8')), file);
const held = (site: SiteFile, accountId: string) => {
  const user = site.users.find((candidate) => candidate.accountId === accountId)!;
  return { status: user.status, groups: [...user.groups].sort(), directAccess: user.directAccess === true };
};
const everyone = (site: SiteFile) =>
  Object.fromEntries(site.users.map((user) => [user.accountId, held(site, user.accountId)]));
const outcome = (report: { users: Array<{ accountId: string; outcome: string; reason: string }> }, accountId: string) =>
  report.users.find((user) => user.accountId === accountId);

describe('a real org: direct roles, IdP-synced groups, other products and sites, late activity', () => {
  let dir: string;
  let siteFile: string;
  const scheme = (name: string, body: unknown) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(body));
    return file;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'org-site-'));
    siteFile = join(dir, 'site.json');
    writeFileSync(siteFile, JSON.stringify(orgSiteFile()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('removeAccess frees seats held by groups, a direct role or both, and skips access an identity provider holds', async () => {
    const removeAccess = scheme('remove', {
      name: 'Inactive 90: remove access',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const planned = await run({ site: siteFile, scheme: removeAccess, mode: 'test' }, quiet);
    for (const accountId of [u.bob, ORG.role, ORG.both, ORG.jira, ORG.elsewhere])
      assert.equal(outcome(planned, accountId)?.outcome, 'planned', accountId);
    assert.equal(outcome(planned, ORG.idp)?.outcome, 'skipped', 'the test run says so ahead of time');

    const siteOut = join(dir, 'after-remove.json');
    const state = join(dir, 'state-remove');
    const live = await run({ site: siteFile, scheme: removeAccess, mode: 'live', siteOut, state }, quiet);
    assert.equal(live.status, 'done');
    const after = readSite(siteOut);
    assert.deepEqual(held(after, u.bob).groups, [], 'a group seat: the group is gone');
    assert.deepEqual(held(after, ORG.role), { status: 'active', groups: [], directAccess: false }, 'a role seat');
    assert.deepEqual(held(after, ORG.both), { status: 'active', groups: ['g-staff'], directAccess: false }, 'both');
    for (const accountId of [u.bob, ORG.role, ORG.both]) assert.equal(outcome(live, accountId)?.outcome, 'done');

    const idp = outcome(live, ORG.idp)!;
    assert.equal(idp.outcome, 'skipped');
    assert.match(idp.reason, /'sso-confluence-users'/);
    assert.match(idp.reason, /your identity provider/);
    assert.deepEqual(live.users.find((user) => user.accountId === ORG.idp)?.heldByIdentityProvider, [
      'sso-confluence-users',
    ]);
    assert.deepEqual(held(after, ORG.idp), held(orgSiteFile(), ORG.idp), 'nothing sent for an IdP-held seat');

    // Undo gives back exactly what was taken: groups and the direct role.
    const undoOut = join(dir, 'after-undo.json');
    const undone = await undo({ state, run: 'last', siteOut: undoOut }, quiet);
    assert.equal(undone.status, 'done');
    assert.deepEqual(everyone(readSite(undoOut)), everyone(orgSiteFile()));
  });

  test('suspend spares anyone still active on another product or site, naming the product, the site and the date', async () => {
    const suspend = scheme('suspend', {
      name: 'Inactive 90: suspend',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'suspend' }],
    });
    const siteOut = join(dir, 'after-suspend.json');
    const live = await run({ site: siteFile, scheme: suspend, mode: 'live', siteOut }, quiet);
    const after = readSite(siteOut);
    assert.equal(held(after, u.bob).status, 'suspended', 'inactive everywhere: suspended');
    assert.equal(held(after, ORG.role).status, 'suspended');

    const jira = outcome(live, ORG.jira)!;
    assert.equal(
      live.users.find((user) => user.accountId === ORG.jira)?.lastActiveAnywhere,
      '2026-11-20T10:00:00.000Z',
      'beside this site’s date, the last activity anywhere',
    );
    assert.equal(jira.outcome, 'skipped');
    assert.equal(
      jira.reason,
      'active in Jira (jira-software) on this site on 20 Nov 2026: suspending would cut that too',
    );
    assert.equal(held(after, ORG.jira).status, 'active');
    const other = outcome(live, ORG.elsewhere)!;
    assert.equal(other.outcome, 'skipped');
    assert.match(other.reason, /^active in Confluence \(confluence\) on site cloud-2 on 15 Nov 2026: suspending/);
    assert.equal(held(after, ORG.elsewhere).status, 'active');
  });

  test('with site faults and duplicated, reordered queue events, a live run ends in the clean run’s site state', async () => {
    const both = scheme('both', {
      name: 'Inactive 90: remove access, then suspend',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }, { type: 'suspend' }],
    });
    const cleanOut = join(dir, 'clean.json');
    const faultyOut = join(dir, 'faulty.json');
    const clean = await run({ site: siteFile, scheme: both, mode: 'live', siteOut: cleanOut }, quiet);
    const faulty = await run(
      {
        site: siteFile,
        scheme: both,
        mode: 'live',
        siteOut: faultyOut,
        faults: {
          site: { rate429: 0.2, rate5xx: 0.05, writeSucceedsBut5xx: 0.05, seed: 5 },
          queue: { duplicate: 0.3, reorder: 1, seed: 5 },
        },
      },
      quiet,
    );
    assert.equal(faulty.status, 'done');
    assert.deepEqual(faulty.counts, clean.counts);
    assert.deepEqual(everyone(readSite(faultyOut)), everyone(readSite(cleanOut)));
  });

  test('a site file with the new fields runs through simulate and bench, with a tight Admin API limit and no Retry-After', async () => {
    const scheduled = scheme('scheduled', {
      name: 'Nightly: remove access',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
      schedule: { unit: 'day', at: '02:00' },
    });
    const runs = await simulate(
      {
        site: siteFile,
        schemes: [scheduled],
        days: 2,
        out: join(dir, 'runs.json'),
        faults: { adminRatePerMinute: 20, retryAfter: false },
      },
      quiet,
    );
    assert.equal(runs.length, 2);
    for (const report of runs) {
      assert.equal(report.status, 'done');
      assert.equal(outcome(report, ORG.both)?.outcome, 'planned');
      assert.equal(outcome(report, ORG.idp)?.outcome, 'skipped');
    }

    const measured = await bench(
      { users: 0, seed: 1, site: siteFile, conditions: { adminRatePerMinute: 20, retryAfter: false } },
      quiet,
    );
    assert.equal(measured.users, orgSiteFile().users.length);
    assert.equal(measured.liveRun?.status, 'done');
    assert.equal(measured.liveRun?.counts.skipped, 1, 'the IdP-held seat');
    assert.ok(measured.liveRun.adminApi.calls > 0);
  });

  test('the CLI takes --admin-rate N and --no-retry-after, and refuses a rate that is not a whole number of calls', async (t) => {
    const removeAccess = scheme('cli-flags', {
      name: 'Inactive 90: CLI flags',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const out = join(dir, 'cli-flags.json');
    const lines: string[] = [];
    const ok = await main(
      ['run', '--site', siteFile, '--scheme', removeAccess, '--admin-rate', '30', '--no-retry-after', '--out', out],
      (line) => lines.push(line),
    );
    assert.equal(ok, 0, lines.join('\n'));
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).status, 'done');
    const stderr = t.mock.method(process.stderr, 'write', () => true);
    const code = await main(['run', '--site', siteFile, '--scheme', removeAccess, '--admin-rate', 'fast'], () => {});
    const said = stderr.mock.calls.map((call) => String(call.arguments[0])).join('');
    stderr.mock.restore();
    assert.equal(code, 2);
    assert.match(said, /--admin-rate must be a whole number ≥ 1, got 'fast'/);
  });
});
