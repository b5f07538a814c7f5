/**
 * The local runtime is faithful where the app depends on it: the real SDKs go through it, Forge's queue limits
 * and semantics hold (limits, retries, duplicates, reordering, time budgets), egress is limited to the manifest.
 */
// The runtime first: like Forge's platform, it must be in place before any @forge package loads (see runtime.ts).
import { LocalForge } from './runtime';
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { TooManyEventsError } from '@forge/events';
import { VirtualClock } from './clock';
import { LocalKvs } from './kvs';
import type { LocalManifest } from './manifest';
import { SimulatedSite, generateSite } from './site';
import * as probe from './fixtures/probeApp';

const file = path.join(__dirname, 'fixtures', 'probeApp');
const manifest: LocalManifest = {
  appId: 'ari:cloud:ecosystem::app/probe',
  functions: new Map([
    ['consumer', { key: 'consumer', file, exportName: 'consumer', timeoutSeconds: 2 }],
    ['pusher', { key: 'pusher', file, exportName: 'pusher', timeoutSeconds: 10 }],
    ['egress', { key: 'egress', file, exportName: 'egress', timeoutSeconds: 10 }],
    ['jobControl', { key: 'jobControl', file, exportName: 'jobControl', timeoutSeconds: 10 }],
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

function setup(opts: { duplicate?: number; reorder?: number; budgetScale?: number } = {}) {
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
  }).install();
  probe.seen.length = 0;
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
