/**
 * `npm start` (the CLI's demo) as a developer starts it again and again: a taken port is one clear error and an
 * exit before any work; a saved installation is reused as it is, saying that --users is ignored; and a start
 * shows the demo scheme's latest test run instead of adding one every time.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunsPage, SchemeSummary } from '../../src/contract';
import { DEMO_SCHEME, demo } from './cli/commands';
import { openDemoSite } from './preview/site';

const CLI = path.resolve(__dirname, 'cli.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;

describe('npm start (the demo)', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'demo-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a taken port is one clear error and an exit, before the demo builds anything', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()));
    const { port } = holder.address() as net.AddressInfo;
    const cwd = mkdtempSync(path.join(dir, 'port-'));
    try {
      // Run from an empty folder: the demo keeps its state under <cwd>/.local/demo, which must stay unbuilt.
      const result = spawnSync(process.execPath, ['--import', TSX, CLI, 'demo', '--port', String(port)], {
        cwd,
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.signal, null, 'the CLI exits by itself rather than hanging until killed');
      assert.equal(result.status, 1);
      assert.equal(
        result.stderr.trim(),
        `Port ${port} is taken: start the preview on another one with --port N (or PORT=N).`,
      );
      assert.equal(result.stdout, '', 'no report: nothing was run');
      assert.deepEqual(readdirSync(cwd), [], 'no demo site was built');
    } finally {
      holder.close();
    }
  });

  test('the preview server on a taken port fails with EADDRINUSE and leaves nothing running: the process ends', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()));
    const { port } = holder.address() as net.AddressInfo;
    // Nothing is closed explicitly after the failure: a bundler (esbuild's service) started before the port was
    // known to be free would keep this process alive until the timeout kills it.
    const script = `
      const { LocalSite } = require(${JSON.stringify(path.resolve(__dirname, 'localSite.ts'))});
      const { startPreview } = require(${JSON.stringify(path.resolve(__dirname, 'preview/server.ts'))});
      const { smallSite } = require(${JSON.stringify(path.resolve(__dirname, '../engine/fixtures.ts'))});
      const local = new LocalSite({ siteFile: smallSite() });
      startPreview({ local, port: ${port}, log: () => undefined }).then(
        () => console.log('listening'),
        (error) => { console.log(error.code); local.close(); },
      );`;
    try {
      const result = spawnSync(process.execPath, ['--import', TSX, '-e', script], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.signal, null, 'the process ends by itself');
      assert.equal(result.stdout.trim(), 'EADDRINUSE');
    } finally {
      holder.close();
    }
  });

  test('a second start reuses the saved site, says --users is ignored, and adds no run', async () => {
    const stateDir = path.join(dir, 'state');
    const first: string[] = [];
    const firstReport = await demo(
      { users: 12, seed: 5, stateDir, historyDays: 3 },
      { out: (line) => first.push(line) },
    );
    assert.ok(existsSync(path.join(stateDir, 'site.json')), 'the first start saves the demo site');
    assert.match(first.join('\n'), /A generated site of 12 users/);
    assert.doesNotMatch(first.join('\n'), /ignored/);

    const second: string[] = [];
    const secondReport = await demo({ users: 50, stateDir, historyDays: 3 }, { out: (line) => second.push(line) });
    const text = second.join('\n');
    assert.match(
      text,
      new RegExp(`--users 50 ignored: the saved demo site in .* is used as it is \\(12 users\\); add --fresh`),
    );
    assert.match(text, /A generated site of 12 users/);
    assert.match(text, /Its latest test run, of /);
    assert.deepEqual(secondReport.counts, firstReport.counts, 'the same run, shown again');

    const local = await openDemoSite({ users: 1, seed: 1, stateDir });
    try {
      const schemes = await local.call<SchemeSummary[]>('schemes/list');
      const scheme = schemes.find((one) => one.name === DEMO_SCHEME.name)!;
      const runs = await local.call<RunsPage>('runs/list', { schemeId: scheme.id });
      assert.equal(runs.runs.length, 1, 'two starts, one demo run (the one the first start built the site with)');
    } finally {
      local.close();
    }
  });

  test('--fresh builds a new site with the users asked for', async () => {
    const stateDir = path.join(dir, 'fresh');
    await demo({ users: 8, stateDir, historyDays: 3 }, { out: () => undefined });
    const lines: string[] = [];
    await demo({ users: 10, stateDir, fresh: true, historyDays: 3 }, { out: (line) => lines.push(line) });
    assert.match(lines.join('\n'), /A generated site of 10 users/);
    assert.doesNotMatch(lines.join('\n'), /ignored/);
  });
});
