/**
 * Postmark's email API (https://postmarkapp.com/developer/api/email-api): `POST /email` for one message,
 * `POST /email/batch` for up to 500, authorised by a server API token in `X-Postmark-Server-Token`.
 * Postmark answers errors as `{ ErrorCode, Message }`: 401 for a bad token, 422 for a request it refuses
 * (ErrorCode 300 invalid message or address, 400/401 sender signature missing/unconfirmed, 406 inactive
 * recipient, ...). Each becomes an ApiError whose sentence tells a site admin what to fix. The token never
 * appears in a message.
 *
 * A message may have at most 50 recipients (To + Cc + Bcc): longer lists go out as a batch of messages with
 * 50 recipients each. The client never retries: a retryable ApiError lets the engine retry its step.
 */
import { z } from 'zod';
import { ApiError, retryAfterFromHeaders, type HttpTransport } from '../http';
import type { EmailMessage, EmailSender } from './sender';

export const POSTMARK_ORIGIN = 'https://api.postmarkapp.com';
export const MAX_RECIPIENTS_PER_MESSAGE = 50;
export const MAX_MESSAGES_PER_BATCH = 500;

export interface PostmarkConfig {
  serverToken: string;
  fromAddress: string;
  /** Postmark's transactional stream is `outbound` unless the admin made another. */
  messageStream: string;
  transport: HttpTransport;
  now?: () => Date;
}

const PROVIDER = 'the email provider (Postmark)';

const sentSchema = z.object({
  ErrorCode: z.number(),
  Message: z.string().nullish(),
  MessageID: z.string().nullish(),
  To: z.string().nullish(),
});
const batchSchema = z.array(sentSchema);
const errorSchema = z.object({ ErrorCode: z.number(), Message: z.string().nullish() });

interface PostmarkFailure {
  errorCode: number;
  message: string;
}

