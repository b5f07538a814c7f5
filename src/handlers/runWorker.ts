/** Consumer of the run-steps queue: one step of a run per event. */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import { handleStep } from '../engine/worker';
import type { RunStep } from '../engine/records';
import { cloudIdFromInstallContext, createEngineDeps } from '../adapters/engineDeps';

const runStepSchema: z.ZodType<RunStep> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('scan'),
    runId: z.string(),
    seq: z.number().int().min(0),
    cursor: z.string().nullable(),
    token: z.string(),
  }),
  z.object({ kind: z.literal('act'), runId: z.string(), seq: z.number().int().min(0) }),
  z.object({
    kind: z.literal('finish'),
    runId: z.string(),
    watchdog: z.object({ lastPending: z.number().int() }).optional(),
  }),
]);

const ESCAPED_ERROR_RETRY_SECONDS = 60;

interface AsyncEvent {
  body: unknown;
  eventId?: string;
  retryContext?: { retryCount: number };
}

export async function runWorker(
  event: AsyncEvent,
  context: { installContext?: string },
): Promise<InvocationError | undefined> {
  const parsed = runStepSchema.safeParse(event.body);
  if (!parsed.success) {
    // No retry can fix a malformed event: log it and let it go.
    console.error(JSON.stringify({ app: 'user-manager', step: 'step.invalid', error: parsed.error.message }));
    return undefined;
  }
  const deps = createEngineDeps({
    cloudId: cloudIdFromInstallContext(context.installContext),
    retryCount: event.retryContext?.retryCount ?? 0,
  });
  let result: Awaited<ReturnType<typeof handleStep>>;
  try {
    result = await handleStep(deps, parsed.data);
  } catch (error) {
    // handleStep already turns every error of a step into a result; what still escapes is the platform refusing
    // even the clean-up (storage over quota while recording a retry): come back later rather than drop the event.
    console.error(JSON.stringify({ app: 'user-manager', step: 'step.escaped', error: (error as Error).message }));
    result = { kind: 'retry', retryAfterSeconds: ESCAPED_ERROR_RETRY_SECONDS, reason: (error as Error).message };
  }
  if (result.kind === 'retry') {
    return new InvocationError({
      retryAfter: result.retryAfterSeconds,
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    });
  }
  return undefined;
}
