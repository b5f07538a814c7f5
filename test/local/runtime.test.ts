/**
 * The local runtime is faithful where the app depends on it: the real SDKs go through it, Forge's queue limits
 * and semantics hold (limits, retries, duplicates, reordering, time budgets), egress is limited to the manifest.
 */
// The runtime first: like Forge's platform, it must be in place before any @forge package loads (see runtime.ts).
import { LocalForge } from './runtime';
import { LocalQueues } from './queues';
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { InvocationLimitReachedError, RateLimitError, TooManyEventsError } from '@forge/events';
import { VirtualClock } from './clock';
import { LocalKvs } from './kvs';
import type { LocalManifest } from './manifest';
import { SimulatedSite, generateSite } from './site';
import * as probe from './fixtures/probeApp';
import { HeapProbe } from './heapProbe';

const file = path.join(__dirname, 'fixtures', 'probeApp');
const manifest: LocalManifest = {
  appId: 'ari:cloud:ecosystem::app/probe',
  functions: new Map([
    ['consumer', { key: 'consumer', file, exportName: 'consumer', timeoutSeconds: 2 }],
    ['pusher', { key: 'pusher', file, exportName: 'pusher', timeoutSeconds: 10 }],
    ['egress', { key: 'egress', file, exportName: 'egress', timeoutSeconds: 10 }],
    ['jobControl', { key: 'jobControl', file, exportName: 'jobControl', timeoutSeconds: 10 }],
    ['holdMemory', { key: 'holdMemory', file, exportName: 'holdMemory', timeoutSeconds: 10 }],
  ]),
  consumers: new Map([['probe-queue', 'consumer']]),
  scheduledTriggers: new Map(),
  resolvers: new Map(),
  webTriggers: new Map(),
  egressAddresses: ['https://api.atlassian.com'],
  scopes: ['storage:app'],
  entities: [],
};

let clock: VirtualClock;
let kvsStore: LocalKvs;
let forge: LocalForge;

function setup(
  opts: { duplicate?: number; reorder?: number; budgetScale?: number; queueQuotas?: false; heapProbe?: HeapProbe } = {},
) {
  forge?.uninstall();
  const siteFile = generateSite({ users: 20, seed: 1 });
  clock = new VirtualClock(siteFile.now);
  kvsStore = new LocalKvs({ now: () => clock.now() });
  const site = SimulatedSite.fromSiteFile(siteFile, {
    clock,
    rateLimits: { lastActive: { limit: 1, windowSeconds: 60 } },
  });
  forge = new LocalForge({
    kvs: kvsStore,
    site: { siteUrl: siteFile.site.url, cloudId: siteFile.site.cloudId, handle: (r) => site.handle(r) },
    clock,
    manifest,
    concurrency: 1,
    queueFaults: { duplicate: opts.duplicate ?? 0, reorder: opts.reorder ?? 0, seed: 9 },
    ...(opts.budgetScale ? { budgetScale: opts.budgetScale } : {}),
    ...(opts.queueQuotas === false ? { queueQuotas: false as const } : {}),
    ...(opts.heapProbe ? { heapProbe: opts.heapProbe } : {}),
  }).install();
  probe.seen.length = 0;
  probe.pushErrors.length = 0;
  return siteFile;
}

beforeEach(() => setup());
afterEach(() => forge.uninstall());

test('the real @forge/events push goes through the runtime and is delivered to the consumer', async () => {
  await forge.invoke('pusher', [{ count: 5 }]);
  await forge.drainQueues();
  assert.deepEqual(probe.seen.map((s) => s.body.id).sort(), [0, 1, 2, 3, 4]);
  assert.equal(kvsStore.handle('/api/v1/get', { key: 'seen:3' }).status, 200);
});

test('a push of more than 50 events fails with the SDK error and queues nothing', async () => {
  await assert.rejects(forge.invoke('pusher', [{ count: 51 }]), TooManyEventsError);
  assert.equal(forge.queues.metrics.eventsPushed, 0);
});

test('delayInSeconds holds an event back on the clock', async () => {
  const start = clock.now();
  await forge.invoke('pusher', [{ count: 1, delayInSeconds: 600 }]);
  await forge.drainQueues({ until: start + 599_000 });
  assert.equal(probe.seen.length, 0);
  await forge.drainQueues();
  assert.equal(probe.seen.length, 1);
  assert.ok(probe.seen[0]!.at >= start + 600_000);
});

