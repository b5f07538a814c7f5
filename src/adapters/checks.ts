/**
 * Unknown is not no. A check the app makes before it lets something happen (is the caller a site admin, does a new
 * key work) can fail to complete: the service answers 429 or 5xx, or cannot be reached. Such a check is tried again
 * a few times at once, and if it still cannot complete it answers "could not check", naming the service and its
 * status: never as if the check had found the answer no.
 *
 * The retries do not sleep: an invocation that waits holds its 25 s (STYLE.md); the page and the CLI try again
 * after a moment when told the check could not complete (`CHECK_FAILED` is safe to retry).
 */
import { isApiError, type HttpTransport } from './http';

/** Attempts of one check within one resolver call: a burst of 429s or one lost request rarely outlasts three. */
export const CHECK_ATTEMPTS = 3;

/** A check that could not complete: who could not answer, and how. */
export class CheckFailedError extends Error {
  override readonly name = 'CheckFailedError';
  constructor(
    /** What the app was checking, completing "The app could not check …". */
    readonly what: string,
    /** The service, e.g. "the Atlassian Admin API". */
    readonly service: string,
    /** The HTTP status, or "no answer" when the service could not be reached. */
    readonly status: string,
  ) {
    super(
      `The app could not check ${what}: ${service} answered ${status}, so the check did not complete. ` +
        'Nothing was changed; it is safe to try again in a moment.',
    );
  }
}

/** Whether an error means "the service could not answer now" (429, 5xx, network), not an answer. */
export function couldNotAnswer(error: unknown): boolean {
  return isApiError(error) && error.retryable;
}

/**
 * Runs a check, trying again while the service could not answer; after CHECK_ATTEMPTS, a CheckFailedError naming
 * the service and status. Any other error (a real answer, such as a rejected key) is thrown as it is.
 */
export async function checkWithRetries<T>(
  what: string,
  service: string,
  check: () => Promise<T>,
  attempts = CHECK_ATTEMPTS,
): Promise<T> {
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await check();
    } catch (error) {
      if (!couldNotAnswer(error)) throw error;
      last = error;
    }
  }
  const status = isApiError(last) && last.status !== undefined ? `HTTP ${last.status}` : 'no answer';
  throw new CheckFailedError(what, service, status);
}

/**
 * A transport for checks: one request answered 429 or 5xx, or lost, is sent again at once (up to CHECK_ATTEMPTS
 * times), so a check of several requests is not lost to one unlucky answer. Only for reads and searches: a check
 * changes nothing, so sending it twice is harmless.
 */
export function retryingTransport(transport: HttpTransport, attempts = CHECK_ATTEMPTS): HttpTransport {
  return async (url, init) => {
    for (let attempt = 1; ; attempt += 1) {
      let response: Awaited<ReturnType<HttpTransport>>;
      try {
        response = await transport(url, init);
      } catch (error) {
        if (attempt >= attempts) throw error;
        continue;
      }
      if ((response.status === 429 || response.status >= 500) && attempt < attempts) continue;
      return response;
    }
  };
}
