/**
 * What a failed email means for a run. The email provider's error (an ApiError of src/adapters, read here by its
 * fields so the engine imports no adapter) is one of:
 *   - `retry`: the provider could not answer now (429, 5xx, network): the step comes back later;
 *   - `configuration`: the app's email settings are wrong (a rejected token, an unconfirmed sender, a missing
 *     stream, an account that may not send): no retry can fix it, so the run fails at once, saying what to fix;
 *   - `recipient`: the provider refused this message (an invalid or inactive address, Postmark errors 300 and
 *     406, or anything else it refused once): a warning on that user's outcome, never a failed run.
 */
import { redact } from '../domain/redact';

export type MailFailure = 'retry' | 'configuration' | 'recipient';

/** Postmark's ErrorCodes about the account or its settings, not about one message (postmarkapp.com/developer/api/overview#error-codes). */
const CONFIGURATION_CODES = new Set([10, 400, 401, 405, 412, 413, 1235]);

export function classifyMailFailure(error: unknown): MailFailure {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    retryable?: unknown;
    kind?: unknown;
    code?: unknown;
  };
  if (fields.retryable === true) return 'retry';
  if (fields.kind === 'unauthorized' || fields.kind === 'forbidden') return 'configuration';
  const code = typeof fields.code === 'string' ? /^postmark-(\d+)$/.exec(fields.code)?.[1] : undefined;
  if (code !== undefined && CONFIGURATION_CODES.has(Number(code))) return 'configuration';
  return 'recipient';
}

/**
 * Thrown when the email settings are wrong: permanent (`retryable: false` with a kind), so the worker fails the run
 * at once with this sentence and releases the scheme, instead of retrying for hours.
 */
export class MailConfigurationError extends Error {
  override readonly name = 'MailConfigurationError';
  readonly kind = 'unauthorized';
  readonly retryable = false;
  constructor(what: string, cause: unknown) {
    super(
      redact(
        `${what} could not be sent because the email settings are wrong: ${(cause as Error)?.message ?? String(cause)} ` +
          'Fix them in Settings → Email (the "Send test email" button checks them); what the run did so far is recorded.',
      ),
    );
  }
}
