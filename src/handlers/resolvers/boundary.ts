/**
 * What leaves a resolver when it refuses or fails: a code and a sentence, never a raw storage or runtime error, and
 * never big. A refusal lists at most MAX_PROBLEMS problems and quotes at most MAX_QUOTED characters of any value (a
 * 100,000-element scheme gets 20 lines back, not 40 MB).
 */
import { ForgeKvsAPIError } from '@forge/kvs';
import type { ResolverError } from '../../contract';
import { isApiError } from '../../adapters/http';
import { toPlatformError } from '../../adapters/platformErrors';
import { CheckFailedError } from '../../adapters/checks';
import { redact } from '../../domain/redact';

export const MAX_PROBLEMS = 20;
export const MAX_QUOTED = 200;
/** A whole message: 20 problems of a line each, with room for their sentences. */
const MAX_MESSAGE = 8_000;

/** Thrown by a resolver to answer `{ ok: false, error }` with this code and sentence. */
export class RefusedError extends Error {
  constructor(readonly answer: ResolverError) {
    super(answer.message);
  }
}

/** `text` cut to `max` characters, saying how much was left out. */
export function clip(text: string, max = MAX_QUOTED): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${(text.length - max).toLocaleString('en-US')} more characters)`;
}

/** Every quoted value ("...") in a sentence cut to MAX_QUOTED characters, and the sentence to `max`. */
function clipQuotes(text: string, max: number): string {
  const quoted = text.replace(/"([^"]{200,})"/g, (_match, value: string) => `"${clip(value)}"`);
  return clip(quoted, max);
}

/** At most MAX_PROBLEMS lines of a multi-line problem list, each line's quotes clipped. */
function boundMessage(message: string): string {
  const lines = message.split('\n');
  const problems = lines.filter((line) => /^\s+- /.test(line));
  const kept: string[] = [];
  let listed = 0;
  for (const line of lines) {
    const isProblem = /^\s+- /.test(line);
    if (isProblem && listed >= MAX_PROBLEMS) continue;
    if (isProblem) listed += 1;
    kept.push(clipQuotes(line, MAX_QUOTED * 2));
  }
  if (problems.length > MAX_PROBLEMS)
    kept.push(`  - … and ${(problems.length - MAX_PROBLEMS).toLocaleString('en-US')} more problems (fix these first)`);
  return clip(kept.join('\n'), MAX_MESSAGE);
}

/** The answer cut to size: at most MAX_PROBLEMS fields, values quoted to MAX_QUOTED characters. */
export function boundRefusal(error: ResolverError): ResolverError {
  const fields = error.fields
    ? Object.fromEntries(
        Object.entries(error.fields)
          .slice(0, MAX_PROBLEMS)
          .map(([path, message]) => [clip(path), clipQuotes(message, MAX_QUOTED * 2)]),
      )
    : undefined;
  return { code: error.code, message: boundMessage(error.message), ...(fields ? { fields } : {}) };
}

/** A payload's zod problems as one refusal: the first MAX_PROBLEMS, each named by its path. */
export function invalidInput(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): RefusedError {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '(payload)';
    fields[path] ??= issue.message;
  }
  const entries = Object.entries(fields);
  const shown = entries.slice(0, MAX_PROBLEMS).map(([path, message]) => `${clip(path)}: ${message}`);
  const more = entries.length > MAX_PROBLEMS ? `; and ${entries.length - MAX_PROBLEMS} more problems` : '';
  return new RefusedError({
    code: 'INVALID_INPUT',
    message: `The request was not valid: ${shown.join('; ')}${more}`,
    fields,
  });
}

function storageCode(error: unknown): string | undefined {
  if (!(error instanceof ForgeKvsAPIError)) return undefined;
  return (error as unknown as { code?: string }).code ?? 'UNKNOWN';
}

/**
 * Any failure as an answer. Refusals pass (cut to size); Atlassian's and Forge's quota errors keep their sentence;
 * a storage error is named by its code only (its raw text can quote keys); anything else is INTERNAL, logged whole.
 */
export function answerFor(caught: unknown, resolverName: string): ResolverError {
  const error = toPlatformError(caught);
  if (error instanceof RefusedError) return boundRefusal(error.answer);
  // Unknown is not no: a check that could not complete says so, and that it is safe to try again.
  if (error instanceof CheckFailedError) return boundRefusal({ code: 'CHECK_FAILED', message: error.message });
  if (isApiError(error)) {
    const code = error.kind === 'unauthorized' || error.kind === 'forbidden' ? 'API_KEY' : 'ATLASSIAN_API';
    return boundRefusal({ code, message: error.message });
  }
  const stored = storageCode(error);
  if (stored === 'INVALID_CURSOR')
    return {
      code: 'INVALID_INPUT',
      message: 'This page of the list is not available any more; reload the list.',
      fields: { cursor: 'not a cursor the app gave, or an old one' },
    };
  console.error(
    JSON.stringify({
      app: 'user-manager',
      step: 'resolver.error',
      resolver: resolverName,
      ...(stored ? { storage: stored } : {}),
      error: redact(clip(String((error as Error)?.stack ?? error), 4_000)),
    }),
  );
  if (stored)
    return {
      code: 'INTERNAL',
      message: `Forge storage refused a request of the app (${clip(stored, 60)}); nothing more was changed. Try again, and report it if it stays.`,
    };
  return {
    code: 'INTERNAL',
    message: `Something went wrong in the app: ${clip(String((error as Error)?.message ?? error))}`,
  };
}
