/**
 * Forge's queue concurrency as the local queues deliver it (FORGE-NOTES "Queue concurrency"): an event that comes due
 * while its `concurrency` key is full is postponed and retried with exponential backoff up to 15 minutes, not
 * delivered the instant the slot frees.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from './clock';
import { concurrencyBackoffSeconds, LocalQueues } from './queues';

test('an event over its concurrency limit waits 1 s, 2 s, 4 s ... (at most 15 min), not for the slot to free', () => {
  assert.deepEqual([1, 2, 3, 4, 10, 11, 30].map(concurrencyBackoffSeconds), [1, 2, 4, 8, 512, 900, 900]);
  const clock = new VirtualClock('2026-11-25T00:00:00Z');
  const queues = new LocalQueues(clock, new Set(['steps']), {}, false);
  const concurrency = { key: 'act', limit: 1 };
  const pushed = queues.handle('/webhook/queue/publish/steps', {
    queueName: 'steps',
    jobId: 'job-1',
    payload: [
      { body: { n: 1 }, concurrency },
      { body: { n: 2 }, concurrency },
    ],
  });
  assert.equal(pushed.status, 201);
  const first = queues.takeReady(new Map());
  assert.ok(first);
  const running = new Map([['act', 1]]);
  // Due while the slot is taken: postponed, three times in a row as it comes due again.
  const start = clock.now();
  for (const wait of [1, 2, 4]) {
    assert.equal(queues.takeReady(running), undefined);
    assert.equal(queues.nextDeliveryAt(), clock.now() + wait * 1000);
    clock.advanceTo(queues.nextDeliveryAt()!);
  }
  queues.complete(first.eventId, { kind: 'success' });
  // The slot is free now, but the event is only tried again at its next backoff, not at once.
  assert.equal(queues.takeReady(running), undefined, 'still counted running by the caller: postponed once more');
  clock.advanceTo(queues.nextDeliveryAt()!);
  const second = queues.takeReady(new Map());
  assert.deepEqual(second?.body, { n: first.body.n === 1 ? 2 : 1 }, 'the other event');
  assert.equal(clock.now() - start, (1 + 2 + 4 + 8) * 1000);
  assert.equal(queues.metrics.concurrencyPostponements, 4);
});
