/**
 * Runs: run history, a run's page and progress, cancel, undo, apply an approved test run, pending deletions and
 * "give me my access back" requests.
 */
import { z } from 'zod';
import type { BillingSummary } from '../domain/billing';
import type { RunCounts, RunState, UserOutcome } from '../domain/run';
import type { RunReportStatus } from '../engine/records';
import type { RestoreOffer } from '../engine/ports/restoreStore';
import type { PendingDeletion } from '../engine/ports/deletionStore';
import { accountId, accountIdOrEmail, appId, cursor } from './ids';
import { RESOLVERS } from './resolvers';

export const RUN_STATES = [
  'queued',
  'scanning',
  'acting',
  'reporting',
  'done',
  'aborted',
  'failed',
  'cancelled',
] as const satisfies readonly RunState[];
export const OUTCOMES = ['planned', 'exempt', 'done', 'skipped', 'failed', 'pending'] as const;

/** Run payloads. */
export const runPayloads = /* @__PURE__ */ (() => ({
  [RESOLVERS.runsList]: z
    .object({
      cursor: cursor().optional(),
      schemeId: appId('scheme').optional(),
      state: z.enum(RUN_STATES).optional(),
      startedBefore: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.')
        .optional(),
      limit: z.number().int().min(1).max(100).default(25),
      /** Bulk searches and editor previews are left out unless asked for. */
      withSearches: z.boolean().optional(),
    })
    .strict(),
  [RESOLVERS.runsGet]: z
    .object({ runId: appId('run'), batchCursor: cursor().optional(), outcome: z.enum(OUTCOMES).optional() })
    .strict(),
  [RESOLVERS.runsOutcomes]: z
    .object({
      runId: appId('run'),
      outcome: z.enum(OUTCOMES).optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(100).default(25),
      /** Where the page starts: the previous page's `nextCursor` (without it, page 1 reads only its own batches). */
      cursor: z.string().max(40).optional(),
    })
    .strict(),
  [RESOLVERS.runsProgress]: z.object({ runId: appId('run') }).strict(),
  [RESOLVERS.runsCancel]: z.object({ runId: appId('run') }).strict(),
  /** `excludeAccountIds`: planned users the admin unticked; every other planned user is approved. */
  [RESOLVERS.runsApplyPreview]: z
    .object({ runId: appId('run'), excludeAccountIds: z.array(accountId()).max(10000).optional() })
    .strict(),
  [RESOLVERS.runsApply]: z
    .object({
      runId: appId('run'),
      excludeAccountIds: z.array(accountId()).max(10000).optional(),
      confirm: z.boolean().optional(),
    })
    .strict(),
  [RESOLVERS.deletionsList]: z
    .object({ cursor: cursor().optional(), limit: z.number().int().min(1).max(100).default(50) })
    .strict(),
  [RESOLVERS.deletionsCancel]: z.object({ schemeId: appId('scheme'), accountId: accountId() }).strict(),
  [RESOLVERS.restoresList]: z
    .object({
      cursor: cursor().optional(),
      limit: z.number().int().min(1).max(100).default(50),
      /** 'requested': only the requests waiting for an admin. */
      status: z.literal('requested').optional(),
    })
    .strict(),
  [RESOLVERS.restoresDecide]: z
    .object({
      runId: appId('run'),
      accountId: accountId(),
      decision: z.enum(['approve', 'decline']),
      /** The admin confirmed the decision the refusal named. */
      confirm: z.boolean().optional(),
    })
    .strict(),
  /** `accountIds`: the users to undo (account ids or email addresses); absent: every user the run changed. */
  [RESOLVERS.runsUndoPreview]: z
    .object({
      runId: appId('run'),
      accountIds: z.array(accountIdOrEmail()).min(1, 'Select at least one user.').max(10_000).optional(),
    })
    .strict(),
  [RESOLVERS.runsUndo]: z
    .object({
      runId: appId('run'),
      accountIds: z.array(accountIdOrEmail()).min(1, 'Select at least one user.').max(10_000).optional(),
      /** The admin confirmed the undo the preview described. */
      confirm: z.boolean().optional(),
    })
    .strict(),
}))();

export interface RunSummary {
  id: string;
  schemeId: string;
  schemeName: string;
  kind: 'scheme' | 'bulk';
  trigger: string;
  mode: 'test' | 'live';
  state: RunState;
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
  /** What happened to the emailed report (null until the run reports). */
  report: RunReportStatus | null;
  /** What an admin should know that did not stop the run, e.g. a report recipient without an email address. */
  warnings: string[];
  /** An undo run: the id of the run it undoes. */
  undoOf?: string;
  /** A live run applying an approved test run: that test run's id. */
  approvedFrom?: string;
  /** A scheduled test run of a "needs approval" scheme: it waits for an admin to apply it. */
  needsApproval?: true;
  /** What the run saves on the bill (issue 18), when billing was set in Settings as it started. */
  billing?: BillingSummary;
}

export interface RunDetail extends RunSummary {
  errors: string[];
  actions: string[];
  users: UserOutcome[];
  nextBatchCursor: string | null;
}

/** One run with one page of its per-user outcomes, for the run's page. */
export interface RunOutcomesPage extends RunSummary {
  errors: string[];
  actions: string[];
  users: UserOutcome[];
  /** Users with the chosen outcome (all users without one), from the counts the run keeps. */
  total: number;
  page: number;
  pageSize: number;
  /** The next page's `cursor`; null after the run's last user. */
  nextCursor?: string | null;
}

/** A run while it works: the scan's pages written so far and the users found in them (the total is unknown until the end). */
export interface RunProgress extends RunSummary {
  pagesScanned: number;
  usersScanned: number;
  usersFound: number;
  scanComplete: boolean;
}

/** One page of "restore my access" offers and requests, newest storage order (filter by status in the page). */
export interface RestoreOffersPage {
  offers: RestoreOffer[];
  nextCursor: string | null;
}

/** One page of pending deletions (a staged lifecycle's users due for deletion, and when). */
/** Pending deletions as the engine keeps them; the page names them through the contract, never from the engine. */
export type { PendingDeletion };

export interface PendingDeletionsPage {
  deletions: PendingDeletion[];
  nextCursor: string | null;
}

/** What applying a test run would do: the approved users (the test run's planned users, some left out). */
export interface ApplyPreview {
  runId: string;
  schemeName: string;
  actions: string[];
  approved: Array<{ accountId: string; name: string; email: string | null; reason: string }>;
  excluded: string[];
  /** The confirmation in words: who and what. */
  message: string;
  /** How many users are approved in all, when `approved` lists only the first of a big run (see its page). */
  total?: number;
}

/** What undoing a run (or some of its users) would do, for the confirmation. */
export interface UndoPreview {
  runId: string;
  schemeName: string;
  /** Who is restored, and how ("add back to 1 group, lift the suspension"). */
  users: Array<{ accountId: string; name: string; email: string | null; undo: string }>;
  /** Who cannot be: a deletion past Atlassian's 14-day grace period. */
  cannotUndo: Array<{ accountId: string; name: string; reason: string }>;
  /** The confirmation in words: who and what. */
  message: string;
  /** How many users are restored in all, when `users` lists only the first of a big run (see its page). */
  total?: number;
}

export interface RunsPage {
  runs: RunSummary[];
  nextCursor: string | null;
}
