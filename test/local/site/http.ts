/**
 * What every simulated endpoint shares: the request/answer shapes, the routing table entry, the context a
 * handler gets, and the error bodies of each API family (each family answers errors in its own format,
 * as its OpenAPI file describes).
 */
import type { z } from 'zod';
import type { SiteState } from './state';

export interface SiteRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SiteResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a handler answers; the site adds headers and serializes. */
export interface Reply {
  status: number;
  json?: unknown;
}

/** Error formats: Admin v1 paths, Admin v2 paths, the user management API, Confluence v1 and v2. */
export type ErrorStyle = 'adminV1' | 'adminV2' | 'userManagement' | 'confluenceV1' | 'confluenceV2';

export type ApiFamily = 'admin' | 'userManagement' | 'confluence';

/** Rate-limit buckets; each counts on its own window (see rateLimit.ts for the defaults and their sources). */
export type RateLimitBucket = 'lastActive' | 'admin' | 'lifecycle' | 'confluence';

/** Who is calling Confluence, from the `x-local-forge-principal` header the local Forge runtime sets. */
export type ConfluencePrincipal = { kind: 'app' } | { kind: 'user'; accountId: string };

export interface HandlerContext {
  state: SiteState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: string | undefined;
  now: number;
  /** Set for Confluence requests only. */
  principal?: ConfluencePrincipal;
  error(status: number, code: string, message: string, extra?: Record<string, unknown>): Reply;
  /** Appends to the site's action log, stamped with the clock. */
  recordAction(action: string, accountId: string, detail?: Record<string, string>): void;
}

export interface Route {
  /** e.g. `admin.searchUsers`; what the request log and `countRequests` use. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  family: ApiFamily;
  /** The path as sent on the wire (after the origin), with `{param}` segments. */
  path: string;
  /** Where the contract lives: the spec file in test/local/site/specs and the path as that file writes it. */
  spec: { file: 'admin-org.json' | 'user-management.json' | 'confluence-v1.json' | 'confluence-v2.json'; path: string };
  bucket: RateLimitBucket;
  /** A state-changing operation: the one a write-succeeds-but-5xx fault can hit. */
  write: boolean;
  errorStyle: ErrorStyle;
  /** Admin API key scope the operation needs; lifecycle operations need an unscoped key. */
  scope?: string;
  /**
   * What a key without the scope gets: 403, or 401 where the spec lists no 403 for the operation
   * (Atlassian's gateway answers "Unauthorized; scope does not match" with a 401).
   */
  scopeDeniedStatus?: 401 | 403;
  handle(context: HandlerContext): Reply;
}

/** An error body in the family's own format; `id` names this occurrence, as Atlassian's error ids do. */
export function errorBody(
  style: ErrorStyle,
  id: string,
  status: number,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
): unknown {
  switch (style) {
    case 'adminV1':
      // The v1 paths answer gateway errors (401, 429) as ProxyError, application errors as ApplicationErrors.
      if (status === 401 || status === 429) return { code: status, message };
      return { errors: [{ id, status: String(status), code, title: titleFor(status), detail: message }] };
    case 'adminV2':
      return { errors: [{ id, status: String(status), code, title: titleFor(status), detail: message }] };
    case 'userManagement':
      // The user management API keys its errors; it declares no 429/5xx body, so those use the gateway's ProxyError.
      if (status === 429 || status >= 500) return { code: status, message };
      return { key: code, ...extra };
    case 'confluenceV1':
      return {
        statusCode: status,
        message,
        data: { authorized: status !== 401 && status !== 403, valid: status !== 400, errors: [], successful: false },
      };
    case 'confluenceV2':
      return { errors: [{ status, code, title: titleFor(status), detail: message }] };
  }
}

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
  };
  return titles[status] ?? 'Error';
}

/** Parses a JSON request body against a zod schema; a bad body becomes the family's 400. */
export function readBody<T>(
  context: HandlerContext,
  schema: z.ZodType<T>,
  options: { required: boolean; code: string },
): { ok: true; value: T } | { ok: false; reply: Reply } {
  let raw: unknown = {};
  if (context.body !== undefined && context.body.trim() !== '') {
    try {
      raw = JSON.parse(context.body);
    } catch {
      return { ok: false, reply: context.error(400, options.code, 'The request body is not valid JSON.') };
    }
  } else if (options.required) {
    return { ok: false, reply: context.error(400, options.code, 'This operation needs a JSON request body.') };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`,
    );
    return { ok: false, reply: context.error(400, options.code, `Invalid request body: ${problems.join('; ')}`) };
  }
  return { ok: true, value: parsed.data };
}

/** Reads an integer query parameter within bounds; a bad value becomes the family's 400. */
export function queryInt(
  context: HandlerContext,
  name: string,
  options: { defaultValue: number; min: number; max?: number; tooBig?: 'error' | 'clamp'; code: string },
): { ok: true; value: number } | { ok: false; reply: Reply } {
  const raw = context.query.get(name);
  if (raw === null || raw === '') return { ok: true, value: options.defaultValue };
  if (!/^\d+$/.test(raw))
    return {
      ok: false,
      reply: context.error(400, options.code, `Query parameter '${name}' must be a whole number, got '${raw}'.`),
    };
  const value = Number(raw);
  if (value < options.min)
    return {
      ok: false,
      reply: context.error(400, options.code, `Query parameter '${name}' must be at least ${options.min}.`),
    };
  if (options.max !== undefined && value > options.max) {
    if (options.tooBig === 'clamp') return { ok: true, value: options.max };
    return {
      ok: false,
      reply: context.error(
        400,
        options.code,
        `Query parameter '${name}' must be at most ${options.max}, got ${value}.`,
      ),
    };
  }
  return { ok: true, value };
}

/** Opaque, URL-safe cursors: what the next page needs, serialized. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
