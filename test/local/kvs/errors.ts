/**
 * Errors the local KVS answers with, shaped like Forge's: an HTTP status plus a `{ code, message }` body, which
 * `@forge/kvs` turns into a `ForgeKvsAPIError` carrying the same code.
 *
 * Where the code and wording come from (so a reader can tell fact from local choice):
 * - documented: Forge's "Error handling for the Key-Value Store / Custom Entity Store" pages
 *   (KEY_TOO_SHORT, EMPTY_KEY, INVALID_KEY, KEY_TOO_LONG, MAX_SIZE, MAX_DEPTH, LIST_QUERY_LIMIT_EXCEEDED,
 *   QUERY_WHERE_INVALID, QUERY_WHERE_FIELD_INVALID, INVALID_FILTER_CONDITION, INVALID_FILTER_VALUES,
 *   COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE, EMPTY_FILTER_OPERATOR, INVALID_FILTER_OPERATORS_COMBINATION,
 *   INSUFFICIENT_FILTER_VALUES, INVALID_ENTITY_VALUE, INVALID_TRANSACTION_REQUEST, CONDITIONAL_CHECK_FAILED,
 *   INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION, KEY_CONFLICT, and 429 RATE_LIMIT_EXCEEDED past a quota);
 * - as the platform answered when probed (published measurements): 409 KEY_CONFLICT, 400 CONDITIONAL_CHECK_FAILED,
 *   422 UNPROCESSABLE_ENTITY for a transaction over 25 operations, 400 KEY_DUPLICATION_ERROR,
 *   400 TOO_MANY_BATCH_ENTITIES, 404 SCHEMA_NOT_FOUND, 400 INVALID_TTL, 400 INCORRECT_PROPERTY_TYPE, and the SDK's own
 *   404 KEY_NOT_FOUND "Provided key does not exist";
 * - local (no published code): BAD_REQUEST for malformed bodies, INVALID_CURSOR, INVALID_INDEX, INVALID_PARTITION,
 *   TOO_MANY_CONDITIONS, NOT_FOUND for an unknown path. Each says so in its message where it matters.
 */
