/**
 * What the local Forge runtime (runtime.ts) needs and offers, as types: the KVS, site and egress backends it routes
 * platform calls to, its options, what it tells about a running invocation, its metrics, and the errors an
 * invocation ends with when it is killed or runs past its time budget.
 */
import type { Clock } from './clock';
import type { LocalManifest } from './manifest';
import type { DeliveredEvent, QueueFaults, QueueQuotas } from './queues';
import type { HeapProbe, HeapWatch } from './heapProbe';

/** What the runtime needs from the KVS emulator (test/local/kvs). */
export interface KvsBackend {
  handle(path: string, body: unknown): { status: number; body?: unknown; headers?: Record<string, string> };
}

/** What the runtime needs from the simulated site (test/local/site). */
export interface SiteBackend {
  readonly siteUrl: string;
  readonly cloudId: string;
  handle(request: { method: string; url: string; headers: Record<string, string>; body?: string }): Promise<{
    status: number;
    headers: Record<string, string>;
    body: string;
  }>;
}

/** A service the app reaches by egress (`@forge/api` fetch), e.g. a simulated email provider. */
export interface EgressService {
  /** e.g. `https://api.postmarkapp.com` */
  origin: string;
  handle: SiteBackend['handle'];
}

/** Who an invocation runs for: the app alone (triggers, queues) or a user (resolvers). */
export type Principal = { kind: 'app' } | { kind: 'user'; accountId: string };

export interface InvocationInfo {
  invocationId: string;
  functionKey: string;
  /** Platform calls (KVS, queue, product and egress requests) made so far by this invocation. */
  platformCalls: number;
  /** The previous platform call, e.g. `kvs /api/v1/set` or `egress https://api.postmarkapp.com/email`, to kill right after it. */
  lastCall: string | null;
  event?: DeliveredEvent;
}

export interface RuntimeOptions {
  kvs: KvsBackend;
  site: SiteBackend;
  /** Other egress destinations than Atlassian's API (which the site answers). */
  services?: EgressService[];
  clock: Clock;
  manifest?: LocalManifest;
  /** Multiplies every function's time budget (e.g. 0.01 to provoke overruns quickly in a test). */
  budgetScale?: number;
  /** Queue deliveries running at once. */
  concurrency?: number;
  queueFaults?: QueueFaults;
  /**
   * Forge's async events quotas (500 events a minute, 1000 pushes per invocation tree: see queues.ts). On by
   * default; `false` turns them off for a unit test about something else; an object overrides some limits.
   * The KVS quotas are the KVS backend's (LocalKvsOptions.quotas).
   */
  queueQuotas?: false | Partial<QueueQuotas>;
  /**
   * Called before every platform call; returning true kills the invocation right there: the call fails and
   * the invocation ends as a platform error (retried if it was a queue event). Simulates a crash halfway.
   */
  killWhen?: (info: InvocationInfo) => boolean;
  /**
   * Called before every KVS call of an invocation; returning true answers it as Forge does past a storage quota
   * (429 RATE_LIMIT_EXCEEDED) without running it. Puts a throttle exactly where a test wants one (mid-act, mid-scan).
   */
  throttleKvsWhen?: (info: InvocationInfo, path: string, body: unknown) => boolean;
  /** Where the runtime logs what the app logs (console.* inside invocations is left as is). */
  log?: (line: string) => void;
  /** Measures each invocation's heap (see heapProbe.ts): a full garbage collection before each one, so bench only. */
  heapProbe?: HeapProbe;
}

export interface InvocationContext extends InvocationInfo {
  principal: Principal;
  /** The initial invocation of this one's tree of queue pushes: itself, or the origin of the event it handles. */
  origin: string;
  deadline: number;
  dead: boolean;
  deathReason?: string;
  heap?: HeapWatch;
}

export interface RuntimeMetrics {
  invocations: number;
  invocationsByFunction: Record<string, number>;
  maxInvocationMs: number;
  timeouts: number;
  kills: number;
  platformCalls: number;
  egressCalls: number;
  /** KVS calls answered 429 by `throttleKvsWhen`. */
  injectedKvsThrottles: number;
}

export class InvocationDiedError extends Error {
  constructor(reason: string) {
    super(`This invocation is no longer running (${reason}); the platform rejects its further calls.`);
    this.name = 'InvocationDiedError';
  }
}

export class InvocationTimeoutError extends Error {
  constructor(functionKey: string, budgetMs: number) {
    super(
      `Function '${functionKey}' ran past its ${Math.round(budgetMs)} ms budget and was stopped (FUNCTION_TIME_OUT).`,
    );
    this.name = 'InvocationTimeoutError';
  }
}
