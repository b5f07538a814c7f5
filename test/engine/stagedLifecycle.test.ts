/**
 * The staged lifecycle on the local Forge runtime: `deactivate` with `deleteAfterDays` deactivates now, files the
 * users for deletion, and the daily step deletes those still deactivated once the days have passed; a user
 * re-enabled meanwhile is left alone, a pending deletion an admin cancels never happens.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import type { RunDetail, RunSummary } from '../../src/contract';
import type { PendingDeletion } from '../../src/engine/ports/deletionStore';
import { INACTIVE, UNMANAGED, smallSite } from './fixtures';

const DAY_MS = 24 * 3600 * 1000;
const STAGED = {
  name: 'Deactivate, then delete',
  mode: 'live',
  filter: { inactiveDays: 90 },
  actions: [{ type: 'deactivate', deleteAfterDays: 30 }],
};

async function nextDay(local: LocalSite, days = 1): Promise<RunSummary[]> {
  const before = new Set((await local.call<{ runs: RunSummary[] }>('runs/list', {})).runs.map((run) => run.id));
  local.clock.advanceBy(days * DAY_MS);
  const fired = await local.forge.fireTrigger('daily-housekeeping');
  assert.ok(fired.ok);
  await local.drain();
  const runs = (await local.call<{ runs: RunSummary[] }>('runs/list', {})).runs;
  return runs.filter((run) => !before.has(run.id) && run.schemeName.endsWith('deletions due'));
}

describe('staged lifecycle: deactivate, then delete after N days', () => {
  test('deletes only after the delay, only users still deactivated, and shows pending deletions', async () => {
    const local = new LocalSite({ siteFile: smallSite() });
    try {
      const saved = await local.saveScheme(STAGED);
      const started = await local.runNow(saved.id, 'live');
      await local.drain();
      const first = await local.runReport(started.id);
      for (const id of INACTIVE) assert.equal(local.site.user(id)?.status, 'deactivated', id);
      assert.match(first.users.find((user) => user.accountId === UNMANAGED)!.reason, /not a managed account/);

      const pending = await local.call<{ deletions: PendingDeletion[] }>('deletions/list', {});
      const filed = pending.deletions.map((deletion) => deletion.accountId);
      for (const id of INACTIVE) assert.ok(filed.includes(id), `${id} is pending deletion`);
      assert.ok(!filed.includes(UNMANAGED), 'the skipped unmanaged user is not filed');
      const due = Date.parse(pending.deletions[0]!.deleteAt) - Date.parse(pending.deletions[0]!.deactivatedAt);
      assert.equal(due, 30 * DAY_MS);

      const [reEnabled, cancelled, ...rest] = INACTIVE as [string, string, ...string[]];
      local.site.changeByHand(reEnabled, { status: 'active' });
      await local.call('deletions/cancel', { schemeId: saved.id, accountId: cancelled });

      assert.deepEqual(await nextDay(local, 29), [], 'nothing is due before 30 days');
      for (const id of INACTIVE) assert.equal(local.site.user(id)?.deletionScheduledAt, undefined, id);

      const runs = await nextDay(local, 2);
      assert.equal(runs.length, 1, 'one deletion run for the scheme');
      const report: RunDetail = await local.runReport(runs[0]!.id);
      assert.equal(report.state, 'done', report.reason ?? '');
      for (const id of rest) {
        assert.equal(report.users.find((user) => user.accountId === id)?.outcome, 'done', id);
        assert.ok(local.site.user(id)?.deletionScheduledAt, `${id} is deleted (in Atlassian's grace period)`);
      }
      assert.match(report.users.find((user) => user.accountId === reEnabled)!.reason, /re-enabled since/);
      assert.equal(local.site.user(reEnabled)?.status, 'active');
      assert.equal(local.site.user(reEnabled)?.deletionScheduledAt, undefined);
      assert.ok(!report.users.some((user) => user.accountId === cancelled), 'a cancelled deletion is not in the run');
      assert.equal(local.site.user(cancelled)?.status, 'deactivated', 'cancelling keeps the user deactivated');
      assert.equal(local.site.user(cancelled)?.deletionScheduledAt, undefined);

      assert.deepEqual((await local.call<{ deletions: PendingDeletion[] }>('deletions/list', {})).deletions, []);
      assert.deepEqual(await nextDay(local), [], 'settled deletions are not run again');

      // Undoing the deletion run cancels the deletions: the users are back as it found them, deactivated.
      const undo = await local.call<RunSummary>('runs/undo', { runId: runs[0]!.id, confirm: true });
      await local.drain();
      const undone = await local.runReport(undo.id);
      for (const id of rest) {
        assert.equal(undone.users.find((user) => user.accountId === id)?.outcome, 'done', id);
        assert.equal(local.site.user(id)?.status, 'deactivated', id);
        assert.equal(local.site.user(id)?.deletionScheduledAt, undefined, `${id} is no longer scheduled for deletion`);
      }
    } finally {
      local.close();
    }
  });
});
