/**
 * A run's decision for one user: outside the scheme, matched, or matched but exempt. The scheme's matching
 * lives in src/domain/matching.ts; a run adds its frozen access groups and exemptions, and for a bulk action
 * its search (name or email contains) and selection (only the accounts the admin picked may be acted on).
 * Custom field conditions are part of the filter: a user whose values fail them is outside (not exempt).
 */
import { createMatcher, type MatchResult, type UserMatcher } from '../domain/matching';
import type { DirectoryUser } from '../domain/user';
import type { RunPlan } from './records';
import { describeFieldCondition, matchFields, type FieldValues } from '../domain/customFields';
import type { PlanContext } from '../domain/actions';

/**
 * What the run's action plans know of the org (src/domain/org.ts): its access and synced groups, and the activity
 * condition org-wide actions must find on every product and site, as of the run's start.
 */
export function planContextOf(plan: RunPlan, asOf: Date): PlanContext {
  return {
    accessGroupIds: plan.accessGroupIds,
    ...(plan.syncedGroups ? { syncedGroups: plan.syncedGroups } : {}),
    activity: { filter: plan.scheme.scheme.filter, asOf },
  };
}

/** Field values by account id, read for the users being classified (see CustomFieldStore.valuesOf). */
export type FieldValuesByUser = ReadonlyMap<string, FieldValues>;

const NO_VALUES: FieldValues = {};

export function createClassifier(plan: RunPlan, now: Date, fieldValues?: FieldValuesByUser): UserMatcher {
  const matcher = createMatcher(plan.scheme, {
    now,
    accessGroupIds: plan.accessGroupIds,
    globalExemptions: plan.globalExemptions,
  });
  const selection = plan.onlyAccountIds ? new Set(plan.onlyAccountIds) : null;
  const search = plan.nameOrEmailContains?.trim().toLocaleLowerCase('en-US') || null;
  const found = (user: DirectoryUser) =>
    search === null ||
    user.name.toLocaleLowerCase('en-US').includes(search) ||
    (user.email ?? '').toLocaleLowerCase('en-US').includes(search);
  const byFilter = (user: DirectoryUser) =>
    (selection && !selection.has(user.accountId)) || !found(user) ? ({ kind: 'outside' } as const) : matcher(user);
  const conditions = plan.fields ?? [];
  if (conditions.length === 0) return byFilter;
  if (!fieldValues) throw new Error('This run filters on custom fields: classify its users with their field values.');
  const fieldsInWords = conditions
    .map(({ field, condition }) => describeFieldCondition(field.name, condition))
    .join(', ');
  return (user) => {
    const verdict = byFilter(user);
    if (verdict.kind === 'outside' || !matchFields(conditions, fieldValues.get(user.accountId) ?? NO_VALUES, now))
      return { kind: 'outside' };
    return verdict.kind === 'matched' ? { kind: 'matched', reason: `${verdict.reason}; ${fieldsInWords}` } : verdict;
  };
}

export function classifyUser(
  user: DirectoryUser,
  plan: RunPlan,
  now: Date,
  fieldValues?: FieldValuesByUser,
): MatchResult {
  return createClassifier(plan, now, fieldValues)(user);
}
