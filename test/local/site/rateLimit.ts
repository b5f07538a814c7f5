/**
 * Fixed-window rate limits on the site's clock, one counter per bucket (the simulator serves one org and
 * one site, so "per org" and "per site" are the same counter).
 *
 * Defaults, and where they come from:
 * - `lastActive`: 200 requests/minute per org: published in the Admin API's "Rate limits of Last Active
 *   Dates API" (admin-org.json narrative, developer.atlassian.com/cloud/admin/organization/rest/intro/).
 * - `admin` (every other Admin API operation): Atlassian publishes no number ("all API requests are subjected
 *   to rate limits"); 500/minute per org is a conservative guess so a 100,000-user scan (1,000 pages) is
 *   throttled, as it would likely be for real.
 * - `lifecycle` (user management API): unpublished; 100/minute, as a bulk deactivation should expect throttling.
 * - `confluence`: Confluence Cloud since March 2026 uses points-based hourly quotas plus unpublished burst
 *   limits (developer.atlassian.com/cloud/confluence/rate-limiting/); a request count of 1,000/minute stands
 *   in for both.
 * Headers follow the Admin API docs: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`
 * (ISO 8601 UTC time the window resets) and, on 429, `Retry-After` in whole seconds.
 */
import type { Clock } from '../clock';
import type { RateLimitBucket } from './http';

export type { RateLimitBucket } from './http';

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitBucket, RateLimit>> = {
  lastActive: { limit: 200, windowSeconds: 60 },
  admin: { limit: 500, windowSeconds: 60 },
  lifecycle: { limit: 100, windowSeconds: 60 },
  confluence: { limit: 1000, windowSeconds: 60 },
};

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends (ms). */
  resetAt: number;
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly limits: Record<RateLimitBucket, RateLimit>;
  private readonly windows = new Map<RateLimitBucket, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    overrides: Partial<Record<RateLimitBucket, RateLimit>> = {},
  ) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...overrides };
    for (const [bucket, { limit, windowSeconds }] of Object.entries(this.limits)) {
      if (!(limit > 0) || !(windowSeconds > 0))
        throw new Error(`Rate limit for '${bucket}' needs a positive limit and windowSeconds.`);
    }
  }

  /** Counts one request against the bucket if the window has room; a refused request is not counted. */
  take(bucket: RateLimitBucket): RateLimitDecision {
    const { limit, windowSeconds } = this.limits[bucket];
    const windowMs = windowSeconds * 1000;
    const now = this.clock.now();
    const start = Math.floor(now / windowMs) * windowMs;
    let window = this.windows.get(bucket);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(bucket, window);
    }
    const resetAt = start + windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetAt, retryAfterSeconds };
    window.count += 1;
    return { allowed: true, limit, remaining: limit - window.count, resetAt, retryAfterSeconds };
  }
}

export function rateLimitHeaders(decision: RateLimitDecision, retryAfter = true): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(decision.limit),
    'x-ratelimit-remaining': String(decision.remaining),
    'x-ratelimit-reset': new Date(decision.resetAt).toISOString(),
  };
  if (!decision.allowed && retryAfter) headers['retry-after'] = String(decision.retryAfterSeconds);
  return headers;
}
