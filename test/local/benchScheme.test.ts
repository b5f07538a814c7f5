/**
 * The scheme `bench` runs at each size (test/local/cli/bench.ts benchScheme). Up to the highest safety limit of
 * users it is the demo scheme (the README's 20,000 and 100,000-user rows). Above it, the 90-day scheme matches a larger
 * share of a generated site than the highest limit allows a run to act on, so its live run would end `aborted`; the
 * bench's scheme there matches under that share and its live run acts. A generated site's shares do not depend on its
 * size, so a 3,000-user site of the same generator shows them.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from './localSite';
import { generateSite } from './site';
import { benchScheme, DEMO_SCHEME } from './cli/commands';
import { LIMITS } from '../../src/domain/scheme/rules';
import type { RunDetail } from '../../src/contract';

const SAMPLE = 3_000;
const MILLION = 1_000_000;

async function ran(scheme: object, mode: 'test' | 'live'): Promise<RunDetail> {
  const local = new LocalSite({ siteFile: generateSite({ users: SAMPLE, seed: 7 }), quotas: false });
  try {
    const saved = await local.saveScheme(scheme);
    const started = await local.runNow(saved.id, mode);
    await local.drain();
    return await local.call<RunDetail>('runs/get', { runId: started.id });
  } finally {
    local.close();
  }
}

describe('the bench scheme', () => {
  test('up to the highest safety limit of users it is the demo scheme, limited to the site’s size', () => {
    for (const users of [20_000, 100_000, LIMITS.maxUsers]) {
      const scheme = benchScheme(users);
      assert.deepEqual(scheme.filter, DEMO_SCHEME.filter);
      assert.deepEqual(scheme.actions, DEMO_SCHEME.actions);
      assert.equal(scheme.limits.maxUsersPerRun, users);
    }
  });

  test('on a 1,000,000-user site it matches under the highest limit and its live run acts, where the 90-day one aborts', async () => {
    const scheme = benchScheme(MILLION);
    assert.equal(scheme.limits.maxUsersPerRun, LIMITS.maxUsers);
    // The share of a site one run may act on at 1,000,000 users.
    const allowed = (LIMITS.maxUsers / MILLION) * SAMPLE;
    const ninetyDays = await ran({ ...benchScheme(100_000), limits: { maxUsersPerRun: SAMPLE } }, 'test');
    assert.ok(ninetyDays.counts.planned > allowed, `90 days: ${ninetyDays.counts.planned} planned of ${SAMPLE}`);

    const live = await ran({ ...scheme, limits: { maxUsersPerRun: Math.floor(allowed) } }, 'live');
    assert.equal(live.state, 'done', live.reason ?? '');
    assert.ok(live.counts.done > 0 && live.counts.done <= allowed, `acted on ${live.counts.done} of ${SAMPLE}`);
  });
});
