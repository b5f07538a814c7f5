/**
 * Injected failures, repeatable for a seed: every request draws the same number of random values whatever
 * the configuration, so request N of a run meets the same fate each time the run is repeated.
 *
 * - `rate5xx`: answer 500/502/503 before acting (nothing changes).
 * - `rate429`: a spurious 429 (as during a platform-wide throttling storm) with `Retry-After` 1..5 s,
 *   not counted against the rate-limit window.
 * - `slowRate` / `slowMs`: the answer comes `slowMs` later (real time, on top of `latencyMs`).
 * - `writeSucceedsBut5xx`: for writes only, the change is made and then the answer is a 500, so a client
 *   that retries must cope with finding the work already done.
 */
import { Random } from '../random';

export interface FaultOptions {
  rate5xx?: number;
  rate429?: number;
  slowMs?: number;
  slowRate?: number;
  writeSucceedsBut5xx?: number;
  seed?: number;
}

export interface FaultPlan {
  /** What happens instead of the handler running. */
  before: { kind: 'none' } | { kind: 'error5xx'; status: number } | { kind: 'rateLimited'; retryAfterSeconds: number };
  extraDelayMs: number;
  /** The write runs, then the answer is replaced by a 500. */
  failAfterWrite: boolean;
}

const SERVER_ERRORS = [500, 502, 503] as const;

export class FaultInjector {
  private readonly random: Random;

  constructor(private readonly options: FaultOptions = {}) {
    for (const key of ['rate5xx', 'rate429', 'slowRate', 'writeSucceedsBut5xx'] as const) {
      const value = options[key];
      if (value !== undefined && !(value >= 0 && value <= 1))
        throw new Error(`faults.${key} must be a probability between 0 and 1, got ${value}.`);
    }
    this.random = new Random(options.seed ?? 1);
  }

  plan(isWrite: boolean): FaultPlan {
    const draws = [
      this.random.next(),
      this.random.next(),
      this.random.next(),
      this.random.next(),
      this.random.next(),
    ] as const;
    const { rate5xx = 0, rate429 = 0, slowRate = 0, slowMs = 0, writeSucceedsBut5xx = 0 } = this.options;
    let before: FaultPlan['before'] = { kind: 'none' };
    if (draws[0] < rate5xx)
      before = { kind: 'error5xx', status: SERVER_ERRORS[Math.floor(draws[3] * SERVER_ERRORS.length)] ?? 500 };
    else if (draws[1] < rate429) before = { kind: 'rateLimited', retryAfterSeconds: 1 + Math.floor(draws[3] * 5) };
    return {
      before,
      extraDelayMs: draws[2] < slowRate ? slowMs : 0,
      failAfterWrite: isWrite && before.kind === 'none' && draws[4] < writeSucceedsBut5xx,
    };
  }
}
