/**
 * A scheme's names checked against the site: every group it names must exist (case-insensitively, an exact-case
 * match winning when the site has several) and every custom field it names must be defined and suit its condition.
 * A deleted or renamed group or field fails loudly, with "did you mean", instead of silently matching (or exempting)
 * nobody. The result carries the groups' ids, which the engine and matcher use.
 */
import type { DirectoryGroup } from '../user';
import type { SchemeIssue } from '../errors';
import { conditionProblems, fieldByName, type FieldDefinition, type ResolvedFieldCondition } from '../customFields';
import type { Action, Scheme } from './types';
import { closest, foldCase } from './names';

export type ResolvedAction =
  | Exclude<Action, { type: 'addGroups' } | { type: 'removeGroups' }>
  | { type: 'addGroups'; groups: DirectoryGroup[] }
  | { type: 'removeGroups'; groups: DirectoryGroup[] };

/** A scheme whose group names are checked against the site, with the groups (ids) the engine and matcher use. */
export interface ResolvedScheme {
  scheme: Scheme;
  filterGroups: { anyOf?: DirectoryGroup[]; noneOf: DirectoryGroup[] };
  exemptGroups: DirectoryGroup[];
  actions: ResolvedAction[];
  reportGroups: DirectoryGroup[];
}

export type ResolveResult = { ok: true; resolved: ResolvedScheme } | { ok: false; errors: SchemeIssue[] };

/**
 * Every group a scheme names must exist on the site: a scheme that names a deleted or renamed group fails loudly
 * instead of silently matching (or exempting) nobody.
 */
export function resolveGroupNames(scheme: Scheme, groups: DirectoryGroup[]): ResolveResult {
  const errors: SchemeIssue[] = [];
  const byName = new Map<string, DirectoryGroup[]>();
  for (const group of groups) {
    const key = foldCase(group.name);
    byName.set(key, [...(byName.get(key) ?? []), group]);
  }

  const lookup = (names: string[], path: string): DirectoryGroup[] =>
    names.flatMap((name, index) => {
      const sameName = byName.get(foldCase(name)) ?? [];
      const exact = sameName.filter((group) => group.name === name);
      const match = exact.length === 1 ? exact[0] : sameName.length === 1 ? sameName[0] : undefined;
      if (match) return [match];
      const where = `${path}[${index}]`;
      if (sameName.length > 1) {
        const spellings = sameName.map((group) => `"${group.name}"`).join(', ');
        errors.push({
          path: where,
          message: `"${name}" could mean several groups on this site (${spellings}); write the exact name`,
        });
      } else {
        const hint = closest(
          name,
          groups.map((group) => group.name),
        );
        errors.push({
          path: where,
          message: `no group named "${name}" on this site${hint ? ` (did you mean "${hint}"?)` : ''}`,
        });
      }
      return [];
    });

  const { filter } = scheme;
  const filterGroups: ResolvedScheme['filterGroups'] = {
    noneOf: lookup(filter.groups?.noneOf ?? [], 'filter.groups.noneOf'),
  };
  if (filter.groups?.anyOf) filterGroups.anyOf = lookup(filter.groups.anyOf, 'filter.groups.anyOf');
  const exemptGroups = lookup(scheme.exemptions.groups, 'exemptions.groups');
  const actions = scheme.actions.map((action, index): ResolvedAction => {
    if (action.type === 'addGroups' || action.type === 'removeGroups') {
      return { type: action.type, groups: lookup(action.groups, `actions[${index}].groups`) };
    }
    return action;
  });
  const reportGroups = lookup(scheme.report.emailGroups, 'report.emailGroups');

  if (errors.length > 0) return { ok: false, errors: sortByPath(errors) };
  return { ok: true, resolved: { scheme, filterGroups, exemptGroups, actions, reportGroups } };
}

export type FieldResolveResult =
  { ok: true; conditions: ResolvedFieldCondition[] } | { ok: false; errors: SchemeIssue[] };

/**
 * Every custom field a scheme's filter names must be defined (like groups: a deleted or misspelt field fails
 * loudly instead of matching nobody, or everybody with "isEmpty"), and each condition must suit its field's type.
 */
export function resolveFieldNames(scheme: Scheme, fields: readonly FieldDefinition[]): FieldResolveResult {
  const errors: SchemeIssue[] = [];
  const conditions: ResolvedFieldCondition[] = [];
  const used = new Map<string, string>();
  for (const [name, condition] of Object.entries(scheme.filter.fields ?? {})) {
    const path = `filter.fields.${name}`;
    const field = fieldByName(fields, name);
    if (!field) {
      const hint = closest(
        name,
        fields.map((candidate) => candidate.name),
      );
      const defined =
        fields.length > 0
          ? `defined fields: ${fields.map((candidate) => `"${candidate.name}"`).join(', ')}`
          : 'no fields are defined yet (User fields tab)';
      errors.push({
        path,
        message: `no custom field named "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; ${defined}`,
      });
      continue;
    }
    const earlier = used.get(field.id);
    if (earlier !== undefined) {
      errors.push({ path, message: `"${name}" and "${earlier}" name the same field; give its conditions once` });
      continue;
    }
    used.set(field.id, name);
    for (const problem of conditionProblems(field, condition)) errors.push({ path, message: problem });
    conditions.push({ field, condition });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, conditions };
}

/** Issues in file order (filter before exemptions before actions before report), as an admin reads the file. */
function sortByPath(errors: SchemeIssue[]): SchemeIssue[] {
  const order = [
    'name',
    'enabled',
    'mode',
    'schedule',
    'filter',
    'exemptions',
    'actions',
    'limits',
    'report',
    'needsApproval',
  ];
  const rank = (path: string) => {
    const top = path.split(/[.[]/)[0] ?? '';
    const position = order.indexOf(top);
    return position === -1 ? order.length : position;
  };
  return [...errors].sort((a, b) => rank(a.path) - rank(b.path));
}
