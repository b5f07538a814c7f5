/**
 * The actions a scheme can take, by name. A leaf on purpose: the scheme format, the action plans (actions.ts), an
 * action's reach (org.ts) and the bill (billing.ts) all name them, and the scheme module imports the schedule and
 * billing, so the names cannot live there without a circle.
 */
export const ACTION_TYPES = [
  'notify',
  'removeAccess',
  'suspend',
  'deactivate',
  'delete',
  'addGroups',
  'removeGroups',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
