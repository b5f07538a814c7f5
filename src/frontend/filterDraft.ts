import type { FieldsAnswer } from '../contract';

/**
 * The filter form's state, shared by the scheme editor and bulk actions, and its translation to the scheme file's
 * `filter`. Numbers stay as typed: a field that is not a whole number reaches the scheme parser as typed, and the
 * parser's message shows beside that field.
 */
export interface FilterDraft {
  inactiveDays: string;
  neverActiveAfterDays: string;
  groupsAnyOf: string[];
  groupsNoneOf: string[];
  /** Comma-separated, as typed. */
  domainsAnyOf: string;
  domainsNoneOf: string;
  statuses: string[];
  /** Conditions on custom user fields, one test a row; rows naming the same field join into one condition. */
  fieldConditions: FieldConditionDraft[];
}

export type DefinedField = FieldsAnswer['fields'][number];

/**
 * The tests the form offers. Each writes one key of the scheme file's field condition
 * (src/domain/customFields.ts fieldConditionSchema); "isNotEmpty" is `isEmpty: false`.
 */
export type FieldTest = 'equals' | 'contains' | 'before' | 'after' | 'withinDays' | 'oneOf' | 'isEmpty' | 'isNotEmpty';

/** Which tests suit each field type: the domain's CONDITIONS_BY_TYPE, with "is empty" offered both ways. */
export const TESTS_BY_TYPE: Record<DefinedField['type'], readonly FieldTest[]> = {
  text: ['equals', 'contains', 'isEmpty', 'isNotEmpty'],
  date: ['before', 'after', 'withinDays', 'isEmpty', 'isNotEmpty'],
  choice: ['oneOf', 'isEmpty', 'isNotEmpty'],
};

export const TEST_LABELS: Record<FieldTest, string> = {
  equals: 'is',
  contains: 'contains',
  before: 'is before',
  after: 'is after',
  withinDays: 'is within N days of today',
  oneOf: 'is one of',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
};

export interface FieldConditionDraft {
  /** The field's name, as the scheme file names it. */
  field: string;
  test: FieldTest;
  /** As typed: text, a date "YYYY-MM-DD" or "today", or a number of days. Unused by oneOf and the emptiness tests. */
  value: string;
  /** The options a oneOf test picks. */
  options: string[];
}

export const EMPTY_FILTER: FilterDraft = {
  inactiveDays: '',
  neverActiveAfterDays: '',
  groupsAnyOf: [],
  groupsNoneOf: [],
  domainsAnyOf: '',
  domainsNoneOf: '',
  statuses: ['active'],
  fieldConditions: [],
};

/** A new row: the first defined field (the form offers "add" only when one exists) and its type's first test. */
export function addFieldCondition(filter: FilterDraft, defined: readonly DefinedField[]): FilterDraft {
  const first = defined[0];
  if (!first) return filter;
  return {
    ...filter,
    fieldConditions: [
      ...filter.fieldConditions,
      { field: first.name, test: TESTS_BY_TYPE[first.type][0]!, value: '', options: [] },
    ],
  };
}

export function removeFieldCondition(filter: FilterDraft, index: number): FilterDraft {
  return { ...filter, fieldConditions: filter.fieldConditions.filter((_, at) => at !== index) };
}

/**
 * Changes one row. Picking another field keeps the test when the new field's type takes it (a date's "before"
 * stays "before"), otherwise starts at that type's first test; options belong to the old field and are dropped.
 */
export function changeFieldCondition(
  filter: FilterDraft,
  index: number,
  patch: Partial<FieldConditionDraft>,
  defined: readonly DefinedField[],
): FilterDraft {
  return {
    ...filter,
    fieldConditions: filter.fieldConditions.map((row, at) => {
      if (at !== index) return row;
      const next = { ...row, ...patch };
      if (patch.field !== undefined && patch.field !== row.field) {
        const field = defined.find((candidate) => candidate.name === patch.field);
        const tests = field ? TESTS_BY_TYPE[field.type] : [];
        if (field && !tests.includes(next.test)) next.test = tests[0]!;
        next.options = [];
      }
      return next;
    }),
  };
}

