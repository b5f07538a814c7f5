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
}

export const EMPTY_FILTER: FilterDraft = {
  inactiveDays: '',
  neverActiveAfterDays: '',
  groupsAnyOf: [],
  groupsNoneOf: [],
  domainsAnyOf: '',
  domainsNoneOf: '',
  statuses: ['active'],
};

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
  return {
    ...(inactiveDays !== undefined ? { inactiveDays } : {}),
    ...(neverActiveAfterDays !== undefined ? { neverActiveAfterDays } : {}),
    ...(groups ? { groups } : {}),
    ...(emailDomains ? { emailDomains } : {}),
    statuses: draft.statuses,
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
  };
}

/** The first message for a field or anything under it ("filter.groups" covers "filter.groups.anyOf[0]"). */
export function fieldError(fields: Record<string, string>, path: string): string | undefined {
  if (fields[path]) return fields[path];
  const key = Object.keys(fields).find((candidate) => candidate.startsWith(`${path}.`) || candidate.startsWith(`${path}[`));
  return key ? fields[key] : undefined;
}
