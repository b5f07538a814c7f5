import { KvsErrors } from './errors';
import { KVS_LIMITS } from './limits';

/** What `WhereConditions` can send: the range condition of an index query. */
export const WHERE_CONDITIONS = [
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
] as const;

/** What `FilterConditions` can send: filters and transaction conditions. */
export const FILTER_CONDITIONS = [
  ...WHERE_CONDITIONS,
  'CONTAINS',
  'NOT_CONTAINS',
  'NOT_EQUAL_TO',
  'EXISTS',
  'NOT_EXISTS',
] as const;

export type ConditionName = (typeof FILTER_CONDITIONS)[number];

export interface Clause {
  condition: ConditionName;
  values: unknown[];
}

export interface PropertyClause extends Clause {
  property: string;
}

/** `{ and: [...] }` or `{ or: [...] }`, as `Filter().and(...)` / `.or(...)` serialise. */
export interface FilterGroup {
  operator: 'and' | 'or';
  clauses: PropertyClause[];
}

const isStringOrNumber = (v: unknown): v is string | number =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** Checks a clause's condition name and values the way the service does, before anything is evaluated. */
export function parseClause(raw: unknown, allowed: readonly ConditionName[]): Clause {
  if (raw === null || typeof raw !== 'object') throw KvsErrors.badRequest('a condition must be an object.');
  const { condition, values } = raw as { condition?: unknown; values?: unknown };
  if (typeof condition !== 'string' || !(allowed as readonly string[]).includes(condition)) {
    throw KvsErrors.invalidFilterCondition(String(condition), allowed);
  }
  const name = condition as ConditionName;
  if (!Array.isArray(values)) throw KvsErrors.invalidFilterValues(name, name === 'BETWEEN' ? 2 : 1);
  switch (name) {
    case 'BETWEEN':
      if (values.length < 2) throw KvsErrors.insufficientFilterValues();
      if (values.length > 2 || !values.every(isStringOrNumber) || typeof values[0] !== typeof values[1]) {
        throw KvsErrors.invalidFilterValues(name, 2);
      }
      break;
    case 'EXISTS':
    case 'NOT_EXISTS':
      break;
    case 'EQUAL_TO':
    case 'NOT_EQUAL_TO':
      if (values.length !== 1 || !(isStringOrNumber(values[0]) || typeof values[0] === 'boolean')) {
        throw KvsErrors.invalidFilterValues(name, 1);
      }
      break;
    case 'CONTAINS':
    case 'NOT_CONTAINS':
      if (values.length !== 1 || !isStringOrNumber(values[0])) throw KvsErrors.invalidFilterValues(name, 1);
      break;
    default:
      if (values.length !== 1 || !isStringOrNumber(values[0])) throw KvsErrors.invalidFilterValues(name, 1);
  }
  return { condition: name, values };
}

export function parsePropertyClause(raw: unknown, allowed: readonly ConditionName[]): PropertyClause {
  const clause = parseClause(raw, allowed);
  const property = (raw as { property?: unknown }).property;
  if (typeof property !== 'string' || property === '') {
    throw KvsErrors.badRequest('every filter condition needs the name of the attribute it tests.');
  }
  return { ...clause, property };
}

/** Parses `{ and: [...] }` / `{ or: [...] }` with the service's refusals for empty and mixed groups. */
export function parseFilterGroup(raw: unknown): FilterGroup {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw KvsErrors.badRequest('filters must be an object with an "and" or an "or" list.');
  }
  const { and, or } = raw as { and?: unknown; or?: unknown };
  if (and !== undefined && or !== undefined) throw KvsErrors.filterOperatorsCombination();
  const operator = and !== undefined ? 'and' : 'or';
  const list = and ?? or;
  if (!Array.isArray(list) || list.length === 0) throw KvsErrors.emptyFilterOperator();
  if (list.length > KVS_LIMITS.queryMaxConditions) throw KvsErrors.tooManyConditions(KVS_LIMITS.queryMaxConditions);
  return { operator, clauses: list.map((item) => parsePropertyClause(item, FILTER_CONDITIONS)) };
}

/**
 * Orders two index values the way the store does: numbers numerically, strings by their UTF-8 bytes (the order a
 * byte-ordered store such as Forge's uses; it differs from JS `<` only for characters outside the BMP).
 * Values of different types order numbers first, then strings, then booleans.
 */
export function compareValues(a: string | number | boolean, b: string | number | boolean): number {
  const rank = (v: unknown) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Number(a) - Number(b);
}

const sameType = (a: unknown, b: unknown): boolean => typeof a === typeof b;

function contains(actual: unknown, needle: unknown): boolean {
  if (typeof actual === 'string') return typeof needle === 'string' && actual.includes(needle);
  if (Array.isArray(actual)) return actual.some((item) => item === needle);
  return false;
}

/** Whether `actual` (an attribute value, or a key) satisfies the clause. Missing and null count as absent. */
export function clauseMatches(clause: Clause, actual: unknown): boolean {
  const present = actual !== undefined && actual !== null;
  const [first, second] = clause.values;
  switch (clause.condition) {
    case 'EXISTS':
      return present;
    case 'NOT_EXISTS':
      return !present;
    case 'EQUAL_TO':
      return present && actual === first;
    case 'NOT_EQUAL_TO':
      return !(present && actual === first);
    case 'CONTAINS':
      return present && contains(actual, first);
    case 'NOT_CONTAINS':
      return present && !contains(actual, first);
    case 'BEGINS_WITH':
      return typeof actual === 'string' && typeof first === 'string' && actual.startsWith(first);
    default:
      break;
  }
  if (!present || !sameType(actual, first) || !isStringOrNumber(actual) || !isStringOrNumber(first)) return false;
  const cmp = compareValues(actual, first);
  switch (clause.condition) {
    case 'GREATER_THAN':
      return cmp > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return cmp >= 0;
    case 'LESS_THAN':
      return cmp < 0;
    case 'LESS_THAN_EQUAL_TO':
      return cmp <= 0;
    case 'BETWEEN':
      return cmp >= 0 && isStringOrNumber(second) && sameType(actual, second) && compareValues(actual, second) <= 0;
    default:
      return false;
  }
}

export function filterGroupMatches(group: FilterGroup, attributes: Record<string, unknown>): boolean {
  const test = (clause: PropertyClause) =>
    clauseMatches(clause, Object.hasOwn(attributes, clause.property) ? attributes[clause.property] : undefined);
  return group.operator === 'and' ? group.clauses.every(test) : group.clauses.some(test);
}