/** The scheme file's `filter.fields`: rows grouped by field name in the order the admin added them. */
export function fieldConditionsToFile(
  rows: readonly FieldConditionDraft[],
): Record<string, Record<string, unknown>> | undefined {
  if (rows.length === 0) return undefined;
  const byField: Record<string, Record<string, unknown>> = {};
  for (const row of rows) {
    const condition = (byField[row.field] ??= {});
    switch (row.test) {
      case 'equals':
      case 'contains':
        condition[row.test] = row.value;
        break;
      case 'before':
      case 'after':
        condition[row.test] = row.value.trim();
        break;
      case 'withinDays':
        // Empty or not a whole number goes as typed: the parser's message then shows beside this row.
        condition.withinDays = numberOrText(row.value) ?? row.value;
        break;
      case 'oneOf':
        condition.oneOf = row.options;
        break;
      case 'isEmpty':
      case 'isNotEmpty':
        condition.isEmpty = row.test === 'isEmpty';
        break;
    }
  }
  return byField;
}

const KEY_ORDER = ['equals', 'contains', 'isEmpty', 'before', 'after', 'withinDays', 'oneOf'] as const;

/** One row per key of each field's condition, so every condition a file can hold comes back as written. */
export function fieldConditionsFromFile(fields: unknown): FieldConditionDraft[] {
  if (typeof fields !== 'object' || fields === null) return [];
  return Object.entries(fields as Record<string, Record<string, unknown>>).flatMap(([field, condition]) =>
    KEY_ORDER.filter((key) => condition?.[key] !== undefined).map((key): FieldConditionDraft => {
      const value = condition[key];
      if (key === 'isEmpty') return { field, test: value === false ? 'isNotEmpty' : 'isEmpty', value: '', options: [] };
      if (key === 'oneOf')
        return { field, test: 'oneOf', value: '', options: Array.isArray(value) ? value.map(String) : [] };
      return { field, test: key, value: String(value), options: [] };
    }),
  );
}

/** The message for one row: its own key's, else the field's as a whole (an unknown field, a test its type lacks). */
export function fieldConditionError(
  errors: Record<string, string>,
  row: FieldConditionDraft,
  firstOfField: boolean,
): string | undefined {
  const base = `filter.fields.${row.field}`;
  const key = row.test === 'isNotEmpty' ? 'isEmpty' : row.test;
  return fieldError(errors, `${base}.${key}`) ?? (firstOfField ? errors[base] : undefined);
}

/** "90" → 90; "" → absent; anything else is sent as typed so the parser names the problem. */
export function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function condition(anyOf: string[], noneOf: string[]): Record<string, string[]> | undefined {
  if (anyOf.length === 0 && noneOf.length === 0) return undefined;
  return { ...(anyOf.length > 0 ? { anyOf } : {}), ...(noneOf.length > 0 ? { noneOf } : {}) };
}

export function filterToFile(draft: FilterDraft): Record<string, unknown> {
  const inactiveDays = numberOrText(draft.inactiveDays);
  const neverActiveAfterDays = numberOrText(draft.neverActiveAfterDays);
  const groups = condition(draft.groupsAnyOf, draft.groupsNoneOf);
  const emailDomains = condition(list(draft.domainsAnyOf), list(draft.domainsNoneOf));
  const fields = fieldConditionsToFile(draft.fieldConditions);
  return {
    ...(inactiveDays !== undefined ? { inactiveDays } : {}),
    ...(neverActiveAfterDays !== undefined ? { neverActiveAfterDays } : {}),
    ...(groups ? { groups } : {}),
    ...(emailDomains ? { emailDomains } : {}),
    statuses: draft.statuses,
    ...(fields ? { fields } : {}),
  };
}

interface FileCondition {
  anyOf?: string[];
  noneOf?: string[];
}

export function filterFromFile(filter: Record<string, unknown>): FilterDraft {
  const groups = (filter.groups ?? {}) as FileCondition;
  const domains = (filter.emailDomains ?? {}) as FileCondition;
  const days = (value: unknown) => (typeof value === 'number' ? String(value) : '');
  return {
    inactiveDays: days(filter.inactiveDays),
    neverActiveAfterDays: days(filter.neverActiveAfterDays),
    groupsAnyOf: groups.anyOf ?? [],
    groupsNoneOf: groups.noneOf ?? [],
    domainsAnyOf: (domains.anyOf ?? []).join(', '),
    domainsNoneOf: (domains.noneOf ?? []).join(', '),
    statuses: Array.isArray(filter.statuses) ? (filter.statuses as string[]) : ['active'],
    fieldConditions: fieldConditionsFromFile(filter.fields),
  };
}

/** The first message for a field or anything under it ("filter.groups" covers "filter.groups.anyOf[0]"). */
export function fieldError(fields: Record<string, string>, path: string): string | undefined {
  if (fields[path]) return fields[path];
  const key = Object.keys(fields).find(
    (candidate) => candidate.startsWith(`${path}.`) || candidate.startsWith(`${path}[`),
  );
  return key ? fields[key] : undefined;
}
