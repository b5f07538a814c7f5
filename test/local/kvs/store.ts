import { filterGroupMatches, parseFilterGroup, type FilterGroup } from './conditions';
import { EntityCatalog, type EntityDefinition } from './entities';
import { KvsErrors, KvsServiceError } from './errors';
import { type KeyFlavour, ttlToMillis, validateKey, validateValue, KVS_LIMITS } from './limits';
import { emptyStoreData, loadStoreData, saveStoreData, type StoreData } from './persistence';
import { KvsQuota, readCost, writeCost, type KvsQuotaLimits } from './quota';
import { pageLimit, parseEntityQueryParts, parseKeyPrefix, queryEntities, queryKeys } from './query';
import { type KeyedResult, type StoredRecord, isLive, nextRecord, toResult } from './records';
import {
  type SetOptions,
  type TransactionRequest,
  batchDeleteRequest,
  batchGetRequest,
  batchSetRequest,
  deleteRequest,
  entityDeleteRequest,
  entityGetRequest,
  entityQueryRequest,
  entitySetRequest,
  getRequest,
  parseBody,
  queryRequest,
  setRequest,
  transactionRequest,
} from './requests';

export interface LocalKvsOptions {
  /** The platform clock: TTL expiry and createdAt/updatedAt read it. */
  now: () => number;
  /** The manifest's app.storage.entities; entity calls for any other name answer 404 SCHEMA_NOT_FOUND. */
  entities?: EntityDefinition[];
  /** JSON snapshot path (e.g. .local/kvs.json): loaded by the constructor when present, written by save(). */
  file?: string;
  /**
   * Forge's quotas (./quota.ts): 4,000 read and 4,000 write units a minute, 1,000 requests a second, past which a
   * request answers 429 RATE_LIMIT_EXCEEDED. On by default; `false` turns them off (for a unit test about
   * something else that makes thousands of calls at one instant); an object overrides some limits.
   */
  quotas?: false | Partial<KvsQuotaLimits>;
}

export interface KvsResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Usage counters. `reads` and `writes` are quota units as Forge counts them (./quota.ts): per key, one unit per
 * started 10 KB of its value, at least one, so a batch of ten 1 KB values costs 10 units, as do ten single sets.
 * A missing key, a key conflict or a failed transaction condition is billed like a success (the store was read);
 * requests refused by validation count in `requests` only. `throttled` counts the 429 RATE_LIMIT_EXCEEDED answers.
 */
export interface KvsMetrics {
  requests: number;
  reads: number;
  writes: number;
  throttled: number;
}

export interface KvsDump {
  kvs: Record<string, unknown>;
  /** Names only: secret values stay out of dumps and CLI output. */
  secrets: string[];
  entities: Record<string, Record<string, unknown>>;
}

/** What `LocalKvs.snapshot()` keeps: opaque to callers. */
export interface StoreSnapshot {
  readonly data: StoreData;
}

/** Answers that still touched stored data, so they use quota like a success; validation refusals do not. */
const BILLED_REFUSALS = new Set(['KEY_NOT_FOUND', 'KEY_CONFLICT', 'CONDITIONAL_CHECK_FAILED']);

type Namespace = 'kvs' | 'secrets';
type Route = { kind: 'read' | 'write'; run: (body: unknown) => unknown };

/** A Forge Key-Value Store and Custom Entity Store for one installation, answering @forge/kvs's HTTP calls. */
export class LocalKvs {
  readonly metrics: KvsMetrics = { requests: 0, reads: 0, writes: 0, throttled: 0 };
  private readonly quota: KvsQuota | undefined;
  private data: StoreData;
  private readonly catalog: EntityCatalog;
  private readonly now: () => number;
  private readonly file: string | undefined;
  /** KVS keys in order, rebuilt only after a key is added or removed, so paging a large store stays cheap. */
  private sortedKeys: string[] | undefined;
  private readonly routes: ReadonlyMap<string, Route>;
  private writesApplied = 0;

