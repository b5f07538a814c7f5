/**
 * Live needs a fresh test: a scheme is made live, enabled while live, or run live only after a test run of its
 * current definition, and the confirmation quotes that test run. This module says what "current definition"
 * means (a fingerprint), when a test run vouches for it, and how the confirmation words it.
 *
 * Decisions:
 * - The definition is what decides who is acted on and how: the filter, the scheme's exemptions and the actions
 *   (in order). The name, schedule, limits, report and mode are not part of it: renaming a scheme or moving its
 *   schedule does not need a new test. Group and domain lists are compared as sets, ignoring case, as the matcher does.
 * - A bulk action's selection is vouched for by its "find users" run: its fingerprint is the filter and the
 *   name-or-email search, without actions (finding users uses none).
 * - A test run vouches for a definition when it is a test run, it finished as `done`, its fingerprint is the
 *   definition's, and it finished at most `freshTestHours` ago.
 */
import { createHash } from 'node:crypto';
import type { ActionType, Scheme } from './scheme/types';
import type { RunMode, RunState, UserOutcome } from './run';

/** Settings → "a live scheme needs a test run from the last N hours". */
export const FRESH_TEST_HOURS = { default: 24, min: 1, max: 168 } as const;

function fold(values: readonly string[] | undefined): string[] | undefined {
  return values ? [...new Set(values.map((value) => value.toLocaleLowerCase('en-US')))].sort() : undefined;
}

/** JSON with object keys sorted and undefined dropped: the same value always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function digest(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex').slice(0, 24);
}

function filterPart(filter: Scheme['filter']): unknown {
  return {
    inactiveDays: filter.inactiveDays,
    neverActiveAfterDays: filter.neverActiveAfterDays,
    groups: filter.groups && { anyOf: fold(filter.groups.anyOf), noneOf: fold(filter.groups.noneOf) },
    emailDomains: filter.emailDomains && {
      anyOf: fold(filter.emailDomains.anyOf),
      noneOf: fold(filter.emailDomains.noneOf),
    },
    accountTypes: [...filter.accountTypes].sort(),
    statuses: [...filter.statuses].sort(),
    fields: filter.fields,
  };
}

/** The fingerprint of what a scheme does and to whom: equal fingerprints, equal test results. */
export function definitionFingerprint(scheme: Pick<Scheme, 'filter' | 'exemptions' | 'actions'>): string {
  return digest({
    filter: filterPart(scheme.filter),
    exemptions: { users: [...new Set(scheme.exemptions.users)].sort(), groups: fold(scheme.exemptions.groups) },
    actions: scheme.actions.map((action) => ('groups' in action ? { ...action, groups: fold(action.groups) } : action)),
  });
}

/** The fingerprint of a bulk action's found users: the filter and the search, which the find run tested. */
export function selectionFingerprint(filter: Scheme['filter'], nameOrEmailContains: string | undefined): string {
  return digest({ bulk: filterPart(filter), contains: nameOrEmailContains?.trim().toLowerCase() || undefined });
}

/** What the gate needs to know of a run. */
export interface TestedRun {
  plan: { mode: RunMode };
  state: RunState;
  finishedAt: string | null;
  fingerprint?: string;
}

