/**
 * The local preview of the admin page: a small HTTP server on 127.0.0.1 that serves the host page (static/), the
 * host renderer (/host.js and its Atlaskit CSS /host.css, see bundle.ts), the page's bundle (/app.js, rebuilt on
 * each load so an edit shows after a reload) and the bridge's server-side calls: /api/context (what
 * `view.getContext()` answers), /api/invoke (a resolver call on the local site, as the site admin) and /api/users
 * (a UserPicker's people search, on the site's users); /outbox (the emails the simulated Postmark received) and
 * /x1/… (the app's web triggers, where the outbox's links point: a GET or a POST reaches the trigger's handler).
 * Queue events the resolvers push (a run started from the page) are delivered right after, so runs progress as
 * they would on Forge.
 */
import { followWallTime } from '../clock';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { LocalSite } from '../localSite';
import { WEB_TRIGGER_ORIGIN } from '../runtime';
import { createHostBundler, createPageBundler, PAGE_ENTRY } from './bundle';
import { outboxPage } from './outbox';
import { searchSiteUsers, siteUsersById } from './users';

export const STATIC_DIR = path.resolve(__dirname, '../../../static');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

const invokeRequest = z.object({ functionKey: z.string().min(1), payload: z.unknown().optional() });

/** The largest request body the preview accepts: the page's payloads are small; a scheme import is the biggest. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface PreviewOptions {
  local: LocalSite;
  /** 0 picks a free port (tests). */
  port?: number;
  /** The admin's time zone as the page's context gives it. */
  timezone?: string;
  /** Where the server's own notes go (a page bundle that does not build, a consumer that threw). */
  log?: (line: string) => void;
  entry?: string;
}