  constructor(opts: LocalKvsOptions) {
    this.now = opts.now;
    this.file = opts.file;
    this.catalog = new EntityCatalog(opts.entities ?? []);
    this.quota = opts.quotas === false ? undefined : new KvsQuota(opts.now, opts.quotas || {});
    this.data = (opts.file !== undefined ? loadStoreData(opts.file) : undefined) ?? emptyStoreData();
    this.routes = new Map<string, Route>([
      ['/api/v1/get', { kind: 'read', run: (b) => this.get('kvs', b) }],
      ['/api/v1/set', { kind: 'write', run: (b) => this.set('kvs', b) }],
      ['/api/v1/delete', { kind: 'write', run: (b) => this.delete('kvs', b) }],
      ['/api/v1/query', { kind: 'read', run: (b) => this.query(b) }],
      ['/api/v1/secret/get', { kind: 'read', run: (b) => this.get('secrets', b) }],
      ['/api/v1/secret/set', { kind: 'write', run: (b) => this.set('secrets', b) }],
      ['/api/v1/secret/delete', { kind: 'write', run: (b) => this.delete('secrets', b) }],
      ['/api/v1/entity/get', { kind: 'read', run: (b) => this.entityGet(b) }],
      ['/api/v1/entity/set', { kind: 'write', run: (b) => this.entitySet(b) }],
      ['/api/v1/entity/delete', { kind: 'write', run: (b) => this.entityDelete(b) }],
      ['/api/v1/entity/query', { kind: 'read', run: (b) => this.entityQuery(b) }],
      ['/api/v1/batch/set', { kind: 'write', run: (b) => this.batchSet(b) }],
      ['/api/v1/batch/get', { kind: 'read', run: (b) => this.batchGet(b) }],
      ['/api/v1/batch/delete', { kind: 'write', run: (b) => this.batchDelete(b) }],
      ['/api/v1/transaction', { kind: 'write', run: (b) => this.transact(b) }],
    ]);
  }

  /** Handles one @forge/kvs request: 200 with a JSON body, 204 without, or Forge's status with `{ code, message }`. */
  handle(path: string, body: unknown): KvsResponse {
    this.metrics.requests += 1;
    const route = this.routes.get(path);
    if (!route) {
      const error = KvsErrors.unknownPath(path);
      return { status: error.status, body: error.toBody() };
    }
    const known = route.kind === 'write' ? writeCost(path, body) : { reads: 1, writes: 0 };
    const refused = this.quota?.admit(known);
    if (refused) {
      this.metrics.throttled += 1;
      const error = KvsErrors.rateLimited(refused.limit);
      return {
        status: error.status,
        body: error.toBody(),
        headers: { 'retry-after': String(refused.retryAfterSeconds) },
      };
    }
    try {
      const result = route.run(body);
      if (route.kind === 'write') this.writesApplied += 1;
      this.bill(route.kind, path, body, result);
      return result === undefined ? { status: 204 } : { status: 200, body: result };
    } catch (error) {
      if (!(error instanceof KvsServiceError)) throw error;
      if (BILLED_REFUSALS.has(error.code)) this.bill(route.kind, path, body, undefined);
      return { status: error.status, body: error.toBody() };
    }
  }

  private bill(kind: Route['kind'], path: string, request: unknown, response: unknown): void {
    const cost = kind === 'write' ? writeCost(path, request) : { reads: readCost(path, response), writes: 0 };
    this.metrics.reads += cost.reads;
    this.metrics.writes += cost.writes;
    this.quota?.bill(cost);
  }

  /**
   * Write requests the store carried out (refused ones not counted): the same number before and after a call means
   * the call stored nothing, without comparing dumps.
   */
  get writesCarriedOut(): number {
    return this.writesApplied;
  }

  /** A copy of everything stored, to `restore` later (a test that makes many calls on one installation). */
  snapshot(): StoreSnapshot {
    return { data: structuredClone(this.data) };
  }

  restore(snapshot: StoreSnapshot): void {
    this.data = structuredClone(snapshot.data);
    this.sortedKeys = undefined;
  }

  resetMetrics(): void {
    this.metrics.requests = 0;
    this.metrics.reads = 0;
    this.metrics.writes = 0;
    this.metrics.throttled = 0;
  }

