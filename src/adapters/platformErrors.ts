/**
 * Forge's own quotas, as the engine should see them: a retryable ApiError (kind `rateLimited`) that says when to
 * come back, like an Atlassian 429. The engine already turns a retryable error into a queue retry
 * (InvocationError with retryAfter), so a step that meets a quota ends and comes back later instead of failing.
 *
 * - KVS over 4,000 read or write units a minute or 1,000 requests a second: 429 RATE_LIMIT_EXCEEDED, thrown by
 *   @forge/kvs as ForgeKvsAPIError. The SDK keeps no response headers, so the wait is ours: the quota windows
 *   are a minute at most, and the wait grows with the retries already spent so a busy minute is not hammered.
 * - The run-steps queue keeps the steps of a push Forge refuses (src/adapters/forgeQueue.ts); anything else that
 *   pushes and meets 500 events a minute (RateLimitError, "retry adding events after a minute") or the cyclic
 *   invocation limit (InvocationLimitReachedError) sees a retryable error here too.
 */
import { ForgeKvsAPIError } from '@forge/kvs';
import { InvocationLimitReachedError, RateLimitError } from '@forge/events';
import { ApiError } from './http';

/** Seconds to wait after a KVS 429: 5, 10, 20, 40, then 60, by the retries the event already had. */
export function kvsRetryAfterSeconds(retryCount: number): number {
  return Math.min(60, 5 * 2 ** Math.max(0, retryCount));
}

export function isKvsRateLimited(error: unknown): boolean {
  return (
    error instanceof ForgeKvsAPIError &&
    ((error as unknown as { code?: string }).code === 'RATE_LIMIT_EXCEEDED' || error.responseDetails?.status === 429)
  );
}

/** A Forge quota error as a retryable ApiError; anything else unchanged. */
export function toPlatformError(error: unknown, retryCount = 0): unknown {
  if (isKvsRateLimited(error)) {
    return new ApiError({
      kind: 'rateLimited',
      operation: 'forgeStorage',
      status: 429,
      retryable: true,
      retryAfterSeconds: kvsRetryAfterSeconds(retryCount),
      code: 'RATE_LIMIT_EXCEEDED',
      message:
        "Forge storage is over this installation's quota for the moment (4,000 reads and 4,000 writes a minute); the app tries again shortly.",
    });
  }
  if (error instanceof RateLimitError) {
    return new ApiError({
      kind: 'rateLimited',
      operation: 'forgeQueue',
      status: 429,
      retryable: true,
      retryAfterSeconds: 60,
      message: "Forge's queue is over this installation's 500 events a minute; the app tries again after a minute.",
    });
  }
  if (error instanceof InvocationLimitReachedError) {
    return new ApiError({
      kind: 'rateLimited',
      operation: 'forgeQueue',
      status: 405,
      retryable: true,
      retryAfterSeconds: 300,
      message: "Forge's limit of 1,000 queue pushes from one invocation was reached; the app tries again later.",
    });
  }
  return error;
}

/**
 * Wraps a port so every method's rejection goes through toPlatformError. Methods that return ports themselves
 * (a function returning a promise of an object) are not wrapped further: only direct calls are mapped.
 */
export function withPlatformErrors<T extends object>(port: T, retryCount = 0): T {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise
            ? result.catch((error: unknown) => {
                throw toPlatformError(error, retryCount);
              })
            : result;
        } catch (error) {
          throw toPlatformError(error, retryCount);
        }
      };
    },
  });
}
