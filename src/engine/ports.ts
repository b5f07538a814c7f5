/**
 * What the run engine needs from the outside world. The engine never imports `@forge/*`: src/adapters
 * implement these ports with Forge storage, queues and the Atlassian APIs; tests run those same adapters
 * on the local Forge runtime.
 */
import type { ActionStep } from '../domain/actions';
import type { RunRecord, BatchRecord, RunStep } from './records';
import type { DirectoryGroup, DirectoryUser } from '../domain/user';
import type { SchemeLastRun, SchemeRecord } from './records';
import type { Settings } from './settings';
import type { AuditEntry, AuditKind } from '../domain/audit';
import type { RecipientDirectory } from '../reports/recipients';
import type { WarningStore } from './ports/warningStore';
import type { RestoreStore } from './ports/restoreStore';
import type { SnapshotStore } from './ports/snapshotStore';
import type { BillingStore } from './ports/billingStore';
import type { FieldDefinition, FieldValues } from '../domain/customFields';
import type { DeletionStore } from './ports/deletionStore';

/** The Atlassian side: the Admin API (with the org key) for users, groups and lifecycle. */
export interface Directory {
  searchUsers(params: {
    cursor?: string;
    limit?: number;
  }): Promise<{ users: DirectoryUser[]; nextCursor: string | null }>;
  /**
   * The current state of these users (activity, status, groups, roles), read in bulk right before acting: by exact
   * email, 100 a search, then by account id, 10 a search, for those without an email or whose email did not come
   * back. Users the directory no longer holds are absent. `rolesOf` picks users whose role assignments are read too
   * (one call each): their `directRole` and `siteAdmin` are then known, not inferred.
   */
  findUsers(
    users: ReadonlyArray<Pick<DirectoryUser, 'accountId' | 'email'>>,
    options?: { rolesOf?: (user: DirectoryUser) => boolean },
  ): Promise<Map<string, DirectoryUser>>;
  listAllGroups(): Promise<DirectoryGroup[]>;
  listAccessGroups(): Promise<DirectoryGroup[]>;
  /** Performs one step; 'already' when Atlassian says it was already so (a repeat after a crash lands here). */
  perform(accountId: string, step: ActionStep): Promise<'done' | 'already'>;
}

/** Errors from the Directory that are worth retrying later say so (src/domain/retryable.ts). */
export { isRetryable, type RetryableError } from '../domain/retryable';

export interface RunStore {
  createRun(run: RunRecord): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /**
   * Replaces the run only if its state is still `expectedState` (compare-and-set), so two invocations
   * racing on one transition cannot both win. Returns false when the state had changed.
   */
  replaceRunIf(expectedState: RunRecord['state'], run: RunRecord): Promise<boolean>;
  /**
   * Newest first. Without `schemeId`, the daily site snapshots are left out unless `withSnapshots`;
   * `withoutSearches` leaves out bulk searches and editor previews (startRun.ts isSearchOrPreview) in the query itself.
   */
  listRuns(params: {
    cursor?: string;
    limit: number;
    schemeId?: string;
    state?: RunRecord['state'];
    startedBefore?: number;
    withSnapshots?: boolean;
    withoutSearches?: boolean;
  }): Promise<{
    runs: RunRecord[];
    nextCursor?: string;
  }>;
  deleteRun(runId: string): Promise<void>;

  /** Writes a batch only if none exists under its key; false if one did. */
  createBatch(batch: BatchRecord): Promise<boolean>;
  putBatch(batch: BatchRecord): Promise<void>;
  getBatch(runId: string, seq: number): Promise<BatchRecord | undefined>;
  /**
   * In page order (the newest first with `newestFirst`); `afterSeq` starts after that page, `limit` (≤ 100) caps
   * how many come back.
   */
  listBatches(
    runId: string,
    params: {
      cursor?: string;
      phase?: BatchRecord['phase'];
      afterSeq?: number;
      limit?: number;
      newestFirst?: boolean;
    },
  ): Promise<{ batches: BatchRecord[]; nextCursor?: string }>;

  /** Claims the sending of a run's report email: true once, false ever after (at most one email per run). */
  claimReport(runId: string): Promise<boolean>;
  deleteRunData(runId: string): Promise<void>;
}

export interface SchemeStore {
  list(): Promise<SchemeRecord[]>;
  get(schemeId: string): Promise<SchemeRecord | undefined>;
  put(scheme: SchemeRecord): Promise<void>;
  delete(schemeId: string): Promise<void>;
  /**
   * Moves the scheme's next run to `next` only if the stored scheme is still exactly `seen` (same next run,
   * same edit): two trigger firings cannot both claim one slot, and an admin's edit is never overwritten.
   */
  moveNextRunIf(seen: SchemeRecord, next: number): Promise<boolean>;
  /** The last run's result, kept beside the scheme (not in it, so a run ending never races an admin's edit). */
  setLastRun(schemeId: string, lastRun: SchemeLastRun): Promise<void>;
  getLastRuns(schemeIds: readonly string[]): Promise<Map<string, SchemeLastRun>>;
  /** Takes the scheme's run lock (one run of a scheme at a time); false if another run holds it. */
  lock(schemeId: string, runId: string, ttlSeconds: number): Promise<boolean>;
  lockHolder(schemeId: string): Promise<string | undefined>;
  unlock(schemeId: string, runId: string): Promise<void>;
}

