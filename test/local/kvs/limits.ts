import { KvsErrors } from './errors';

/**
 * Forge's published KVS / Custom Entity Store limits (developer.atlassian.com "KVS and Custom Entity Store limits",
 * "Storage" pages). One place, so a change on Atlassian's side is a one-line change here.
 */
export const KVS_LIMITS = {
  keyLength: 500,
  /** "Value size | 240 KiB | Maximum size of a single persisted value (in RAW)": bytes of the UTF-8 JSON. */
  valueBytes: 240 * 1024,
  /** "Object depth | 31" (the error table says 32; the limits page, updated later, says 31: the stricter one wins). */
  objectDepth: 31,
  queryDefaultLimit: 10,
  queryMaxLimit: 100,
  batchItems: 25,
  transactionOperations: 25,
  /** "The maximum supported TTL is 1 year from the time the expiry is set." */
  ttlMaxMillis: 365 * 24 * 60 * 60 * 1000,
  /** Complex queries: "each complex query can only have a maximum of 100 conditions". */
  queryMaxConditions: 100,
  /** Read and write quotas are counted in units of 10 KB of payload, rounded up. */
  billingUnitBytes: 10 * 1024,
} as const;

/** The documented key pattern. `\s-#` inside the class reads as "whitespace, '-', '#'" (no `u` flag on purpose). */
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

/** KVS and secrets report an empty key as KEY_TOO_SHORT; the Custom Entity Store as EMPTY_KEY. */
export type KeyFlavour = 'kvs' | 'entity';

export function validateKey(key: unknown, flavour: KeyFlavour): asserts key is string {
  if (key === undefined || key === null || key === '') {
    throw flavour === 'entity' ? KvsErrors.emptyKey() : KvsErrors.keyTooShort();
  }
  if (typeof key !== 'string') throw KvsErrors.invalidKey(KEY_PATTERN);
  if (key.length > KVS_LIMITS.keyLength) throw KvsErrors.keyTooLong(KVS_LIMITS.keyLength);
  if (!KEY_PATTERN.test(key)) throw KvsErrors.invalidKey(KEY_PATTERN);
}

/** Nesting depth of a JSON value: a scalar is 0, `{}` or `[]` is 1, `{a: {}}` is 2. */
export function jsonDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, jsonDepth(child));
  return deepest + 1;
}

/**
 * Sizes already measured. A stored value is measured when written and again each time a read is billed for it; the
 * store keeps the object parsed from the request and never changes it in place (a write replaces it), so its size is
 * measured once. A bench that reads a year of batches spends most of its time serialising otherwise.
 */
const measured = new WeakMap<object, number>();

export function jsonBytes(value: unknown): number {
  if (value === null || typeof value !== 'object') return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  const known = measured.get(value);
  if (known !== undefined) return known;
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  measured.set(value, bytes);
  return bytes;
}

/** A value Forge would store: JSON, at most 240 KiB serialised, at most 31 levels deep. */
export function validateValue(value: unknown): void {
  if (value === undefined) throw KvsErrors.badRequest('a value is required (undefined cannot be stored).');
  const bytes = jsonBytes(value);
  if (bytes > KVS_LIMITS.valueBytes) throw KvsErrors.maxSize(bytes, KVS_LIMITS.valueBytes);
  if (jsonDepth(value) > KVS_LIMITS.objectDepth) throw KvsErrors.maxDepth(KVS_LIMITS.objectDepth);
}

const TTL_UNIT_MILLIS = {
  SECONDS: 1000,
  MINUTES: 60 * 1000,
  HOURS: 60 * 60 * 1000,
  DAYS: 24 * 60 * 60 * 1000,
} as const;

export type TtlUnit = keyof typeof TTL_UNIT_MILLIS;
export const TTL_UNITS = Object.keys(TTL_UNIT_MILLIS) as TtlUnit[];

/** The TTL as milliseconds, or the INVALID_TTL error Forge answers with. */
export function ttlToMillis(ttl: { value: unknown; unit: unknown }): number {
  const { value, unit } = ttl;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw KvsErrors.invalidTtl(`TTL value must be a positive integer, received: ${String(value)}`);
  }
  if (typeof unit !== 'string' || !(unit in TTL_UNIT_MILLIS)) {
    throw KvsErrors.invalidTtl(`TTL unit must be one of ${TTL_UNITS.join(', ')}, received: ${String(unit)}`);
  }
  const millis = value * TTL_UNIT_MILLIS[unit as TtlUnit];
  if (millis > KVS_LIMITS.ttlMaxMillis) {
    throw KvsErrors.invalidTtl(`TTL cannot be longer than 1 year, received: ${value} ${unit}`);
  }
  return millis;
}

/** Quota units for a payload: every started 10 KB counts, and an empty payload still costs one unit. */
export function billingUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / KVS_LIMITS.billingUnitBytes));
}
