/**
 * What each scheme action does to one user, as API-level steps, decided from the user's current state.
 * An action that is already true (not in the group, already suspended) or impossible for this account
 * (deactivate an unmanaged account) becomes a skip with its reason: it is never sent to Atlassian.
 *
 * - removeAccess: remove from every group that grants Confluence access on this site and revoke a direct
 *   `atlassian/user` role (frees the seat, nothing else); skipped when a group synced from the identity provider
 *   holds the access (the Admin API cannot change it, and the seat would stay)
 * - suspend: Admin API suspension: the user loses every product on every site of the org, reversible
 * - deactivate: user-management lifecycle API (managed accounts only): the account cannot log in anywhere
 * - delete: lifecycle API (managed accounts only): the account is deleted after Atlassian's 14-day grace period
 *   (the three org-wide actions are skipped for a user still active on another product or site: src/domain/org.ts)
 * - addGroups / removeGroups: group membership changes by group name (a synced group is skipped)
 */
import type { ActionType, SchemeFilter } from './scheme/types';
import type { ResolvedAction } from './scheme/resolve';
import type { DirectoryUser } from './user';
import {
  activeElsewhere,
  confluenceAccess,
  describeActiveElsewhere,
  idpHeldAccess,
  idpReason,
  ORG_WIDE_ACTIONS,
  type OrgGroups,
} from './org';

export type { ActionType, ResolvedAction };

export type ActionStep =
  | { kind: 'removeFromGroup'; groupId: string }
  | { kind: 'addToGroup'; groupId: string }
  /** The direct `atlassian/user` role on this site's Confluence (Admin API roles/revoke and roles/assign). */
  | { kind: 'revokeRole' }
  | { kind: 'grantRole' }
  | { kind: 'suspend' }
  | { kind: 'deactivate'; message?: string }
  | { kind: 'delete' }
  /** The undo of a run's steps (src/domain/undo.ts): lift a suspension, re-enable an account, cancel a deletion. */
  | { kind: 'restore' }
  | { kind: 'enable' }
  | { kind: 'cancelDelete' };

/**
 * A skip `protects` the user when the action must not reach them although they matched: access held by a group the
 * identity provider syncs (`idp`, with the groups), or activity elsewhere an org-wide action would cut (`elsewhere`).
 */
export type ActionPlan =
  | { kind: 'steps'; steps: ActionStep[] }
  | { kind: 'skip'; reason: string; protects?: { kind: 'idp'; groups: string[] } | { kind: 'elsewhere' } };

/** Actions that take something away from the user: the live run re-checks activity right before them. */
export const DESTRUCTIVE_ACTIONS: ReadonlySet<ActionType> = new Set([
  'removeAccess',
  'suspend',
  'deactivate',
  'delete',
  'removeGroups',
]);

/** Actions Atlassian cannot undo for the admin (shown as such in confirmations). */
export const IRREVERSIBLE_ACTIONS: ReadonlySet<ActionType> = new Set(['delete']);

/**
 * What an action plan needs to know of the org: its access and synced groups, and, for org-wide actions, the
 * activity condition and instant the run judges inactivity by (absent: activity elsewhere is not judged).
 */
export interface PlanContext extends OrgGroups {
  activity?: { filter: Pick<SchemeFilter, 'inactiveDays' | 'neverActiveAfterDays'>; asOf: Date };
}

