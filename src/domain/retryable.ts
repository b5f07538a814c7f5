/**
 * "Unknown is not no": an error from Atlassian or the mail provider that is worth retrying later (429, 5xx, network)
 * says so, and may say when. Anything else is permanent for this user or run. The engine (through its Directory
 * port) and the reports (resolving recipients) both ask, so the question lives below them.
 */
export interface RetryableError {
  retryable: true;
  retryAfterSeconds?: number;
  message: string;
}

export function isRetryable(error: unknown): error is RetryableError {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}