  /** Writes the snapshot atomically to opts.file, leaving expired values out. */
  save(): void {
    if (this.file === undefined) throw new Error('LocalKvs.save(): no file was given to the constructor (opts.file).');
    const now = this.now();
    saveStoreData(this.file, this.data, (record) => isLive(record, now));
  }

  clear(): void {
    this.data = emptyStoreData();
    this.sortedKeys = undefined;
  }

  /** Live values per namespace. */
  size(): { kvs: number; secrets: number; entities: number } {
    const now = this.now();
    const live = (map: Map<string, StoredRecord>) => [...map.values()].filter((r) => isLive(r, now)).length;
    let entities = 0;
    for (const map of this.data.entities.values()) entities += live(map);
    return { kvs: live(this.data.kv), secrets: live(this.data.secrets), entities };
  }

  dump(): KvsDump {
    const now = this.now();
    const values = (map: Map<string, StoredRecord>) =>
      Object.fromEntries([...map].filter(([, r]) => isLive(r, now)).map(([key, r]) => [key, r.value]));
    return {
      kvs: values(this.data.kv),
      secrets: [...this.data.secrets]
        .filter(([, r]) => isLive(r, now))
        .map(([key]) => key)
        .sort(),
      entities: Object.fromEntries([...this.data.entities].map(([name, map]) => [name, values(map)])),
    };
  }

  // ---- key-value and secrets ----

  private namespace(ns: Namespace): Map<string, StoredRecord> {
    return ns === 'kvs' ? this.data.kv : this.data.secrets;
  }

  private get(ns: Namespace, body: unknown): KeyedResult {
    const request = parseBody(getRequest, body);
    validateKey(request.key, 'kvs');
    return this.read(this.namespace(ns), request.key, request.options?.metadataFields);
  }

  private set(ns: Namespace, body: unknown): KeyedResult | undefined {
    const request = parseBody(setRequest, body);
    validateKey(request.key, 'kvs');
    validateValue(request.value);
    return this.write(this.namespace(ns), request.key, request.value, request.options);
  }

  /** "Deletes a value by key, this succeeds whether the key exists or not." */
  private delete(ns: Namespace, body: unknown): undefined {
    const request = parseBody(deleteRequest, body);
    validateKey(request.key, 'kvs');
    this.remove(this.namespace(ns), request.key);
    return undefined;
  }

  private query(body: unknown): { data: KeyedResult[]; cursor?: string } {
    const request = parseBody(queryRequest, body);
    const limit = pageLimit(request.limit, KvsErrors.listQueryLimit);
    const prefix = parseKeyPrefix(request.where);
    const now = this.now();
    this.sortedKeys ??= [...this.data.kv.keys()].sort();
    return queryKeys(
      this.sortedKeys,
      (key) => {
        const record = this.data.kv.get(key);
        return isLive(record, now) ? record : undefined;
      },
      {
        prefix,
        limit,
        after: request.after,
        ...(request.options?.metadataFields ? { metadataFields: request.options.metadataFields } : {}),
      },
    );
  }

  // ---- custom entities ----

  private records(entityName: string): Map<string, StoredRecord> {
    let map = this.data.entities.get(entityName);
    if (!map) {
      map = new Map();
      this.data.entities.set(entityName, map);
    }
    return map;
  }

  private entityGet(body: unknown): KeyedResult {
    const request = parseBody(entityGetRequest, body);
    const def = this.catalog.definition(request.entityName);
    validateKey(request.key, 'entity');
    return this.read(this.records(def.name), request.key, request.options?.metadataFields);
  }

  private entitySet(body: unknown): KeyedResult | undefined {
    const request = parseBody(entitySetRequest, body);
    const def = this.catalog.definition(request.entityName);
    validateKey(request.key, 'entity');
    validateValue(request.value);
    this.catalog.validateValue(def, request.value);
    return this.write(this.records(def.name), request.key, request.value, request.options);
  }

  private entityDelete(body: unknown): undefined {
    const request = parseBody(entityDeleteRequest, body);
    const def = this.catalog.definition(request.entityName);
    validateKey(request.key, 'entity');
    this.remove(this.records(def.name), request.key);
    return undefined;
  }

