/** One stored value and the metadata Forge keeps beside it. Times are epoch milliseconds, like Forge's createdAt. */
export interface StoredRecord {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  /** Absent: no TTL. */
  expiresAt?: number;
}

export const METADATA_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];

/**
 * Expired values are invisible here as soon as their TTL passes. Real Forge deletes them asynchronously (up to
 * 48 h) and reads may still return them meanwhile: code that must not act on expired data has to request
 * EXPIRE_TIME and check it, here as there.
 */
export function isLive(record: StoredRecord | undefined, now: number): record is StoredRecord {
  return record !== undefined && (record.expiresAt === undefined || record.expiresAt > now);
}

export interface KeyedResult {
  key: string;
  value: unknown;
  entityName?: string;
  createdAt?: number;
  updatedAt?: number;
  expireTime?: string;
}

/** `{ key, value }` plus exactly the metadata asked for, as the service returns it (expireTime as ISO-8601). */
export function toResult(
  key: string,
  record: StoredRecord,
  fields: readonly MetadataField[] | undefined,
  entityName?: string,
): KeyedResult {
  const result: KeyedResult = { key, ...(entityName !== undefined ? { entityName } : {}), value: record.value };
  if (fields?.includes('CREATED_AT')) result.createdAt = record.createdAt;
  if (fields?.includes('UPDATED_AT')) result.updatedAt = record.updatedAt;
  if (fields?.includes('EXPIRE_TIME') && record.expiresAt !== undefined) {
    result.expireTime = new Date(record.expiresAt).toISOString();
  }
  return result;
}

/** The record a write produces: createdAt survives an overwrite of a live value; a write without TTL clears it. */
export function nextRecord(
  previous: StoredRecord | undefined,
  value: unknown,
  now: number,
  ttlMillis: number | undefined,
): StoredRecord {
  return {
    value,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    // Forge reports expiry to the second ("...:19.000Z"), so the local expiry is kept to the second too.
    ...(ttlMillis !== undefined ? { expiresAt: Math.floor((now + ttlMillis) / 1000) * 1000 } : {}),
  };
}
