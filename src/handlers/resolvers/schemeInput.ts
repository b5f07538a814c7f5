/** Reading a scheme the page sent: parsed with the scheme file rules, group names checked against the site, errors per field. */
import {
  SCHEME_DEFAULTS,
  formatSchemeErrors,
  parseScheme,
  resolveFieldNames,
  resolveGroupNames,
  type Scheme,
  type SchemeIssue,
} from '../../domain/scheme';
import type { EngineDeps } from '../../engine/ports';
import { BILLING_SCHEDULE_NEEDS_SETTINGS } from '../../domain/schedule';
import { RefusedError } from './define';
import { clip, MAX_PROBLEMS, MAX_QUOTED } from './boundary';
import { unknownAccountMessages } from './siteUsers';
import { readOverview } from '../../engine/snapshot';

/** Per-field messages for the editor: the first MAX_PROBLEMS fields, values quoted to MAX_QUOTED characters. */
export function issuesToFields(issues: readonly SchemeIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = clip(issue.path || '(scheme)');
    if (!(path in fields) && Object.keys(fields).length >= MAX_PROBLEMS) break;
    fields[path] ??= clip(issue.message, MAX_QUOTED * 2);
  }
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
  const issues = [
    ...(resolved.ok ? [] : resolved.errors),
    ...(fields && !fields.ok ? fields.errors : []),
    ...(await accountIssues(parsed.scheme)),
    ...(await safetyLimitIssues(deps, parsed.scheme)),
    ...(parsed.scheme.schedule?.unit === 'billing' && !settings.billing
      ? [{ path: 'schedule.unit', message: BILLING_SCHEDULE_NEEDS_SETTINGS }]
      : []),
  ];
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, scheme: parsed.scheme };
}

/** Every exempt user and report recipient must be an account of this site: a typed name would protect nobody. */
async function accountIssues(scheme: Scheme): Promise<SchemeIssue[]> {
  const fields = await unknownAccountMessages([
    { path: 'exemptions.users', what: 'an exempt user', ids: scheme.exemptions.users },
    { path: 'report.emailUsers', what: 'a report recipient', ids: scheme.report.emailUsers },
  ]);
  return Object.entries(fields).map(([path, message]) => ({ path, message }));
}

/** The seats of the newest daily snapshot (the Overview's numbers), or null before the first one. */
async function latestSeats(deps: EngineDeps): Promise<{ seats: number; day: string } | null> {
  const latest = (await readOverview(deps))?.latest;
  return latest ? { seats: latest.seats, day: latest.day } : null;
}

/**
 * The safety limit may not exceed the site's seats (the default limit is always allowed, for small sites): a run
 * never acts on more users than the site holds, so a bigger number is no limit at all.
 */
async function safetyLimitIssues(deps: EngineDeps, scheme: Scheme): Promise<SchemeIssue[]> {
  const limit = scheme.limits.maxUsersPerRun;
  if (limit <= SCHEME_DEFAULTS.maxUsersPerRun) return [];
  const measured = await latestSeats(deps);
  if (!measured) return [];
  const most = Math.max(measured.seats, SCHEME_DEFAULTS.maxUsersPerRun);
  if (limit <= most) return [];
  return [
    {
      path: 'limits.maxUsersPerRun',
      message: `must be at most ${most.toLocaleString('en-US')}, ${most === measured.seats ? `the site's seats on ${measured.day}` : `the default limit (the site held ${measured.seats} seats on ${measured.day})`}: a run never acts on more users than the site holds, so a bigger safety limit would not stop anything`,
    },
  ];
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