test('an InvocationError retry comes back after retryAfter with its retry count', async () => {
  const start = clock.now();
  forge.queues.handle('/webhook/queue/publish/x', {
    queueName: 'probe-queue',
    jobId: 'j1',
    payload: [{ body: { id: 'r', retryOnce: true } }],
  });
  await forge.drainQueues();
  assert.deepEqual(
    probe.seen.map((s) => s.retryCount),
    [0, 1],
  );
  assert.ok(probe.seen[1]!.at - start >= 120_000);
  assert.equal(forge.queues.metrics.retries, 1);
});

test('duplicated delivery is produced on demand', async () => {
  setup({ duplicate: 1 });
  await forge.invoke('pusher', [{ count: 4 }]);
  await forge.drainQueues();
  assert.equal(probe.seen.length, 8);
  for (const id of [0, 1, 2, 3]) assert.equal(probe.seen.filter((s) => s.body.id === id).length, 2);
});

test('reordered delivery is produced on demand', async () => {
  setup({ reorder: 1 });
  await forge.invoke('pusher', [{ count: 10 }]);
  await forge.drainQueues();
  const order = probe.seen.map((s) => Number(s.body.id));
  assert.equal(order.length, 10);
  assert.notDeepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
  assert.equal(order[0], 9, 'with reorder=1 the newest ready event goes first');
});

test('a consumer that overruns its budget is failed, retried, and cannot write after its death', async () => {
  setup({ budgetScale: 0.05 }); // consumer budget: 2 s × 0.05 = 100 ms
  forge.queues.handle('/webhook/queue/publish/x', {
    queueName: 'probe-queue',
    jobId: 'j2',
    payload: [{ body: { id: 's', sleepMs: 300 } }],
  });
  await forge.drainQueues({ maxDeliveries: 1 });
  assert.equal(forge.metrics.timeouts, 1);
  await new Promise((resolve) => setTimeout(resolve, 400)); // let the dead invocation try its write
  assert.equal(
    kvsStore.handle('/api/v1/get', { key: 'after-sleep:s' }).status,
    404,
    'a timed-out invocation must not write',
  );
  assert.equal(forge.queues.metrics.retries, 1, 'the timed-out event is retried, as on Forge');
});

test('egress reaches only manifest hosts, and a 429 from the site carries Retry-After', async () => {
  const siteFile = setup();
  const org = siteFile.org.id;
  const user = siteFile.users[0]!.accountId;
  const url = `https://api.atlassian.com/admin/v1/orgs/${org}/directory/users/${encodeURIComponent(user)}/last-active-dates`;
  const first = (await forge.invoke('egress', [{ url }])) as { status: number };
  assert.equal(first.status, 200);
  const limited = (await forge.invoke('egress', [{ url }])) as { status: number; retryAfter: string | null };
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.retryAfter) > 0, 'Retry-After is a positive number of seconds');
  await assert.rejects(forge.invoke('egress', [{ url: 'https://example.com/x' }]), /not declared in manifest/);
});

test('job stats count events through their life, and cancel drops the events not yet started', async () => {
  const { jobId } = (await forge.invoke('pusher', [{ count: 6 }])) as { jobId: string };
  assert.deepEqual(await forge.invoke('jobControl', [{ jobId }]), { success: 0, inProgress: 6, failed: 0 });
  await forge.drainQueues({ maxDeliveries: 2 });
  assert.deepEqual(await forge.invoke('jobControl', [{ jobId }]), { success: 2, inProgress: 4, failed: 0 });
  await forge.invoke('jobControl', [{ jobId, cancel: true }]);
  await forge.drainQueues();
  assert.equal(probe.seen.length, 2, 'cancelled events are never delivered');
});

test('500 events a minute per installation: the next push fails with RateLimitError and queues nothing', async () => {
  for (let i = 0; i < 10; i += 1) await forge.invoke('pusher', [{ count: 50 }]);
  await assert.rejects(forge.invoke('pusher', [{ count: 1 }]), RateLimitError);
  assert.equal(forge.queues.metrics.eventsPushed, 500);
  assert.equal(forge.queues.metrics.throttledPushes, 1);
  assert.equal(forge.queues.metrics.eventsPerMinuteMax, 500);
  clock.advanceBy(60_000);
  await forge.invoke('pusher', [{ count: 1 }]);
  assert.equal(forge.queues.metrics.eventsPushed, 501);
});

