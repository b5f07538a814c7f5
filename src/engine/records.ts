/**
 * The records the engine stores, and the queue steps that drive a run. One place for their shapes;
 * src/adapters/storageKeys.ts is the one place for where they are stored.
 */
import type { ActionType, ResolvedAction } from '../domain/actions';
import type { ActionResult, RunCounts, RunMode, RunState, RunTrigger, UserOutcome } from '../domain/run';
import type { DirectoryUser } from '../domain/user';
import type { ResolvedScheme, StoredScheme } from '../domain/scheme';
import type { ResolvedFieldCondition } from '../domain/customFields';
import type { SnapshotTally } from '../domain/snapshot';
import type { BillingSettings, BillingSummary } from '../domain/billing';

/** The users a run would act on (planned in a test run, pending in a live one), counted by action. */
export interface ActingTally {
  users: number;
  byAction: Partial<Record<ActionType, number>>;
  firstUsers: Array<{ accountId: string; name: string }>;
}

/**
 * The final sum of an acting run's batches, so far: batches up to `afterSeq` are in `counts`, with the first users'
 * warnings and how many more there are (src/engine/phases.ts).
 */
export interface FinalTally {
  afterSeq: number;
  counts: RunCounts;
  warnings?: string[];
  unlistedWarnings?: number;
}

/** A stored scheme with its scheduling state. */
export interface SchemeRecord extends StoredScheme {
  /** Epoch ms of the next scheduled run; 0 when the scheme has no schedule or is disabled. */
  nextRunAt: number;
}

export interface SchemeLastRun {
  runId: string;
  state: RunState;
  finishedAt: string | null;
  counts: RunCounts;
}

/** Everything a run decides with, frozen when it starts: edits to the scheme or settings mid-run don't change it. */
export interface RunPlan {
  /**
   * The instant the run's decisions are made as of (ISO), fixed when it starts: every page of the scan and every
   * re-check counts inactivity (and `neverActiveAfterDays`, and date field conditions) to it, so a run slowed by
   * rate limits decides exactly as a quick one. Runs stored before it existed use their `startedAt`.
   */
  asOf?: string;
  schemeName: string;
  mode: RunMode;
  scheme: ResolvedScheme;
  actions: ResolvedAction[];
  maxUsersPerRun: number;
  /** Act only until the site's seats are down to this (longest-inactive first). */
  untilSeatsAtMost?: number;
  accessGroupIds: string[];
  /** The access groups' names by id (runs started before issue 18 have none: their users' seats name no group). */
  accessGroupNames?: Record<string, string>;
  /** The billing settings when the run started (src/domain/billing.ts): what its report says it saves. */
  billing?: BillingSettings;
  /** Groups synced from an identity provider (id → name) when the run started: their members are not the app's to change. */
  syncedGroups?: Record<string, string>;
  globalExemptions: { users: string[]; groupIds: string[] };
  /** A bulk action's selection: only these accounts may be acted on. */
  onlyAccountIds?: string[];
  /** A bulk action's "name or email contains" search, case-insensitive. */
  nameOrEmailContains?: string;
  /** The filter's custom field conditions with their field definitions; absent when the filter names no field. */
  fields?: ResolvedFieldCondition[];
  /** A site snapshot (src/engine/snapshot.ts): its scan tallies every page, and its end stores the day's snapshot. */
  snapshot?: true;
  /** An undo run (src/engine/undo.ts): its "scan" reads the original run's batches instead of the directory. */
  undoOf?: UndoOf;
  /**
   * A staged lifecycle's deletion run (src/engine/stagedDeletions.ts): its "scan" re-checks these users (deactivated
   * by the scheme, now due) instead of reading the directory, and it deletes each one still deactivated.
   */
  /** An approved test run applied live (src/engine/approve.ts): its "scan" reads that run's planned users. */
  approvedFrom?: { runId: string; pages: number; excludedAccountIds: string[] };
  /**
   * A scheduled run of a "needs approval" scheme: run as a test whatever the scheme's mode, its report asks the
   * approvers (the report recipients) to review it and apply it from its run page.
   */
  needsApproval?: true;
  dueDeletions?: Array<{ accountId: string; name: string; email: string | null; deactivatedAt: string }>;
}

export interface UndoOf {
  runId: string;
  /** How many batches the original run stored: the undo's pages. */
  pages: number;
  /** Only these users of the original run are undone; absent: every user it changed. */
  onlyAccountIds?: string[];
  /** Epoch ms after which a deletion by the original run is past Atlassian's grace period (it cannot be undone). */
  deletionsFinalAt: number;
}

