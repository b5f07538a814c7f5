/**
 * The CLI's undo contract: `run --mode live --state DIR`, then `undo --state DIR --run last` leaves the site as the
 * original site file in every user's groups and status, with or without faults; a second undo changes nothing.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSite, parseSiteFile, type SiteFile } from './site';
import { cli } from './cliHarness';

const FAULTS = '429=0.2,5xx=0.05,write5xx=0.05,duplicate=0.3,reorder=1,seed=5';

function readSite(file: string): SiteFile {
  return parseSiteFile(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** Each user's status and groups: what an undo must give back. */
function states(site: SiteFile): Record<string, { status: string; groups: string[] }> {
  return Object.fromEntries(site.users.map((u) => [u.accountId, { status: u.status, groups: [...u.groups].sort() }]));
}

function readJson(file: string) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('local CLI: undo', () => {
  let dir: string;
  let siteFile: string;
  let schemeFile: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-undo-'));
    siteFile = join(dir, 'site.json');
    writeFileSync(siteFile, JSON.stringify(generateSite({ users: 250, seed: 4 })));
    schemeFile = join(dir, 'scheme.json');
    writeFileSync(
      schemeFile,
      JSON.stringify({
        name: 'Inactive 90',
        filter: { inactiveDays: 90 },
        actions: [{ type: 'removeAccess' }, { type: 'suspend' }],
        limits: { maxUsersPerRun: 500 },
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** `run --mode live` of the scheme on the site, keeping the local Forge state in `state` for the undo. */
  const runLive = (state: string, ...options: string[]) =>
    cli('run', '--site', siteFile, '--scheme', schemeFile, '--mode', 'live', '--state', state, ...options);
  /** `undo` of run `run` ('last' or an id) from the state a live run kept. */
  const undo = (state: string, run: string, ...options: string[]) =>
    cli('undo', '--state', state, '--run', run, ...options);

  test('undo --run last restores the original site; a second undo changes nothing', () => {
    const state = join(dir, 'state');
    const runOut = join(dir, 'run.json');
    const ran = runLive(state, '--out', runOut);
    assert.equal(ran.status, 0, ran.stderr);
    const runReport = readJson(runOut);
    assert.ok(runReport.counts.done > 0);

    const undoOut = join(dir, 'undo.json');
    const siteOut = join(dir, 'undone.json');
    const undone = undo(state, 'last', '--out', undoOut, '--site-out', siteOut);
    assert.equal(undone.status, 0, undone.stderr);
    assert.match(undone.stdout, /Undo "Inactive 90" for \d+ users/);
    assert.deepEqual(states(readSite(siteOut)), states(readSite(siteFile)));
    const undoReport = readJson(undoOut);
    // The run report's shape: the same fields, and its counts agree with its users.
    assert.deepEqual(Object.keys(undoReport).sort(), Object.keys(runReport).sort());
    assert.equal(undoReport.mode, 'live');
    assert.equal(undoReport.status, 'done');
    assert.equal(undoReport.counts.done, runReport.counts.done);
    assert.deepEqual(
      undoReport.users.map((user: { accountId: string }) => user.accountId).sort(),
      runReport.users
        .filter((user: { outcome: string }) => user.outcome === 'done')
        .map((user: { accountId: string }) => user.accountId)
        .sort(),
    );

    const againOut = join(dir, 'again.json');
    const againSite = join(dir, 'again-site.json');
    const again = undo(state, runReport.runId, '--out', againOut, '--site-out', againSite);
    assert.equal(again.status, 0, again.stderr);
    const second = readJson(againOut);
    assert.equal(second.counts.done, 0);
    assert.equal(second.counts.skipped, runReport.counts.done);
    for (const user of second.users) assert.equal(user.reason, 'already restored');
    assert.deepEqual(states(readSite(againSite)), states(readSite(siteFile)));
  });

  test('undo under --faults ends in the same state', () => {
    const state = join(dir, 'state-faults');
    const ran = runLive(state, '--faults', FAULTS);
    assert.equal(ran.status, 0, ran.stderr);
    const siteOut = join(dir, 'undone-faults.json');
    const undone = undo(state, 'last', '--faults', FAULTS, '--site-out', siteOut);
    assert.equal(undone.status, 0, undone.stderr);
    assert.deepEqual(states(readSite(siteOut)), states(readSite(siteFile)));
  });

  test('--users undoes only those users (by email), and a state directory is required', () => {
    const state = join(dir, 'state-users');
    const runOut = join(dir, 'run-users.json');
    const ran = runLive(state, '--out', runOut);
    assert.equal(ran.status, 0, ran.stderr);
    const done = readJson(runOut).users.filter((user: { outcome: string }) => user.outcome === 'done');
    const chosen = readSite(siteFile).users.find((user) => user.accountId === done[0].accountId)!;
    const undoOut = join(dir, 'undo-users.json');
    const siteOut = join(dir, 'undo-users-site.json');
    const undone = undo(state, 'last', '--users', chosen.email!, '--out', undoOut, '--site-out', siteOut);
    assert.equal(undone.status, 0, undone.stderr);
    assert.deepEqual(
      readJson(undoOut).users.map((user: { accountId: string }) => user.accountId),
      [chosen.accountId],
    );
    const after = states(readSite(siteOut));
    assert.deepEqual(after[chosen.accountId], states(readSite(siteFile))[chosen.accountId]);
    assert.notDeepEqual(after[done[1].accountId], states(readSite(siteFile))[done[1].accountId]);

    const missing = undo(join(dir, 'nothing-here'), 'last');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /holds no kept state/);
  });
});
