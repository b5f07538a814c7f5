/**
 * What a caller of the simulated site names: the default org API key, the Atlassian API origin and the principal
 * header, the options a site is built with (clock, API keys, rate limits, latency, faults), the request and action
 * log entries it keeps, and the shape of each operation it serves. index.ts re-exports all of it.
 */
import type { Clock } from '../clock';
import type { FaultOptions } from './faults';
import type { Route } from './http';
import type { RateLimit, RateLimitBucket } from './rateLimit';

export const DEFAULT_ORG_API_KEY = 'local-org-api-key';
export const ATLASSIAN_API_ORIGIN = 'https://api.atlassian.com';
export const PRINCIPAL_HEADER = 'x-local-forge-principal';

export interface ApiKey {
  key: string;
  /** `all`: a key without scopes (the only kind the lifecycle API accepts). */
  scopes: 'all' | string[];
  expiresAt?: string;
}

export interface SiteOptions {
  /** The site's "now": rate-limit windows, deletion grace periods, timestamps of actions. */
  clock: Clock;
  /** Default: one key, DEFAULT_ORG_API_KEY, without scopes. */
  apiKeys?: ApiKey[];
  rateLimits?: Partial<Record<RateLimitBucket, RateLimit>>;
  /**
   * Whether a 429 says when to come back (`Retry-After`, default true). The Admin API spec names only the
   * `X-RateLimit-*` headers, so a client must also cope without it (`--no-retry-after`).
   */
  retryAfter?: boolean;
  /** Added to every request, in real time. */
  latencyMs?: number;
  faults?: FaultOptions;
  /** The app's own account, what `user/current` answers the app principal. */
  appAccountId?: string;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  url: string;
  /** e.g. `admin.searchUsers`; `unknown` for requests no route serves. */
  operation: string;
  status: number;
  /** `org-api-key`, `invalid-api-key`, `no-credentials`, `app`, `user:<accountId>`, `no-principal`, or `-`. */
  principal: string;
  /** Set when an injected fault shaped the answer. */
  fault?: 'error5xx' | 'rateLimited' | 'slow' | 'writeSucceedsBut5xx';
}

export interface ActionLogEntry {
  at: string;
  operation: string;
  /** suspend, restore, removeFromDirectory, addToGroup, removeFromGroup, deactivate, reactivate, delete, cancelDelete, purged */
  action: string;
  accountId: string;
  detail?: Record<string, string>;
}

/** The operations the site serves, with the spec operation each one is. */
export interface SiteOperation {
  operation: string;
  method: Route['method'];
  family: Route['family'];
  path: string;
  spec: Route['spec'];
  bucket: RateLimitBucket;
  write: boolean;
  errorStyle: Route['errorStyle'];
}
