/**
 * A run's decision for one user: outside the scheme, matched, or matched but exempt. The scheme's matching
 * lives in src/domain/matching.ts; a run adds its frozen access groups and exemptions, and for a bulk action
 * its search (name or email contains) and selection (only the accounts the admin picked may be acted on).
 */
import { createMatcher, type MatchResult, type UserMatcher } from '../domain/matching';
import type { DirectoryUser } from '../domain/user';
import type { RunPlan } from './records';

export function createClassifier(plan: RunPlan, now: Date): UserMatcher {
  const matcher = createMatcher(plan.scheme, { now, accessGroupIds: plan.accessGroupIds, globalExemptions: plan.globalExemptions });
  const selection = plan.onlyAccountIds ? new Set(plan.onlyAccountIds) : null;
  const search = plan.nameOrEmailContains?.trim().toLocaleLowerCase('en-US') || null;
  const found = (user: DirectoryUser) =>
    search === null || user.name.toLocaleLowerCase('en-US').includes(search) || (user.email ?? '').toLocaleLowerCase('en-US').includes(search);
  return (user) => ((selection && !selection.has(user.accountId)) || !found(user) ? { kind: 'outside' } : matcher(user));
}

export function classifyUser(user: DirectoryUser, plan: RunPlan, now: Date): MatchResult {
  return createClassifier(plan, now)(user);
}
