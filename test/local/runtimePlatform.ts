/**
 * The platform side of the local Forge runtime: what the `@forge/*` packages reach from inside an invocation. It puts
 * the platform globals in place (`__forge_fetch__`, `__forge_runtime__`, the egress `fetch`, a virtual `Date`, the
 * invocation's console), routes KVS, queue, GraphQL, Confluence and egress calls to the local backends, and fails
 * every call of an invocation that has died. Running invocations themselves is LocalForge's (runtime.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { Clock } from './clock';
import { KvsErrors } from './kvs/errors';
import { VirtualClock } from './clock';
import { loadManifest, type LocalManifest } from './manifest';
import { LocalQueues } from './queues';
import type { HeapProbe } from './heapProbe';
import {
  InvocationDiedError,
  type EgressService,
  type InvocationContext,
  type RuntimeMetrics,
  type RuntimeOptions,
} from './runtimeContract';
import { headersToRecord, jsonResponse } from './runtimeWire';

/**
 * `@forge/api` captures the global `fetch` when it is first loaded, as on Forge where the platform's fetch is
 * in place before any app code runs. So the egress hook is installed as soon as this module loads, and routes
 * to whichever LocalForge is installed; outside an invocation it is the machine's own fetch.
 */
const machineFetch = globalThis.fetch;
let installedRuntime: LocalForgePlatform | undefined;
globalThis.fetch = (input: string | URL | Request, init?: RequestInit) =>
  installedRuntime ? installedRuntime.routeFetch(input, init) : machineFetch(input, init);

/** Where local web trigger URLs point (never fetched over the network: `openWebTrigger` serves them). */
export const WEB_TRIGGER_ORIGIN = 'https://local-forge.invalid';

const TRACE = { traceId: 'local-trace', spanId: 'local-span' };
const noopMetric = { incr() {}, decr() {}, set() {}, measure: () => ({ stop() {} }), stop() {} };
const noopMetrics = { counter: () => noopMetric, gauge: () => noopMetric, timing: () => noopMetric };

export class LocalForgePlatform {
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
  protected readonly storage = new AsyncLocalStorage<InvocationContext>();
  private realDate: DateConstructor | undefined;
  private installed = false;

  constructor(protected readonly options: RuntimeOptions) {
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
}
