/**
 * The local Forge runtime's translations between the platform's wire forms and its local services: answers as fetch
 * Responses, request headers as a record, a queue consumer's return value as its outcome, an invocation's step name,
 * and HTML attribute values read back from a web trigger's page.
 */
import type { ConsumerOutcome, DeliveredEvent } from './queues';

/** The function, and the kind of step a queue event carries (`run-worker:scan`), to tell invocations apart. */
export function stepName(functionKey: string, event: DeliveredEvent | undefined): string {
  const kind = (event?.body as { kind?: unknown } | undefined)?.kind;
  return typeof kind === 'string' ? `${functionKey}:${kind}` : functionKey;
}

/** A consumer asks for a retry by returning `new InvocationError(...)`, which serialises to `{ _retry: true, retryOptions }`. */
export function toConsumerOutcome(result: unknown): ConsumerOutcome {
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

export function jsonResponse(answer: { status: number; body?: unknown; headers?: Record<string, string> }): Response {
  const hasBody = answer.body !== undefined && answer.status !== 204;
  return new Response(hasBody ? JSON.stringify(answer.body) : null, {
    status: answer.status,
    headers: { 'content-type': 'application/json', ...answer.headers },
  });
}

export function headersToRecord(headers: RequestInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  new Headers(headers).forEach((value, key) => {
    record[key] = value;
  });
  return record;
}

/** The text of an HTML attribute value (the inverse of the app's escapeHtml). */
export function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