/** Postmark's wire format for one message. */
function toPostmark(message: EmailMessage, to: readonly string[], config: PostmarkConfig): Record<string, unknown> {
  const body: Record<string, unknown> = {
    From: config.fromAddress,
    To: to.join(', '),
    Subject: message.subject,
    HtmlBody: message.html,
    TextBody: message.text,
    MessageStream: config.messageStream,
  };
  if (message.attachments && message.attachments.length > 0) {
    body.Attachments = message.attachments.map((a) => ({
      Name: a.filename,
      Content: Buffer.from(a.content, 'utf8').toString('base64'),
      ContentType: a.contentType,
    }));
  }
  return body;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** A refusal Postmark explained with an ErrorCode, in words an admin can act on. */
export function postmarkRefusal(
  failure: PostmarkFailure,
  config: Pick<PostmarkConfig, 'fromAddress' | 'messageStream'>,
  status = 422,
): ApiError {
  const said = failure.message ? ` Postmark said: "${failure.message}".` : '';
  const sentences: Record<number, string> = {
    10: "The email provider rejected the API key: check the Postmark server API token in the app's Settings (Postmark → your server → API Tokens).",
    300: "Postmark refused the email as invalid (error 300): check the from-address in Settings and the recipients' addresses.",
    400: `The from-address ${config.fromAddress} is not a sender signature in Postmark (error 400): add it, or its domain, under Sender Signatures in Postmark, or change the from-address in Settings.`,
    401: `The from-address ${config.fromAddress} is a sender signature in Postmark that is not confirmed yet (error 401): confirm it from the email Postmark sent to that address.`,
    405: 'Postmark does not allow this account to send email (error 405): it may be out of credits; check the account in Postmark.',
    406: 'Postmark will not send to a recipient marked inactive there after a bounce or spam complaint (error 406): reactivate the address in Postmark, or remove that recipient.',
    411: 'Postmark refused the attachment type (error 411).',
    412: "The Postmark account is still pending approval (error 412): until Postmark approves it, email can only go to addresses on the sender's own domain.",
    413: 'The Postmark account may not send email (error 413): check the account in Postmark.',
    1235: `Postmark has no message stream '${config.messageStream}' on this server (error 1235): fix the message stream in Settings (Postmark's default is 'outbound').`,
  };
  const sentence = sentences[failure.errorCode] ?? `Postmark refused the email (error ${failure.errorCode}).`;
  return new ApiError({
    kind: failure.errorCode === 10 ? 'unauthorized' : 'badRequest',
    operation: 'sendEmail',
    retryable: false,
    status,
    code: `postmark-${failure.errorCode}`,
    message: `${sentence}${said}`,
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Tries a server token without sending anything: Postmark's `GET /server` answers the server the token belongs to,
 * or 401. Resolves when the token works; throws an ApiError otherwise (retryable for 429, 5xx and no answer).
 * Neither the token nor a transport error (which may quote a header) is put in a message.
 */
export async function checkPostmarkToken(serverToken: string, transport: HttpTransport): Promise<void> {
  let status: number;
  let said = '';
  try {
    const response = await transport(`${POSTMARK_ORIGIN}/server`, {
      method: 'GET',
      headers: { Accept: 'application/json', 'X-Postmark-Server-Token': serverToken },
    });
    status = response.status;
    const error = errorSchema.safeParse(parseJson(await response.text()));
    if (error.success && error.data.Message) said = ` Postmark said: "${error.data.Message}".`;
  } catch {
    throw new ApiError({
      kind: 'network',
      operation: 'checkToken',
      retryable: true,
      message: `Could not reach ${PROVIDER} to try the token.`,
    });
  }
  if (status >= 200 && status < 300) return;
  if (status === 401 || status === 403)
    throw new ApiError({
      kind: 'unauthorized',
      operation: 'checkToken',
      retryable: false,
      status,
      code: 'postmark-10',
      message: `Postmark rejected the server token (${status}): copy the Server API token from Postmark → your server → API Tokens.${said}`,
    });
  const retryable = status === 429 || status >= 500;
  throw new ApiError({
    kind: retryable ? (status === 429 ? 'rateLimited' : 'unavailable') : 'badRequest',
    operation: 'checkToken',
    retryable,
    status,
    message: `${PROVIDER} answered HTTP ${status} when the app tried the token.${said}`,
  });
}

export function createPostmarkSender(config: PostmarkConfig): EmailSender {
  const now = config.now ?? (() => new Date());

  async function post(path: '/email' | '/email/batch', body: unknown): Promise<unknown> {
    let response: Awaited<ReturnType<HttpTransport>>;
    let text: string;
    try {
      response = await config.transport(`${POSTMARK_ORIGIN}${path}`, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'X-Postmark-Server-Token': config.serverToken,
        },
        body: JSON.stringify(body),
      });
      text = await response.text();
    } catch (cause) {
      throw new ApiError({
        kind: 'network',
        operation: 'sendEmail',
        retryable: true,
        message: `Could not reach ${PROVIDER} to send email: ${cause instanceof Error ? cause.message : String(cause)}. Try again in a moment.`,
      });
    }
    const parsed = parseJson(text);
    const { status } = response;
    if (status >= 200 && status < 300) return parsed;
    const error = errorSchema.safeParse(parsed);
    const failure: PostmarkFailure | null = error.success
      ? { errorCode: error.data.ErrorCode, message: error.data.Message ?? '' }
      : null;
    if (status === 401) {
      const said = failure?.message ? ` Postmark said: "${failure.message}".` : '';
      throw new ApiError({
        kind: 'unauthorized',
        operation: 'sendEmail',
        retryable: false,
        status,
        code: 'postmark-10',
        message:
          "The email provider rejected the API key (401): check the Postmark server API token saved in the app's Settings " +
          `(Postmark → your server → API Tokens) and save it again.${said}`,
      });
    }
    if (status === 422 && failure) throw postmarkRefusal(failure, config, status);
    if (status === 429) {
      const retryAfterSeconds = retryAfterFromHeaders(response.headers, now());
      throw new ApiError({
        kind: 'rateLimited',
        operation: 'sendEmail',
        retryable: true,
        status,
        retryAfterSeconds,
        message: `${PROVIDER} is rate limiting the app (429); trying again in ${retryAfterSeconds} s.`,
      });
    }
    const detail = failure?.message ? ` Postmark said: "${failure.message}".` : '';
    if (status >= 500) {
      throw new ApiError({
        kind: 'unavailable',
        operation: 'sendEmail',
        retryable: true,
        status,
        message: `${PROVIDER} failed (HTTP ${status}) while sending email; try again in a moment; report emails are retried on their own.${detail}`,
      });
    }
    throw new ApiError({
      kind: 'badRequest',
      operation: 'sendEmail',
      retryable: false,
      status,
      ...(failure ? { code: `postmark-${failure.errorCode}` } : {}),
      message: `${PROVIDER} refused the email (HTTP ${status}).${detail}`,
    });
  }

  function understood<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    throw new ApiError({
      kind: 'unavailable',
      operation: 'sendEmail',
      retryable: false,
      message: `${PROVIDER} answered with data the app does not understand; the email may or may not have been sent. Check Postmark's activity log.`,
    });
  }

  async function sendOne(message: EmailMessage, to: readonly string[]): Promise<string> {
    const sent = understood(sentSchema, await post('/email', toPostmark(message, to, config)));
    if (sent.ErrorCode !== 0)
      throw postmarkRefusal({ errorCode: sent.ErrorCode, message: sent.Message ?? '' }, config, 200);
    return sent.MessageID ?? '';
  }

  /** One message per group of 50 recipients; a partial failure names who got nothing and is not retried. */
  async function sendBatch(message: EmailMessage, groups: readonly string[][]): Promise<string[]> {
    const ids: string[] = [];
    const refused: Array<{ to: string; failure: PostmarkFailure }> = [];
    for (const calls of chunk(groups, MAX_MESSAGES_PER_BATCH)) {
      const answers = understood(
        batchSchema,
        await post(
          '/email/batch',
          calls.map((to) => toPostmark(message, to, config)),
        ),
      );
      calls.forEach((to, index) => {
        const answer = answers[index];
        if (answer && answer.ErrorCode === 0) ids.push(answer.MessageID ?? '');
        else
          refused.push({
            to: to.join(', '),
            failure: { errorCode: answer?.ErrorCode ?? -1, message: answer?.Message ?? 'no answer for this message' },
          });
      });
    }
    const [first] = refused;
    if (!first) return ids;
    if (ids.length === 0) throw postmarkRefusal(first.failure, config, 200);
    throw new ApiError({
      kind: 'badRequest',
      operation: 'sendEmail',
      retryable: false,
      code: `postmark-${first.failure.errorCode}`,
      message:
        `Postmark sent ${ids.length} of ${groups.length} messages but refused ${refused.length}: ` +
        refused.map((r) => `to ${r.to} (error ${r.failure.errorCode}: ${r.failure.message})`).join('; ') +
        '.',
    });
  }

  return {
    async send(message) {
      const to = [...new Set(message.to.map((address) => address.trim()).filter((address) => address !== ''))];
      if (to.length === 0) throw new RangeError('An email needs at least one recipient.');
      const groups = chunk(to, MAX_RECIPIENTS_PER_MESSAGE);
      if (groups.length === 1) return { messageId: await sendOne(message, to) };
      return { messageId: (await sendBatch(message, groups)).join(', ') };
    },
  };
}
