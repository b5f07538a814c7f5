/**
 * Forge async event queues, locally: what `@forge/events` talks to through `__forge_fetch__`
 * (`/webhook/queue/publish|stats|cancel/...`), and the delivery side that hands events to consumers.
 *
 * Semantics kept from Forge (FORGE-NOTES "Limits"): ≤ 50 events and 200 KB per push, `delayInSeconds`
 * 0..900, at-least-once and UNORDERED delivery, retries requested by returning `InvocationError`
 * (retryAfter ≤ 900 s, retryData ≤ 4 KB), platform failures (timeout, crash) retried too, at most
 * MAX_RETRIES retries, job stats and cancel. Faults make duplicates and reordering happen on demand.
 * An event due while its `concurrency: { key, limit }` is full is postponed with exponential backoff (1 s, 2 s,
 * 4 s ... up to 15 min; FORGE-NOTES "Queue concurrency"), not delivered the instant a slot frees.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { Random } from './random';

export const MAX_EVENTS_PER_PUSH = 50;
export const MAX_PUSH_BYTES = 200 * 1024;
export const MAX_DELAY_SECONDS = 900;
export const MAX_RETRY_DATA_BYTES = 4 * 1024;
/** Forge retries a failed event a bounded number of times (reported: 4); then it is dropped as failed. */
export const MAX_RETRIES = 4;

/**
 * Forge's async events quotas per installation ("Async events limits"):
 * - "Event per minute 500": a push that would take the minute past 500 events is refused with 429, which
 *   `@forge/events` throws as `RateLimitError` ("Too many requests."); none of its events is queued.
 * - "Cyclic invocation limit 1000": "the total number of async event push requests that can be made across all
 *   handlers originating from a single initial function invocation, including requests made by downstream
 *   handlers" (a loop of 1000 pushes, or a chain of 1000 hops, both reach it). The 1001st push of such a tree is
 *   refused with 405, which `@forge/events` throws as `InvocationLimitReachedError` ("The limit on cyclic
 *   invocation has been reached."). A retry of an event is a redelivery, not a push: it stays in its tree.
 * The minute is a fixed window of the platform clock.
 */
export interface QueueQuotas {
  eventsPerMinute: number;
  pushesPerInvocationTree: number;
}

export const FORGE_QUEUE_QUOTAS: Readonly<QueueQuotas> = { eventsPerMinute: 500, pushesPerInvocationTree: 1000 };

export interface QueueFaults {
  /** Probability that a delivered event is delivered a second time (a duplicate), 0..1. */
  duplicate?: number;
  /** Probability that an event's delivery is held back behind later events, 0..1. */
  reorder?: number;
  seed?: number;
}

export interface RetryContext {
  retryCount: number;
  retryReason: string;
  retryData?: unknown;
}

/** The AsyncEvent a consumer function receives, as `@forge/events` types it. */
export interface DeliveredEvent {
  queueName: string;
  jobId: string;
  eventId: string;
  body: Record<string, unknown>;
  delayInSeconds?: number;
  retryContext?: RetryContext;
}

type EventState = 'waiting' | 'running' | 'succeeded' | 'failed' | 'cancelled';

interface StoredEvent {
  eventId: string;
  queueName: string;
  jobId: string;
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  /** The initial invocation whose tree of pushes this event belongs to (the cyclic invocation limit). */
  origin: string;
  deliverAt: number;
  /** Orders events pushed at the same instant; shuffled by reorder faults. */
  sequence: number;
  state: EventState;
  retryContext?: RetryContext;
  /** Copies still to deliver after this one (duplicate fault): each copy is a separate delivery. */
  pendingDuplicates: number;
  /** Deliveries running right now (a duplicate may overlap the original). */
  running: number;
  /** Times the event came due while its `concurrency` key was full: each postpones it twice as long (≤ 15 min). */
  postponements: number;
}

/** Forge postpones an event over its concurrency limit and retries it with exponential backoff, up to 15 minutes. */
export function concurrencyBackoffSeconds(postponements: number): number {
  return Math.min(MAX_DELAY_SECONDS, 2 ** Math.max(0, postponements - 1));
}

