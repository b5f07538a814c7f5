/**
 * A simulated Postmark (https://api.postmarkapp.com) for the local installation: it answers `POST /email` and
 * `POST /email/batch` as Postmark documents, and keeps every accepted message in an outbox (attachments
 * decoded) for tests and the preview.
 *
 *   - Auth: `X-Postmark-Server-Token` (header names are case-insensitive); missing or unknown → 401 with
 *     ErrorCode 10, as Postmark answers.
 *   - 422 with Postmark's ErrorCodes: 300 for an invalid From/To address, no body, more than 50 recipients or
 *     bad attachment content; 406 for a recipient marked inactive (`inactiveRecipients`); 400 for a From that is not a sender signature (when `senderSignatures` is
 *     given); 402 for a body that is not JSON; 1235 for an unknown message stream.
 *   - `GET /server` answers the token's server (Postmark's Server API): how a token is tried without sending.
 *   - Success: `{ To, SubmittedAt, MessageID, ErrorCode: 0, Message: 'OK' }` (a batch: an array of those,
 *     per message, failures included with their ErrorCode, as Postmark's batch does).
 *   - Faults: `failNext(n, status)` makes the next n requests answer a 5xx (nothing is kept), and
 *     `serverErrorRate` with a seed does so at random.
 * Address checks follow Postmark's published rule of thumb (a mailbox and a dotted domain), and a
 * `Name <address>` form is accepted as Postmark does.
 */
import { randomUUID } from 'node:crypto';
import { Random } from '../random';
import type { EgressService } from '../runtime';

export const POSTMARK_ORIGIN = 'https://api.postmarkapp.com';
export const LOCAL_POSTMARK_TOKEN = 'local-postmark-server-token';
const MAX_RECIPIENTS = 50;
const MAX_BATCH = 500;

export interface OutboxMessage {
  messageId: string;
  submittedAt: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  messageStream: string;
  attachments: Array<{ name: string; contentType: string; content: string }>;
}

