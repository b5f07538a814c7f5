/**
 * The run-steps queue (@forge/events). Its consumer is declared in manifest.yml (run-step-consumer).
 *
 * A push Forge refuses for its own quotas is not lost: past 500 events a minute (RateLimitError) or past the
 * cyclic invocation limit (InvocationLimitReachedError: the invocations descending from one initial invocation
 * made 1,000 pushes, and none of them can push again, retries included), the steps are kept in storage and the
 * scheduler's next tick, an initial invocation of its own, pushes them (`pushDeferred`). Steps are idempotent,
 * so a step pushed twice (a deferral whose clean-up failed) does no harm.
 */
import { randomUUID } from 'node:crypto';
import { InvocationLimitReachedError, Queue, RateLimitError } from '@forge/events';
import { kvs, WhereConditions } from '@forge/kvs';
import type { RunStep } from '../engine/records';
import type { StepQueue } from '../engine/ports';
import { ACT_CONCURRENCY } from '../engine/phases';
import { keys } from './storageKeys';

export const RUN_STEPS_QUEUE = 'run-steps';

type Steps = ReadonlyArray<{ step: RunStep; delaySeconds?: number }>;
interface DeferredPush {
  steps: Steps;
  reason: string;
  at: string;
}

/** Deferred pushes one scheduler tick sends at most (each is one push of up to 50 steps). */
const DEFERRED_PER_TICK = 50;

export function createStepQueue(): StepQueue {
  const queue = new Queue({ key: RUN_STEPS_QUEUE });
  const send = async (steps: Steps) =>
    (
      await queue.push(
        steps.map(({ step, delaySeconds }) => ({
          body: step as unknown as Record<string, unknown>,
          ...(delaySeconds ? { delayInSeconds: delaySeconds } : {}),
          // Act steps share one concurrency key: the org's API rate limits are shared by all of them.
          ...(step.kind === 'act' ? { concurrency: ACT_CONCURRENCY } : {}),
        })),
      )
    ).jobId;
  return {
    async push(steps) {
      try {
        return await send(steps);
      } catch (error) {
        if (!(error instanceof RateLimitError || error instanceof InvocationLimitReachedError)) throw error;
        const id = randomUUID();
        const deferred: DeferredPush = { steps, reason: error.constructor.name, at: new Date().toISOString() };
        await kvs.set(keys.deferredPush(`${deferred.at}-${id}`), deferred);
        console.log(
          JSON.stringify({ app: 'user-manager', step: 'queue.deferred', reason: deferred.reason, steps: steps.length }),
        );
        return `deferred:${id}`;
      }
    },
    async cancel(jobId) {
      if (jobId.startsWith('deferred:')) return; // never pushed: its steps find the run cancelled when they come
      await queue.cancel(jobId);
    },
    async pushDeferred() {
      const page = await kvs
        .query()
        .where('key', WhereConditions.beginsWith(keys.deferredPushPrefix()))
        .limit(DEFERRED_PER_TICK)
        .getMany<DeferredPush>();
      let pushed = 0;
      for (const { key, value } of page.results) {
        await send(value.steps); // a refusal stops here: the rest waits for the next tick
        await kvs.delete(key);
        pushed += 1;
      }
      return pushed;
    },
  };
}
