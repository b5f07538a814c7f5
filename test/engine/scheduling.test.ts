/**
 * Admin-defined schedules on the five-minute trigger: a due scheme starts once per slot, a missed run happens
 * once (no catch-up burst), a scheme never runs twice at once, and housekeeping enforces run retention.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import type { RunSummary, SchemeSummary } from '../../src/contract';
import { NOW, smallSite } from './fixtures';

const DAILY = {
  name: 'Daily inactive check',
  schedule: { every: 1, unit: 'day', at: '02:00', timeZone: 'UTC' },
  filter: { inactiveDays: 90 },
  actions: [{ type: 'removeAccess' }],
};

async function runs(local: LocalSite): Promise<RunSummary[]> {
  return (await local.call<{ runs: RunSummary[] }>('runs/list', { limit: 100 })).runs;
}

test('a due scheme starts once even when the trigger fires twice at the same time', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    const scheme = await local.saveScheme(DAILY);
    assert.equal(scheme.nextRunAt, '2026-06-01T02:00:00.000Z');
    local.clock.advanceTo(Date.parse('2026-06-01T02:03:00Z'));
    await Promise.all([local.forge.fireTrigger('scheme-scheduler'), local.forge.fireTrigger('scheme-scheduler')]);
    await local.drain();
    const all = await runs(local);
    assert.equal(all.length, 1);
    assert.equal(all[0]!.trigger, 'schedule');
    assert.equal(all[0]!.state, 'done');
    const [listed] = await local.call<SchemeSummary[]>('schemes/list');
    assert.equal(listed!.nextRunAt, '2026-06-02T02:00:00.000Z');
    assert.equal(listed!.lastRun?.state, 'done');
  } finally {
    local.close();
  }
});

test('runs missed while nothing fired happen once at the next tick, never as a burst', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await local.saveScheme(DAILY);
    local.clock.advanceTo(Date.parse('2026-06-04T10:00:00Z')); // three slots missed
    await local.forge.fireTrigger('scheme-scheduler');
    await local.drain();
    await local.forge.fireTrigger('scheme-scheduler');
    await local.drain();
    assert.equal((await runs(local)).length, 1);
    const [listed] = await local.call<SchemeSummary[]>('schemes/list');
    assert.equal(listed!.nextRunAt, '2026-06-05T02:00:00.000Z', 'the next slot after now, not the next missed one');
  } finally {
    local.close();
  }
});

test('a scheme never runs twice at once: run now is refused while its run is going', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    const scheme = await local.saveScheme(DAILY);
    const first = await local.runNow(scheme.id, 'test');
    await assert.rejects(local.runNow(scheme.id, 'test'), /ALREADY_RUNNING/);
    await local.drain();
    const second = await local.runNow(scheme.id, 'test');
    assert.notEqual(second.id, first.id, 'once the first run ended, the scheme can run again');
    await local.drain();
  } finally {
    local.close();
  }
});

test('a disabled scheme or one without a schedule is never started by the trigger', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await local.saveScheme({ ...DAILY, name: 'Off', enabled: false });
    const { schedule: _ignored, ...onDemand } = DAILY;
    await local.saveScheme({ ...onDemand, name: 'On demand' });
    local.clock.advanceTo(Date.parse('2026-06-03T00:00:00Z'));
    await local.forge.fireTrigger('scheme-scheduler');
    await local.drain();
    assert.equal((await runs(local)).length, 0);
  } finally {
    local.close();
  }
});

test('housekeeping deletes runs older than the retention period, with their outcomes', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await local.call('settings/save', { retentionDays: 30 });
    const { schedule: _ignored, ...onDemand } = DAILY;
    const scheme = await local.saveScheme(onDemand);
    const old = await local.runNow(scheme.id, 'test');
    await local.drain();
    local.clock.advanceTo(Date.parse(NOW) + 20 * 86_400_000);
    const recent = await local.runNow(scheme.id, 'test');
    await local.drain();
    local.clock.advanceTo(Date.parse(NOW) + 31 * 86_400_000);
    await local.forge.fireTrigger('daily-housekeeping');
    // The trigger also starts the day's site snapshot run: only this scheme's runs are counted here.
    const left = (await runs(local)).filter((run) => run.schemeId === scheme.id).map((run) => run.id);
    assert.deepEqual(left, [recent.id]);
    await assert.rejects(local.call('runs/get', { runId: old.id }), /NOT_FOUND/);
    const dump = local.kvs.dump();
    // The audit log keeps its record of the run for its own, longer retention: only the run's data must be gone.
    const runData = JSON.stringify({ kvs: dump.kvs, runs: dump.entities['run'], batches: dump.entities['run-batch'] });
    assert.ok(!runData.includes(old.id), 'no record, batch or journal of the deleted run is left');
  } finally {
    local.close();
  }
});