  private entityQuery(body: unknown): { data: KeyedResult[]; cursor?: string } {
    const request = parseBody(entityQueryRequest, body);
    const def = this.catalog.definition(request.entityName);
    const index = this.catalog.index(def.name, request.indexName);
    const limit = pageLimit(request.limit, KvsErrors.complexQueryLimit);
    const parts = parseEntityQueryParts(index, request);
    const now = this.now();
    const live = [...this.records(def.name)].filter(([, record]) => isLive(record, now));
    return queryEntities(live, {
      index,
      ...parts,
      descending: request.sort === 'DESC',
      limit,
      cursor: request.cursor,
      ...(request.options?.metadataFields ? { metadataFields: request.options.metadataFields } : {}),
    });
  }

  // ---- batches: each item succeeds or fails on its own ----

  private batchSet(body: unknown) {
    const items = parseBody(batchSetRequest, body);
    checkBatchShape('set', items);
    return runBatch(items, (item) => {
      const map = this.itemMap(item.entityName, item.key);
      validateValue(item.value);
      if (item.entityName !== undefined)
        this.catalog.validateValue(this.catalog.definition(item.entityName), item.value);
      this.write(map, item.key as string, item.value, item.options);
      return identify(item);
    });
  }

  private batchGet(body: unknown) {
    const items = parseBody(batchGetRequest, body);
    checkBatchShape('get', items);
    return runBatch(items, (item) => {
      const map = this.itemMap(item.entityName, item.key);
      const result = this.read(map, item.key as string, item.options?.metadataFields);
      return { ...identify(item), ...result };
    });
  }

  private batchDelete(body: unknown) {
    const items = parseBody(batchDeleteRequest, body);
    checkBatchShape('delete', items);
    return runBatch(items, (item) => {
      this.remove(this.itemMap(item.entityName, item.key), item.key as string);
      return identify(item);
    });
  }

  /** The map a batch or transaction item addresses, after checking its entity name and key. */
  private itemMap(entityName: string | undefined, key: unknown): Map<string, StoredRecord> {
    const flavour: KeyFlavour = entityName === undefined ? 'kvs' : 'entity';
    const map = entityName === undefined ? this.data.kv : this.records(this.catalog.definition(entityName).name);
    validateKey(key, flavour);
    return map;
  }

  // ---- transactions: all or nothing ----

  private transact(body: unknown): undefined {
    const request: TransactionRequest = parseBody(transactionRequest, body);
    const sets = request.set ?? [];
    const deletes = request.delete ?? [];
    const checks = request.check ?? [];
    const operations = [...sets, ...deletes, ...checks];
    if (operations.length === 0) throw KvsErrors.invalidTransaction();
    if (operations.length > KVS_LIMITS.transactionOperations) throw KvsErrors.tooManyTransactionOperations();
    const seen = new Set<string>();
    for (const op of operations) {
      const id = JSON.stringify([op.entityName ?? null, op.key]);
      if (seen.has(id)) throw KvsErrors.duplicateKey();
      seen.add(id);
    }

    // Everything is validated before anything is written, so a refusal leaves the store untouched.
    const guarded: Array<{ map: Map<string, StoredRecord>; key: string; conditions: FilterGroup }> = [];
    const prepare = (
      op: { key: unknown; entityName?: string | undefined; conditions?: unknown },
      required: boolean,
    ) => {
      if (op.entityName === undefined && (required || op.conditions !== undefined)) {
        throw KvsErrors.badRequest('conditions are only supported on custom entity operations (give an entityName).');
      }
      const map = this.itemMap(op.entityName, op.key);
      if (op.conditions !== undefined)
        guarded.push({ map, key: op.key as string, conditions: parseFilterGroup(op.conditions) });
      return map;
    };
    const writes = sets.map((op) => {
      const map = prepare(op, false);
      validateValue(op.value);
      if (op.entityName !== undefined) this.catalog.validateValue(this.catalog.definition(op.entityName), op.value);
      const ttlMillis = op.options?.ttl ? ttlToMillis(op.options.ttl) : undefined;
      return { map, key: op.key as string, value: op.value, ttlMillis };
    });
    const removals = deletes.map((op) => ({ map: prepare(op, false), key: op.key as string }));
    for (const op of checks) prepare(op, true);

    const now = this.now();
    for (const { map, key, conditions } of guarded) {
      const record = map.get(key);
      if (!isLive(record, now) || !filterGroupMatches(conditions, record.value as Record<string, unknown>)) {
        throw KvsErrors.conditionalCheckFailed();
      }
    }
    for (const { map, key, value, ttlMillis } of writes)
      this.put(map, key, nextRecord(this.liveRecord(map, key, now), value, now, ttlMillis));
    for (const { map, key } of removals) this.remove(map, key);
    return undefined;
  }

