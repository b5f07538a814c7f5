/**
 * The page's words for the domain's names. The domain and the stored records keep their identifiers
 * (`removeAccess`, `run.ended`, `manual`); an admin reads plain verbs. Every tab translates through here, so one
 * name has one wording everywhere.
 */
import { addDays } from 'date-fns';
import type { TestRunQuote } from '../contract';
import type { AuditKind } from '../domain/audit';
import { day, plural } from './format';
import type { ActionResult, RunState, UserOutcome } from '../domain/run';

/** What an action does, as a verb phrase in the present: "remove Confluence access". */
export const ACTION_VERBS: Record<string, string> = {
  notify: 'warn by email first',
  removeAccess: 'remove Confluence access',
  suspend: 'suspend',
  deactivate: 'deactivate the account',
  delete: 'delete the account',
  addGroups: 'add to groups',
  removeGroups: 'remove from groups',
};

/** What an action did, in the past: "removed Confluence access". */
export const ACTION_DONE: Record<string, string> = {
  notify: 'warned by email',
  removeAccess: 'removed Confluence access',
  suspend: 'suspended',
  deactivate: 'deactivated the account',
  delete: 'deleted the account',
  addGroups: 'added to groups',
  removeGroups: 'removed from groups',
};

/** What an undo run does for each action of the run it undoes: it gives back what that action took. */
export const UNDO_VERBS: Record<string, string> = {
  notify: 'nothing to give back for a warning',
  removeAccess: 'give Confluence access back',
  suspend: 'lift the suspension',
  deactivate: 're-enable the account',
  delete: 'cancel the deletion',
  addGroups: 'remove from the groups the run added',
  removeGroups: 'add back to the groups',
};

export const UNDO_DONE: Record<string, string> = {
  notify: 'nothing given back for a warning',
  removeAccess: 'gave Confluence access back',
  suspend: 'lifted the suspension',
  deactivate: 're-enabled the account',
  delete: 'cancelled the deletion',
  addGroups: 'removed from the groups the run added',
  removeGroups: 'added back to the groups',
};

export const RUN_STATE_WORDS: Record<RunState, string> = {
  queued: 'waiting to start',
  scanning: 'finding users',
  acting: 'acting',
  reporting: 'writing the report',
  done: 'finished',
  aborted: 'stopped by a safety check',
  failed: 'failed',
  cancelled: 'cancelled',
};

export const TRIGGER_WORDS: Record<string, string> = {
  schedule: 'on its schedule',
  manual: 'started by an admin',
  bulk: 'started by an admin',
};

export const KIND_WORDS: Record<string, string> = { scheme: 'scheme', bulk: 'bulk action' };

export const OUTCOME_WORDS: Record<string, string> = {
  planned: 'would be acted on',
  exempt: 'exempt',
  done: 'done',
  skipped: 'left alone',
  failed: 'failed',
  pending: 'waiting out the grace period',
};

export const AUDIT_KIND_WORDS: Record<AuditKind, string> = {
  'settings.changed': 'settings changed',
  'scheme.saved': 'scheme saved',
  'scheme.deleted': 'scheme deleted',
  'run.started': 'run started',
  'run.ended': 'run finished',
  'user.action': 'user changed',
  'user.warned': 'user warned',
  'user.keptAccess': 'user kept access',
  'user.restoreOffered': 'access offered back',
  'user.restoreRequested': 'access asked back',
  'user.accessRestored': 'access given back',
  'user.restoreDeclined': 'request declined',
  'report.sent': 'report sent',
  'seats.alert': 'seat alert',
  'apiKey.expiring': 'API key expiry warned',
};

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function words(table: Record<string, string>, name: string): string {
  return table[name] ?? name;
}

/** A run's actions as a sentence: "Remove Confluence access, then suspend"; an undo run's as what it gives back. */
export function runActionsText(actions: readonly string[], isUndo: boolean): string {
  const list = actions.map((action) => words(isUndo ? UNDO_VERBS : ACTION_VERBS, action));
  return capitalised(list.join(', then ')) || 'None';
}

/** "Started by an admin, scheme" → "started by an admin" or "bulk action, started by an admin". */
export function runOrigin(run: { kind: string; trigger: string }): string {
  return run.kind === 'bulk' ? 'bulk action, started by an admin' : `scheme run ${words(TRIGGER_WORDS, run.trigger)}`;
}

function resultText(result: ActionResult, isUndo: boolean): string {
  const verb = words(isUndo ? UNDO_DONE : ACTION_DONE, result.action);
  if (result.result === 'done') return verb;
  const what = words(isUndo ? UNDO_VERBS : ACTION_VERBS, result.action);
  return result.result === 'skipped'
    ? `did not ${what} (${result.detail ?? 'not needed'})`
    : `could not ${what} (${result.detail ?? 'failed'})`;
}

/**
 * Why a user's row reads as it does. A user the run acted on is described from the action results, in the page's
 * verbs (an undo run's as what it gave back); anyone else by the run's own reason, already a sentence.
 */
export function outcomeReason(user: Pick<UserOutcome, 'reason' | 'results'>, isUndo: boolean): string {
  if (!user.results || user.results.length === 0) return user.reason;
  return capitalised(user.results.map((result) => resultText(result, isUndo)).join('; '));
}

/**
 * What going live sets in motion beyond the counts: the deletions a staged deactivation files, with their date,
 * and the emails that go out (warnings, "restore my access" offers), so the confirmation names both.
 */
export function consequences(quote: TestRunQuote, now: Date): { deletions: string[]; emails: string[] } {
  const deletions = quote.actions.flatMap((count) =>
    count.deleteAfterDays && count.users > 0
      ? [
          `${plural(count.users, 'user')} deactivated now will be deleted on ${day(addDays(now, count.deleteAfterDays).toISOString())} (after ${plural(count.deleteAfterDays, 'day')} deactivated), unless you cancel them under Run history → Pending deletions.`,
        ]
      : [],
  );
  const emails = quote.actions.flatMap((count) =>
    count.offerRestore && count.users > 0
      ? [
          `${plural(count.users, 'user')} will be emailed a link to ask for their Confluence access back once it is removed.`,
        ]
      : count.action === 'notify' && count.users > 0
        ? [`${plural(count.users, 'user')} will be emailed a warning first.`]
        : [],
  );
  return { deletions, emails };
}
