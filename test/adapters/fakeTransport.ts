/**
 * A transport for the API clients' tests: answers from a route table keyed "METHOD url" and records every request.
 * A list of replies is served in order, the last one repeating; a missing route answers 599 naming it.
 */
import type { HttpTransport } from '../../src/adapters/http';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Routes = Record<string, Reply | Reply[] | ((request: Recorded) => Reply)>;

export function fakeAtlassian(routes: Routes): { transport: HttpTransport; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const served = new Map<string, number>();
  const transport: HttpTransport = async (url, init) => {
    const request: Recorded = {
      method: init.method,
      url,
      headers: init.headers ?? {},
      body: init.body === undefined ? undefined : JSON.parse(init.body),
    };
    requests.push(request);
    const key = `${init.method} ${url}`;
    const route = routes[key];
    let reply: Reply;
    if (route === undefined) reply = { status: 599, body: { message: `test transport has no route for ${key}` } };
    else if (typeof route === 'function') reply = route(request);
    else if (Array.isArray(route)) {
      const index = served.get(key) ?? 0;
      served.set(key, index + 1);
      reply = route[Math.min(index, route.length - 1)] as Reply;
    } else reply = route;
    const headers = new Map(Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      status: reply.status,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: async () =>
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body),
    };
  };
  return { transport, requests };
}
