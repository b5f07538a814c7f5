/** The run-steps queue (@forge/events). Its consumer is declared in manifest.yml (run-step-consumer). */
import { Queue } from '@forge/events';
import type { StepQueue } from '../engine/ports';
import { ACT_CONCURRENCY } from '../engine/phases';

export const RUN_STEPS_QUEUE = 'run-steps';

export function createStepQueue(): StepQueue {
  const queue = new Queue({ key: RUN_STEPS_QUEUE });
  return {
    async push(steps) {
      const { jobId } = await queue.push(
        steps.map(({ step, delaySeconds }) => ({
          body: step,
          ...(delaySeconds ? { delayInSeconds: delaySeconds } : {}),
          // Act steps share one concurrency key: the org's API rate limits are shared by all of them.
          ...(step.kind === 'act' ? { concurrency: ACT_CONCURRENCY } : {}),
        })),
      );
      return jobId;
    },
    async cancel(jobId) {
      await queue.cancel(jobId);
    },
  };
}