export interface RunRecord {
  id: string;
  schemeId: string;
  kind: 'scheme' | 'bulk';
  trigger: RunTrigger;
  state: RunState;
  /** Why the run ended as it did (aborted, failed, cancelled), in words; null when it simply finished. */
  reason: string | null;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string;
  stateChangedAt: string;
  finishedAt: string | null;
  plan: RunPlan;
  /** The definition the run tested or ran (src/domain/liveGate.ts): what lets a test run vouch for going live. */
  fingerprint?: string;
  /** Bulk runs: the filter and search they found users with, which the live bulk action must match. */
  selectionFingerprint?: string;
  /** Filled as phases complete. */
  scan: {
    pages: number;
    complete: boolean;
    /** Counting the stored pages at the end of the scan, so far: pages up to `afterSeq` are in `counts`. */
    tally?: { afterSeq: number; counts: RunCounts; toActOn: number; acting?: ActingTally };
  };
  counts: RunCounts;
  /**
   * The users the run would act on, by action, and the first of them: counted with the scan's pages, so a
   * confirmation quotes the run without reading its batches (src/engine/runTallies.ts). Absent on older runs.
   */
  acting?: ActingTally;
  /** A live run while it acts: the last batch whose completion `counts` include (src/engine/runTallies.ts). */
  countedThrough?: number;
  /** The final sum of an acting run's batches, so far: batches up to `afterSeq` are in `counts` (src/engine/phases.ts). */
  finalTally?: FinalTally;
  errors: string[];
  /** Things an admin should know that did not stop the run (a report recipient without an email address...). */
  warnings?: string[];
  /** What happened to the emailed report. */
  report?: RunReportStatus;
  /** What the run saves on the bill (src/domain/billing.ts), when the billing settings were set as it started. */
  billing?: BillingSummary;
  /**
   * While the reporting step sums what the run saves: batches up to `afterSeq` are in `billing` (src/engine/reporting.ts).
   */
  billingTally?: { afterSeq: number; billing?: BillingSummary };
  /** Queue jobs of the act phase, so cancel can drop their waiting events. */
  jobIds: string[];
}

export interface RunReportStatus {
  status: 'sent' | 'notSent' | 'skipped';
  /** In words: who got it, or why nobody did. */
  detail: string;
  recipients: string[];
}

/**
 * One page of the scan: the matched users of up to 100 scanned users, with their outcomes.
 * `pending` batches still have users to act on (live runs only).
 */
export interface BatchRecord {
  runId: string;
  seq: number;
  phase: 'pending' | 'complete';
  /** The scan step (its token) that wrote the batch: a re-delivery of that step may continue from it, a stray duplicate may not. */
  writtenBy: string;
  scanned: number;
  /** Billed seats among this page's users (see src/domain/seatTarget.ts). */
  seats: number;
  nextCursor: string | null;
  users: UserOutcome[];
  /** Batches stored before the act step re-read users in bulk: the scanned state of each pending user. Unused now. */
  subjects?: Record<string, DirectoryUser>;
  /** The act step's journal of this batch while it acts (see ActIntent); absent or null when nobody is acting. */
  acting?: ActIntent | null;
  /**
   * Users whose results are recorded but whose follow-ups (audit entries, pending deletion, restore offer email)
   * are not done yet, written by the same write as their results (src/engine/act.ts): the batch stays pending
   * until they are. `auditFrom`: the results before it (a warning gate) are audited on their own.
   */
  followUps?: Array<{ accountId: string; auditFrom: number }>;
  /** Snapshot runs: the page's seat and activity counters, summed into the day's snapshot at the end. */
  tally?: SnapshotTally;
  /** The batch's counts before the act step first wrote it: its completion moves the run's counts by the difference. */
  baseCounts?: RunCounts;
  /**
   * Users scanned and found by this page and every page before it: a scanning run's progress reads its newest page
   * only. Absent on pages stored before it was kept, and after one of them.
   */
  through?: ScanThrough;
}

/** Running totals of a scan, up to and including a page. */
export interface ScanThrough {
  scanned: number;
  found: number;
}

/**
 * The action journal of a live run, one per batch: written into the batch before the first call of a group of
 * actions (intent), and cleared by the write that records their results. A crash in between leaves it, and whoever
 * takes the batch over after the lease re-reads these users' state on the site and finishes their actions: steps
 * already true are not sent again, and count as done, since only this run could have been doing them.
 */
export interface ActIntent {
  /** The invocation acting on the batch, and until when its claim holds (longer than any invocation lives). */
  owner: string;
  leaseUntil: number;
  /** The users whose actions may have been sent, by account id. */
  users: Record<string, IntentUser>;
}

export interface IntentUser {
  /** The state the user was re-checked in right before the intent: their actions are planned from it. */
  subject: DirectoryUser;
  /** Results decided before any call (a warning gate passed): kept ahead of the actions' own. */
  results: ActionResult[];
}

/** The queue events of a run. Small on purpose: the state lives in storage, the event only says what to do next. */
export type RunStep =
  /** `token` is new for each push of a next page, and kept when the same step is pushed again to retry it. */
  | {
      kind: 'scan';
      runId: string;
      seq: number;
      cursor: string | null;
      token: string;
      /** What the pages before `seq` scanned and found, stamped on each next page (absent from older events). */
      through?: ScanThrough;
    }
  | { kind: 'act'; runId: string; seq: number }
  /**
   * Ends an acting run once no batch is pending. A watchdog step also revives the act chain when its event was lost:
   * `firstPending` is the first pending batch it saw last time (`lastPending` from older runs is read as no progress seen).
   */
  | { kind: 'finish'; runId: string; watchdog?: { firstPending?: number; lastPending?: number } };