export interface SimulatedPostmarkOptions {
  now?: () => Date;
  /** Server tokens that are accepted. Default: [LOCAL_POSTMARK_TOKEN]. */
  tokens?: string[];
  /** Confirmed sender signatures: addresses, or `@domain` for a whole domain. Default: any From is accepted. */
  senderSignatures?: string[];
  messageStreams?: string[];
  /**
   * Addresses Postmark has marked inactive (after a hard bounce or a spam complaint): a message to one is refused
   * with ErrorCode 406, as Postmark does.
   */
  inactiveRecipients?: string[];
  /** Probability of a 5xx on any request. */
  serverErrorRate?: number;
  seed?: number;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Sent = { ok: true; message: OutboxMessage } | { ok: false; errorCode: number; message: string };

const EMAIL = /^[a-z0-9.!#$%&'*+\-/=?^_`{|}~]+@((\.)?[a-z0-9-])+\.[a-z]{2,}$/i;

/** `Name <a@b.c>` → `a@b.c`; a bare address as is. */
function addressOf(entry: string): string {
  const match = /<([^>]*)>\s*$/.exec(entry);
  return (match ? (match[1] ?? '') : entry).trim();
}

function splitAddresses(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class SimulatedPostmark {
  readonly outbox: OutboxMessage[] = [];
  /** Every request answered, for assertions on what the app sent. */
  readonly requests: Array<{ path: string; status: number }> = [];
  private readonly options: SimulatedPostmarkOptions;
  private readonly random: Random;
  private pendingFaults: number[] = [];

  constructor(options: SimulatedPostmarkOptions = {}) {
    this.options = options;
    this.random = new Random(options.seed ?? 1);
  }

  /** What the local runtime needs to route egress to this provider. */
  get service(): EgressService {
    return { origin: POSTMARK_ORIGIN, handle: (request) => this.handle(request) };
  }

  /** The next `count` requests fail with `status` (a 5xx), as an outage would. */
  failNext(count = 1, status = 503): void {
    for (let i = 0; i < count; i += 1) this.pendingFaults.push(status);
  }

  clear(): void {
    this.outbox.length = 0;
    this.requests.length = 0;
  }

  async handle(request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
  }): Promise<Answer> {
    const url = new URL(request.url);
    const answer = this.answer(request, url.pathname);
    this.requests.push({ path: url.pathname, status: answer.status });
    return answer;
  }

  private answer(request: { method: string; headers: Record<string, string>; body?: string }, path: string): Answer {
    const fault =
      this.pendingFaults.shift() ?? (this.random.chance(this.options.serverErrorRate ?? 0) ? 500 : undefined);
    if (fault !== undefined) return this.reply(fault, { ErrorCode: 100, Message: 'Maintenance' });
    const readsServer = request.method === 'GET' && path === '/server';
    if (!readsServer && (request.method !== 'POST' || (path !== '/email' && path !== '/email/batch'))) {
      return this.reply(404, {
        ErrorCode: 404,
        Message: `The simulated Postmark does not serve ${request.method} ${path}.`,
      });
    }
    const token = Object.entries(request.headers).find(
      ([name]) => name.toLowerCase() === 'x-postmark-server-token',
    )?.[1];
    if (!token) {
      return this.reply(401, {
        ErrorCode: 10,
        Message:
          'No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.',
      });
    }
    if (!(this.options.tokens ?? [LOCAL_POSTMARK_TOKEN]).includes(token)) {
      return this.reply(401, { ErrorCode: 10, Message: 'Request does not contain a valid Server token.' });
    }
    // GET /server: the server the token belongs to (Postmark's Server API), how the app tries a token before saving it.
    if (readsServer) return this.reply(200, { ID: 1, Name: 'Local server', Color: 'blue', InboundHookUrl: '' });
    let body: unknown;
    try {
      body = JSON.parse(request.body ?? '');
    } catch {
      return this.reply(422, { ErrorCode: 402, Message: 'Received invalid JSON input.' });
    }
    if (path === '/email') {
      const sent = this.accept(body);
      return sent.ok
        ? this.reply(200, this.receipt(sent.message))
        : this.reply(422, { ErrorCode: sent.errorCode, Message: sent.message });
    }
    if (!Array.isArray(body))
      return this.reply(422, { ErrorCode: 403, Message: 'Incompatible JSON input: a batch is an array of messages.' });
    if (body.length > MAX_BATCH)
      return this.reply(422, { ErrorCode: 410, Message: `Too many batch messages: at most ${MAX_BATCH}.` });
    return this.reply(
      200,
      body.map((entry) => {
        const sent = this.accept(entry);
        return sent.ok ? this.receipt(sent.message) : { ErrorCode: sent.errorCode, Message: sent.message };
      }),
    );
  }

  private accept(body: unknown): Sent {
    if (!isRecord(body)) return { ok: false, errorCode: 403, message: 'Incompatible JSON input.' };
    const from = typeof body.From === 'string' ? body.From.trim() : '';
    if (from === '') return { ok: false, errorCode: 300, message: "Invalid 'From' address: ''." };
    const fromAddress = addressOf(from);
    if (!EMAIL.test(fromAddress)) return { ok: false, errorCode: 300, message: `Invalid 'From' address: '${from}'.` };
    const signatures = this.options.senderSignatures;
    if (signatures) {
      const domain = `@${fromAddress.split('@')[1]?.toLowerCase() ?? ''}`;
      const known = signatures.some((s) => s.toLowerCase() === fromAddress.toLowerCase() || s.toLowerCase() === domain);
      if (!known) {
        return {
          ok: false,
          errorCode: 400,
          message: `The 'From' address you supplied (${from}) is not a Sender Signature on your account. Please add and confirm this address in order to be able to use it in the 'From' field of your messages.`,
        };
      }
    }
    const to = splitAddresses(body.To);
    const cc = splitAddresses(body.Cc);
    const bcc = splitAddresses(body.Bcc);
    if (to.length === 0) return { ok: false, errorCode: 300, message: 'Zero recipients specified' };
    const invalid = [...to, ...cc, ...bcc].find((entry) => !EMAIL.test(addressOf(entry)));
    if (invalid !== undefined)
      return {
        ok: false,
        errorCode: 300,
        message: `Error parsing 'To': Illegal email address '${invalid}'. It must contain the '@' symbol.`,
      };
    const inactive = new Set((this.options.inactiveRecipients ?? []).map((address) => address.toLowerCase()));
    if ([...to, ...cc, ...bcc].some((entry) => inactive.has(addressOf(entry).toLowerCase())))
      return {
        ok: false,
        errorCode: 406,
        message:
          'You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ' +
          [...to, ...cc, ...bcc].filter((entry) => inactive.has(addressOf(entry).toLowerCase())).join(', ') +
          '. Inactive recipients are ones that have generated a hard bounce or a spam complaint.',
      };
    if (to.length + cc.length + bcc.length > MAX_RECIPIENTS) {
      return {
        ok: false,
        errorCode: 300,
        message: `Invalid 'To' address: too many recipients; the maximum is ${MAX_RECIPIENTS} (To, Cc and Bcc together).`,
      };
    }
    const html = typeof body.HtmlBody === 'string' ? body.HtmlBody : '';
    const text = typeof body.TextBody === 'string' ? body.TextBody : '';
    if (html === '' && text === '')
      return { ok: false, errorCode: 300, message: 'Provide either email TextBody or HtmlBody or both.' };
    const stream =
      typeof body.MessageStream === 'string' && body.MessageStream !== '' ? body.MessageStream : 'outbound';
    if (!(this.options.messageStreams ?? ['outbound']).includes(stream)) {
      return {
        ok: false,
        errorCode: 1235,
        message: `The message stream for the provided 'ID' was not found: '${stream}'.`,
      };
    }
    const attachments: OutboxMessage['attachments'] = [];
    for (const raw of Array.isArray(body.Attachments) ? body.Attachments : []) {
      if (
        !isRecord(raw) ||
        typeof raw.Name !== 'string' ||
        typeof raw.Content !== 'string' ||
        !BASE64.test(raw.Content)
      ) {
        return {
          ok: false,
          errorCode: 300,
          message: 'Invalid attachment: each needs Name, base64 Content and ContentType.',
        };
      }
      attachments.push({
        name: raw.Name,
        contentType: typeof raw.ContentType === 'string' ? raw.ContentType : 'application/octet-stream',
        content: Buffer.from(raw.Content, 'base64').toString('utf8'),
      });
    }
    const message: OutboxMessage = {
      messageId: randomUUID(),
      submittedAt: (this.options.now?.() ?? new Date()).toISOString(),
      from,
      to,
      subject: typeof body.Subject === 'string' ? body.Subject : '',
      html,
      text,
      messageStream: stream,
      attachments,
    };
    this.outbox.push(message);
    return { ok: true, message };
  }

  private receipt(message: OutboxMessage): Record<string, unknown> {
    return {
      To: message.to.join(', '),
      SubmittedAt: message.submittedAt,
      MessageID: message.messageId,
      ErrorCode: 0,
      Message: 'OK',
    };
  }

  private reply(status: number, json: unknown): Answer {
    return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(json) };
  }
}
