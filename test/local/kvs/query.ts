import {
  type Clause,
  type FilterGroup,
  WHERE_CONDITIONS,
  clauseMatches,
  compareValues,
  filterGroupMatches,
  parseClause,
  parseFilterGroup,
} from './conditions';
import { type CursorPosition, decodeCursor, encodeCursor } from './cursor';
import type { ResolvedIndex } from './entities';
import { KvsErrors, type KvsServiceError } from './errors';
import { KVS_LIMITS } from './limits';
import { type KeyedResult, type MetadataField, type StoredRecord, toResult } from './records';

export interface QueryPage {
  data: KeyedResult[];
  cursor?: string;
}

/** Page size: absent means Forge's default of 10; otherwise an integer from 1 to 100, or the given error. */
export function pageLimit(limit: unknown, outOfRange: (max: number) => KvsServiceError): number {
  if (limit === undefined || limit === null) return KVS_LIMITS.queryDefaultLimit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > KVS_LIMITS.queryMaxLimit) {
    throw outOfRange(KVS_LIMITS.queryMaxLimit);
  }
  return limit;
}

/** The key prefix of a KVS query: Forge accepts one `where`, on `key`, with BEGINS_WITH only. */
export function parseKeyPrefix(where: unknown[] | undefined): string {
  if (where === undefined || where.length === 0) return '';
  if (where.length > 1) throw KvsErrors.queryWhereInvalid();
  const raw = where[0] as { property?: unknown } | null;
  if (raw === null || typeof raw !== 'object') throw KvsErrors.queryWhereInvalid();
  if (raw.property !== 'key') throw KvsErrors.queryWhereFieldInvalid(String(raw.property));
  const clause = parseClause(raw, ['BEGINS_WITH']);
  if (typeof clause.values[0] !== 'string') throw KvsErrors.invalidFilterValues('BEGINS_WITH', 1);
  return clause.values[0];
}

/**
 * One page of a KVS query over live records, in key order. Keys only hold characters below U+FFFF outside the
 * surrogate range, so JS string order is the byte order Forge uses.
 */
export function queryKeys(
  sortedKeys: readonly string[],
  lookup: (key: string) => StoredRecord | undefined,
  request: { prefix: string; limit: number; after: unknown; metadataFields?: MetadataField[] },
): QueryPage {
  const after = decodeCursor(request.after, '');
  const page: KeyedResult[] = [];
  let more = false;
  for (const key of sortedKeys) {
    if (!key.startsWith(request.prefix) || (after && key <= after.key)) continue;
    const record = lookup(key);
    if (!record) continue;
    if (page.length === request.limit) {
      more = true;
      break;
    }
    page.push(toResult(key, record, request.metadataFields));
  }
  const last = page[page.length - 1];
  return { data: page, ...(more && last ? { cursor: encodeCursor({ index: '', key: last.key }) } : {}) };
}

export interface EntityQuery {
  index: ResolvedIndex;
  partition: unknown[];
  range?: Clause;
  filters?: FilterGroup;
  descending: boolean;
  limit: number;
  cursor: unknown;
  metadataFields?: MetadataField[];
}

/** Validates the parts of an entity query that do not depend on stored data. */
export function parseEntityQueryParts(
  index: ResolvedIndex,
  raw: { partition?: unknown[]; range?: unknown; filters?: unknown },
): { partition: unknown[]; range?: Clause; filters?: FilterGroup } {
  const partition = raw.partition ?? [];
  if (partition.length !== index.partition.length) {
    throw KvsErrors.invalidPartition(
      index.partition.length === 0
        ? `Index "${index.name}" has no partition; query it without one.`
        : `Index "${index.name}" is partitioned by ${index.partition.join(', ')}: pass exactly ${index.partition.length} partition value(s).`,
    );
  }
  const range = raw.range === undefined ? undefined : parseClause(raw.range, WHERE_CONDITIONS);
  const filters = raw.filters === undefined ? undefined : parseFilterGroup(raw.filters);
  if ((range ? 1 : 0) + (filters?.clauses.length ?? 0) > KVS_LIMITS.queryMaxConditions) {
    throw KvsErrors.tooManyConditions(KVS_LIMITS.queryMaxConditions);
  }
  return { partition, ...(range ? { range } : {}), ...(filters ? { filters } : {}) };
}

type IndexValue = string | number | boolean;

interface Row {
  key: string;
  record: StoredRecord;
  range?: IndexValue;
}

const isIndexValue = (v: unknown): v is IndexValue =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * One page of an index query. An entity belongs to an index only when it has every partition attribute and the
 * range attribute (sparse indexes, as in the store behind Forge). Rows are ordered by range value, then key.
 * Filters run before the page is cut, so a page is full whenever enough matches exist.
 */
export function queryEntities(records: Iterable<[string, StoredRecord]>, query: EntityQuery): QueryPage {
  const { index } = query;
  const rows: Row[] = [];
  for (const [key, record] of records) {
    const attributes = record.value as Record<string, unknown>;
    const attribute = (name: string) => (Object.hasOwn(attributes, name) ? attributes[name] : undefined);
    if (!index.partition.every((name, i) => attribute(name) === query.partition[i])) continue;
    const range = index.rangeAttribute === undefined ? key : attribute(index.rangeAttribute);
    if (!isIndexValue(range)) continue;
    if (query.range && !clauseMatches(query.range, range)) continue;
    if (query.filters && !filterGroupMatches(query.filters, attributes)) continue;
    rows.push({ key, record, ...(index.rangeAttribute === undefined ? {} : { range }) });
  }
  const direction = query.descending ? -1 : 1;
  const order = (a: { key: string; range?: IndexValue }, b: { key: string; range?: IndexValue }) => {
    const byRange = a.range !== undefined && b.range !== undefined ? compareValues(a.range, b.range) : 0;
    return direction * (byRange !== 0 ? byRange : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  };
  rows.sort(order);
  const after: CursorPosition | undefined = decodeCursor(query.cursor, index.name);
  const remaining = after ? rows.filter((row) => order(row, after) > 0) : rows;
  const page = remaining.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => toResult(row.key, row.record, query.metadataFields)),
    ...(remaining.length > page.length && last
      ? {
          cursor: encodeCursor({
            index: index.name,
            key: last.key,
            ...(last.range !== undefined ? { range: last.range } : {}),
          }),
        }
      : {}),
  };
}
