/**
 * The local Forge runtime: runs the app's real handlers, with the real `@forge/*` packages, on this machine.
 *
 * Every Forge SDK reaches the platform through two globals (FORGE-NOTES "Runtime"):
 *   - `__forge_fetch__(target, path, init)`: KVS (type 'kvs'), queues (stargate `/webhook/queue/...`),
 *     Confluence REST (remote 'confluence');
 *   - `__forge_runtime__`: app context, remaining time, proxy token.
 * and egress (`@forge/api`'s `fetch`) uses the global `fetch`. This module provides all three, routes them
 * to the local KVS, queues and simulated site, and runs invocations as Forge does: one context per
 * invocation (AsyncLocalStorage, so concurrent invocations don't share one), a time budget from the
 * manifest that is enforced (an overrunning invocation is failed, retried if it was a queue event, and
 * every platform call it makes afterwards fails: it cannot write after its death), and only the functions,
 * queues, triggers and egress the manifest declares.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Clock } from './clock';
import { KvsErrors } from './kvs/errors';
import { VirtualClock } from './clock';
import { loadManifest, RESOLVER_TIMEOUT_SECONDS, type FunctionDeclaration, type LocalManifest } from './manifest';
import { LocalQueues, type ConsumerOutcome, type DeliveredEvent, type QueueFaults, type QueueQuotas } from './queues';
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

interface InvocationContext extends InvocationInfo {
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

/**
 * `@forge/api` captures the global `fetch` when it is first loaded, as on Forge where the platform's fetch is
 * in place before any app code runs. So the egress hook is installed as soon as this module loads, and routes
 * to whichever LocalForge is installed; outside an invocation it is the machine's own fetch.
 */
const machineFetch = globalThis.fetch;
let installedRuntime: LocalForge | undefined;
globalThis.fetch = (input: string | URL | Request, init?: RequestInit) =>
  installedRuntime ? installedRuntime.routeFetch(input, init) : machineFetch(input, init);

/** Where local web trigger URLs point (never fetched over the network: `openWebTrigger` serves them). */
export const WEB_TRIGGER_ORIGIN = 'https://local-forge.invalid';

const TRACE = { traceId: 'local-trace', spanId: 'local-span' };
const noopMetric = { incr() {}, decr() {}, set() {}, measure: () => ({ stop() {} }), stop() {} };
const noopMetrics = { counter: () => noopMetric, gauge: () => noopMetric, timing: () => noopMetric };

export class LocalForge {
  readonly manifest: LocalManifest;
  readonly queues: LocalQueues;
  readonly metrics: RuntimeMetrics = {
    invocations: 0,
    invocationsByFunction: {},
    maxInvocationMs: 0,
    timeouts: 0,
    kills: 0,
    platformCalls: 0,
    egressCalls: 0,
    injectedKvsThrottles: 0,
  };
  readonly installationId = 'local-installation';
  readonly environmentId = 'local-environment';
  private readonly storage = new AsyncLocalStorage<InvocationContext>();
  private readonly running = new Map<string, number>();
  private realDate: DateConstructor | undefined;
  private installed = false;

