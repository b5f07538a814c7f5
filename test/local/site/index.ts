/**
 * A simulated Atlassian Cloud organization with one Confluence site: the Admin API, the user management
 * lifecycle API and the Confluence REST endpoints the app uses, answering as the published OpenAPI files
 * (./specs) say, with auth, rate limits, injected faults and a log of every request.
 *
 * One request goes: route → latency → credentials → rate limit → injected fault → handler. Anything that
 * matches no route answers 404 and is logged as operation `unknown`.
 * Response header names are lower case (as fetch's Headers hand them out).
 * This file owns the SimulatedSite class (that request pipeline, and the views of its state for tests and the CLI)
 * and the module's public exports; the option and log types are in types.ts, the route table and matching in
 * routing.ts.
 */
import type { Clock } from '../clock';
import { DEFAULT_APP_ACCOUNT_ID } from './confluence';
import { FaultInjector } from './faults';
import {
  errorBody,
  type ConfluencePrincipal,
  type HandlerContext,
  type Reply,
  type Route,
  type SiteRequest,
  type SiteResponse,
} from './http';
import { RateLimiter, rateLimitHeaders } from './rateLimit';
import { allRoutes, compile, matchPath, type CompiledRoute } from './routing';
import { dateLikeToMillis, type SiteFile, type SiteGroup, type SiteUser } from './siteFile';
import { SiteState } from './state';
import {
  ATLASSIAN_API_ORIGIN,
  DEFAULT_ORG_API_KEY,
  PRINCIPAL_HEADER,
  type ActionLogEntry,
  type ApiKey,
  type RequestLogEntry,
  type SiteOptions,
} from './types';

