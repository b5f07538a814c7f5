/**
 * What every HTTP client of the app shares: the transport type the Forge shell provides, one typed error
 * with a sentence a site admin can act on, rate-limit bookkeeping and per-operation call counts.
 *
 * The clients never sleep or retry: a retryable ApiError carries `retryAfterSeconds`, and the engine turns
 * it into a queue retry (InvocationError with retryAfter), so a throttled invocation ends instead of idling.
 */
import type { z } from 'zod';

export type HttpTransport = (
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export type ApiErrorKind =
  'unauthorized' | 'forbidden' | 'notFound' | 'badRequest' | 'conflict' | 'rateLimited' | 'unavailable' | 'network';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  /** The operation id, as counted in `metrics.calls` (e.g. `searchUsers`). */
  readonly operation: string;
  readonly retryable: boolean;
  /** The service's own error code when it gave one (`ADMIN-409-3`, `conflict.lifecycleErrors`, ...). */
  readonly code?: string;

  constructor(init: {
    kind: ApiErrorKind;
    message: string;
    operation: string;
    retryable: boolean;
    status?: number;
    retryAfterSeconds?: number;
    code?: string;
  }) {
    super(init.message);
    this.kind = init.kind;
    this.operation = init.operation;
    this.retryable = init.retryable;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.code !== undefined) this.code = init.code;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** What a state-changing call found: `already` means the target was in the wanted state before the call. */
export type ActionOutcome = 'done' | 'already';

export interface RateLimitSnapshot {
  /** `X-RateLimit-Remaining` of the last response; null when that response did not carry it. */
  remaining: number | null;
  limit: number | null;
  /** `X-RateLimit-Reset` as sent (Atlassian documents an ISO 8601 UTC time). */
  reset: string | null;
  operation: string;
}

export interface CallMetrics {
  calls: Record<string, number>;
}

/** Used when a 429 names no wait at all: long enough for a per-minute window to roll over. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Who answers and with which credential: decides the wording of every error sentence. */
export interface ServiceProfile {
  /** e.g. "the Atlassian Admin API". */
  displayName: string;
  credential: 'orgApiKey' | 'forgeApp';
}

/** One named operation: `id` is counted in metrics; `does` completes "cannot …" in error sentences. */
export interface Operation {
  id: string;
  does: string;
  /** When one client talks to a second service with the same credential (the lifecycle API). */
  service?: ServiceProfile;
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface JsonCaller {
  send(op: Operation, request: JsonRequest): Promise<JsonResponse>;
  /** Validates a success body; a mismatch is an ApiError, not a crash deep inside the mapping. */
  parse<S extends z.ZodType>(op: Operation, schema: S, body: unknown): z.output<S>;
  readonly metrics: CallMetrics;
  readonly lastRateLimit: RateLimitSnapshot | null;
}

export function createJsonCaller(config: {
  transport: HttpTransport;
  service: ServiceProfile;
  headers: Record<string, string>;
  now?: () => Date;
}): JsonCaller {
  const now = config.now ?? (() => new Date());
  const metrics: CallMetrics = { calls: {} };
  let lastRateLimit: RateLimitSnapshot | null = null;

  async function send(op: Operation, request: JsonRequest): Promise<JsonResponse> {
    metrics.calls[op.id] = (metrics.calls[op.id] ?? 0) + 1;
    const headers: Record<string, string> = { ...config.headers, Accept: 'application/json' };
    const init: { method: string; headers: Record<string, string>; body?: string } = {
      method: request.method,
      headers,
    };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    let status: number;
    let text: string;
    let responseHeaders: { get(name: string): string | null };
    try {
      const response = await config.transport(withQuery(request.url, request.query), init);
      status = response.status;
      responseHeaders = response.headers;
      text = await response.text();
    } catch (cause) {
      throw new ApiError({
        kind: 'network',
        operation: op.id,
        retryable: true,
        message: `Could not reach ${(op.service ?? config.service).displayName} to ${op.does}: ${describeCause(cause)}. Try again in a moment; background runs retry on their own.`,
      });
    }
    lastRateLimit = {
      remaining: parseInteger(responseHeaders.get('X-RateLimit-Remaining')),
      limit: parseInteger(responseHeaders.get('X-RateLimit-Limit')),
      reset: responseHeaders.get('X-RateLimit-Reset'),
      operation: op.id,
    };
    const body = parseJsonLeniently(text);
    if (status >= 200 && status < 300) return { status, body };
    throw errorForStatus({
      service: op.service ?? config.service,
      op,
      status,
      body,
      headers: responseHeaders,
      now: now(),
    });
  }

  function parse<S extends z.ZodType>(op: Operation, schema: S, body: unknown): z.output<S> {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new ApiError({
      kind: 'unavailable',
      operation: op.id,
      retryable: false,
      message:
        `${capitalize((op.service ?? config.service).displayName)} answered the request to ${op.does} with data the app does not understand` +
        `${where}: ${issue?.message ?? 'unexpected shape'}. The API may have changed; please report this to the app's vendor.`,
    });
  }

  return {
    send,
    parse,
    metrics,
    get lastRateLimit() {
      return lastRateLimit;
    },
  };
}

/** Builds the ApiError for a non-2xx answer, with a sentence that names the likely fix. */
export function errorForStatus(args: {
  service: ServiceProfile;
  op: Operation;
  status: number;
  body: unknown;
  headers: { get(name: string): string | null };
  now: Date;
}): ApiError {
  const { service, op, status, body } = args;
  const name = service.displayName;
  const { detail, code } = describeErrorBody(body);
  const said = detail ? ` Atlassian said: "${detail}".` : '';
  const base = { operation: op.id, status, ...(code !== undefined ? { code } : {}) };
  const orgKey = service.credential === 'orgApiKey';

  if (status === 401) {
    return new ApiError({
      ...base,
      kind: 'unauthorized',
      retryable: false,
      message: orgKey
        ? `The organization API key was rejected (401): it may have expired or been revoked. Create a new key in ` +
          `admin.atlassian.com → Settings → API keys and save it in the app's settings.${said}`
        : `${capitalize(name)} rejected the app's credentials (401) when trying to ${op.does}. If this persists, ` +
          `reinstall the app on the site.${said}`,
    });
  }
  if (status === 403) {
    return new ApiError({
      ...base,
      kind: 'forbidden',
      retryable: false,
      message: orgKey
        ? `The organization API key cannot ${op.does} (403): it lacks the needed scope, or the organization does not ` +
          `let it act on this account. Create a key with admin scopes in admin.atlassian.com → Settings → API keys.${said}`
        : `The app is not allowed to ${op.does} (403): it lacks a scope or a Confluence permission.${said}`,
    });
  }
  if (status === 429) {
    const retryAfterSeconds = retryAfterFromHeaders(args.headers, args.now);
    return new ApiError({
      ...base,
      kind: 'rateLimited',
      retryable: true,
      retryAfterSeconds,
      message: `${capitalize(name)} is rate limiting the app (429) while it tries to ${op.does}; Atlassian asks to wait ${retryAfterSeconds} s before trying again.`,
    });
  }
  if (status >= 500) {
    // 501 is Confluence's "this API is not enabled": waiting does not change that.
    const retryable = status !== 501;
    return new ApiError({
      ...base,
      kind: 'unavailable',
      retryable,
      message: retryable
        ? `${capitalize(name)} failed (HTTP ${status}) while the app tried to ${op.does}; try again in a moment; background runs retry on their own.${said}`
        : `${capitalize(name)} does not offer what the app needs to ${op.does} on this site (HTTP ${status}).${said}`,
    });
  }
  if (status === 404) {
    return new ApiError({
      ...base,
      kind: 'notFound',
      retryable: false,
      message: `${capitalize(name)} could not find what the app needs to ${op.does} (404).${said}`,
    });
  }
  if (status === 409) {
    return new ApiError({
      ...base,
      kind: 'conflict',
      retryable: false,
      message: `${capitalize(name)} refused to ${op.does} because of a conflict (409).${said}`,
    });
  }
  return new ApiError({
    ...base,
    kind: 'badRequest',
    retryable: false,
    message: `${capitalize(name)} refused the request to ${op.does} (HTTP ${status}).${said}`,
  });
}

/**
 * Seconds to wait after a 429: `Retry-After` (delay-seconds or HTTP date), else `X-RateLimit-Reset`
 * (Atlassian documents ISO 8601; epoch seconds are accepted too), else DEFAULT_RETRY_AFTER_SECONDS.
 * Never below 1 s, so a clock skew cannot turn into a hot retry loop.
 */
export function retryAfterFromHeaders(headers: { get(name: string): string | null }, now: Date): number {
  const fromRetryAfter = secondsUntil(headers.get('Retry-After'), now, { bareNumberIs: 'delay' });
  if (fromRetryAfter !== null) return fromRetryAfter;
  const fromReset = secondsUntil(headers.get('X-RateLimit-Reset'), now, { bareNumberIs: 'epochOrDelay' });
  if (fromReset !== null) return fromReset;
  return DEFAULT_RETRY_AFTER_SECONDS;
}

function secondsUntil(
  value: string | null,
  now: Date,
  options: { bareNumberIs: 'delay' | 'epochOrDelay' },
): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    // Numbers this large can only be epoch seconds (about 2001-09 onward), never a sane delay.
    if (options.bareNumberIs === 'epochOrDelay' && n > 1_000_000_000) return atLeastOneSecond(n - now.getTime() / 1000);
    return atLeastOneSecond(n);
  }
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return atLeastOneSecond((at - now.getTime()) / 1000);
}