  constructor(private readonly options: RuntimeOptions) {
    this.manifest = options.manifest ?? loadManifest();
    this.queues = new LocalQueues(
      options.clock,
      new Set(this.manifest.consumers.keys()),
      options.queueFaults,
      options.queueQuotas ?? {},
    );
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get heapProbe(): HeapProbe | undefined {
    return this.options.heapProbe;
  }

  addService(service: EgressService): void {
    this.options.services = [...(this.options.services ?? []), service];
  }

  /** Puts the platform globals in place. With a virtual clock, `Date` reads that clock, as the app's only "now". */
  install(): this {
    if (this.installed) return this;
    const runtime = this;
    const g = globalThis as Record<string, unknown>;
    g.__forge_fetch__ = (target: Record<string, unknown>, path: string, init?: RequestInit) =>
      this.platformFetch(target, path, init);
    Object.defineProperty(globalThis, '__forge_runtime__', {
      configurable: true,
      get: () => runtime.currentRuntimeObject(),
    });
    installedRuntime = this;
    if (this.options.clock instanceof VirtualClock) this.installVirtualDate(this.options.clock);
    this.captureConsole();
    this.installed = true;
    return this;
  }

  uninstall(): void {
    if (!this.installed) return;
    const g = globalThis as Record<string, unknown>;
    delete g.__forge_fetch__;
    delete g.__forge_runtime__;
    if (installedRuntime === this) installedRuntime = undefined;
    if (this.realDate) globalThis.Date = this.realDate;
    for (const [level, original] of Object.entries(this.realConsole)) console[level as 'log'] = original;
    this.installed = false;
  }

  private realConsole: Partial<Record<'log' | 'info' | 'warn' | 'error', (...args: unknown[]) => void>> = {};

  /** Inside an invocation, console output is the invocation's log (as `forge logs` shows it): it goes to `options.log`. */
  private captureConsole(): void {
    for (const level of ['log', 'info', 'warn', 'error'] as const) {
      const original = console[level].bind(console);
      this.realConsole[level] = original;
      console[level] = (...args: unknown[]) => {
        if (!this.storage.getStore()) return original(...args);
        this.logLines.push(args.map(String).join(' '));
        if (this.logLines.length > 10_000) this.logLines.splice(0, 5_000);
        this.options.log?.(args.map(String).join(' '));
      };
    }
  }

  /** The most recent log lines of app code (bounded). */
  readonly logLines: string[] = [];

  private installVirtualDate(clock: Clock): void {
    const RealDate = Date;
    this.realDate = RealDate;
    class VirtualDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(clock.now());
        else super(...(args as [string | number | Date]));
      }
      static override now(): number {
        return clock.now();
      }
    }
    globalThis.Date = VirtualDate as DateConstructor;
  }

  private currentRuntimeObject(): Record<string, unknown> | undefined {
    const context = this.storage.getStore();
    return {
      proxy: { token: 'local-proxy-token', url: 'local' },
      tracing: TRACE,
      metrics: noopMetrics,
      contextAri: `ari:cloud:confluence::site/${this.options.site.cloudId}`,
      externalAuth: [],
      container: { appCodeDir: process.cwd() },
      appContext: {
        appId: this.manifest.appId,
        appVersion: '1.0.0',
        environmentId: this.environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId: context?.invocationId ?? 'outside-invocation',
        installationId: this.installationId,
        moduleKey: context?.functionKey ?? 'none',
        license: { isActive: true },
        installation: { ari: { installationId: this.installationId } },
        permissions: { scopes: this.manifest.scopes, external: {} },
      },
      lambdaContext: {
        getRemainingTimeInMillis: () => (context ? Math.max(0, context.deadline - performance.now()) : 0),
      },
    };
  }

  /** Every platform call checks that its invocation is still alive, then may be the place it dies. */
  /** `call` names the platform call about to be made; killWhen sees the one before it in `lastCall`. */
  private checkAlive(call: string): InvocationContext | undefined {
    const context = this.storage.getStore();
    if (!context) return undefined;
    if (context.dead) throw new InvocationDiedError(context.deathReason ?? 'ended');
    context.platformCalls += 1;
    this.metrics.platformCalls += 1;
    if (context.heap) this.options.heapProbe?.sample(context.heap);
    if (this.options.killWhen?.(context)) {
      context.dead = true;
      context.deathReason = 'killed';
      this.metrics.kills += 1;
      throw new InvocationDiedError('killed');
    }
    context.lastCall = call;
    return context;
  }

  private async platformFetch(target: Record<string, unknown>, path: string, init?: RequestInit): Promise<Response> {
    const context = this.checkAlive(`${String(target.type === 'kvs' ? 'kvs' : target.remote)} ${path}`);
    const body =
      typeof init?.body === 'string' && init.body.length > 0 ? (JSON.parse(init.body) as unknown) : undefined;
    if (target.type === 'kvs' && context && this.options.throttleKvsWhen?.(context, path, body)) {
      this.metrics.injectedKvsThrottles += 1;
      const error = KvsErrors.rateLimited('an injected throttle');
      return jsonResponse({ status: error.status, body: error.toBody(), headers: { 'retry-after': '60' } });
    }
    if (target.type === 'kvs') return jsonResponse(this.options.kvs.handle(path, body));
    if (target.remote === 'stargate' && path.startsWith('/webhook/queue/'))
      return jsonResponse(this.queues.handle(path, body, context?.origin));
    if (target.remote === 'stargate' && path === '/graphql')
      return jsonResponse(this.graphql(body as { query?: string; variables?: Record<string, unknown> }));
    if (target.remote === 'confluence') {
      const principal =
        target.provider === 'user'
          ? `user:${String(target.accountId ?? (context?.principal.kind === 'user' ? context.principal.accountId : ''))}`
          : 'app';
      const answer = await this.options.site.handle({
        method: init?.method ?? 'GET',
        url: this.options.site.siteUrl + path,
        headers: { ...headersToRecord(init?.headers), 'x-local-forge-principal': principal },
        ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      });
      return new Response(answer.status === 204 || answer.body === '' ? null : answer.body, {
        status: answer.status,
        headers: answer.headers,
      });
    }
    return new Response(
      JSON.stringify({
        message: `The local runtime does not serve ${String(target.type)} ${String(target.remote)} ${path}`,
      }),
      {
        status: 404,
        headers: { 'forge-proxy-error': 'NOT_FOUND' },
      },
    );
  }

  /** The one platform GraphQL call the app makes: `webTrigger.getUrl()` (createWebTriggerUrl). */
  private graphql(body: { query?: string; variables?: Record<string, unknown> }): { status: number; body: unknown } {
    if (body.query?.includes('createWebTriggerUrl')) {
      const input = (body.variables?.input ?? {}) as { triggerKey?: string };
      const key = String(input.triggerKey);
      if (!this.manifest.webTriggers.has(key))
        return { status: 200, body: { errors: [{ message: `No web trigger '${key}' in manifest.yml` }] } };
      return {
        status: 200,
        body: { data: { createWebTriggerUrl: { url: `${WEB_TRIGGER_ORIGIN}/x1/${this.installationId}-${key}` } } },
      };
    }
    return {
      status: 200,
      body: { errors: [{ message: 'The local runtime serves only createWebTriggerUrl over GraphQL.' }] },
    };
  }

  /**
   * Calls a web trigger by its URL, as a browser following a link would (or, with `method` and `body`, as a form
   * posting back to it). Returns the function's dynamic response.
   */
  async openWebTrigger(
    url: string,
    method = 'GET',
    options: { body?: string; headers?: Record<string, string[]> } = {},
  ): Promise<{ statusCode: number; headers: Record<string, string[]>; body: string }> {
    const parsed = new URL(url);
    const match = /^\/x1\/(.+)$/.exec(parsed.pathname);
    const key = match?.[1]?.slice(this.installationId.length + 1);
    const functionKey = key ? this.manifest.webTriggers.get(key) : undefined;
    if (parsed.origin !== WEB_TRIGGER_ORIGIN || !functionKey)
      return { statusCode: 404, headers: {}, body: 'No such web trigger' };
    const queryParameters: Record<string, string[]> = {};
    parsed.searchParams.forEach((value, name) => {
      (queryParameters[name] ??= []).push(value);
    });
    const request = {
      method,
      path: parsed.pathname,
      queryParameters,
      headers: options.headers ?? {},
      body: options.body ?? '',
    };
    return (await this.invoke(functionKey, [
      request,
      { installContext: `ari:cloud:confluence::site/${this.options.site.cloudId}` },
    ])) as {
      statusCode: number;
      headers: Record<string, string[]>;
      body: string;
    };
  }

  /**
   * A person following an emailed link: opens it (GET) and, when the page offers a button (a form posting back to
   * the link), presses it (POST with the form's fields). Returns the last page.
   */
  async clickWebTriggerLink(
    url: string,
  ): Promise<{ statusCode: number; headers: Record<string, string[]>; body: string }> {
    const opened = await this.openWebTrigger(url);
    const form = /<form method="post">([\s\S]*?)<\/form>/.exec(opened.body);
    if (!form) return opened;
    const fields = new URLSearchParams();
    for (const input of form[1]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      fields.append(input[1]!, unescapeHtml(input[2]!));
    return this.openWebTrigger(url, 'POST', {
      body: fields.toString(),
      headers: { 'content-type': ['application/x-www-form-urlencoded'] },
    });
  }

  /** `@forge/api`'s `fetch` (egress) goes through the global fetch: only manifest-declared hosts are reachable. */
  async routeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const context = this.storage.getStore();
    if (!context) {
      // Not app code (a test or the CLI talking to a local server): the machine's own fetch.
      return machineFetch(input, init);
    }
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    this.checkAlive(`egress ${url}`);
    const origin = new URL(url).origin;
    if (!this.manifest.egressAddresses.some((address) => new URL(address).origin === origin)) {
      throw new Error(`Egress to ${origin} is not declared in manifest.yml permissions.external.fetch.backend.`);
    }
    this.metrics.egressCalls += 1;
    const service = this.options.services?.find((candidate) => new URL(candidate.origin).origin === origin);
    const answer = await (service ?? this.options.site).handle({
      method: init?.method ?? 'GET',
      url,
      headers: headersToRecord(init?.headers),
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    return new Response(answer.status === 204 || answer.body === '' ? null : answer.body, {
      status: answer.status,
      headers: answer.headers,
    });
  }

  private functionDeclaration(functionKey: string): FunctionDeclaration {
    const declaration = this.manifest.functions.get(functionKey);
    if (!declaration) throw new Error(`Function '${functionKey}' is not declared in manifest.yml.`);
    return declaration;
  }

  private loadHandler(declaration: FunctionDeclaration): (...args: unknown[]) => unknown {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(declaration.file) as Record<string, unknown>;
    const handler = module[declaration.exportName];
    if (typeof handler !== 'function') {
      throw new Error(
        `manifest.yml names handler ${declaration.exportName} in ${declaration.file}, but it exports no such function.`,
      );
    }
    return handler as (...args: unknown[]) => unknown;
  }

  /**
   * Runs one invocation of a manifest function within its budget. Resolves with the handler's result, or
   * rejects with the handler's error, or with a timeout error when the budget runs out (the invocation is
   * then dead: its later platform calls fail).
   */
  async invoke(
    functionKey: string,
    args: unknown[],
    opts: { principal?: Principal; timeoutSeconds?: number; event?: DeliveredEvent } = {},
  ): Promise<unknown> {
    const declaration = this.functionDeclaration(functionKey);
    const handler = this.loadHandler(declaration);
    const budgetMs = (opts.timeoutSeconds ?? declaration.timeoutSeconds) * 1000 * (this.options.budgetScale ?? 1);
    // Before the budget starts: the probe's garbage collection is not the invocation's time.
    const heap = this.options.heapProbe?.begin(stepName(functionKey, opts.event));
    const started = performance.now();
    const invocationId = randomUUID();
    const context: InvocationContext = {
      invocationId,
      origin: (opts.event && this.queues.originOf(opts.event.eventId)) ?? invocationId,
      functionKey,
      platformCalls: 0,
      lastCall: null,
      principal: opts.principal ?? { kind: 'app' },
      deadline: started + budgetMs,
      dead: false,
      ...(opts.event ? { event: opts.event } : {}),
      ...(heap ? { heap } : {}),
    };
    this.metrics.invocations += 1;
    this.metrics.invocationsByFunction[functionKey] = (this.metrics.invocationsByFunction[functionKey] ?? 0) + 1;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        context.dead = true;
        context.deathReason = 'timed out';
        this.metrics.timeouts += 1;
        reject(new InvocationTimeoutError(functionKey, budgetMs));
      }, budgetMs);
    });
    try {
      return await Promise.race([
        this.storage.run(context, () => Promise.resolve().then(() => handler(...args))),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
      context.dead = true;
      context.deathReason ??= 'returned';
      if (heap) this.options.heapProbe?.end(heap);
      this.metrics.maxInvocationMs = Math.max(this.metrics.maxInvocationMs, performance.now() - started);
    }
  }

  /** Calls a resolver as the UI's `invoke(functionKey, payload)` would, for the given user. */
  async invokeResolver(
    functionKey: string,
    payload: unknown,
    opts: { accountId: string; moduleKey?: string },
  ): Promise<unknown> {
    const moduleKey = opts.moduleKey ?? [...this.manifest.resolvers.keys()][0];
    if (!moduleKey) throw new Error('manifest.yml declares no module with a resolver.');
    const resolverFunction = this.manifest.resolvers.get(moduleKey)!;
    const installContext = `ari:cloud:confluence::site/${this.options.site.cloudId}`;
    return this.invoke(
      resolverFunction,
      [
        {
          call: { functionKey, payload },
          context: {
            cloudId: this.options.site.cloudId,
            siteUrl: this.options.site.siteUrl,
            moduleKey,
            extension: { type: 'confluence:globalSettings' },
          },
        },
        { principal: { accountId: opts.accountId }, installContext, license: { isActive: true } },
      ],
      { principal: { kind: 'user', accountId: opts.accountId }, timeoutSeconds: RESOLVER_TIMEOUT_SECONDS },
    );
  }

  /** Fires a scheduled trigger once. Forge does not retry a trigger that fails: neither do we; the error is returned. */
  async fireTrigger(triggerKey: string): Promise<{ ok: true; result: unknown } | { ok: false; error: Error }> {
    const trigger = this.manifest.scheduledTriggers.get(triggerKey);
    if (!trigger) throw new Error(`Scheduled trigger '${triggerKey}' is not declared in manifest.yml.`);
    const event = {
      context: { cloudId: this.options.site.cloudId, moduleKey: triggerKey },
      contextToken: 'local-context-token',
    };
    try {
      return {
        ok: true,
        result: await this.invoke(trigger.functionKey, [
          event,
          { installContext: `ari:cloud:confluence::site/${this.options.site.cloudId}` },
        ]),
      };
    } catch (error) {
      this.options.log?.(`trigger ${triggerKey} failed: ${(error as Error).message}`);
      return { ok: false, error: error as Error };
    }
  }

  private async deliver(event: DeliveredEvent): Promise<void> {
    const functionKey = this.manifest.consumers.get(event.queueName)!;
    const concurrencyKey = this.queues.concurrencyKeyOf(event.eventId);
    if (concurrencyKey) this.running.set(concurrencyKey, (this.running.get(concurrencyKey) ?? 0) + 1);
    let outcome: ConsumerOutcome;
    try {
      const result = await this.invoke(
        functionKey,
        [event, { installContext: `ari:cloud:confluence::site/${this.options.site.cloudId}` }],
        { event },
      );
      outcome = toConsumerOutcome(result);
    } catch (error) {
      if (error instanceof InvocationTimeoutError) outcome = { kind: 'platformError', reason: 'FUNCTION_TIME_OUT' };
      else if (error instanceof InvocationDiedError)
        outcome = { kind: 'platformError', reason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' };
      else {
        // An uncaught error is not a retry request: the app must return InvocationError to be retried.
        this.options.log?.(`consumer ${functionKey} threw: ${(error as Error).stack ?? String(error)}`);
        this.uncaughtConsumerErrors.push(error as Error);
        outcome = { kind: 'error', message: (error as Error).message };
      }
    }
    this.queues.complete(event.eventId, outcome);
    if (concurrencyKey) this.running.set(concurrencyKey, (this.running.get(concurrencyKey) ?? 1) - 1);
  }

  /** Errors consumers threw instead of returning: each one is a bug in the app (Forge would drop the event). */
  readonly uncaughtConsumerErrors: Error[] = [];

  /**
   * Delivers queue events until none is left (or `until`, a clock time, is reached). With a virtual clock,
   * idle time is skipped: the clock jumps to the next delayed event, so retries after `Retry-After` and
   * rate-limit windows cost no real time.
   */
  async drainQueues(opts: { until?: number; maxDeliveries?: number } = {}): Promise<void> {
    const concurrency = this.options.concurrency ?? 2;
    const inFlight = new Set<Promise<void>>();
    let deliveries = 0;
    for (;;) {
      while (inFlight.size < concurrency && (opts.maxDeliveries === undefined || deliveries < opts.maxDeliveries)) {
        const event = this.queues.takeReady(this.running);
        if (!event) break;
        deliveries += 1;
        const delivery: Promise<void> = this.deliver(event).finally(() => inFlight.delete(delivery));
        inFlight.add(delivery);
      }
      if (inFlight.size > 0) {
        await Promise.race(inFlight);
        continue;
      }
      if (opts.maxDeliveries !== undefined && deliveries >= opts.maxDeliveries) return;
      const next = this.queues.nextDeliveryAt();
      if (next === undefined) return;
      if (opts.until !== undefined && next > opts.until) return;
      const clock = this.options.clock;
      if (clock instanceof VirtualClock) clock.advanceTo(next);
      else await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - clock.now())));
    }
  }
}