test('the queue quotas can be switched off', async () => {
  setup({ queueQuotas: false });
  for (let i = 0; i < 12; i += 1) await forge.invoke('pusher', [{ count: 50 }]);
  assert.equal(forge.queues.metrics.eventsPushed, 600);
});

test('a tree of pushes from one invocation is cut at 1000 pushes with InvocationLimitReachedError', async () => {
  await forge.invoke('pusher', [{ count: 1, hop: 0 }]); // push 1, from the initial invocation
  await forge.drainQueues();
  // Hops 0..998 each pushed the next (pushes 2..1000); hop 999's push was the 1001st of the tree.
  assert.equal(probe.seen.length, 1000);
  assert.deepEqual(probe.pushErrors, [{ hop: 999, error: InvocationLimitReachedError.name }]);
  assert.equal(forge.queues.metrics.chainCuts, 1);
  assert.equal(forge.queues.metrics.longestTree, 1000);
  // Another initial invocation starts a tree of its own.
  await forge.invoke('pusher', [{ count: 1, hop: 5000 }]);
  await forge.drainQueues({ maxDeliveries: 3 });
  assert.equal(probe.pushErrors.length, 1);
});

test('a retry asked by one delivery of a duplicated event is made even after the other delivery succeeded', () => {
  // As on Forge, each delivery stands on its own: a copy that found the work taken (and returned) must not swallow the
  // retry of the copy doing the work.
  const queues = new LocalQueues(clock, new Set(['probe-queue']), { duplicate: 1, seed: 9 });
  queues.handle('/webhook/queue/publish/x', {
    queueName: 'probe-queue',
    jobId: 'j1',
    payload: [{ body: { id: 'd' } }],
  });
  const copy = queues.takeReady(new Map())!;
  const original = queues.takeReady(new Map())!;
  assert.equal(copy.eventId, original.eventId, 'two deliveries of one event run at once');
  queues.complete(original.eventId, { kind: 'success' });
  queues.complete(copy.eventId, { kind: 'retry', retryAfterSeconds: 5, reason: 'rate limited' });
  assert.equal(queues.takeReady(new Map()), undefined, 'the retry waits its 5 s');
  clock.advanceBy(5_000);
  const retried = queues.takeReady(new Map());
  assert.equal(retried?.eventId, original.eventId);
  assert.equal(retried?.retryContext?.retryCount, 1);
});

test('the heap probe measures what an invocation holds across its platform calls, over a clean baseline', async () => {
  const heap = new HeapProbe();
  setup({ heapProbe: heap });
  await forge.invoke('holdMemory', [{ megabytes: 40 }]);
  await forge.invoke('holdMemory', [{ megabytes: 2 }]);
  const report = heap.report();
  assert.equal(report.measured, 2);
  assert.equal(report.overlapped, 0);
  assert.equal(report.maxStep, 'holdMemory');
  // 40 arrays of 1 MB each: at least 40 MB, and not the whole process's heap (the site's, the storage's) too.
  assert.ok(report.maxMb >= 40 && report.maxMb < 80, `measured ${report.maxMb} MB`);
  heap.reset();
  assert.deepEqual(heap.report(), { measured: 0, overlapped: 0, maxMb: 0, maxStep: null, maxMbByStep: {} });
});

test('the heap probe does not measure invocations that ran at the same time, and names queue steps by kind', async () => {
  const heap = new HeapProbe();
  setup({ heapProbe: heap });
  await Promise.all([
    forge.invoke('holdMemory', [{ megabytes: 1, waitMs: 20 }]),
    forge.invoke('holdMemory', [{ megabytes: 1, waitMs: 20 }]),
  ]);
  assert.deepEqual(
    { measured: heap.report().measured, overlapped: heap.report().overlapped },
    { measured: 0, overlapped: 2 },
  );
  forge.queues.handle('/webhook/queue/publish/probe-queue', {
    queueName: 'probe-queue',
    jobId: 'probe-job',
    payload: [{ body: { kind: 'probe', id: 1 } }],
  });
  await forge.drainQueues();
  assert.ok('consumer:probe' in heap.report().maxMbByStep, JSON.stringify(heap.report().maxMbByStep));
});
