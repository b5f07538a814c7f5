/**
 * Secrets are never quoted. Every error message and log line the app stores, answers or prints passes through
 * `redact`: it removes the secret values the app knows of (the org API key, the email provider's token, whole or
 * any line of one pasted with a line break) and anything shaped like a credential (an `Authorization` value, a
 * bearer or basic token, an `X-Postmark-Server-Token` header, an Atlassian API token).
 *
 * Secrets become known when the app reads or receives them (src/adapters/settingsStore.ts, src/adapters/email,
 * the settings resolvers): `rememberSecret`. The set lives as long as the function instance; a new instance reads
 * its secrets again before it can use (and so leak) them.
 *
 * `secretProblem` checks a token or key's characters before it is used or saved, so a pasted line break never
 * reaches an HTTP header (where a failing request would quote it).
 */

export const REDACTED = '[redacted]';

/** Parts shorter than this are not looked for on their own: they would match ordinary words. */
const SHORTEST_PART = 6;

const known = new Set<string>();

/** Remembers a secret value (and each line or word of it, for one pasted with a line break or spaces). */
export function rememberSecret(value: string | undefined | null): void {
  if (!value) return;
  for (const part of [value, value.trim(), ...value.split(/\s+/)]) if (part.length >= SHORTEST_PART) known.add(part);
}

/** Credential-shaped text, with what replaces it (the name of a header or scheme is kept, its value is not). */
const CREDENTIAL_SHAPES: Array<{ shape: RegExp; replace: string }> = [
  { shape: /\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/gi, replace: `$1 ${REDACTED}` },
  {
    shape:
      /\b(Authorization|X-Postmark-Server-Token|X-Postmark-Account-Token)(["']?\s*[:=]\s*["']?)(?!\[redacted\]|Bearer\b|Basic\b)[^\s"',;]+/gi,
    replace: `$1$2${REDACTED}`,
  },
  // Atlassian API tokens and org API keys carry these prefixes.
  { shape: /\bAT(?:ATT|CTT)[A-Za-z0-9._=+/-]{20,}/g, replace: REDACTED },
];

/** The text with every known secret and credential-shaped value replaced by [redacted]. */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a whole secret is replaced before any of its lines.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
  for (const { shape, replace } of CREDENTIAL_SHAPES) out = out.replace(shape, replace);
  return out;
}

/** Every string inside a JSON-like value, redacted (objects and arrays copied only where something changed). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) {
    const items = value.map((item) => redactDeep(item) as unknown);
    return (items.some((item, index) => item !== value[index]) ? items : value) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const next = redactDeep(item as unknown);
      if (next !== item) changed = true;
      return [key, next] as const;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}

/** Whether a text holds a known secret (cheap enough to run on a whole answer before redacting it). */
export function holdsSecret(text: string): boolean {
  for (const secret of known) if (text.includes(secret)) return true;
  return CREDENTIAL_SHAPES.some(({ shape }) => {
    shape.lastIndex = 0;
    const found = shape.test(text);
    shape.lastIndex = 0;
    return found;
  });
}

/** Token and key lengths the app accepts: Postmark's server tokens are 36 characters, Atlassian's keys longer. */
const SHORTEST_SECRET = 8;
const LONGEST_SECRET = 4096;
/** Printable ASCII without the space: what tokens and keys are made of, and all an HTTP header can carry safely. */
const SECRET_CHARACTERS = /^[\x21-\x7E]+$/;

/**
 * What is wrong with a token or key's characters, in a sentence that never quotes it, or null. Deliberately loose
 * about the shape (providers change their formats): only what can never be part of one is refused.
 */
export function secretProblem(value: string, what: string): string | null {
  if (/[\r\n]/.test(value)) return `The ${what} contains a line break: copy it again as one line.`;
  if (/\s/.test(value)) return `The ${what} contains a space or tab: copy it again without them.`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1F\x7F]/.test(value)) return `The ${what} contains a control character: copy it again.`;
  if (!SECRET_CHARACTERS.test(value))
    return `The ${what} contains characters no key has (only letters, digits and punctuation): copy it again.`;
  if (value.length < SHORTEST_SECRET)
    return `The ${what} is too short (${value.length} characters): copy the whole of it.`;
  if (value.length > LONGEST_SECRET)
    return `The ${what} is too long (${value.length} characters): copy only the key itself.`;
  return null;
}