export {
  parseSiteFile,
  SiteFileError,
  type SiteFile,
  type SiteGroup,
  type SiteUser,
  type AccountType,
  type UserStatus,
} from './siteFile';
export { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimitBucket } from './rateLimit';
export type { FaultOptions } from './faults';
export type { SiteRequest, SiteResponse, ErrorStyle } from './http';
export { generateSite } from './generate';
export { DELETION_GRACE_DAYS } from './state';
export { DEFAULT_APP_ACCOUNT_ID } from './confluence';
export { sampleSiteFile, SAMPLE } from './sample';
export { SITE_OPERATIONS } from './routing';
export {
  ATLASSIAN_API_ORIGIN,
  DEFAULT_ORG_API_KEY,
  PRINCIPAL_HEADER,
  type ActionLogEntry,
  type ApiKey,
  type RequestLogEntry,
  type SiteOperation,
  type SiteOptions,
} from './types';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SimulatedSite {
  readonly siteUrl: string;
  readonly cloudId: string;
  readonly orgId: string;
  readonly directoryId: string;
  /** The site's Confluence ARI, what the Admin API names it by. */
  readonly confluenceResourceId: string;

  private readonly state: SiteState;
  private readonly clock: Clock;
  private readonly apiKeys: ApiKey[];
  private readonly limiter: RateLimiter;
  private readonly retryAfter: boolean;
  private readonly faults: FaultInjector;
  private readonly latencyMs: number;
  private readonly routes: CompiledRoute[];
  private readonly log: RequestLogEntry[] = [];
  private readonly actions: ActionLogEntry[] = [];
  private errorCount = 0;

  static fromSiteFile(file: SiteFile, options: SiteOptions): SimulatedSite {
    return new SimulatedSite(file, options);
  }

  private constructor(file: SiteFile, options: SiteOptions) {
    this.state = new SiteState(file);
    this.clock = options.clock;
    this.siteUrl = file.site.url;
    this.cloudId = file.site.cloudId;
    this.orgId = file.org.id;
    this.directoryId = this.state.directoryId;
    this.confluenceResourceId = this.state.confluenceResourceId;
    this.apiKeys = options.apiKeys ?? [{ key: DEFAULT_ORG_API_KEY, scopes: 'all' }];
    for (const apiKey of this.apiKeys) {
      if (apiKey.expiresAt !== undefined && Number.isNaN(dateLikeToMillis(apiKey.expiresAt))) {
        throw new Error(`API key expiresAt '${apiKey.expiresAt}' is not a day or an ISO date-time.`);
      }
    }
    this.limiter = new RateLimiter(this.clock, options.rateLimits);
    this.retryAfter = options.retryAfter ?? true;
    this.faults = new FaultInjector(options.faults);
    this.latencyMs = options.latencyMs ?? 0;
    this.routes = allRoutes(options.appAccountId ?? DEFAULT_APP_ACCOUNT_ID)
      .map(compile)
      .sort((a, b) => b.literals - a.literals);
  }

  // ---- HTTP ----

  async handle(request: SiteRequest): Promise<SiteResponse> {
    const at = new Date(this.clock.now()).toISOString();
    const method = request.method.toUpperCase();
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    this.purgeDueDeletions();

    const found = this.findRoute(method, request.url);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (!found) {
      const response = json(404, {
        code: 404,
        message: `The simulated site serves no ${method} ${request.url}. It serves the Admin API (${ATLASSIAN_API_ORIGIN}/admin/...), the user management lifecycle API (${ATLASSIAN_API_ORIGIN}/users/...) and Confluence (${this.siteUrl}/wiki/...) operations listed in SITE_OPERATIONS.`,
      });
      this.log.push({ at, method, url: request.url, operation: 'unknown', status: 404, principal: '-' });
      return response;
    }
    const { route, params, query } = found;
    const entry: RequestLogEntry = {
      at,
      method,
      url: request.url,
      operation: route.operation,
      status: 0,
      principal: '-',
    };
    this.log.push(entry);
    const fail = (status: number, code: string, message: string, extra?: Record<string, unknown>): Reply => ({
      status,
      json: errorBody(route.errorStyle, `local-error-${++this.errorCount}`, status, code, message, extra),
    });
    const finish = (reply: Reply, extraHeaders: Record<string, string> = {}): SiteResponse => {
      entry.status = reply.status;
      return reply.json === undefined
        ? { status: reply.status, headers: extraHeaders, body: '' }
        : json(reply.status, reply.json, extraHeaders);
    };

    // Credentials.
    let principal: ConfluencePrincipal | undefined;
    if (route.family === 'confluence') {
      const checked = this.checkPrincipal(headers[PRINCIPAL_HEADER], route, fail);
      entry.principal = checked.label;
      if ('reply' in checked) return finish(checked.reply);
      principal = checked.principal;
    } else {
      const checked = this.checkApiKey(headers.authorization, route, fail);
      entry.principal = checked.label;
      if (checked.reply) return finish(checked.reply);
    }

    // Rate limit, then injected faults. Error codes in the Admin API's style there, generic elsewhere.
    const throttledCode = route.family === 'admin' ? 'ADMIN-429-1' : 'TOO_MANY_REQUESTS';
    const serverErrorCode = route.family === 'admin' ? 'ADMIN-500-1' : 'INTERNAL_SERVER_ERROR';
    const decision = this.limiter.take(route.bucket);
    if (!decision.allowed) {
      return finish(
        fail(
          429,
          throttledCode,
          `Rate limit exceeded: at most ${decision.limit} requests per window; retry after ${decision.retryAfterSeconds} s.`,
        ),
        rateLimitHeaders(decision, this.retryAfter),
      );
    }
    const limitHeaders = rateLimitHeaders(decision);
    const plan = this.faults.plan(route.write);
    if (plan.extraDelayMs > 0) {
      entry.fault = 'slow';
      await sleep(plan.extraDelayMs);
    }
    if (plan.before.kind === 'error5xx') {
      entry.fault = 'error5xx';
      return finish(
        fail(plan.before.status, serverErrorCode, 'Injected fault: the service failed before acting; nothing changed.'),
        limitHeaders,
      );
    }
    if (plan.before.kind === 'rateLimited') {
      entry.fault = 'rateLimited';
      const retryAfter = plan.before.retryAfterSeconds;
      return finish(fail(429, throttledCode, `Injected fault: throttled; retry after ${retryAfter} s.`), {
        ...limitHeaders,
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': new Date(this.clock.now() + retryAfter * 1000).toISOString(),
        ...(this.retryAfter ? { 'retry-after': String(retryAfter) } : {}),
      });
    }

    const context: HandlerContext = {
      state: this.state,
      params,
      query,
      body: request.body,
      now: this.clock.now(),
      error: fail,
      recordAction: (action, accountId, detail) => {
        this.actions.push({
          at: new Date(this.clock.now()).toISOString(),
          operation: route.operation,
          action,
          accountId,
          ...(detail ? { detail } : {}),
        });
      },
      ...(principal ? { principal } : {}),
    };
    const reply = route.handle(context);
    if (plan.failAfterWrite && reply.status < 300) {
      entry.fault = 'writeSucceedsBut5xx';
      return finish(
        fail(500, serverErrorCode, 'Injected fault: the change was made, but the answer is an error.'),
        limitHeaders,
      );
    }
    return finish(reply, limitHeaders);
  }

  private findRoute(
    method: string,
    rawUrl: string,
  ): { route: Route; params: Record<string, string>; query: URLSearchParams } | undefined {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return undefined;
    }
    let family: Route['family'];
    if (url.origin === ATLASSIAN_API_ORIGIN) family = url.pathname.startsWith('/admin/') ? 'admin' : 'userManagement';
    else if (url.origin === new URL(this.siteUrl).origin && url.pathname.startsWith('/wiki/')) family = 'confluence';
    else return undefined;
    const segments = url.pathname.split('/').slice(1);
    for (const compiled of this.routes) {
      if (compiled.route.family !== family || compiled.route.method !== method) continue;
      const params = matchPath(compiled, segments);
      if (params) return { route: compiled.route, params, query: url.searchParams };
    }
    return undefined;
  }

  private checkApiKey(
    authorization: string | undefined,
    route: Route,
    fail: HandlerContext['error'],
  ): { label: string; reply?: Reply } {
    const unauthorizedCode = route.errorStyle === 'userManagement' ? 'unauthorized' : 'ADMIN-401-2';
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (!token)
      return {
        label: 'no-credentials',
        reply: fail(401, unauthorizedCode, 'No organization API key: send Authorization: Bearer <API key>.'),
      };
    const apiKey = this.apiKeys.find((candidate) => candidate.key === token);
    if (!apiKey)
      return {
        label: 'invalid-api-key',
        reply: fail(401, unauthorizedCode, 'The organization API key is not valid (revoked or mistyped).'),
      };
    if (apiKey.expiresAt !== undefined && dateLikeToMillis(apiKey.expiresAt) <= this.clock.now()) {
      return {
        label: 'invalid-api-key',
        reply: fail(401, unauthorizedCode, `The organization API key expired on ${apiKey.expiresAt}.`),
      };
    }
    const label = 'org-api-key';
    if (apiKey.scopes === 'all') return { label };
    if (route.family === 'userManagement') {
      return {
        label,
        reply: fail(403, 'forbidden', 'The user management API needs an API key without scopes; this key has scopes.'),
      };
    }
    if (route.scope !== undefined && !apiKey.scopes.includes(route.scope)) {
      const status = route.scopeDeniedStatus ?? 403;
      return {
        label,
        reply: fail(
          status,
          status === 401 ? 'ADMIN-401-2' : 'ADMIN-403-3',
          `Unauthorized; scope does not match: this operation needs the ${route.scope} scope.`,
        ),
      };
    }
    return { label };
  }

  private checkPrincipal(
    header: string | undefined,
    route: Route,
    fail: HandlerContext['error'],
  ): { label: string; principal: ConfluencePrincipal } | { label: string; reply: Reply } {
    if (header === 'app') return { label: 'app', principal: { kind: 'app' } };
    const accountId = /^user:(.+)$/.exec(header ?? '')?.[1];
    if (accountId === undefined) {
      return {
        label: 'no-principal',
        reply: fail(
          401,
          'UNAUTHORIZED',
          `Not logged in: the request has no valid ${PRINCIPAL_HEADER} header ('app' or 'user:<accountId>').`,
        ),
      };
    }
    const label = `user:${accountId}`;
    const user = this.state.user(accountId);
    if (!user || !this.state.hasConfluenceSeat(user)) {
      // users-bulk says 404 for "does not have permission to use Confluence"; the v1 operations say 403.
      const status = route.operation === 'confluence.usersBulk' ? 404 : 403;
      return {
        label,
        reply: fail(
          status,
          'FORBIDDEN',
          `User '${accountId}' cannot use Confluence on this site (no seat, suspended or deactivated).`,
        ),
      };
    }
    return { label, principal: { kind: 'user', accountId } };
  }

  private purgeDueDeletions(): void {
    const at = new Date(this.clock.now()).toISOString();
    for (const accountId of this.state.purgeDueDeletions(this.clock.now())) {
      this.actions.push({ at, operation: 'gracePeriodEnded', action: 'purged', accountId });
    }
  }

  // ---- state for tests and the CLI ----

  toSiteFile(): SiteFile {
    this.purgeDueDeletions();
    return this.state.toSiteFile(this.clock.now());
  }

  get requestLog(): ReadonlyArray<RequestLogEntry> {
    return this.log;
  }

  /** State changes made through the APIs, in order, with the clock's time. */
  get actionLog(): ReadonlyArray<ActionLogEntry> {
    return this.actions;
  }

  countRequests(filter: { operation?: string; method?: string; status?: number } = {}): number {
    let count = 0;
    for (const entry of this.log) {
      if (filter.operation !== undefined && entry.operation !== filter.operation) continue;
      if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) continue;
      if (filter.status !== undefined && entry.status !== filter.status) continue;
      count += 1;
    }
    return count;
  }

  clearRequestLog(): void {
    this.log.length = 0;
  }

  /** A copy of the user, or undefined once the user is gone. */
  user(accountId: string): SiteUser | undefined {
    this.purgeDueDeletions();
    const user = this.state.user(accountId);
    return user ? { ...user, groups: [...user.groups] } : undefined;
  }

  userCount(): number {
    this.purgeDueDeletions();
    return this.state.userCount();
  }

  groups(): SiteGroup[] {
    return this.state.groups().map((group) => ({ ...group }));
  }

  groupMembers(groupId: string): string[] {
    this.purgeDueDeletions();
    return [...this.state.groupMembers(groupId)];
  }

  hasConfluenceSeat(accountId: string): boolean {
    const user = this.state.user(accountId);
    return user !== undefined && this.state.hasConfluenceSeat(user);
  }

  /** Users holding a Confluence seat: what the bill counts. */
  seatCount(): number {
    this.purgeDueDeletions();
    let seats = 0;
    for (const user of this.state.allUsers()) if (this.state.hasConfluenceSeat(user)) seats += 1;
    return seats;
  }

  /** Simulates a change someone else makes on the site (an admin in Atlassian Administration): status or a group. */
  changeByHand(
    accountId: string,
    change: { status?: SiteUser['status']; addToGroup?: string; removeFromGroup?: string },
  ): void {
    if (change.status) this.state.setStatus(accountId, change.status);
    if (change.addToGroup) this.state.addToGroup(accountId, change.addToGroup);
    if (change.removeFromGroup) this.state.removeFromGroup(accountId, change.removeFromGroup);
  }

  /** Simulates a user's Confluence activity (e.g. coming back), or clears it with null. */
  setLastActive(accountId: string, iso: string | null): void {
    this.state.setLastActive(accountId, iso);
  }
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): SiteResponse {
  return { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
