/**
 * Review and approve: a test run's planned list, applied as is or with users left out, becomes a live run that acts
 * on exactly the approved users, each re-checked before acting, and on nobody else.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import type { ApplyPreview, RunSummary } from '../../src/contract';
import { ACCESS_GROUP, ACTIVE, INACTIVE, smallSite, writeRequests } from './fixtures';

const INACTIVE_90 = { name: 'Inactive 90', filter: { inactiveDays: 90 }, actions: [{ type: 'removeAccess' }] };

function hasSeat(local: LocalSite, accountId: string): boolean {
  return local.site.user(accountId)!.groups.includes(ACCESS_GROUP);
}

describe('apply an approved test run', () => {
  test('acts on exactly the approved users, re-checked; never on anyone else', async () => {
    const local = new LocalSite({ siteFile: smallSite() });
    try {
      const saved = await local.saveScheme(INACTIVE_90);
      const testRun = await local.runNow(saved.id, 'test');
      await local.drain();
      const tested = await local.runReport(testRun.id);
      const planned = tested.users.filter((user) => user.outcome === 'planned').map((user) => user.accountId);
      assert.ok(INACTIVE.every((id) => planned.includes(id)));

      const [leftOut, cameBack, ...rest] = INACTIVE as [string, string, ...string[]];
      // Since the test: one planned user used Confluence again; one active user became inactive (a fresh run would
      // match them, the approved list does not name them).
      local.site.setLastActive(cameBack, local.site.toSiteFile().now);
      local.site.setLastActive(ACTIVE[0]!, '2025-01-01');

      const preview = await local.call<ApplyPreview>('runs/applyPreview', {
        runId: testRun.id,
        excludeAccountIds: [leftOut],
      });
      assert.equal(preview.approved.length, planned.length - 1);
      const writes = writeRequests(local.site).length;
      await assert.rejects(
        local.call('runs/apply', { runId: testRun.id, excludeAccountIds: [leftOut] }),
        (error: Error & { answer?: { code: string; message: string } }) =>
          error.answer?.code === 'CONFIRMATION_REQUIRED' && /User inactive-2/.test(error.answer.message),
      );
      assert.equal(writeRequests(local.site).length, writes, 'nothing changed without confirmation');

      const started = await local.call<RunSummary>('runs/apply', {
        runId: testRun.id,
        excludeAccountIds: [leftOut],
        confirm: true,
      });
      await local.drain();
      const live = await local.runReport(started.id);
      assert.equal(live.mode, 'live');
      assert.equal(live.approvedFrom, testRun.id);
      assert.deepEqual(
        live.users.map((user) => user.accountId).sort(),
        planned.filter((id) => id !== leftOut).sort(),
        'exactly the approved users',
      );
      assert.equal(live.users.find((user) => user.accountId === cameBack)?.outcome, 'skipped');
      assert.match(live.users.find((user) => user.accountId === cameBack)!.reason, /active again/);
      for (const id of rest) assert.equal(hasSeat(local, id), false, `${id} was acted on`);
      assert.equal(hasSeat(local, leftOut), true, 'the unticked user keeps the seat');
      assert.equal(hasSeat(local, cameBack), true, 'the user who came back keeps the seat');
      assert.equal(hasSeat(local, ACTIVE[0]!), true, 'a user not on the approved list is never touched');

      await assert.rejects(local.call('runs/applyPreview', { runId: started.id }), /Only a test run/);
    } finally {
      local.close();
    }
  });
});