const atLeastOneSecond = (seconds: number): number => Math.max(1, Math.ceil(seconds));

/** Pulls a readable detail and a code out of the error bodies these APIs send. */
export function describeErrorBody(body: unknown): { detail?: string; code?: string } {
  // Gateways answer with HTML pages: nothing there reads well inside a sentence.
  if (typeof body === 'string')
    return body.trim() && !body.trim().startsWith('<') ? { detail: truncate(body.trim()) } : {};
  if (!isRecord(body)) return {};
  // Admin API: { errors: [{ code, title, detail }] }; Confluence v2: { errors: [{ status, code, title, detail }] }
  if (Array.isArray(body.errors) && isRecord(body.errors[0])) {
    const first = body.errors[0];
    const detail = stringField(first, 'detail') ?? stringField(first, 'title') ?? stringField(first, 'message');
    const code = stringField(first, 'code');
    return { ...(detail ? { detail: truncate(detail) } : {}), ...(code ? { code } : {}) };
  }
  // User management API: { key, context: { message, errorCodes: [{ code, message }], reason: { key } } }
  if (typeof body.key === 'string') {
    const context = isRecord(body.context) ? body.context : undefined;
    const errorCodes = context && Array.isArray(context.errorCodes) ? context.errorCodes.filter(isRecord) : [];
    const reason = context && isRecord(context.reason) ? stringField(context.reason, 'key') : undefined;
    const parts = [
      context ? stringField(context, 'message') : undefined,
      ...errorCodes.map((e) => stringField(e, 'message') ?? stringField(e, 'code')),
      reason ? explainRestriction(reason) : undefined,
    ].filter((p): p is string => Boolean(p));
    return { ...(parts.length ? { detail: truncate(parts.join('; ')) } : {}), code: body.key };
  }
  // Proxy errors { code, message } and Confluence v1 { statusCode, message }
  const message = stringField(body, 'message');
  const code = typeof body.code === 'string' ? body.code : undefined;
  return { ...(message ? { detail: truncate(message) } : {}), ...(code ? { code } : {}) };
}

/** The user management API's restriction reasons, in words an admin can act on. */
function explainRestriction(reason: string): string {
  const reasons: Record<string, string> = {
    'externalDirectory.scim': 'the account is provisioned from an identity provider (SCIM): change it there',
    'externalDirectory.google': 'the account is synced from Google Workspace: change it there',
    'blocked.exportControl': 'the account is blocked under US export controls',
    'administrative.notMyself': 'an admin cannot do this to their own account',
    managedAccount: "only the account's organization admin can do this",
    administrative: 'this is reserved for administrators',
    'authPolicy.saml': 'the value is set by SAML single sign-on',
    myselfOnly: 'only the account owner can do this',
  };
  return reasons[reason] ?? `restricted (${reason})`;
}

function withQuery(url: string, query: JsonRequest['query']): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  if (!text) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${text}`;
}

function parseJsonLeniently(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function parseInteger(value: string | null): number | null {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringField = (record: Record<string, unknown>, key: string): string | undefined => {
  const value = record[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

const truncate = (text: string): string => (text.length > 300 ? `${text.slice(0, 297)}...` : text);

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
