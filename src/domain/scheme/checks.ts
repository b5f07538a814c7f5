/**
 * Rules across fields: what the file's shapes cannot say, and contradictions an admin would regret. A group both
 * wanted and excluded, a seat target with no action that frees seats, actions listed twice or in an order that
 * cannot happen ("delete" before "addGroups"). Each problem is reported at the path where the admin has to look.
 * The schedule's own rules are in scheduleCheck.ts.
 */
import type { SchemeIssue } from '../errors';
import type { ParsedFile } from './fileFormat';
import type { ActionType, NameCondition } from './types';
import { checkSchedule } from './scheduleCheck';
import { foldCase } from './names';

export function checkRules(file: ParsedFile): SchemeIssue[] {
  return [
    ...checkSchedule(file.schedule),
    ...checkFilter(file.filter),
    ...checkActions(file.actions),
    ...checkLimits(file),
  ];
}

function checkFilter(filter: ParsedFile['filter']): SchemeIssue[] {
  return [
    ...conditionOverlap(filter.groups, 'filter.groups', 'group'),
    ...conditionOverlap(filter.emailDomains, 'filter.emailDomains', 'domain'),
  ];
}

function conditionOverlap(condition: NameCondition | undefined, path: string, what: string): SchemeIssue[] {
  if (!condition?.anyOf || !condition.noneOf) return [];
  const wanted = new Set(condition.anyOf.map(foldCase));
  return condition.noneOf.flatMap((name, index) =>
    wanted.has(foldCase(name))
      ? [{ path: `${path}.noneOf[${index}]`, message: `${what} "${name}" is also in anyOf: no user can match both` }]
      : [],
  );
}

/** A seat target needs an action that frees seats, or the run could never bring the seats down. */
function checkLimits(file: ParsedFile): SchemeIssue[] {
  if (file.limits?.untilSeatsAtMost === undefined) return [];
  const freesSeats = file.actions.some((action) =>
    ['removeAccess', 'suspend', 'deactivate', 'delete'].includes(action.type),
  );
  return freesSeats
    ? []
    : [
        {
          path: 'limits.untilSeatsAtMost',
          message: 'needs an action that frees seats (removeAccess, suspend, deactivate or delete)',
        },
      ];
}

/** Actions that end an account, in the order they may appear at the end of the list. */
const ENDING_ACTIONS: readonly ActionType[] = ['deactivate', 'delete'];

function endingRank(type: ActionType): number {
  return ENDING_ACTIONS.indexOf(type) + 1; // 0 for actions that leave the account usable
}

/** Every action after an account-ending one must end the account later in the same order ("deactivate" → "delete"). */
function checkEndingOrder(actions: ParsedFile['actions']): SchemeIssue[] {
  const errors: SchemeIssue[] = [];
  actions.forEach((action, index) => {
    const rank = endingRank(action.type);
    if (rank === 0) return;
    const after = actions
      .slice(index + 1)
      .filter((later) => endingRank(later.type) <= rank && later.type !== action.type);
    if (after.length === 0) return;
    const names = after.map((later) => `"${later.type}"`);
    const position = action.type === 'delete' ? 'the last action' : 'after every action but "delete"';
    const what = action.type === 'delete' ? 'deleted' : 'deactivated';
    errors.push({
      path: `actions[${index}]`,
      message: `"${action.type}" must be ${position}: nothing can be done to an account after it is ${what} (move ${names.join(', ')} before it, or remove ${names.length === 1 ? 'it' : 'them'})`,
    });
  });
  return errors;
}

function checkActions(actions: ParsedFile['actions']): SchemeIssue[] {
  const errors: SchemeIssue[] = [];
  const firstIndexOfType = new Map<ActionType, number>();
  actions.forEach((action, index) => {
    const first = firstIndexOfType.get(action.type);
    if (first === undefined) firstIndexOfType.set(action.type, index);
    else {
      const merge = 'groups' in action ? ' (merge their group lists into one)' : '';
      errors.push({
        path: `actions[${index}].type`,
        message: `"${action.type}" is already listed at actions[${first}]; list each action once${merge}`,
      });
    }
  });

  const notifyIndex = actions.findIndex((action) => action.type === 'notify');
  if (notifyIndex > 0) {
    errors.push({
      path: `actions[${notifyIndex}]`,
      message: '"notify" must be the first action: users are warned before anything else happens',
    });
  }
  if (notifyIndex !== -1 && actions.length === 1) {
    errors.push({
      path: 'actions',
      message: '"notify" warns users of the actions that follow it; add at least one action after it',
    });
  }

  errors.push(...checkEndingOrder(actions));

  const added = new Map<string, number>();
  actions.forEach((action, index) => {
    if (action.type === 'addGroups') for (const group of action.groups) added.set(foldCase(group), index);
  });
  actions.forEach((action, index) => {
    if (action.type !== 'removeGroups') return;
    action.groups.forEach((group, groupIndex) => {
      const addIndex = added.get(foldCase(group));
      if (addIndex === undefined) return;
      errors.push({
        path: `actions[${index}].groups[${groupIndex}]`,
        message: `group "${group}" is also added by actions[${addIndex}] (addGroups): a user cannot be added to and removed from the same group`,
      });
    });
  });
  return errors;
}