export function planAction(
  action: ResolvedAction,
  user: DirectoryUser,
  org: readonly string[] | PlanContext,
): ActionPlan {
  const context: PlanContext = isGroupList(org) ? { accessGroupIds: org } : org;
  if (ORG_WIDE_ACTIONS.has(action.type) && context.activity) {
    const elsewhere = activeElsewhere(user, context.activity.filter, context.activity.asOf);
    if (elsewhere)
      return {
        kind: 'skip',
        reason: describeActiveElsewhere(elsewhere, action.type),
        protects: { kind: 'elsewhere' },
      };
  }
  switch (action.type) {
    case 'removeAccess': {
      const held = idpHeldAccess(user, context);
      const idp = idpReason(held, 'Confluence access is held by');
      if (idp) return { kind: 'skip', reason: idp, protects: { kind: 'idp', groups: held } };
      const access = confluenceAccess(user, context.accessGroupIds);
      const steps: ActionStep[] = access.groups.map((groupId) => ({ kind: 'removeFromGroup', groupId }));
      if (access.directRole) steps.push({ kind: 'revokeRole' });
      if (steps.length === 0) return { kind: 'skip', reason: 'already has no Confluence access group or role' };
      return { kind: 'steps', steps };
    }
    case 'suspend':
      if (user.status === 'suspended') return { kind: 'skip', reason: 'already suspended' };
      if (user.status === 'deactivated') return { kind: 'skip', reason: 'account is deactivated' };
      return { kind: 'steps', steps: [{ kind: 'suspend' }] };
    case 'deactivate':
      if (!user.managed)
        return {
          kind: 'skip',
          reason: 'not a managed account: only the organization that manages an account can deactivate it',
        };
      if (user.status === 'deactivated') return { kind: 'skip', reason: 'already deactivated' };
      return { kind: 'steps', steps: [{ kind: 'deactivate', ...(action.message ? { message: action.message } : {}) }] };
    case 'delete':
      if (!user.managed)
        return {
          kind: 'skip',
          reason: 'not a managed account: only the organization that manages an account can delete it',
        };
      return { kind: 'steps', steps: [{ kind: 'delete' }] };
    case 'addGroups': {
      const missing = action.groups.map((group) => group.id).filter((id) => !user.groupIds.includes(id));
      if (missing.length === 0) return { kind: 'skip', reason: 'already in the group' };
      const synced = syncedOf(missing, context);
      if (synced.length === missing.length)
        return { kind: 'skip', reason: idpReason(synced, 'membership of')!, protects: { kind: 'idp', groups: synced } };
      return {
        kind: 'steps',
        steps: missing.filter((id) => !context.syncedGroups?.[id]).map((groupId) => ({ kind: 'addToGroup', groupId })),
      };
    }
    case 'removeGroups': {
      const present = action.groups.map((group) => group.id).filter((id) => user.groupIds.includes(id));
      if (present.length === 0) return { kind: 'skip', reason: 'not in the group' };
      const synced = syncedOf(present, context);
      if (synced.length > 0)
        return { kind: 'skip', reason: idpReason(synced, 'membership of')!, protects: { kind: 'idp', groups: synced } };
      return { kind: 'steps', steps: present.map((groupId) => ({ kind: 'removeFromGroup', groupId })) };
    }
    case 'notify':
      // Warning the user is not a change on the site: the act step handles it (src/engine/warnings.ts).
      return { kind: 'skip', reason: 'the warning is handled before the other actions' };
    default:
      return assertNever(action);
  }
}

/**
 * When every action that changes something is refused to protect the user (IdP-held access, activity elsewhere), the
 * user is skipped as a whole, before any warning is sent: the first such reason, and the synced groups if any. Null
 * when some action would still act (it then runs; the protected ones are skipped one by one).
 */
export function protectedFromActions(
  actions: readonly ResolvedAction[],
  user: DirectoryUser,
  org: PlanContext,
): { reason: string; idpGroups?: string[] } | null {
  let first: Extract<ActionPlan, { kind: 'skip' }> | undefined;
  for (const action of actions) {
    if (action.type === 'notify') continue;
    const plan = planAction(action, user, org);
    if (plan.kind === 'steps') return null;
    if (plan.protects) first ??= plan;
  }
  if (!first) return null;
  return {
    reason: first.reason,
    ...(first.protects?.kind === 'idp' ? { idpGroups: first.protects.groups } : {}),
  };
}

function isGroupList(org: readonly string[] | PlanContext): org is readonly string[] {
  return Array.isArray(org);
}

/** Names of the synced groups among these ids. */
function syncedOf(groupIds: readonly string[], context: PlanContext): string[] {
  return groupIds.flatMap((id) => (context.syncedGroups?.[id] !== undefined ? [context.syncedGroups[id]] : []));
}

/** Applies a step's effect to our copy of the user, so the next action of the same user plans from the new state. */
export function applyStep(user: DirectoryUser, step: ActionStep): DirectoryUser {
  switch (step.kind) {
    case 'removeFromGroup':
      return { ...user, groupIds: user.groupIds.filter((id) => id !== step.groupId) };
    case 'addToGroup':
      return { ...user, groupIds: [...user.groupIds, step.groupId] };
    case 'revokeRole':
      return { ...user, directRole: false };
    case 'grantRole':
      return { ...user, directRole: true };
    case 'suspend':
      return { ...user, status: 'suspended' };
    case 'deactivate':
    case 'delete':
      return { ...user, status: 'deactivated' };
    case 'restore':
      return { ...user, status: user.status === 'suspended' ? 'active' : user.status };
    case 'enable':
    case 'cancelDelete':
      return { ...user, status: user.status === 'deactivated' ? 'active' : user.status };
    default:
      return assertNever(step);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
