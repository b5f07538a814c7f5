import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSiteFile, type SiteFile } from './site';
import { EDGE_AT, EDGE_UNDER, withEdgeUsers } from '../engine/fixtures';
import { cli } from './cliHarness';

describe('local CLI', () => {
  let dir: string;
  let siteFile: string;
  const scheme = (name: string, body: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(body));
    return file;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
    siteFile = join(dir, 'site.json');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('generate writes a valid site file with the requested number of users', () => {
    const result = cli('generate', '--users', '250', '--seed', '7', '--out', siteFile);
    assert.equal(result.status, 0, result.stderr);
    const site = parseSiteFile(JSON.parse(readFileSync(siteFile, 'utf8')), siteFile);
    assert.equal(site.users.length, 250);
    assert.match(result.stdout, /250 users/);
  });

  test('run writes a report whose counts agree with its users and the site it leaves', () => {
    const schemeFile = scheme('inactive.json', {
      name: 'Inactive 90',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const out = join(dir, 'report.json');
    const siteOut = join(dir, 'site-after.json');
    const result = cli(
      'run',
      '--site',
      siteFile,
      '--scheme',
      schemeFile,
      '--mode',
      'live',
      '--out',
      out,
      '--site-out',
      siteOut,
    );
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.status, 'done');
    assert.equal(report.mode, 'live');
    assert.equal(report.scheme, 'Inactive 90');
    assert.ok(report.counts.matched > 0, 'a generated site has users inactive for 90 days');
    assert.equal(report.users.length, report.counts.matched);
    for (const outcome of ['exempt', 'planned', 'done', 'skipped', 'failed'] as const) {
      assert.equal(
        report.users.filter((user: { outcome: string }) => user.outcome === outcome).length,
        report.counts[outcome],
        outcome,
      );
    }
    assert.equal(
      report.counts.done,
      report.counts.matched - report.counts.exempt - report.counts.skipped - report.counts.failed,
    );
    assert.ok(report.metrics.apiCalls.total > 0);
    assert.equal(
      Object.values(report.metrics.apiCalls.byEndpoint as Record<string, number>).reduce(
        (sum, count) => sum + count,
        0,
      ),
      report.metrics.apiCalls.total,
    );
    assert.ok(report.metrics.kvsWrites > 0 && report.metrics.queueEvents > 0 && report.metrics.invocations > 0);

    // The users the run removed no longer hold Confluence in the site it wrote back: neither an access group nor a
    // direct role (issue 16: a seat is either).
    const before = parseSiteFile(JSON.parse(readFileSync(siteFile, 'utf8')));
    const afterRun = parseSiteFile(JSON.parse(readFileSync(siteOut, 'utf8')));
    const accessGroups = new Set(
      before.groups.filter((group) => group.grantsConfluenceAccess).map((group) => group.id),
    );
    const holds = (user: SiteFile['users'][number]) =>
      user.directAccess === true || user.groups.some((id) => accessGroups.has(id));
    const removed = report.users
      .filter((user: { outcome: string }) => user.outcome === 'done')
      .map((user: { accountId: string }) => user.accountId);
    for (const accountId of removed) {
      assert.ok(holds(before.users.find((user) => user.accountId === accountId)!));
      assert.ok(!holds(afterRun.users.find((user) => user.accountId === accountId)!));
    }
    assert.match(result.stdout, /done/);
  });

  test('run --faults ends in exactly the outcomes and site of a clean run, edge users included', () => {
    const edgeSite = join(dir, 'edge-site.json');
    writeFileSync(edgeSite, JSON.stringify(withEdgeUsers(JSON.parse(readFileSync(siteFile, 'utf8')))));
    const schemeFile = scheme('inactive-faults.json', {
      name: 'Inactive 90',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const runWith = (name: string, ...extra: string[]) => {
      const out = join(dir, `${name}.json`);
      const siteOut = join(dir, `${name}-site.json`);
      const result = cli(
        'run',
        '--site',
        edgeSite,
        '--scheme',
        schemeFile,
        '--mode',
        'live',
        '--out',
        out,
        '--site-out',
        siteOut,
        ...extra,
      );
      assert.equal(result.status, 0, result.stderr);
      const report = JSON.parse(readFileSync(out, 'utf8'));
      const users = (report.users as Array<{ accountId: string; outcome: string; reason: string }>)
        .map((user) => `${user.accountId} ${user.outcome} ${user.reason}`)
        .sort();
      const site = parseSiteFile(JSON.parse(readFileSync(siteOut, 'utf8'))).users.map(
        (user) => `${user.accountId} ${user.status} ${[...user.groups].sort().join(',')}`,
      );
      return { report, users, site };
    };
    const clean = runWith('clean');
    const faulty = runWith('faulty', '--faults', '429=0.2,5xx=0.05,duplicate=0.3,reorder=1');
    assert.equal(faulty.report.status, 'done');
    assert.deepEqual(faulty.report.counts, clean.report.counts);
    assert.deepEqual(faulty.users, clean.users);
    assert.deepEqual(faulty.site, clean.site);
    assert.ok(clean.users.some((line) => line.startsWith(`${EDGE_AT} done`)));
    assert.ok(!clean.users.some((line) => line.startsWith(EDGE_UNDER)));
    assert.ok(faulty.report.metrics.apiCalls.total > clean.report.metrics.apiCalls.total, 'faults cost retried calls');
  });

  test('simulate runs a daily scheme once a day and writes one report per run', () => {
    const schemeFile = scheme('daily.json', {
      name: 'Daily check',
      schedule: { unit: 'day', at: '02:00' },
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const out = join(dir, 'runs.json');
    const result = cli('simulate', '--site', siteFile, '--schemes', schemeFile, '--days', '3', '--out', out);
    assert.equal(result.status, 0, result.stderr);
    const reports = JSON.parse(readFileSync(out, 'utf8')) as Array<{
      scheme: string;
      status: string;
      trigger: string;
      finishedAt: string;
    }>;
    assert.equal(reports.length, 3);
    assert.deepEqual(new Set(reports.map((report) => report.finishedAt.slice(0, 10))).size, 3);
    for (const report of reports) {
      assert.equal(report.scheme, 'Daily check');
      assert.equal(report.status, 'done');
      assert.equal(report.trigger, 'schedule');
    }
    assert.equal(result.stdout.split('\n').filter((line) => line.includes('"Daily check"')).length, 3);
  });

  test('a scheme file with a bad field exits non-zero naming the file and the field', () => {
    const schemeFile = scheme('bad-scheme.json', {
      name: 'Bad',
      filter: { inactiveDays: 'x' },
      actions: [{ type: 'removeAccess' }],
    });
    const result = cli('run', '--site', siteFile, '--scheme', schemeFile);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /filter\.inactiveDays/);
    assert.ok(result.stderr.includes(schemeFile));
  });

  test('a site file with a bad status exits non-zero naming the field', () => {
    const site = JSON.parse(readFileSync(siteFile, 'utf8'));
    site.users[2].status = 'on-holiday';
    const badSite = join(dir, 'bad-site.json');
    writeFileSync(badSite, JSON.stringify(site));
    const schemeFile = scheme('ok.json', {
      name: 'Ok',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const result = cli('run', '--site', badSite, '--scheme', schemeFile);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /users\[2\]\.status/);
    assert.ok(result.stderr.includes(badSite));
  });

  test('a file that is not JSON exits non-zero naming the file', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"name": ');
    const result = cli('run', '--site', siteFile, '--scheme', broken);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /broken\.json is not valid JSON/);
  });

  /** The generated site file, changed by `edit`, written beside it. */
  const editedSite = (name: string, edit: (site: SiteFile) => void): string => {
    const site = JSON.parse(readFileSync(siteFile, 'utf8')) as SiteFile;
    edit(site);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(site));
    return file;
  };
  const withoutSiteAdminGroups = (site: SiteFile) => {
    for (const group of site.groups) delete group.grantsSiteAdmin;
  };

  test('a site file without grantsSiteAdmin (the format other tools write) goes through run and simulate', () => {
    const plain = editedSite('no-site-admin.json', withoutSiteAdminGroups);
    assert.ok(!readFileSync(plain, 'utf8').includes('grantsSiteAdmin'));
    const inactive = scheme('inactive-plain.json', {
      name: 'Inactive 90',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const out = join(dir, 'plain-report.json');
    const live = cli('run', '--site', plain, '--scheme', inactive, '--mode', 'live', '--out', out);
    assert.equal(live.status, 0, live.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { status: string; counts: { done: number } };
    assert.equal(report.status, 'done');
    assert.ok(report.counts.done > 0, 'the live run acted');
    const daily = scheme('daily-plain.json', {
      name: 'Daily',
      schedule: { unit: 'day', at: '02:00' },
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const simulated = cli('simulate', '--site', plain, '--schemes', daily, '--days', '2');
    assert.equal(simulated.status, 0, simulated.stderr);
    assert.equal(simulated.stdout.split('\n').filter((line) => /"Daily"\s+test\s+done/.test(line)).length, 2);
  });

  test('a site file nobody could use the app with names the file and the fields to fix', () => {
    const nobody = editedSite('nobody.json', (site) => {
      withoutSiteAdminGroups(site);
      for (const user of site.users) user.orgAdmin = false;
    });
    const ok = scheme('ok-nobody.json', {
      name: 'Ok',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const result = cli('run', '--site', nobody, '--scheme', ok);
    assert.equal(result.status, 1);
    assert.ok(result.stderr.includes(nobody), result.stderr);
    assert.match(result.stderr, /grantsSiteAdmin/);
    assert.match(result.stderr, /orgAdmin/);
    assert.doesNotMatch(result.stderr, /bug in the app/);

    const noAccess = editedSite('no-access.json', (site) => {
      for (const group of site.groups) delete group.grantsConfluenceAccess;
    });
    const refused = cli('run', '--site', noAccess, '--scheme', ok);
    assert.equal(refused.status, 1);
    assert.ok(refused.stderr.includes(noAccess));
    assert.match(refused.stderr, /groups\[\]\.grantsConfluenceAccess: no group grants Confluence access/);
  });

  test('a scheme naming a group the site lacks names the scheme file, the site file and the group', () => {
    const unknownGroup = scheme('unknown-group.json', {
      name: 'Unknown group',
      filter: { inactiveDays: 90, groups: { anyOf: ['No such group'] } },
      actions: [{ type: 'removeAccess' }],
    });
    const result = cli('run', '--site', siteFile, '--scheme', unknownGroup);
    assert.equal(result.status, 1);
    assert.ok(result.stderr.includes(unknownGroup), result.stderr);
    assert.match(result.stderr, /No such group/);
    assert.doesNotMatch(result.stderr, /bug in the app/);
  });

  test('bench prints one JSON line with each run under the quotas: platform time, KVS units, 429s, queue peak, acted', () => {
    const result = cli('bench', '--users', '1500', '--seed', '3');
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const bench = JSON.parse(lines[0]!) as Record<string, unknown> & {
      quotas: string;
      testRun: Record<string, number> & { counts: { done: number; scanned: number }; apiCalls: { total: number } };
      liveRun: Record<string, number> & { counts: { done: number }; status: string };
    };
    assert.match(bench.quotas, /4000 read \+ 4000 write units\/min/);
    for (const run of [bench.testRun, bench.liveRun]) {
      for (const key of ['virtualMinutes', 'kvsReadUnits', 'kvsWriteUnits', 'kvsThrottled', 'queueEventsPerMinuteMax'])
        assert.equal(typeof run[key], 'number', key);
      assert.ok(run.queueEventsPerMinuteMax! <= 500);
      assert.ok(run.queuePushesPerTreeMax! <= 1000);
      // Each invocation's heap, measured over a clean baseline: within a Forge function's 512 MB.
      const heap = run.invocationHeap as unknown as { measured: number; maxMb: number; maxStep: string };
      assert.ok(heap.measured > 0 && heap.maxMb > 0 && heap.maxMb <= 512, JSON.stringify(heap));
      assert.match(heap.maxStep, /^(run-worker:|resolver)/);
    }
    assert.equal(bench.liveRun.status, 'done');
    assert.equal(bench.liveRun.acted, bench.liveRun.counts.done);
    assert.ok(bench.liveRun.acted > 0);
    assert.equal(bench.testRun.acted, 0);
    // A test run reads the directory 100 users a call (plus 6 fixed calls: group look-ups and the admin check of
    // the clicks) and writes about one batch per page.
    assert.ok(bench.testRun.apiCalls.total <= 1.05 * Math.ceil(1500 / 100) + 6);
    assert.ok(bench.testRun.kvsWriteUnits! <= (2 * bench.testRun.counts.scanned) / 100);

    const testOnly = cli('bench', '--users', '500', '--test-only');
    assert.equal(testOnly.status, 0, testOnly.stderr);
    const parsed = JSON.parse(testOnly.stdout) as { testRun: { status: string }; liveRun?: unknown };
    assert.equal(parsed.testRun.status, 'done');
    assert.equal(parsed.liveRun, undefined);
  });

  test('an unknown command or flag prints the usage and exits 2', () => {
    const unknownCommand = cli('frobnicate');
    assert.equal(unknownCommand.status, 2);
    assert.match(unknownCommand.stderr, /Usage:/);
    const unknownFlag = cli('run', '--site', siteFile, '--colour', 'blue');
    assert.equal(unknownFlag.status, 2);
    assert.match(unknownFlag.stderr, /--colour/);
  });
});
