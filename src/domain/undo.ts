/**
 * Undoing a live run, user by user, from what the run recorded it changed (`UserOutcome.changes`): each step it
 * sent has an inverse (a removed group is added back, a suspension lifted, a deactivated account enabled, a pending
 * deletion cancelled). Before undoing, the user's current state is compared with the state the run left them in:
 * - still as the run left them: undo every step;
 * - as they were before the run (on everything the run changed): "already restored", nothing is sent;
 * - anything else: someone or something changed the user since, for another reason; the undo leaves them alone and
 *   says what differs, so an admin can decide by hand.
 */
import { applyStep, assertNever, type ActionStep, type ActionType } from './actions';
import type { DirectoryUser, UserStatus } from './user';

/** Atlassian deletes an account this many days after the delete call; until then the deletion can be cancelled. */
export const DELETION_GRACE_DAYS = 14;

/** What a live run changed for one user: the steps that took effect, per action, and the status before them. */
export interface RecordedChanges {
  statusBefore: UserStatus;
  actions: Array<{ action: ActionType; steps: ActionStep[] }>;
}

export function inverseOf(step: ActionStep): ActionStep {
  switch (step.kind) {
    case 'removeFromGroup':
      return { kind: 'addToGroup', groupId: step.groupId };
    case 'addToGroup':
      return { kind: 'removeFromGroup', groupId: step.groupId };
    case 'revokeRole':
      return { kind: 'grantRole' };
    case 'grantRole':
      return { kind: 'revokeRole' };
    case 'suspend':
      return { kind: 'restore' };
    case 'deactivate':
      return { kind: 'enable' };
    case 'delete':
      return { kind: 'cancelDelete' };
    case 'restore':
      return { kind: 'suspend' };
    case 'enable':
      return { kind: 'deactivate' };
    case 'cancelDelete':
      return { kind: 'delete' };
    default:
      return assertNever(step);
  }
}

/**
 * The inverse steps of a recorded change, per action, last action first (undone in the reverse order). Cancelling a
 * deletion makes the account active again: a user who was deactivated before the deletion is deactivated again.
 */
export function undoSteps(changes: RecordedChanges): Array<{ action: ActionType; steps: ActionStep[] }> {
  const deactivatedBefore = changes.statusBefore === 'deactivated';
  return [...changes.actions]
    .reverse()
    .map(({ action, steps }) => ({
      action,
      steps: [...steps]
        .reverse()
        .flatMap((step): ActionStep[] =>
          step.kind === 'delete' && deactivatedBefore ? [inverseOf(step), { kind: 'deactivate' }] : [inverseOf(step)],
        ),
    }))
    .filter(({ steps }) => steps.length > 0);
}

export type UndoAssessment =
  | { kind: 'undo'; actions: Array<{ action: ActionType; steps: ActionStep[] }> }
  | { kind: 'alreadyRestored' }
  | { kind: 'changedSince'; reason: string };

/** Decides what undoing a user's recorded changes means now, from their current state on the site. */
export function assessUndo(changes: RecordedChanges, current: DirectoryUser): UndoAssessment {
  const groups = touchedGroups(changes);
  const before = facets(changes.statusBefore, groups, changes, 'before');
  const after = facets(changes.statusBefore, groups, changes, 'after');
  const now = facetsOf(current, groups, touchesRole(changes));
  // A deleted account still in its grace period shows as deactivated, as it may have been before: the directory
  // cannot tell the two apart, so a deletion this run made is cancelled whenever the account still shows so.
  const pendingDeletion = includesDeletion(changes) && current.status === 'deactivated';
  if (sameFacets(now, before) && !pendingDeletion) return { kind: 'alreadyRestored' };
  if (sameFacets(now, after)) return { kind: 'undo', actions: undoSteps(changes) };
  return { kind: 'changedSince', reason: describeDifference(after, now) };
}

/** Of an undo's planned steps, those the user's state does not show as done yet (a resumed undo sends only these). */
export function stepsNotYetTrue(user: DirectoryUser, steps: readonly ActionStep[]): ActionStep[] {
  // In order: a step may only be needed after the one before it (re-deactivate after cancelling a deletion).
  let state = user;
  return steps.filter((step) => {
    const needed = notYetTrue(state, step);
    if (needed) state = applyStep(state, step);
    return needed;
  });
}

function notYetTrue(user: DirectoryUser, step: ActionStep): boolean {
  switch (step.kind) {
    case 'addToGroup':
      return !user.groupIds.includes(step.groupId);
    case 'removeFromGroup':
      return user.groupIds.includes(step.groupId);
    case 'grantRole':
      return user.directRole !== true;
    case 'revokeRole':
      return user.directRole !== false;
    case 'restore':
      return user.status === 'suspended';
    case 'enable':
    case 'cancelDelete':
      return user.status === 'deactivated';
    case 'suspend':
      return user.status !== 'suspended';
    case 'deactivate':
    case 'delete':
      return user.status !== 'deactivated';
    default:
      return assertNever(step);
  }
}

