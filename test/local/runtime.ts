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
 *
 * This file runs invocations (LocalForge: resolvers, triggers, web triggers, queue deliveries); the platform globals
 * and the routing of platform calls are runtimePlatform.ts's, the types and errors runtimeContract.ts's.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { VirtualClock } from './clock';
import { RESOLVER_TIMEOUT_SECONDS, type FunctionDeclaration } from './manifest';
import type { ConsumerOutcome, DeliveredEvent } from './queues';
import { InvocationDiedError, InvocationTimeoutError, type InvocationContext, type Principal } from './runtimeContract';
import { LocalForgePlatform, WEB_TRIGGER_ORIGIN } from './runtimePlatform';
import { stepName, toConsumerOutcome, unescapeHtml } from './runtimeWire';

export {
  InvocationDiedError,
  InvocationTimeoutError,
  type EgressService,
  type InvocationInfo,
  type KvsBackend,
  type Principal,
  type RuntimeMetrics,
  type RuntimeOptions,
  type SiteBackend,
} from './runtimeContract';
export { WEB_TRIGGER_ORIGIN };

export class LocalForge extends LocalForgePlatform {
  private readonly running = new Map<string, number>();

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
