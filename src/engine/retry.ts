/** Thrown by a step that must come back later (rate limit, Atlassian unavailable, a user busy elsewhere). */
export class RetryLater extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'RetryLater';
  }
}
