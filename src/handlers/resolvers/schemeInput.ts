/** Reading a scheme the page sent: parsed with the scheme file rules, group names checked against the site, errors per field. */
import {
  formatSchemeErrors,
  parseScheme,
  resolveFieldNames,
  resolveGroupNames,
  type Scheme,
  type SchemeIssue,
} from '../../domain/scheme';
import type { EngineDeps } from '../../engine/ports';
import { RefusedError } from './define';

export function issuesToFields(issues: readonly SchemeIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path || '(scheme)'] ??= issue.message;
  return fields;
}

export type CheckedScheme = { ok: true; scheme: Scheme } | { ok: false; issues: SchemeIssue[] };

export async function checkScheme(deps: EngineDeps, input: unknown): Promise<CheckedScheme> {
  const settings = await deps.settings.get();
  const parsed = parseScheme(input, { defaultTimeZone: settings.defaultTimeZone });
  if (!parsed.ok) return { ok: false, issues: parsed.errors };
  const groups = await (await deps.directory()).listAllGroups();
  const resolved = resolveGroupNames(parsed.scheme, groups);
  const fields = parsed.scheme.filter.fields ? resolveFieldNames(parsed.scheme, await deps.fields.definitions()) : null;
  const issues = [...(resolved.ok ? [] : resolved.errors), ...(fields && !fields.ok ? fields.errors : [])];
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, scheme: parsed.scheme };
}

/** The scheme, or a refusal naming every bad field. */
export async function schemeOrRefuse(deps: EngineDeps, input: unknown): Promise<Scheme> {
  const checked = await checkScheme(deps, input);
  if (!checked.ok) {
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: formatSchemeErrors(checked.issues),
      fields: issuesToFields(checked.issues),
    });
  }
  return checked.scheme;
}