/** Whether the changes include a deletion (undoable only within Atlassian's grace period). */
export function includesDeletion(changes: RecordedChanges): boolean {
  return changes.actions.some(({ steps }) => steps.some((step) => step.kind === 'delete'));
}

/**
 * In words, what the undo does for one user: "add back to 2 groups, re-enable the account". With `groupName`, the
 * groups are named: "add back to 1 group (confluence-users)".
 */
export function describeUndo(changes: RecordedChanges, groupName?: (groupId: string) => string): string {
  const parts: string[] = [];
  const steps = undoSteps(changes).flatMap(({ steps: list }) => list);
  const groupsOf = (kind: 'addToGroup' | 'removeFromGroup') =>
    steps.flatMap((step) => (step.kind === kind && 'groupId' in step ? [step.groupId] : []));
  const named = (ids: string[]) => (groupName ? ` (${ids.map(groupName).join(', ')})` : '');
  const added = groupsOf('addToGroup');
  const removed = groupsOf('removeFromGroup');
  if (added.length > 0) parts.push(`add back to ${added.length} group${added.length === 1 ? '' : 's'}${named(added)}`);
  if (removed.length > 0)
    parts.push(`remove from ${removed.length} group${removed.length === 1 ? '' : 's'}${named(removed)} the run added`);
  if (steps.some((step) => step.kind === 'grantRole')) parts.push('give back the direct Confluence role');
  if (steps.some((step) => step.kind === 'restore')) parts.push('lift the suspension');
  if (steps.some((step) => step.kind === 'cancelDelete')) parts.push('cancel the pending deletion');
  if (steps.some((step) => step.kind === 'enable')) parts.push('re-enable the account');
  return parts.join(', ');
}

interface Facets {
  status: UserStatus;
  groups: Map<string, boolean>;
  /** The direct Confluence role, only when the run changed it. */
  directRole?: boolean;
}

function touchesRole(changes: RecordedChanges): boolean {
  return changes.actions.some(({ steps }) =>
    steps.some((step) => step.kind === 'revokeRole' || step.kind === 'grantRole'),
  );
}

function touchedGroups(changes: RecordedChanges): string[] {
  const ids = changes.actions.flatMap(({ steps }) =>
    steps.flatMap((step) => ('groupId' in step ? [step.groupId] : [])),
  );
  return [...new Set(ids)];
}

/** The user's status and membership of the touched groups before or after the run's steps. */
function facets(
  statusBefore: UserStatus,
  groups: string[],
  changes: RecordedChanges,
  when: 'before' | 'after',
): Facets {
  const steps = changes.actions.flatMap(({ steps: list }) => list);
  // Before the run: a group the run removed the user from was held, one it added them to was not.
  let user: DirectoryUser = {
    accountId: '',
    name: '',
    email: null,
    accountType: 'atlassian',
    status: statusBefore,
    managed: true,
    orgAdmin: false,
    groupIds: groups.filter(
      (id) => steps.find((step) => 'groupId' in step && step.groupId === id)?.kind !== 'addToGroup',
    ),
    addedToOrg: null,
    lastActive: null,
    // Before the run: a role it revoked was held, one it granted was not.
    ...(touchesRole(changes) ? { directRole: steps.some((step) => step.kind === 'revokeRole') } : {}),
  };
  if (when === 'after') for (const step of steps) user = applyStep(user, step);
  return facetsOf(user, groups, touchesRole(changes));
}

function facetsOf(user: DirectoryUser, groups: string[], withRole = false): Facets {
  return {
    status: user.status,
    groups: new Map(groups.map((id) => [id, user.groupIds.includes(id)])),
    ...(withRole ? { directRole: user.directRole === true } : {}),
  };
}

function sameFacets(a: Facets, b: Facets): boolean {
  if (a.status !== b.status) return false;
  if (a.directRole !== b.directRole) return false;
  for (const [id, held] of a.groups) if (b.groups.get(id) !== held) return false;
  return true;
}

function describeDifference(expected: Facets, now: Facets): string {
  const parts: string[] = [];
  if (expected.status !== now.status) parts.push(`is now ${now.status} (the run left them ${expected.status})`);
  const rejoined = [...now.groups].filter(([id, held]) => held && !expected.groups.get(id)).length;
  const left = [...now.groups].filter(([id, held]) => !held && expected.groups.get(id)).length;
  if (rejoined > 0) parts.push(`was added back to ${rejoined} of the groups the run removed`);
  if (left > 0) parts.push(`left ${left} of the groups the run added`);
  if (expected.directRole !== now.directRole)
    parts.push(now.directRole ? 'holds a direct Confluence role again' : 'no longer holds the direct Confluence role');
  return `changed since the run for another reason (${parts.join('; ')}); left as it is`;
}