export type ConsumerOutcome =
  | { kind: 'success' }
  | { kind: 'retry'; retryAfterSeconds: number; reason: string; retryData?: unknown }
  | { kind: 'platformError'; reason: string }
  /** The consumer threw: not a retry request. The event is recorded as failed so tests can see it. */
  | { kind: 'error'; message: string };

export interface QueueMetrics {
  pushes: number;
  eventsPushed: number;
  deliveries: number;
  retries: number;
  duplicatesDelivered: number;
  /** Times an event came due over its `concurrency` limit and was postponed (with backoff, as Forge does). */
  concurrencyPostponements: number;
  failedEvents: number;
  /** Pushes refused with 429 (over the events a minute). */
  throttledPushes: number;
  /** Pushes refused with 405 (their invocation tree had made its 1000 pushes). */
  chainCuts: number;
  /** The most events pushed in one minute of the clock; set it to 0 to measure from now. */
  eventsPerMinuteMax: number;
  /** The most pushes any one invocation tree made. */
  longestTree: number;
}

interface HttpAnswer {
  status: number;
  body?: unknown;
}

export class LocalQueues {
  private readonly events = new Map<string, StoredEvent>();
  private readonly random: Random;
  private sequence = 0;
  readonly metrics: QueueMetrics = {
    pushes: 0,
    eventsPushed: 0,
    deliveries: 0,
    retries: 0,
    duplicatesDelivered: 0,
    concurrencyPostponements: 0,
    failedEvents: 0,
    throttledPushes: 0,
    chainCuts: 0,
    eventsPerMinuteMax: 0,
    longestTree: 0,
  };
  private readonly quotas: QueueQuotas | undefined;
  private readonly minute = { start: -1, events: 0 };
  /** Pushes made so far by each invocation tree, by its initial invocation. */
  private readonly treePushes = new Map<string, number>();

  /** `quotas: false` turns Forge's queue quotas off (a unit test about something else). */
  constructor(
    private readonly clock: Clock,
    private readonly knownQueues: ReadonlySet<string>,
    private readonly faults: QueueFaults = {},
    quotas: false | Partial<QueueQuotas> = {},
  ) {
    this.random = new Random(faults.seed ?? 1);
    this.quotas = quotas === false ? undefined : { ...FORGE_QUEUE_QUOTAS, ...quotas };
  }

  /** Drops every event not yet delivered (a test that puts storage back drops the steps of runs it undid). */
  clear(): void {
    this.events.clear();
    this.treePushes.clear();
  }

  /**
   * Answers the `@forge/events` webhook paths. `origin` is the initial invocation of the caller's tree (the
   * runtime passes the invocation's own id, or for a queue consumer the origin of the event it handles).
   */
  handle(path: string, body: unknown, origin: string = randomUUID()): HttpAnswer {
    const request = body as Record<string, unknown>;
    if (path.startsWith('/webhook/queue/publish/')) return this.publish(request, origin);
    if (path.startsWith('/webhook/queue/stats/')) return this.stats(request);
    if (path.startsWith('/webhook/queue/cancel/')) return this.cancel(request);
    return { status: 404, body: { message: `Unknown queue endpoint ${path}` } };
  }

  /** The initial invocation of the tree an event belongs to. */
  originOf(eventId: string): string | undefined {
    return this.events.get(eventId)?.origin;
  }