export class KvsServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KvsServiceError';
  }

  toBody(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

export const KvsErrors = {
  badRequest: (detail: string) =>
    new KvsServiceError(400, 'BAD_REQUEST', `Provided request body is invalid: ${detail}`),
  unknownPath: (path: string) =>
    new KvsServiceError(
      404,
      'NOT_FOUND',
      `The local Forge KVS does not implement ${path}; is @forge/kvs newer than 1.6?`,
    ),

  keyTooShort: () => new KvsServiceError(400, 'KEY_TOO_SHORT', 'The provided key needs to be more than one character.'),
  emptyKey: () => new KvsServiceError(400, 'EMPTY_KEY', 'Key cannot be empty.'),
  keyTooLong: (max: number) =>
    new KvsServiceError(400, 'KEY_TOO_LONG', `The provided key has exceeded the maximum ${max} characters.`),
  invalidKey: (pattern: RegExp) =>
    new KvsServiceError(400, 'INVALID_KEY', `The provided key does not match the regex: ${String(pattern)}`),
  keyNotFound: () => new KvsServiceError(404, 'KEY_NOT_FOUND', 'Provided key does not exist'),
  keyConflict: () => new KvsServiceError(409, 'KEY_CONFLICT', 'Provided key already exists and cannot be overwritten'),

  maxSize: (bytes: number, max: number) =>
    new KvsServiceError(
      400,
      'MAX_SIZE',
      `The provided value has exceeded the maximum size limit (${bytes} bytes of JSON, at most ${max}).`,
    ),
  maxDepth: (max: number) =>
    new KvsServiceError(400, 'MAX_DEPTH', `The provided value has exceeded the maximum object depth (${max}) limit.`),
  invalidTtl: (detail: string) => new KvsServiceError(400, 'INVALID_TTL', detail),
  invalidKeyPolicyCombination: (detail: string) =>
    new KvsServiceError(400, 'INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION', detail),

  listQueryLimit: (max: number) =>
    new KvsServiceError(400, 'LIST_QUERY_LIMIT_EXCEEDED', `Limit for list query should be between 1 and ${max}.`),
  complexQueryLimit: (max: number) =>
    new KvsServiceError(
      400,
      'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
      `The page limit must be set between 1 and ${max}.`,
    ),
  queryWhereInvalid: () =>
    new KvsServiceError(400, 'QUERY_WHERE_INVALID', 'KVS queries should contain only a single "where" clause.'),
  queryWhereFieldInvalid: (field: string) =>
    new KvsServiceError(
      400,
      'QUERY_WHERE_FIELD_INVALID',
      `The specified field "${field}" is not supported for filters; KVS queries can only target "key".`,
    ),
  invalidFilterCondition: (condition: string, allowed: readonly string[]) =>
    new KvsServiceError(
      400,
      'INVALID_FILTER_CONDITION',
      `The specified condition ${condition} is not supported here (supported: ${allowed.join(', ')}).`,
    ),
  invalidFilterValues: (condition: string, expected: number) =>
    new KvsServiceError(
      400,
      'INVALID_FILTER_VALUES',
      `The condition ${condition} takes exactly ${expected} value(s) of type string or number.`,
    ),
  insufficientFilterValues: () =>
    new KvsServiceError(400, 'INSUFFICIENT_FILTER_VALUES', 'The specified condition needs at least two values.'),
  emptyFilterOperator: () =>
    new KvsServiceError(400, 'EMPTY_FILTER_OPERATOR', 'Filter operators "and" and "or" cannot be empty.'),
  filterOperatorsCombination: () =>
    new KvsServiceError(
      400,
      'INVALID_FILTER_OPERATORS_COMBINATION',
      'Filter operators "and" and "or" cannot be present at the same level.',
    ),
  tooManyConditions: (max: number) =>
    new KvsServiceError(400, 'TOO_MANY_CONDITIONS', `A complex query can have at most ${max} conditions.`),
  invalidCursor: () =>
    new KvsServiceError(
      400,
      'INVALID_CURSOR',
      'The cursor is not valid for this query; pass back the cursor of the previous page unchanged, with the same query.',
    ),

  schemaNotFound: (entityName: string) =>
    new KvsServiceError(
      404,
      'SCHEMA_NOT_FOUND',
      `The schema provided does not exist (no entity "${entityName}" is declared in the manifest's app.storage.entities).`,
    ),
  invalidEntityValue: (detail: string) => new KvsServiceError(400, 'INVALID_ENTITY_VALUE', detail),
  incorrectPropertyType: (property: string, type: string) =>
    new KvsServiceError(400, 'INCORRECT_PROPERTY_TYPE', `Data type for property "${property}" is defined as "${type}"`),
  invalidIndex: (entityName: string, indexName: string) =>
    new KvsServiceError(
      400,
      'INVALID_INDEX',
      `Entity "${entityName}" has no index named "${indexName}"; declare it under indexes in the manifest.`,
    ),
  invalidPartition: (detail: string) => new KvsServiceError(400, 'INVALID_PARTITION', detail),

  tooManyBatchItems: (verb: string, count: number, max: number) =>
    new KvsServiceError(
      400,
      'TOO_MANY_BATCH_ENTITIES',
      `Number of entities to ${verb} was ${count}, but you can only ${verb} a maximum of ${max} entities at a time.`,
    ),
  duplicateKey: () => new KvsServiceError(400, 'KEY_DUPLICATION_ERROR', 'Duplicate key found in request'),
  invalidTransaction: () =>
    new KvsServiceError(
      400,
      'INVALID_TRANSACTION_REQUEST',
      'Transaction request must include one of set, check or delete.',
    ),
  tooManyTransactionOperations: () =>
    new KvsServiceError(422, 'UNPROCESSABLE_ENTITY', 'Request cannot be processed due to one or more semantic errors'),
  /** Documented: "Any request that exceeds a quota or limit will return a 429 status with an error code of RATE_LIMIT_EXCEEDED." */
  rateLimited: (limit: string) =>
    new KvsServiceError(
      429,
      'RATE_LIMIT_EXCEEDED',
      `Rate limit exceeded: this installation is over its storage quota of ${limit}; retry later.`,
    ),
  conditionalCheckFailed: () =>
    new KvsServiceError(
      400,
      'CONDITIONAL_CHECK_FAILED',
      'Request failed due to conditional check specified or optimistic locking',
    ),
};
