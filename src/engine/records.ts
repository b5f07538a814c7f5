/**
 * The records the engine stores, and the queue steps that drive a run. One place for their shapes;
 * src/adapters/storageKeys.ts is the one place for where they are stored.
 */
import type { ResolvedAction } from '../domain/actions';
import type { ActionResult, RunCounts, RunMode, RunState, RunTrigger, UserOutcome } from '../domain/run';
import type { DirectoryUser } from '../domain/user';
import type { ResolvedScheme, StoredScheme } from '../domain/scheme';
import type { ResolvedFieldCondition } from '../domain/customFields';
import type { SnapshotTally } from '../domain/snapshot';

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
  schemeName: string;
  mode: RunMode;
  scheme: ResolvedScheme;
  actions: ResolvedAction[];
  maxUsersPerRun: number;
  /** Act only until the site's seats are down to this (longest-inactive first). */
  untilSeatsAtMost?: number;
  accessGroupIds: string[];
  globalExemptions: { users: string[]; groupIds: string[] };
  /** A bulk action's selection: only these accounts may be acted on. */
  onlyAccountIds?: string[];
  /** A bulk action's "name or email contains" search, case-insensitive. */
  nameOrEmailContains?: string;
  /** The filter's custom field conditions with their field definitions; absent when the filter names no field. */
  fields?: ResolvedFieldCondition[];
  /** A site snapshot (src/engine/snapshot.ts): its scan tallies every page, and its end stores the day's snapshot. */
  snapshot?: true;
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
  scan: { pages: number; complete: boolean };
  counts: RunCounts;
  errors: string[];
  /** Things an admin should know that did not stop the run (a report recipient without an email address...). */
  warnings?: string[];
  /** What happened to the emailed report. */
  report?: RunReportStatus;
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
  /** Live runs: the scanned state of each pending user, which the act step plans its actions from. */
  subjects: Record<string, DirectoryUser>;
  /** Snapshot runs: the page's seat and activity counters, summed into the day's snapshot at the end. */
  tally?: SnapshotTally;
}

/**
 * The per-user action journal of a live run: written before the first action (claim) and after every action.
 * A crash between the two leaves `acting`, and whoever takes the user over after the lease knows what was done.
 */
export interface JournalEntry {
  runId: string;
  accountId: string;
  state: 'acting' | 'finished';
  owner: string;
  leaseUntil: number;
  /** Results of the actions finished so far, in the scheme's order. */
  results: ActionResult[];
  /** Steps (API calls) known to have succeeded, e.g. `removeFromGroup:g-1`. */
  doneSteps: string[];
  /** The step whose call was sent but whose answer is not recorded: if we died there, a repeat answering "already" means it was us. */
  inFlight: string | null;
  outcome?: Pick<UserOutcome, 'outcome' | 'reason'>;
}

/** The queue events of a run. Small on purpose: the state lives in storage, the event only says what to do next. */
export type RunStep =
  /** `token` is new for each push of a next page, and kept when the same step is pushed again to retry it. */
  | { kind: 'scan'; runId: string; seq: number; cursor: string | null; token: string }
  | { kind: 'act'; runId: string; seq: number }
  /** Ends an acting run once no batch is pending. A watchdog step also revives batches whose events were lost. */
  | { kind: 'finish'; runId: string; watchdog?: { lastPending: number } };