/** Why `run` does not vouch for the definition `fingerprint` now, in a sentence; null when it does. */
export function freshTestProblem(
  run: TestedRun | undefined,
  fingerprint: string,
  now: Date,
  freshTestHours: number,
): string | null {
  const hours = `${freshTestHours} hour${freshTestHours === 1 ? '' : 's'}`;
  if (!run)
    return `Run this scheme in test mode first: a live scheme needs a test run of its current filter, exemptions and actions from the last ${hours}, so you can see who it will act on.`;
  if (run.plan.mode !== 'test')
    return 'The run given is not a test run; only a test run shows what a live run would do.';
  if (run.state !== 'done' || !run.finishedAt)
    return run.state === 'queued' || run.state === 'scanning' || run.state === 'reporting'
      ? 'The test run has not finished yet; wait for it to end, then confirm.'
      : `The last test run ended as ${run.state}; run the test again and let it finish before going live.`;
  if (run.fingerprint !== fingerprint)
    return 'The filter, exemptions or actions changed since the last test run; run the test again to see who the scheme will act on now.';
  const age = now.getTime() - Date.parse(run.finishedAt);
  if (age > freshTestHours * 3600_000)
    return `The last test run is older than ${hours}: users' activity has changed since; run the test again before going live.`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// The confirmation's words, from a test run's outcomes

export interface ActionCount {
  action: ActionType;
  /** Users the action would change (a user it would skip, e.g. an unmanaged account for delete, is not counted). */
  users: number;
  /** Group names the action adds to or removes from (for removeAccess, the access groups). */
  groups: string[];
  irreversible: boolean;
  /** A staged deactivation: the same users are deleted this many days after the live run deactivates them. */
  deleteAfterDays?: number;
  /** removeAccess with `offerRestore`: each of these users is emailed a "restore my access" link. */
  offerRestore?: true;
}

export interface TestRunQuote {
  runId: string;
  finishedAt: string | null;
  /** "Will remove Confluence access from 52 users and delete 3 (cannot be undone); 4 exempt." */
  sentence: string;
  actions: ActionCount[];
  /** Users the run would act on, and the first of them by name. */
  users: number;
  exempt: number;
  firstUsers: Array<{ accountId: string; name: string }>;
  /** What cannot be undone, one sentence each; empty when everything can be. */
  cannotBeUndone: string[];
}

/** What a quote says, counted: the users acted on (per action) and exempt, and the first users by name. */
export interface QuoteTally {
  users: number;
  exempt: number;
  byAction: Partial<Record<ActionType, number>>;
  firstUsers: Array<{ accountId: string; name: string }>;
}

function tallyOutcomes(outcomes: readonly UserOutcome[]): QuoteTally {
  const counted = outcomes.filter((user) => !user.informational);
  const acting = counted.filter((user) => user.outcome === 'planned' || user.outcome === 'pending');
  const byAction: QuoteTally['byAction'] = {};
  for (const user of acting)
    for (const action of new Set(user.wouldDo ?? user.actions)) byAction[action] = (byAction[action] ?? 0) + 1;
  return {
    users: acting.length,
    exempt: counted.filter((user) => user.outcome === 'exempt').length,
    byAction,
    firstUsers: acting.map((user) => ({ accountId: user.accountId, name: user.name })),
  };
}

const VERBS: Record<ActionType, (count: string, groups: string) => string> = {
  notify: (count) => `warn ${count} by email first`,
  removeAccess: (count, groups) => `remove Confluence access from ${count}${groups ? ` (${groups})` : ''}`,
  suspend: (count) => `suspend ${count}`,
  deactivate: (count) => `deactivate ${count}`,
  delete: (count) => `delete ${count} (cannot be undone)`,
  addGroups: (count, groups) => `add ${count} to ${groups}`,
  removeGroups: (count, groups) => `remove ${count} from ${groups}`,
};

function users(count: number): string {
  return `${count} user${count === 1 ? '' : 's'}`;
}

function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The confirmation's numbers and sentence. `actionGroups` gives each action's group names; the first action
 * with a count names it "users", later ones just the number, as a person would say it.
 */
export function quoteTestRun(args: {
  runId: string;
  finishedAt: string | null;
  actions: Array<{ type: ActionType; graceDays?: number; deleteAfterDays?: number; offerRestore?: boolean }>;
  actionGroups: Partial<Record<ActionType, string[]>>;
  /** The users quoted, or (`tally`) the counts the run kept of them, so that a big run is not read whole. */
  outcomes: readonly UserOutcome[] | QuoteTally;
  firstUsersShown?: number;
}): TestRunQuote {
  const tally = 'users' in args.outcomes ? args.outcomes : tallyOutcomes(args.outcomes);
  const exempt = tally.exempt;
  const actions: ActionCount[] = args.actions.map((action) => ({
    action: action.type,
    users: tally.byAction[action.type] ?? 0,
    groups: args.actionGroups[action.type] ?? [],
    irreversible: action.type === 'delete',
    ...(action.deleteAfterDays ? { deleteAfterDays: action.deleteAfterDays } : {}),
    ...(action.offerRestore ? { offerRestore: true as const } : {}),
  }));
  const notify = args.actions.find((action) => action.type === 'notify');
  const later = actions.filter((count) => count.action !== 'notify');
  const parts = later.map((count, index) =>
    VERBS[count.action](index === 0 && !notify ? users(count.users) : String(count.users), count.groups.join(', ')),
  );
  // A warn-first scheme warns now and acts later: the sentence says both, in that order.
  const what = notify
    ? `warn ${users(actions[0]!.users)} by email first; ${notify.graceDays ?? 'some'} days later, for those still inactive, ${joinWords(parts)}`
    : joinWords(parts);
  const sentence = tally.users === 0 ? `Would act on nobody now; ${exempt} exempt.` : `Will ${what}; ${exempt} exempt.`;
  const deletes = actions.find((count) => count.action === 'delete');
  const cannotBeUndone = [
    ...(deletes && deletes.users > 0
      ? [
          `Deleting ${users(deletes.users)} cannot be undone once Atlassian's 14-day grace period ends: their accounts and personal data are gone.`,
        ]
      : []),
    ...(notify && tally.users > 0
      ? [`The warning emails to ${users(tally.users)} cannot be taken back once they are sent.`]
      : []),
  ];
  return {
    runId: args.runId,
    finishedAt: args.finishedAt,
    sentence,
    actions,
    users: tally.users,
    exempt,
    firstUsers: tally.firstUsers.slice(0, args.firstUsersShown ?? 10),
    cannotBeUndone,
  };
}
