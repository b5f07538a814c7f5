/**
 * What each scheme action does to one user, as API-level steps, decided from the user's current state.
 * An action that is already true (not in the group, already suspended) or impossible for this account
 * (deactivate an unmanaged account) becomes a skip with its reason: it is never sent to Atlassian.
 *
 * - removeAccess: remove from every group that grants Confluence access on this site (frees the seat, nothing else)
 * - suspend: Admin API suspension: the user loses every product on every site of the org, reversible
 * - deactivate: user-management lifecycle API (managed accounts only): the account cannot log in anywhere
 * - delete: lifecycle API (managed accounts only): the account is deleted after Atlassian's 14-day grace period
 * - addGroups / removeGroups: group membership changes by group name
 */
import type { ActionType, ResolvedAction } from './scheme';
import type { DirectoryUser } from './user';

export type { ActionType, ResolvedAction };

export type ActionStep =
  | { kind: 'removeFromGroup'; groupId: string }
  | { kind: 'addToGroup'; groupId: string }
  | { kind: 'suspend' }
  | { kind: 'deactivate'; message?: string }
  | { kind: 'delete' }
  /** The undo of a run's steps (src/domain/undo.ts): lift a suspension, re-enable an account, cancel a deletion. */
  | { kind: 'restore' }
  | { kind: 'enable' }
  | { kind: 'cancelDelete' };

export type ActionPlan = { kind: 'steps'; steps: ActionStep[] } | { kind: 'skip'; reason: string };

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

export function planAction(action: ResolvedAction, user: DirectoryUser, accessGroupIds: readonly string[]): ActionPlan {
  switch (action.type) {
    case 'removeAccess': {
      const held = user.groupIds.filter((id) => accessGroupIds.includes(id));
      if (held.length === 0) return { kind: 'skip', reason: 'already has no Confluence access group' };
      return { kind: 'steps', steps: held.map((groupId) => ({ kind: 'removeFromGroup', groupId })) };
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
      return { kind: 'steps', steps: missing.map((groupId) => ({ kind: 'addToGroup', groupId })) };
    }
    case 'removeGroups': {
      const present = action.groups.map((group) => group.id).filter((id) => user.groupIds.includes(id));
      if (present.length === 0) return { kind: 'skip', reason: 'not in the group' };
      return { kind: 'steps', steps: present.map((groupId) => ({ kind: 'removeFromGroup', groupId })) };
    }
    case 'notify':
      // Warning the user is not a change on the site: the act step handles it (src/engine/warnings.ts).
      return { kind: 'skip', reason: 'the warning is handled before the other actions' };
    default:
      return assertNever(action);
  }
}

/** Applies a step's effect to our copy of the user, so the next action of the same user plans from the new state. */
export function applyStep(user: DirectoryUser, step: ActionStep): DirectoryUser {
  switch (step.kind) {
    case 'removeFromGroup':
      return { ...user, groupIds: user.groupIds.filter((id) => id !== step.groupId) };
    case 'addToGroup':
      return { ...user, groupIds: [...user.groupIds, step.groupId] };
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