  private publish(request: Record<string, unknown>, origin: string): HttpAnswer {
    const queueName = String(request.queueName);
    const jobId = String(request.jobId);
    const payload = request.payload as Array<{
      body: Record<string, unknown>;
      delayInSeconds?: number;
      concurrency?: { key: string; limit: number };
    }>;
    if (!this.knownQueues.has(queueName)) {
      return { status: 400, body: { message: `No consumer is declared in manifest.yml for queue '${queueName}'.` } };
    }
    // The SDK checks these limits before sending; the platform checks again, so a bypass still fails here.
    if (!Array.isArray(payload) || payload.length === 0 || payload.length > MAX_EVENTS_PER_PUSH) {
      return { status: 400, body: { message: `A push must hold 1 to ${MAX_EVENTS_PER_PUSH} events.` } };
    }
    if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PUSH_BYTES) {
      return { status: 413, body: { errorMessage: 'The combined payload of the events exceeds 200 KB.' } };
    }
    for (const event of payload) {
      const delay = event.delayInSeconds ?? 0;
      if (delay < 0 || delay > MAX_DELAY_SECONDS) {
        return { status: 400, body: { message: `delayInSeconds must be between 0 and ${MAX_DELAY_SECONDS}.` } };
      }
    }
    const now = this.clock.now();
    const refused = this.checkQuotas(origin, payload.length, now);
    if (refused) return refused;
    this.metrics.pushes += 1;
    for (const event of payload) {
      const delay = event.delayInSeconds ?? 0;
      const eventId = randomUUID();
      this.events.set(eventId, {
        eventId,
        queueName,
        jobId,
        body: structuredClone(event.body),
        delayInSeconds: event.delayInSeconds,
        concurrency: event.concurrency,
        origin,
        deliverAt: now + delay * 1000,
        sequence: this.sequence++,
        state: 'waiting',
        pendingDuplicates: this.random.chance(this.faults.duplicate ?? 0) ? 1 : 0,
        running: 0,
        postponements: 0,
      });
      this.metrics.eventsPushed += 1;
    }
    return { status: 201, body: {} };
  }

  /** Refuses a push over a quota, or counts it against its minute and its invocation tree. */
  private checkQuotas(origin: string, events: number, now: number): HttpAnswer | undefined {
    const windowStart = Math.floor(now / 60_000) * 60_000;
    if (this.minute.start !== windowStart) Object.assign(this.minute, { start: windowStart, events: 0 });
    const pushes = this.treePushes.get(origin) ?? 0;
    if (this.quotas && pushes >= this.quotas.pushesPerInvocationTree) {
      this.metrics.chainCuts += 1;
      return {
        status: 405,
        body: { message: `This invocation tree already made ${pushes} pushes (cyclic invocation limit).` },
      };
    }
    if (this.quotas && this.minute.events + events > this.quotas.eventsPerMinute) {
      this.metrics.throttledPushes += 1;
      return { status: 429, body: { message: `More than ${this.quotas.eventsPerMinute} events pushed this minute.` } };
    }
    this.treePushes.set(origin, pushes + 1);
    this.metrics.longestTree = Math.max(this.metrics.longestTree, pushes + 1);
    this.minute.events += events;
    this.metrics.eventsPerMinuteMax = Math.max(this.metrics.eventsPerMinuteMax, this.minute.events);
    return undefined;
  }

  private jobEvents(jobId: string): StoredEvent[] {
    return [...this.events.values()].filter((event) => event.jobId === jobId);
  }

  private stats(request: Record<string, unknown>): HttpAnswer {
    const events = this.jobEvents(String(request.jobId));
    if (events.length === 0) return { status: 404, body: { message: 'Job not found' } };
    return {
      status: 200,
      body: {
        success: events.filter((event) => event.state === 'succeeded').length,
        inProgress: events.filter((event) => event.state === 'waiting' || event.state === 'running').length,
        failed: events.filter((event) => event.state === 'failed').length,
      },
    };
  }

  /** Cancel drops the job's events that have not started; running ones finish. */
  private cancel(request: Record<string, unknown>): HttpAnswer {
    const events = this.jobEvents(String(request.jobId));
    if (events.length === 0) return { status: 404, body: { message: 'Job not found' } };
    for (const event of events) {
      if (event.state === 'waiting' && event.running === 0) event.state = 'cancelled';
    }
    return { status: 204 };
  }

  /**
   * The next event ready for delivery at the clock's time, or undefined. Among ready events the pick is
   * random (delivery is unordered); a reorder fault also holds some events back behind later ones.
   * `runningByConcurrencyKey` lets the caller honour `concurrency: { key, limit }`.
   */
  takeReady(runningByConcurrencyKey: ReadonlyMap<string, number>): DeliveredEvent | undefined {
    const now = this.clock.now();
    const ready: StoredEvent[] = [];
    for (const event of this.events.values()) {
      if (event.state !== 'waiting' || event.deliverAt > now) continue;
      if (
        event.concurrency !== undefined &&
        (runningByConcurrencyKey.get(event.concurrency.key) ?? 0) >= event.concurrency.limit
      ) {
        // Over the limit: not run the instant the slot frees, but retried later, each time later again.
        event.postponements += 1;
        event.deliverAt = now + concurrencyBackoffSeconds(event.postponements) * 1000;
        this.metrics.concurrencyPostponements += 1;
        continue;
      }
      ready.push(event);
    }
    if (ready.length === 0) return undefined;
    ready.sort((a, b) => a.sequence - b.sequence);
    let pick = ready[this.random.int(ready.length)]!;
    if (ready.length > 1 && this.random.chance(this.faults.reorder ?? 0)) {
      // Deliver the newest ready event first: the strongest reordering a consumer can meet.
      pick = ready[ready.length - 1]!;
    }
    this.metrics.deliveries += 1;
    if (pick.pendingDuplicates > 0) {
      // This delivery is a duplicate: the event stays waiting and will be delivered again.
      pick.pendingDuplicates -= 1;
      this.metrics.duplicatesDelivered += 1;
    } else {
      pick.state = 'running';
    }
    pick.running += 1;
    return {
      queueName: pick.queueName,
      jobId: pick.jobId,
      eventId: pick.eventId,
      body: structuredClone(pick.body),
      ...(pick.delayInSeconds !== undefined ? { delayInSeconds: pick.delayInSeconds } : {}),
      ...(pick.retryContext ? { retryContext: structuredClone(pick.retryContext) } : {}),
    };
  }

  concurrencyKeyOf(eventId: string): string | undefined {
    return this.events.get(eventId)?.concurrency?.key;
  }

  /** Records how one delivery ended and schedules the retry Forge would make. */
  complete(eventId: string, outcome: ConsumerOutcome): void {
    const event = this.events.get(eventId);
    if (!event) return;
    event.running = Math.max(0, event.running - 1);
    if (event.state !== 'running') {
      // A delivery ended after another delivery of the same event settled it. Forge treats every delivery on its own:
      // a retry this one asks for still happens, even though a copy succeeded (that copy may have left the work to it).
      if (event.state === 'succeeded' && (outcome.kind === 'retry' || outcome.kind === 'platformError'))
        this.scheduleRetry(event, outcome);
      return;
    }
    if (outcome.kind === 'success') {
      event.state = 'succeeded';
      return;
    }
    this.scheduleRetry(event, outcome);
  }

  private scheduleRetry(event: StoredEvent, outcome: Exclude<ConsumerOutcome, { kind: 'success' }>): void {
    const retryCount = (event.retryContext?.retryCount ?? 0) + 1;
    if (outcome.kind === 'error' || retryCount > MAX_RETRIES) {
      event.state = 'failed';
      this.metrics.failedEvents += 1;
      return;
    }
    const retryAfterSeconds =
      outcome.kind === 'retry' ? Math.min(Math.max(outcome.retryAfterSeconds, 1), MAX_DELAY_SECONDS) : 1;
    const retryData = outcome.kind === 'retry' ? outcome.retryData : undefined;
    if (retryData !== undefined && Buffer.byteLength(JSON.stringify(retryData)) > MAX_RETRY_DATA_BYTES) {
      // Forge drops a retry whose retryData is too big (ECO-759 and the 4 KB limit).
      event.state = 'failed';
      this.metrics.failedEvents += 1;
      return;
    }
    event.retryContext = { retryCount, retryReason: outcome.reason, ...(retryData !== undefined ? { retryData } : {}) };
    event.deliverAt = this.clock.now() + retryAfterSeconds * 1000;
    event.sequence = this.sequence++;
    event.state = 'waiting';
    this.metrics.retries += 1;
  }

  /** The earliest time a waiting event becomes deliverable, or undefined when none is waiting. */
  nextDeliveryAt(): number | undefined {
    let next: number | undefined;
    for (const event of this.events.values()) {
      if (event.state === 'waiting' && (next === undefined || event.deliverAt < next)) next = event.deliverAt;
    }
    return next;
  }

  /** Events that exhausted their retries: on Forge they are lost, so tests check there are none. */
  failedEvents(): Array<{ eventId: string; body: Record<string, unknown>; retryContext?: RetryContext }> {
    return [...this.events.values()]
      .filter((event) => event.state === 'failed')
      .map(({ eventId, body, retryContext }) => ({ eventId, body, ...(retryContext ? { retryContext } : {}) }));
  }
}
