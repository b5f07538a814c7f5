/**
 * The local platform's sense of time. Everything simulated (KVS TTLs, queue delays, rate-limit windows,
 * scheduled triggers, the site's "now") reads one Clock, so a virtual clock can jump ahead by days in
 * `simulate` while the real clock is used by `npm start`.
 * Invocation time budgets are measured in real wall time, never on this clock.
 */
export interface Clock {
  now(): number;
}

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
}

export class VirtualClock implements Clock {
  private current: number;

  constructor(start: number | string | Date) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new Error(`VirtualClock: invalid start time ${String(start)}`);
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward; time never goes back. */
  advanceTo(time: number): void {
    if (time > this.current) this.current = time;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.current + ms);
  }
}

/**
 * Moves a virtual clock on by the real time that passed since the last call (`performance.now()`: inside the local
 * runtime, `Date` reads the virtual clock itself). The preview calls it on each request, so its platform time moves
 * with wall time as Forge's does: a storage quota's minute ends, TTLs expire, queue delays come due.
 */
export function followWallTime(clock: VirtualClock, wallNow: () => number = () => performance.now()): () => void {
  let last = wallNow();
  return () => {
    const now = wallNow();
    clock.advanceBy(now - last);
    last = now;
  };
}
