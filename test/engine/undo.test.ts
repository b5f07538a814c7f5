/**
 * Undoing a live run on the local Forge runtime: the app's real resolvers, queue and KVS on a simulated site.
 * The undo is a run of its own: it restores what the original run changed, only that, and leaves alone whoever
 * is already restored or was changed since for another reason.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import type { InvocationInfo } from '../local/runtime';
import type { RunDetail, RunSummary, UndoPreview } from '../../src/contract';
import {
  ACCESS_GROUP,
  ACTIVE,
  ADMIN,
  INACTIVE,
  SITE_ADMINS_GROUP,
  UNMANAGED,
  generatedSite,
  smallSite,
  userStates,
  writeRequests,
  userActionLines,
  withSite,
} from './fixtures';

const REMOVE_AND_SUSPEND = {
  name: 'Inactive 90',
  filter: { inactiveDays: 90 },
  actions: [{ type: 'removeAccess' }, { type: 'suspend' }],
};
const REMOVE_ACCESS = { name: 'Inactive 90 seats', filter: { inactiveDays: 90 }, actions: [{ type: 'removeAccess' }] };
const DELETE = { name: 'Delete inactive', filter: { inactiveDays: 90 }, actions: [{ type: 'delete' }] };

async function liveRun(local: LocalSite, scheme: unknown): Promise<RunDetail> {
  const saved = await local.saveScheme(scheme);
  const run = await local.runNow(saved.id, 'live');
  await local.drain();
  return local.runReport(run.id);
}

async function undo(local: LocalSite, runId: string, accountIds?: string[]): Promise<RunDetail> {
  const started = await local.call<RunSummary>('runs/undo', {
    runId,
    ...(accountIds ? { accountIds } : {}),
    confirm: true,
  });
  await local.drain();
  return local.runReport(started.id);
}

function outcomes(report: RunDetail): Record<string, string> {
  return Object.fromEntries(report.users.map((user) => [user.accountId, user.outcome]));
}

function reasonOf(report: RunDetail, accountId: string): string {
  const user = report.users.find((candidate) => candidate.accountId === accountId);
  assert.ok(user, `${accountId} is not in run ${report.id}`);
  return user.reason;
}

describe('undo a live run', () => {
  test('restores every user the run changed (groups and suspension), and no one else', async () => {
    await withSite({ siteFile: smallSite() }, async (local) => {
      const before = userStates(local.site.toSiteFile());
      const original = await liveRun(local, REMOVE_AND_SUSPEND);
      const changed = original.users.filter((user) => user.outcome === 'done').map((user) => user.accountId);
      assert.ok(changed.length >= INACTIVE.length, 'the run changed the inactive users');
      assert.notDeepEqual(userStates(local.site.toSiteFile()), before);

      const report = await undo(local, original.id);
      assert.equal(report.state, 'done', report.reason ?? '');
      assert.equal(report.undoOf, original.id);
      // Only the users the run changed: the protected org admin it found exempt is not in the undo at all.
      assert.deepEqual(report.users.map((user) => user.accountId).sort(), [...changed].sort());
      assert.ok(!report.users.some((user) => user.accountId === ADMIN));
      for (const id of changed) assert.equal(outcomes(report)[id], 'done', id);
      assert.deepEqual(userStates(local.site.toSiteFile()), before);
      // Audited like any run: one entry per undone action and user.
      assert.equal((await userActionLines(local, report.id)).length, changed.length * 2);
    });
  });

  test('undoes a bulk action too: groups it added are removed again, groups it removed added back', async () => {
    await withSite({ siteFile: smallSite() }, async (local) => {
      const before = userStates(local.site.toSiteFile());
      const chosen = INACTIVE.slice(0, 2);
      // A bulk action acts only on users a fresh search found.
      const found = await local.call<RunSummary>('bulk/find', { filter: { inactiveDays: 90 } });
      await local.drain();
      const bulk = await local.call<RunSummary>('bulk/run', {
        findRunId: found.id,
        filter: { inactiveDays: 90 },
        actions: [{ type: 'removeAccess' }, { type: 'addGroups', groups: ['site-admins'] }],
        selection: { kind: 'some', accountIds: chosen },
        confirm: true,
      });
      await local.drain();
      const original = await local.runReport(bulk.id);
      assert.equal(original.kind, 'bulk');
      assert.equal(original.counts.done, 2);
      assert.ok(local.site.user(chosen[0]!)?.groups.includes(SITE_ADMINS_GROUP));
      const report = await undo(local, bulk.id);
      assert.equal(report.counts.done, 2);
      assert.deepEqual(userStates(local.site.toSiteFile()), before);
    });
  });

  test('a second undo changes nothing: every user is "already restored"', async () => {
    await withSite({ siteFile: smallSite() }, async (local) => {
      const original = await liveRun(local, REMOVE_AND_SUSPEND);
      await undo(local, original.id);
      const restored = userStates(local.site.toSiteFile());
      const writesBefore = writeRequests(local.site).length;
      const again = await undo(local, original.id);
      assert.equal(again.state, 'done');
      assert.equal(again.counts.done, 0);
      for (const user of again.users) assert.equal(user.reason, 'already restored', user.accountId);
      assert.equal(writeRequests(local.site).length, writesBefore, 'no write request was sent');
      assert.deepEqual(userStates(local.site.toSiteFile()), restored);
    });
  });

  test('leaves alone a user changed since for another reason, and says why', async () => {
    await withSite({ siteFile: smallSite() }, async (local) => {
      const original = await liveRun(local, REMOVE_ACCESS);
      const [suspendedSince, regainedAccess] = INACTIVE as [string, string];
      // Someone suspends one user in Atlassian Administration, and gives another their access back.
      local.site.changeByHand(suspendedSince, { status: 'suspended' });
      local.site.changeByHand(regainedAccess, { addToGroup: ACCESS_GROUP });
      const report = await undo(local, original.id);
      assert.equal(outcomes(report)[suspendedSince], 'skipped');
      assert.match(reasonOf(report, suspendedSince), /changed since the run .*is now suspended/);
      assert.equal(local.site.user(suspendedSince)?.groups.includes(ACCESS_GROUP), false, 'no group added back');
      assert.equal(reasonOf(report, regainedAccess), 'already restored');
      for (const id of INACTIVE.slice(2)) {
        assert.equal(outcomes(report)[id], 'done', id);
        assert.ok(local.site.user(id)?.groups.includes(ACCESS_GROUP), id);
      }
    });
  });

  test('undoes only the chosen users', async () => {
    await withSite({ siteFile: smallSite() }, async (local) => {
      const original = await liveRun(local, REMOVE_ACCESS);
      const [chosen, ...others] = INACTIVE as [string, ...string[]];
      const report = await undo(local, original.id, [chosen]);
      assert.deepEqual(Object.keys(outcomes(report)), [chosen]);
      assert.ok(local.site.user(chosen)?.groups.includes(ACCESS_GROUP));
      for (const id of others) assert.equal(local.site.user(id)?.groups.includes(ACCESS_GROUP), false, id);
    });
  });

  test('refuses users the run did not change, and runs that changed nothing', async () => {
    await withSite({ siteFile: smallSite() }, async (local) => {
      const original = await liveRun(local, REMOVE_ACCESS);
      await assert.rejects(
        local.call('runs/undoPreview', { runId: original.id, accountIds: [ACTIVE[0]] }),
        /changed nothing for this user/,
      );
      const saved = await local.saveScheme({ ...REMOVE_ACCESS, name: 'Test only' });
      const testRun = await local.runNow(saved.id, 'test');
      await local.drain();
      await assert.rejects(local.call('runs/undo', { runId: testRun.id, confirm: true }), /test run changed nothing/);
    });
  });

  test('the resolver called without confirmation names who and what, and starts nothing', async () => {
    await withSite({ siteFile: smallSite() }, async (local) => {
      const original = await liveRun(local, REMOVE_AND_SUSPEND);
      const preview = await local.call<UndoPreview>('runs/undoPreview', { runId: original.id });
      assert.equal(preview.users.length, original.counts.done);
      assert.match(preview.users[0]!.undo, /add back to 1 group \(confluence-users\), lift the suspension/);
      const runsBefore = (await local.call<{ runs: RunSummary[] }>('runs/list', {})).runs.length;
      await assert.rejects(local.call('runs/undo', { runId: original.id }), (error: Error) => {
        const answer = (error as { answer?: { code: string; message: string } }).answer;
        assert.equal(answer?.code, 'CONFIRMATION_REQUIRED');
        assert.match(
          answer.message,
          new RegExp(`User inactive-1 \\(add back to 1 group \\(confluence-users\\), lift the suspension\\)`),
        );
        return true;
      });
      assert.equal((await local.call<{ runs: RunSummary[] }>('runs/list', {})).runs.length, runsBefore);
      assert.equal(local.site.user(INACTIVE[0]!)?.status, 'suspended', 'nothing was restored');
    });
  });

  test('cancels pending deletions within the grace period; after it they cannot be undone', async () => {
    await withSite({ siteFile: smallSite() }, async (local) => {
      const before = userStates(local.site.toSiteFile());
      const original = await liveRun(local, DELETE);
      assert.equal(local.site.user(INACTIVE[0]!)?.status, 'deactivated');
      // The unmanaged account cannot be deleted: the run skipped it, so the undo leaves it out.
      assert.equal(original.users.find((user) => user.accountId === UNMANAGED)?.outcome, 'skipped');
      const report = await undo(local, original.id);
      assert.ok(!report.users.some((user) => user.accountId === UNMANAGED));
      for (const id of INACTIVE) assert.equal(outcomes(report)[id], 'done', id);
      assert.deepEqual(userStates(local.site.toSiteFile()), before);
    });
    await withSite({ siteFile: smallSite() }, async (local) => {
      const original = await liveRun(local, DELETE);
      const deleted = original.users.filter((user) => user.outcome === 'done').map((user) => user.accountId);
      assert.ok(INACTIVE.every((id) => deleted.includes(id)));
      local.clock.advanceBy(15 * 24 * 3600 * 1000);
      const preview = await local.call<UndoPreview>('runs/undoPreview', { runId: original.id });
      assert.equal(preview.users.length, 0);
      assert.deepEqual(preview.cannotUndo.map((user) => user.accountId).sort(), deleted.sort());
      assert.match(preview.message, /cannot be undone/);
      const report = await undo(local, original.id);
      for (const id of INACTIVE) assert.match(reasonOf(report, id), /^cannot be undone/, id);
      assert.equal(report.counts.done, 0);
    });
  });

  test('an undo killed in the middle of its actions ends in the same state, each action audited once', async () => {
    const siteFile = generatedSite(300, 7);
    const before = userStates(siteFile);
    let killed = 0;
    let armed = false;
    const adds = new Map<string, number>();
    const killWhen = (info: InvocationInfo) => {
      const isAct = (info.event?.body as { kind?: string } | undefined)?.kind === 'act';
      if (!armed || info.functionKey !== 'run-worker' || !isAct || killed > 0) return false;
      if (info.lastCall && /memberships/.test(info.lastCall))
        adds.set(info.invocationId, (adds.get(info.invocationId) ?? 0) + 1);
      if ((adds.get(info.invocationId) ?? 0) < 3) return false;
      killed += 1;
      return true;
    };
    await withSite({ siteFile, killWhen }, async (local) => {
      const original = await liveRun(local, REMOVE_ACCESS);
      assert.ok(original.counts.done > 3);
      armed = true;
      const report = await undo(local, original.id);
      assert.equal(local.forge.metrics.kills, 1, 'the undo was killed once');
      assert.equal(report.state, 'done', report.reason ?? '');
      assert.equal(report.counts.done, original.counts.done);
      assert.deepEqual(userStates(local.site.toSiteFile()), before);
      const audit = await userActionLines(local, report.id);
      assert.equal(audit.length, original.counts.done);
      assert.equal(new Set(audit).size, audit.length, 'no entry twice');
      assert.deepEqual(local.forge.queues.failedEvents(), []);
    });
  });
});