export interface Preview {
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(response: http.ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  send(response, status, CONTENT_TYPES['.json']!, JSON.stringify(value));
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A static file under static/, never outside it. */
async function staticFile(urlPath: string): Promise<{ body: Buffer; contentType: string }> {
  const relative = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, '');
  const file = path.resolve(STATIC_DIR, relative);
  if (!file.startsWith(`${STATIC_DIR}${path.sep}`)) throw new HttpError(404, `No such file: ${urlPath}`);
  const contentType = CONTENT_TYPES[path.extname(file)];
  if (!contentType) throw new HttpError(404, `No such file: ${urlPath}`);
  try {
    return { body: await readFile(file), contentType };
  } catch {
    throw new HttpError(404, `No such file: ${urlPath}`);
  }
}

/** Delivers queued events in the background, one drain at a time; a call during a drain asks for one more pass. */
function queueDriver(local: LocalSite, log: (line: string) => void) {
  let draining: Promise<void> | null = null;
  let again = false;
  const drainOnce = async () => {
    do {
      again = false;
      await local.drain();
      for (const error of local.forge.uncaughtConsumerErrors.splice(0)) {
        log(`A queue consumer threw instead of returning (an app bug: Forge would drop the event): ${error.message}`);
      }
    } while (again);
  };
  return {
    kick(): void {
      if (draining) {
        again = true;
        return;
      }
      draining = drainOnce()
        .catch((error: unknown) =>
          log(
            `Delivering queue events failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          ),
        )
        .finally(() => {
          draining = null;
        });
    },
    idle: () => draining ?? Promise.resolve(),
  };
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const { local } = options;
  const log = options.log ?? ((line: string) => void process.stderr.write(`[preview] ${line}\n`));
  const queues = queueDriver(local, log);
  const host = createHostBundler();
  let bundler: Awaited<ReturnType<typeof createPageBundler>> | null = null;
  const context = {
    accountId: local.adminAccountId,
    cloudId: local.site.cloudId,
    siteUrl: local.site.siteUrl,
    moduleKey: 'user-manager-admin',
    extension: { type: 'confluence:globalSettings' },
    environmentType: 'DEVELOPMENT',
    environmentId: 'local-preview',
    locale: 'en-US',
    timezone: options.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    theme: { colorMode: 'light' },
    surfaceColor: '#FFFFFF',
  };

  // Platform time moves with wall time, as on Forge: a storage quota's minute passes, and the page recovers.
  const keepTime = followWallTime(local.clock);

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    keepTime();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'POST' && url.pathname === '/api/invoke') {
      const parsed = invokeRequest.safeParse(JSON.parse((await readBody(request)) || '{}'));
      if (!parsed.success)
        throw new HttpError(400, `An invoke needs { functionKey, payload }: ${parsed.error.message}`);
      const { functionKey, payload } = parsed.data;
      try {
        const body = await local.forge.invokeResolver(functionKey, payload ?? {}, { accountId: local.adminAccountId });
        sendJson(response, 200, { body: body ?? null });
      } catch (error) {
        // Forge rejects the page's invoke when the resolver throws: the host page does the same with this message.
        sendJson(response, 500, {
          error: `The resolver '${functionKey}' threw: ${error instanceof Error ? error.message : String(error)}`,
        });
      } finally {
        queues.kick();
      }
      return;
    }
    // The links of the outbox's emails (keep my access, restore my access): the app's web triggers, served here.
    if (url.pathname.startsWith('/x1/')) {
      const body = request.method === 'POST' ? await readBody(request) : '';
      const contentType = request.headers['content-type'];
      const answer = await local.forge.openWebTrigger(
        `${WEB_TRIGGER_ORIGIN}${url.pathname}${url.search}`,
        request.method,
        {
          body,
          headers: contentType ? { 'content-type': [contentType] } : {},
        },
      );
      response.writeHead(
        answer.statusCode,
        Object.fromEntries(Object.entries(answer.headers).map(([name, values]) => [name, values.join(', ')])),
      );
      response.end(request.method === 'HEAD' ? undefined : answer.body);
      queues.kick();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      throw new HttpError(405, `${request.method} is not supported here.`);
    if (url.pathname === '/api/context') return sendJson(response, 200, context);
    if (url.pathname === '/outbox') return send(response, 200, CONTENT_TYPES['.html']!, outboxPage(local.mail.outbox));
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === '/api/users') {
      const ids = url.searchParams.get('ids');
      const users = local.site.toSiteFile().users;
      return sendJson(
        response,
        200,
        ids === null
          ? searchSiteUsers(users, url.searchParams.get('query') ?? '')
          : siteUsersById(users, ids.split(',')),
      );
    }
    if (url.pathname === '/host.js' || url.pathname === '/host.css') {
      const bundle = await host.build().catch((error: unknown) => {
        log(error instanceof Error ? error.message : String(error));
        throw error;
      });
      return url.pathname === '/host.js'
        ? send(response, 200, CONTENT_TYPES['.js']!, bundle.js)
        : send(response, 200, CONTENT_TYPES['.css']!, bundle.css);
    }
    if (url.pathname === '/app.js') {
      try {
        if (!bundler) throw new Error('The preview is closing.');
        return send(response, 200, CONTENT_TYPES['.js']!, await bundler.build());
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(message);
        // Shown on the host page rather than a blank screen.
        return send(response, 200, CONTENT_TYPES['.js']!, `throw new Error(${JSON.stringify(message)});`);
      }
    }
    const file = await staticFile(url.pathname);
    send(response, 200, file.contentType, file.body);
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof SyntaxError ? 400 : 500;
      if (status === 500)
        log(
          `${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      if (!response.headersSent)
        sendJson(response, status, { error: error instanceof Error ? error.message : String(error) });
      else response.end();
    });
  });
  // Listen first: a taken port fails at once, before anything (esbuild's service) would keep the process alive.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  try {
    // Both bundles are ready before the address is handed out, so the first load is quick.
    [bundler] = await Promise.all([createPageBundler(options.entry ?? PAGE_ENTRY), host.build()]);
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const pageBundler = bundler;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queues.idle();
      bundler = null;
      await pageBundler.close();
    },
  };
}
