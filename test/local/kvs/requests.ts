import { z } from 'zod';
import { KvsErrors } from './errors';
import { METADATA_FIELDS } from './records';

/**
 * Request bodies exactly as @forge/kvs 1.6 sends them (out/storage-api.js, kvs-api.d.ts). Keys, values and
 * conditions stay `unknown` here: they are checked by the validators that produce Forge's specific error codes
 * (KEY_TOO_LONG, MAX_SIZE, INVALID_FILTER_CONDITION...), not by a generic schema error.
 */
const metadataFields = z.array(z.enum(METADATA_FIELDS));
const getOptions = z.object({ metadataFields: metadataFields.optional() });
const ttl = z.object({ value: z.unknown(), unit: z.unknown() });

const setOptions = z.object({
  ttl: ttl.optional(),
  keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
  returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
  returnMetadataFields: metadataFields.optional(),
});
export type SetOptions = z.infer<typeof setOptions>;

/** Batch and transaction writes "support SetOptions, but only to set a TTL". */
const ttlOnlyOptions = z.strictObject({ ttl: ttl.optional() });

export const getRequest = z.object({ key: z.unknown(), options: getOptions.optional() });
export const setRequest = z.object({ key: z.unknown(), value: z.unknown(), options: setOptions.optional() });
export const deleteRequest = z.object({ key: z.unknown() });

export const entityGetRequest = getRequest.extend({ entityName: z.unknown() });
export const entitySetRequest = setRequest.extend({ entityName: z.unknown() });
export const entityDeleteRequest = deleteRequest.extend({ entityName: z.unknown() });

export const queryRequest = z.object({
  limit: z.unknown().optional(),
  after: z.unknown().optional(),
  where: z.array(z.unknown()).optional(),
  options: getOptions.optional(),
});

export const entityQueryRequest = z.object({
  entityName: z.unknown(),
  indexName: z.unknown(),
  partition: z.array(z.unknown()).optional(),
  range: z.unknown().optional(),
  filters: z.unknown().optional(),
  sort: z.enum(['ASC', 'DESC']).optional(),
  cursor: z.unknown().optional(),
  limit: z.unknown().optional(),
  options: getOptions.optional(),
});

const entityName = z.string().optional();

export const batchSetRequest = z.array(
  z.object({ key: z.unknown(), value: z.unknown(), entityName, options: ttlOnlyOptions.optional() }),
);
export const batchGetRequest = z.array(z.object({ key: z.unknown(), entityName, options: getOptions.optional() }));
export const batchDeleteRequest = z.array(z.object({ key: z.unknown(), entityName }));

export const transactionRequest = z.strictObject({
  set: z
    .array(
      z.strictObject({
        key: z.unknown(),
        value: z.unknown(),
        entityName,
        conditions: z.unknown().optional(),
        options: ttlOnlyOptions.optional(),
      }),
    )
    .optional(),
  delete: z.array(z.strictObject({ key: z.unknown(), entityName, conditions: z.unknown().optional() })).optional(),
  check: z.array(z.strictObject({ key: z.unknown(), entityName, conditions: z.unknown() })).optional(),
});
export type TransactionRequest = z.infer<typeof transactionRequest>;

/** Parses a body or answers 400 BAD_REQUEST naming the first fields that are wrong. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  throw KvsErrors.badRequest(problems);
}