  // ---- shared record operations ----

  private liveRecord(map: Map<string, StoredRecord>, key: string, now: number): StoredRecord | undefined {
    const record = map.get(key);
    return isLive(record, now) ? record : undefined;
  }

  private read(map: Map<string, StoredRecord>, key: string, fields: SetOptions['returnMetadataFields']): KeyedResult {
    const record = this.liveRecord(map, key, this.now());
    if (!record) throw KvsErrors.keyNotFound();
    return toResult(key, record, fields);
  }

  private write(
    map: Map<string, StoredRecord>,
    key: string,
    value: unknown,
    options: SetOptions | undefined,
  ): KeyedResult | undefined {
    if (options?.returnValue !== undefined && options.keyPolicy === 'FAIL_IF_EXISTS') {
      throw KvsErrors.invalidKeyPolicyCombination('returnValue can only be used when keyPolicy is OVERRIDE.');
    }
    if (options?.returnMetadataFields !== undefined && options.returnValue === undefined) {
      throw KvsErrors.invalidKeyPolicyCombination('returnMetadataFields needs returnValue (PREVIOUS or LATEST).');
    }
    const ttlMillis = options?.ttl ? ttlToMillis(options.ttl) : undefined;
    const now = this.now();
    const previous = this.liveRecord(map, key, now);
    if (previous && options?.keyPolicy === 'FAIL_IF_EXISTS') throw KvsErrors.keyConflict();
    const record = nextRecord(previous, value, now, ttlMillis);
    this.put(map, key, record);
    if (options?.returnValue === 'LATEST') return toResult(key, record, options.returnMetadataFields);
    if (options?.returnValue === 'PREVIOUS' && previous) return toResult(key, previous, options.returnMetadataFields);
    return undefined;
  }

  private put(map: Map<string, StoredRecord>, key: string, record: StoredRecord): void {
    if (map === this.data.kv && !map.has(key)) this.sortedKeys = undefined;
    map.set(key, record);
  }

  private remove(map: Map<string, StoredRecord>, key: string): void {
    if (map.delete(key) && map === this.data.kv) this.sortedKeys = undefined;
  }
}

function checkBatchShape(verb: string, items: Array<{ key: unknown; entityName?: string | undefined }>): void {
  if (items.length === 0) throw KvsErrors.badRequest(`a batch ${verb} needs at least one item.`);
  if (items.length > KVS_LIMITS.batchItems)
    throw KvsErrors.tooManyBatchItems(verb, items.length, KVS_LIMITS.batchItems);
  const seen = new Set<string>();
  for (const item of items) {
    const id = JSON.stringify([item.entityName ?? null, item.key]);
    if (seen.has(id)) throw KvsErrors.duplicateKey();
    seen.add(id);
  }
}

function identify(item: { key: unknown; entityName?: string | undefined }): { key: string; entityName?: string } {
  return { key: String(item.key), ...(item.entityName !== undefined ? { entityName: item.entityName } : {}) };
}

function runBatch<T extends { key: unknown; entityName?: string | undefined }, R>(items: T[], run: (item: T) => R) {
  const successfulKeys: R[] = [];
  const failedKeys: Array<{ key: string; entityName?: string; error: { code: string; message: string } }> = [];
  for (const item of items) {
    try {
      successfulKeys.push(run(item));
    } catch (error) {
      if (!(error instanceof KvsServiceError)) throw error;
      failedKeys.push({ ...identify(item), error: error.toBody() });
    }
  }
  return { successfulKeys, failedKeys };
}
