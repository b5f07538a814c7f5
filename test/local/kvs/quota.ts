/**
 * Forge's KVS quotas per installation, on the platform clock: what a request costs and whether the installation
 * may make it now.
 *
 * Billing (developer.atlassian.com "KVS and Custom Entity Store limits"): reads and writes are counted in units
 * of 10 KB **per key**, each started 10 KB counting and every key costing at least one unit. So a batch of ten
 * 1 KB values costs 10 write units (not 1), a query returning 100 small values 100 read units, a delete 1 write
 * unit, a missing key 1 read unit. A transaction's sets and deletes are writes, its checks reads.
 *
 * Limits: 4,000 read units and 4,000 write units a minute, 1,000 requests a second. Past them Forge answers
 * 429 `RATE_LIMIT_EXCEEDED` ("Any request that exceeds a quota or limit will return a 429 status with an error
 * code of RATE_LIMIT_EXCEEDED", "Error handling for the Key-Value Store"). The windows here are fixed (the
 * minute and the second of the clock), and a request is admitted while its window has room for what is known
 * of its cost beforehand: a write's units are known from its body, a read's only from its answer, so a read is
 * admitted while the minute has at least one unit left and may overdraw it by its own size, as on a metered
 * service that bills after answering. A refused request does nothing and costs nothing.
 *
 * The local platform's virtual clock does not move while code runs, only when every invocation waits (a queue
 * delay, a retry): work between two waits happens "at once". That makes the per-second limit bite on any burst
 * of more than 1,000 requests between waits, which real latency would spread out: the emulation is stricter
 * than Forge there, never looser.
 */
import { billingUnits, jsonBytes } from './limits';

export interface KvsQuotaLimits {
  readUnitsPerMinute: number;
  writeUnitsPerMinute: number;
  requestsPerSecond: number;
}

export const FORGE_KVS_QUOTAS: Readonly<KvsQuotaLimits> = {
  readUnitsPerMinute: 4000,
  writeUnitsPerMinute: 4000,
  requestsPerSecond: 1000,
};

export interface QuotaCost {
  reads: number;
  writes: number;
}

export interface QuotaRefusal {
  /** Which limit: e.g. "4000 write units a minute". */
  limit: string;
  retryAfterSeconds: number;
}

interface Window {
  start: number;
  used: number;
}

export class KvsQuota {
  private readonly limits: KvsQuotaLimits;
  private readonly reads: Window = { start: -1, used: 0 };
  private readonly writes: Window = { start: -1, used: 0 };
  private readonly requests: Window = { start: -1, used: 0 };

  constructor(
    private readonly now: () => number,
    limits: Partial<KvsQuotaLimits> = {},
  ) {
    this.limits = { ...FORGE_KVS_QUOTAS, ...limits };
  }

  /** Whether a request costing at least `known` may run now; undefined when it may. Counts the request if so. */
  admit(known: QuotaCost): QuotaRefusal | undefined {
    const now = this.now();
    const second = roll(this.requests, now, 1000);
    if (this.requests.used >= this.limits.requestsPerSecond)
      return refusal(`${this.limits.requestsPerSecond} requests a second`, second, now);
    const minute = roll(this.reads, now, 60_000);
    roll(this.writes, now, 60_000);
    if (known.reads > 0 && this.reads.used + known.reads > this.limits.readUnitsPerMinute)
      return refusal(`${this.limits.readUnitsPerMinute} read units a minute`, minute, now);
    if (known.writes > 0 && this.writes.used + known.writes > this.limits.writeUnitsPerMinute)
      return refusal(`${this.limits.writeUnitsPerMinute} write units a minute`, minute, now);
    this.requests.used += 1;
    return undefined;
  }

  /** Bills what an admitted request cost. */
  bill(cost: QuotaCost): void {
    this.reads.used += cost.reads;
    this.writes.used += cost.writes;
  }
}

/** Moves a window to the one holding `now`; returns when it ends. */
function roll(window: Window, now: number, lengthMs: number): number {
  const start = Math.floor(now / lengthMs) * lengthMs;
  if (window.start !== start) {
    window.start = start;
    window.used = 0;
  }
  return start + lengthMs;
}

function refusal(limit: string, windowEnd: number, now: number): QuotaRefusal {
  return { limit, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)) };
}

type Item = { value?: unknown };

/** One key's units: its value's started 10 KB (a key without a value, as a delete or a miss, costs one). */
function keyUnits(item: Item | undefined): number {
  return billingUnits(item?.value === undefined ? 0 : jsonBytes(item.value));
}

const sum = (items: readonly Item[]) => items.reduce((total, item) => total + keyUnits(item), 0);

/** A write's cost, known from its body before it runs (0 for a read path). */
export function writeCost(path: string, body: unknown): QuotaCost {
  const request = (body ?? {}) as Record<string, unknown>;
  const list = (value: unknown): Item[] => (Array.isArray(value) ? (value as Item[]) : []);
  if (path === '/api/v1/transaction') {
    const deletes = list(request.delete).length;
    return { writes: sum(list(request.set)) + deletes, reads: list(request.check).length };
  }
  if (path.endsWith('/batch/set')) return { reads: 0, writes: sum(list(body)) };
  if (path.endsWith('/batch/delete')) return { reads: 0, writes: Math.max(1, list(body).length) };
  if (path.endsWith('/set')) return { reads: 0, writes: keyUnits(request) };
  if (path.endsWith('/delete')) return { reads: 0, writes: 1 };
  return { reads: 0, writes: 0 };
}

/** A read's cost, from what it answered (`undefined` for a missing key: one unit). */
export function readCost(path: string, response: unknown): number {
  const answer = (response ?? {}) as Record<string, unknown>;
  if (path.endsWith('/query')) return Math.max(1, sum(Array.isArray(answer.data) ? (answer.data as Item[]) : []));
  if (path.endsWith('/batch/get')) {
    const found = Array.isArray(answer.successfulKeys) ? (answer.successfulKeys as Item[]) : [];
    const missing = Array.isArray(answer.failedKeys) ? answer.failedKeys.length : 0;
    return Math.max(1, sum(found) + missing);
  }
  return keyUnits(response === undefined ? undefined : answer);
}
