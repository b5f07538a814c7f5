/**
 * The pages behind the links of emails (keep my access, restore my access), safe for machines to open. Mail
 * gateways (Safe Links and similar) fetch every link of an email before the person does, with GET or HEAD: so a GET
 * only shows what the link offers, with a button, and only that button's POST (the token in the form's body, not in
 * the URL) spends the single-use token. HEAD answers as GET without a body. Any other method is 405.
 *
 * Every answer carries headers that keep the page out of caches, frames and referrers, and a Content-Security-Policy
 * that allows nothing but its own inline style and a form posting back to itself.
 */
import { escapeHtml } from '../reports/render';
import type { LinkProblem } from '../engine/accessLinks';

export type { LinkProblem };

/** The request Forge hands a web trigger (developer.atlassian.com/platform/forge/runtime-reference/web-trigger). */
export interface WebTriggerRequest {
  method?: string;
  body?: string;
  headers?: Record<string, string[] | undefined>;
  queryParameters?: Record<string, string[] | undefined>;
}

export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

export const SECURITY_HEADERS: Readonly<Record<string, string[]>> = {
  'Cache-Control': ['no-store'],
  'X-Frame-Options': ['DENY'],
  'Referrer-Policy': ['no-referrer'],
  'X-Content-Type-Options': ['nosniff'],
  'Content-Security-Policy': [
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  ],
};

export const ALLOWED_METHODS = 'GET, HEAD, POST';

export const MESSAGES: Record<LinkProblem, string> = {
  malformed: 'This link is incomplete. Open it again from your email, exactly as it was sent.',
  forged: 'This link is not valid. Nothing was changed.',
  expired: 'This link has expired. Nothing was changed; if you still need Confluence, ask your administrator.',
  reused: 'This link was already used, and it works only once. Nothing more was changed.',
  unknown: 'There is no pending warning for this link any more. Nothing was changed.',
};

export const BUSY_MESSAGE = 'The app is busy right now and changed nothing. Open the link again in a minute.';

const STYLE = 'font-family:system-ui;margin:3rem;color:#172B4D;max-width:40rem';
const BUTTON_STYLE =
  'font:inherit;padding:.6rem 1.2rem;border:0;border-radius:3px;background:#0C66E4;color:#fff;cursor:pointer';

/** A plain page: a title and a sentence; with `form`, a button that posts the token back to this URL. */
export function page(
  statusCode: number,
  title: string,
  message: string,
  form?: { token: string; button: string },
): WebTriggerResponse {
  const button = form
    ? `<form method="post"><input type="hidden" name="t" value="${escapeHtml(form.token)}"><button type="submit" style="${BUTTON_STYLE}">${escapeHtml(form.button)}</button></form>`
    : '';
  return {
    statusCode,
    headers: { 'Content-Type': ['text/html; charset=utf-8'], ...SECURITY_HEADERS },
    body: `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body style="${STYLE}"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${button}</body></html>`,
  };
}

/** The page of a link that does nothing: forged, expired, used, or nothing left to do. */
export function problemPage(problem: LinkProblem, messages: Record<LinkProblem, string> = MESSAGES) {
  return page(problem === 'expired' || problem === 'reused' ? 410 : 400, 'Nothing was changed', messages[problem]);
}

/** The token a form posted (`t=` in an application/x-www-form-urlencoded body), or ''. */
export function postedToken(request: WebTriggerRequest): string {
  const body = typeof request.body === 'string' ? request.body : '';
  return new URLSearchParams(body).get('t') ?? '';
}

/**
 * Routes a link's request: GET shows (`show`, given the URL's token), HEAD the same without a body, POST spends
 * (`redeem`, given the form's token), anything else 405.
 */
export async function serveLink(
  request: WebTriggerRequest,
  handlers: { show(token: string): Promise<WebTriggerResponse>; redeem(token: string): Promise<WebTriggerResponse> },
): Promise<WebTriggerResponse> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') {
    const shown = await handlers.show(request.queryParameters?.t?.[0] ?? '');
    return method === 'HEAD' ? { ...shown, body: '' } : shown;
  }
  if (method === 'POST') return handlers.redeem(postedToken(request));
  const refused = page(405, 'Not allowed', 'This link opens in a browser. Nothing was changed.');
  return { ...refused, headers: { ...refused.headers, Allow: [ALLOWED_METHODS] } };
}