/**
 * Shared pauses: when Atlassian rate-limits the act phase, every act step (each its own invocation, with no
 * shared memory) must wait, not just the one that got the 429; otherwise each waiting step spends a refused call.
 */
export interface PauseStore {
  /** Epoch ms until which work of this kind waits, if a pause is in force. */
  pausedUntil(kind: 'act'): Promise<number | undefined>;
  pause(kind: 'act', untilMs: number): Promise<void>;
}

export interface AuditStore {
  append(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /**
   * A batch's `user.action` entries at once (fewer storage requests, each entry still its own). Each is one action
   * (`details.action`) on one user (`subject`) in one run (`details.runId`), stored once under an id made of
   * the three: a repeat after a crash rewrites that entry, never adds a second.
   */
  appendUserActions(entries: ReadonlyArray<Omit<AuditEntry, 'id'>>): Promise<void>;
  list(params: {
    cursor?: string;
    limit: number;
    kind?: AuditKind;
    actor?: string;
    subject?: string;
    from?: number;
    to?: number;
  }): Promise<{
    entries: AuditEntry[];
    nextCursor?: string;
  }>;
  /** Deletes entries older than `before` (epoch ms), a page at a time; returns how many went. */
  deleteOlderThan(before: number, maxEntries: number): Promise<number>;
}

/** Sending a run's report: the mail provider (or why there is none) and where addresses come from. */
export interface ReportMail {
  sender(): Promise<MailSender | { unavailable: string }>;
  recipients(): RecipientDirectory;
}

export interface MailSender {
  send(message: {
    to: string[];
    subject: string;
    html: string;
    text: string;
    attachments?: Array<{ filename: string; content: string; contentType: string }>;
  }): Promise<{
    messageId: string;
  }>;
}

export interface SettingsStore {
  get(): Promise<Settings>;
  /** The admin page's URL as the page last reported it (Forge's router), or null before it ever opened. */
  adminPageUrl(): Promise<string | null>;
  /**
   * Claims the org API key's expiry warning `daysBefore` days before `expiresOn`: true once, false ever after, even
   * when two housekeeping invocations race (written before the email goes, so a crash loses the email, never doubles it).
   */
  claimKeyExpiryNotice(expiresOn: string, daysBefore: number): Promise<boolean>;
}

export interface StepQueue {
  /**
   * Pushes up to 50 steps at once; returns the job id. A push the platform refuses for its quotas (events a
   * minute, the cut of a chain of pushes) is kept and pushed later by `pushDeferred`, not lost.
   */
  push(steps: ReadonlyArray<{ step: RunStep; delaySeconds?: number }>): Promise<string>;
  cancel(jobId: string): Promise<void>;
  /** Pushes steps kept from refused pushes (from an initial invocation: the scheduler); returns how many pushes. */
  pushDeferred?(): Promise<number>;
}

/** The invocation the engine is running in. */
export interface Invocation {
  id: string;
  /** The invocation's whole time budget (its function's timeoutSeconds). */
  budgetMs: number;
  remainingMs(): number;
  /** How many times the platform already retried the event being handled (0 on first delivery). */
  retryCount: number;
}

export interface Logger {
  step(fields: Record<string, unknown>): void;
}

/** Custom user fields: their definitions, and values read a scan page at a time (never one read per user). */
export interface CustomFieldStore {
  definitions(): Promise<FieldDefinition[]>;
  /** Values of these users by account id (field id → value); users without values are absent. */
  valuesOf(accountIds: readonly string[]): Promise<Map<string, FieldValues>>;
}

export interface EngineDeps {
  runs: RunStore;
  schemes: SchemeStore;
  settings: SettingsStore;
  pauses: PauseStore;
  audit: AuditStore;
  mail: ReportMail;
  warnings: WarningStore;
  /** "Restore my access" links sent after removeAccess, and the requests they filed. */
  restores: RestoreStore;
  snapshots: SnapshotStore;
  /** Each scheme's latest test run's saving on the bill, for the Overview forecast (issue 18). */
  billing: BillingStore;
  fields: CustomFieldStore;
  /** Pending deletions of staged lifecycles (deactivate, then delete after N days). */
  deletions: DeletionStore;
  queue: StepQueue;
  directory: () => Promise<Directory>;
  invocation: Invocation;
  log: Logger;
  now(): Date;
}