/** The function, and the kind of step a queue event carries (`run-worker:scan`), to tell invocations apart. */
function stepName(functionKey: string, event: DeliveredEvent | undefined): string {
  const kind = (event?.body as { kind?: unknown } | undefined)?.kind;
  return typeof kind === 'string' ? `${functionKey}:${kind}` : functionKey;
}

export class InvocationTimeoutError extends Error {
  constructor(functionKey: string, budgetMs: number) {
    super(
      `Function '${functionKey}' ran past its ${Math.round(budgetMs)} ms budget and was stopped (FUNCTION_TIME_OUT).`,
    );
    this.name = 'InvocationTimeoutError';
  }
}

/** A consumer asks for a retry by returning `new InvocationError(...)`, which serialises to `{ _retry: true, retryOptions }`. */
function toConsumerOutcome(result: unknown): ConsumerOutcome {
  if (typeof result === 'object' && result !== null && (result as { _retry?: unknown })._retry === true) {
    const options =
      (result as { retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } }).retryOptions ??
      {};
    return {
      kind: 'retry',
      retryAfterSeconds: options.retryAfter ?? 1,
      reason: options.retryReason ?? 'FUNCTION_RETRY_REQUEST',
      ...(options.retryData !== undefined ? { retryData: options.retryData } : {}),
    };
  }
  return { kind: 'success' };
}

function jsonResponse(answer: { status: number; body?: unknown; headers?: Record<string, string> }): Response {
  const hasBody = answer.body !== undefined && answer.status !== 204;
  return new Response(hasBody ? JSON.stringify(answer.body) : null, {
    status: answer.status,
    headers: { 'content-type': 'application/json', ...answer.headers },
  });
}

function headersToRecord(headers: RequestInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  new Headers(headers).forEach((value, key) => {
    record[key] = value;
  });
  return record;
}

/** The text of an HTML attribute value (the inverse of the app's escapeHtml). */
function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
