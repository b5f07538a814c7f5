/**
 * The contract between the admin page and the backend: resolver names, payload schemas (validated on every
 * call) and answer shapes. The page and the resolvers both import this module, so they cannot drift apart.
 */
import { z } from 'zod';
import type { PendingDeletion } from './engine/stagedDeletions';
import type { RestoreOffer } from './engine/restoreAccess';
import { AUDIT_KINDS, type AuditKind } from './domain/audit';
import { LIMITS } from './domain/schemeRules';
import { isPageUrl } from './domain/pageUrl';
import { hasControlCharacters } from './domain/text';
import type { RunReportStatus } from './engine/records';
import type { RunCounts, RunState, UserOutcome } from './domain/run';
import type { SchemeLastRun } from './engine/records';
import type { Settings } from './engine/settings';
import { billingSettingsSchema, keyExpirySchema } from './engine/billingSettings';
import type { BillingSummary } from './domain/billing';
import type { BillingForecast } from './engine/billingForecast';
import type { SnapshotRecord } from './engine/snapshot';
import type { AuditEntry } from './domain/audit';
import type { WarningRecord } from './engine/warnings';
import type { TestRunQuote } from './domain/liveGate';

export const RESOLVERS = {
  overviewGet: 'overview/get',
  overviewMeasure: 'overview/measure',
  snapshotsExport: 'snapshots/export',
  settingsGet: 'settings/get',
  settingsSave: 'settings/save',
  // The admin page's own URL, as Forge's router gives it to the page: the link in "needs approval" emails.
  pageUrlSave: 'page/saveUrl',
  connectionTest: 'connection/test',
  groupsList: 'groups/list',
  // Names and emails of account ids the page holds (saved exemptions, recipients), for showing people, not ids.
  usersNames: 'users/names',
  exemptionsGet: 'exemptions/get',
  exemptionsSave: 'exemptions/save',
  schemesList: 'schemes/list',
  schemesGet: 'schemes/get',
  schemesValidate: 'schemes/validate',
  schemesSave: 'schemes/save',
  schemesImport: 'schemes/import',
  schemesSetEnabled: 'schemes/setEnabled',
  schemesDelete: 'schemes/delete',
  schemesRunNow: 'schemes/runNow',
  schemesPreview: 'schemes/preview',
  // Live needs a fresh test: what a test run says the scheme will do, for the confirmation (src/domain/liveGate.ts).
  schemesReview: 'schemes/review',
  bulkFind: 'bulk/find',
  bulkResults: 'bulk/results',
  bulkReview: 'bulk/review',
  bulkRun: 'bulk/run',
  runsList: 'runs/list',
  runsGet: 'runs/get',
  runsOutcomes: 'runs/outcomes',
  runsProgress: 'runs/progress',
  runsCancel: 'runs/cancel',
  // Undo a live run, whole or for chosen users (src/engine/undo.ts): what it would do, then the undo run itself.
  runsUndoPreview: 'runs/undoPreview',
  runsUndo: 'runs/undo',
  // Review and approve (src/engine/approve.ts): a test run's planned users, some left out, applied as a live run.
  runsApplyPreview: 'runs/applyPreview',
  runsApply: 'runs/apply',
  // A staged lifecycle's pending deletions (deactivate, then delete after N days).
  deletionsList: 'deletions/list',
  deletionsCancel: 'deletions/cancel',
  // "Give me my access back": requests filed by restore links over the seat target (src/engine/restoreAccess.ts).
  restoresList: 'restores/list',
  restoresDecide: 'restores/decide',
  // Report email: provider settings (the API key is a secret, shown masked) and a test send.
  emailGet: 'email/get',
  emailSave: 'email/save',
  emailSendTest: 'email/sendTest',
  // Audit log (append-only; src/handlers/resolvers/audit.ts) and pending warnings of notify schemes.
  auditList: 'audit/list',
  auditExport: 'audit/export',
  warningsList: 'warnings/list',
  // Custom user fields (src/handlers/resolvers/fields.ts).
  fieldsList: 'fields/list',
  fieldsSave: 'fields/save',
  fieldsDelete: 'fields/delete',
  fieldsGetValues: 'fields/getValues',
  fieldsSetValues: 'fields/setValues',
  fieldsImportPreview: 'fields/importPreview',
  fieldsImportApply: 'fields/importApply',
  fieldsExport: 'fields/export',
} as const;

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

/** Why a number of seats has a ceiling, in the sentence the page shows beside the field. */
const SEATS_REASON = `At most ${LIMITS.maxUsers.toLocaleString('en-US')} seats: that is Confluence Cloud's largest licence tier, so a bigger number is a typo.`;

/**
 * The shapes of the ids a payload names, checked before anything reaches storage (an id becomes part of a storage
 * key). App ids (schemes, runs, fields) are the app's own `randomUUID()`s, and the local site's fixtures use short
 * words: letters, digits and `. _ : -`, starting with a letter or digit. Atlassian account ids are
 * `557058:f58131cb-b67d-43c7-b30d-6b58d40bd077` or 24 hex digits: letters, digits and `: _ -`. Both at most 128
 * characters. An id of the right shape that names nothing answers NOT_FOUND from its resolver.
 */
export const ID_MAX_LENGTH = 128;
export const APP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_-]*$/;
export { hasControlCharacters };

function appId(what: string) {
  return z
    .string({ error: `Give the ${what} id as text.` })
    .min(1, `Name the ${what}: its id is empty.`)
    .max(ID_MAX_LENGTH, `A ${what} id has at most ${ID_MAX_LENGTH} characters; this is not one.`)
    .regex(APP_ID_PATTERN, `A ${what} id has only letters, digits and . _ : - ; this is not one.`);
}

function accountId() {
  return z
    .string({ error: 'Give the account id as text.' })
    .trim()
    .min(1, 'Enter an account id.')
    .max(ID_MAX_LENGTH, `An Atlassian account id has at most ${ID_MAX_LENGTH} characters; this is not one.`)
    .regex(ACCOUNT_ID_PATTERN, 'An Atlassian account id has only letters, digits and : _ - ; this is not one.');
}

/**
 * An account id the resolver looks up on the site before saving it as a value (exemptions, seat-alert recipients):
 * bounded and without control characters here, so the site check can name a typed name ("Joan Allen is not a user
 * of this site: pick the user by name") rather than its shape. It never becomes part of a storage key.
 */
function pickedAccountId() {
  return z
    .string({ error: 'Give the account id as text.' })
    .trim()
    .min(1, 'Enter an account id.')
    .max(ID_MAX_LENGTH, `An Atlassian account id has at most ${ID_MAX_LENGTH} characters; this is not one.`)
    .refine((value) => !hasControlCharacters(value), 'An account id has no line breaks or control characters.');
}

/** A user named by account id or email (undo takes either). */
function accountIdOrEmail() {
  return z
    .string({ error: 'Give the account id or email as text.' })
    .trim()
    .min(1, 'Enter an account id or an email.')
    .max(254, 'An account id or email has at most 254 characters; this is neither.')
    .refine(
      (value) => !/\s/.test(value) && !hasControlCharacters(value),
      'An account id or email has no spaces or control characters.',
    );
}

/** Group ids come from the site's group list (a UUID on Confluence, an ARI in the Admin API): no control characters. */
function groupId() {
  return z
    .string({ error: 'Give the group id as text.' })
    .min(1, 'A group id is empty.')
    .max(255, 'A group id has at most 255 characters; this is not one.')
    .refine(
      (value) => !hasControlCharacters(value) && value.trim() === value,
      'A group id has no control characters or surrounding spaces.',
    );
}

/** What a name or email must contain (bulk find): a few words, no control characters. */
function searchText() {
  return z
    .string({ error: 'Give the text to search for as text.' })
    .trim()
    .max(200, 'Search for at most 200 characters.')
    .refine((value) => !hasControlCharacters(value), 'The search text has control characters.');
}

/** A page cursor the app handed out (Forge storage's, opaque): text without control characters. */
function cursor() {
  return z
    .string({ error: 'Give the page cursor as text.' })
    .max(4000, 'This page cursor is not one the app gave; reload the list.')
    .refine((value) => !hasControlCharacters(value), 'This page cursor is not one the app gave; reload the list.');
}

// The schemas are built in `/* @__PURE__ */` closures so that the page's bundler, which needs only the names and
// lists above, can drop them and zod with them (the page validates nothing; `npm run bundle` fails if zod returns).

/**
 * A bulk action's filter: the scheme editor's filter form, as the scheme file writes it (validated by parseScheme).
 * Passed on as it came (a zod record would drop a `__proto__` key silently), so parseScheme names every key it
 * does not know, `__proto__` included.
 */
const bulkFilter = /* @__PURE__ */ (() =>
  z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'The filter must be an object of conditions, as the scheme file writes it.',
  ))();

/**
 * What the admin saw and confirmed before a scheme goes live: the definition's fingerprint and the test run the
 * confirmation quoted. A resolver called without it, or with a stale one (the scheme changed since), refuses.
 */
const liveConfirmation = /* @__PURE__ */ (() =>
  z
    .object({
      testRunId: appId('run'),
      fingerprint: z
        .string()
        .min(1, 'Give the fingerprint of the scheme the confirmation showed.')
        .max(200, 'This is not a fingerprint the app gave; review the scheme again.'),
    })
    .strict())();

/**
 * The admin page's URL from `router.getUrl` (Forge gives no other way to learn it): an https URL, or plain http on
 * this machine for the local preview. Emailed as a link, so anything else (javascript:, a typo) is refused.
 */
export const PAGE_URL_MAX_LENGTH = 2000;
const pageUrl = /* @__PURE__ */ (() =>
  z
    .string()
    .max(PAGE_URL_MAX_LENGTH, `The page URL is longer than ${PAGE_URL_MAX_LENGTH} characters.`)
    .refine(
      isPageUrl,
      'The page URL must be an https URL (or http://localhost or http://127.0.0.1 for the preview).',
    ))();

const bulkSelection = /* @__PURE__ */ (() =>
  z.discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('some'),
        accountIds: z.array(accountId()).min(1, 'Select at least one user.').max(10_000),
      })
      .strict(),
    z.object({ kind: z.literal('allMatching') }).strict(),
  ]))();

/** Audit log filters: a date range (ISO), the actor, the user (subject) and the kind; paged newest first. */
const auditQuery = /* @__PURE__ */ (() =>
  z
    .object({
      cursor: cursor().optional(),
      limit: z.number().int().min(1).max(100).default(50),
      kind: z.enum(AUDIT_KINDS as unknown as [AuditKind, ...AuditKind[]]).optional(),
      actor: appId('actor').optional(),
      subject: appId('subject').optional(),
      from: z.string().datetime({ offset: true, message: 'Enter the start date as an ISO date-time.' }).optional(),
      to: z.string().datetime({ offset: true, message: 'Enter the end date as an ISO date-time.' }).optional(),
    })
    .strict())();

export const payloads = /* @__PURE__ */ (() => ({
  [RESOLVERS.overviewGet]: z.object({}).strict(),
  [RESOLVERS.overviewMeasure]: z.object({}).strict(),
  [RESOLVERS.snapshotsExport]: z
    .object({ cursor: cursor().optional(), limit: z.number().int().min(1).max(100).default(100) })
    .strict(),
  [RESOLVERS.settingsGet]: z.object({}).strict(),
  [RESOLVERS.settingsSave]: z
    .object({
      apiKey: z.string().trim().min(20, 'An organization API key is a long token; this one is too short.').optional(),
      exemptions: z
        .object({ users: z.array(pickedAccountId()).max(500), groupIds: z.array(groupId()).max(200) })
        .strict()
        .optional(),
      accessGroupIds: z.array(groupId()).max(200).nullable().optional(),
      retentionDays: z
        .number({ error: 'Enter a number of days.' })
        .int('Enter a whole number of days.')
        .min(1, 'Keep runs at least 1 day.')
        .max(3650, 'Keep runs at most 3650 days (10 years).')
        .optional(),
      defaultTimeZone: z.string().max(100, 'A time zone name has at most 100 characters.').optional(),
      auditRetentionDays: z
        .number({ error: 'Enter a number of days.' })
        .int('Enter a whole number of days.')
        .min(30, 'Keep the audit log at least 30 days.')
        .max(3650, 'Keep the audit log at most 3650 days (10 years).')
        .optional(),
      keepAccessDays: z
        .number({ error: 'Enter a number of days.' })
        .int('Enter a whole number of days.')
        .min(1, 'Exempt a user who keeps access for at least 1 day.')
        .max(3650, 'Exempt a user who keeps access for at most 3650 days (10 years).')
        .optional(),
      // The seat target and its warning (src/engine/snapshot.ts); null clears them.
      seatTarget: z
        .number({ error: 'Enter a number of seats.' })
        .int('Enter a whole number of seats.')
        .min(1, 'The seat target is at least 1.')
        .max(LIMITS.maxUsers, SEATS_REASON)
        .nullable()
        .optional(),
      seatWarningThreshold: z
        .number({ error: 'Enter a number of seats.' })
        .int('Enter a whole number of seats.')
        .min(1, 'The warning threshold is at least 1 seat.')
        .max(LIMITS.maxUsers, SEATS_REASON)
        .nullable()
        .optional(),
      seatAlertRecipients: z.array(pickedAccountId()).max(50, 'Name at most 50 admins to alert.').optional(),
      freshTestHours: z
        .number({ error: 'Enter a number of hours.' })
        .int('Enter a whole number of hours.')
        .min(1, 'A test run must be at least 1 hour fresh.')
        .max(168, 'A test run older than 168 hours (a week) says little about who is inactive now.')
        .optional(),
      // How Atlassian bills the site (issue 18); null clears it.
      billing: billingSettingsSchema().nullable().optional(),
      // The org API key's expiry date, as admin.atlassian.com showed it; null clears it.
      apiKeyExpiresOn: keyExpirySchema().nullable().optional(),
    })
    .strict(),
  [RESOLVERS.pageUrlSave]: z.object({ url: pageUrl }).strict(),
  [RESOLVERS.connectionTest]: z.object({}).strict(),
  [RESOLVERS.groupsList]: z.object({}).strict(),
  [RESOLVERS.usersNames]: z
    .object({ accountIds: z.array(accountId()).max(500, 'Ask for at most 500 users at a time.') })
    .strict(),
  [RESOLVERS.exemptionsGet]: z.object({}).strict(),
  [RESOLVERS.exemptionsSave]: z
    .object({ users: z.array(pickedAccountId()).max(500), groupIds: z.array(groupId()).max(200) })
    .strict(),
  [RESOLVERS.schemesList]: z.object({}).strict(),
  [RESOLVERS.schemesGet]: z.object({ id: appId('scheme') }).strict(),
  [RESOLVERS.schemesValidate]: z.object({ scheme: z.unknown() }).strict(),
  [RESOLVERS.schemesSave]: z
    .object({ id: appId('scheme').optional(), scheme: z.unknown(), confirm: liveConfirmation.optional() })
    .strict(),
  [RESOLVERS.schemesImport]: z.object({ text: z.string().min(1, 'Paste a scheme file (JSON).').max(200_000) }).strict(),
  [RESOLVERS.schemesSetEnabled]: z
    .object({ id: appId('scheme'), enabled: z.boolean(), confirm: liveConfirmation.optional() })
    .strict(),
  [RESOLVERS.schemesDelete]: z.object({ id: appId('scheme') }).strict(),
  [RESOLVERS.schemesRunNow]: z
    .object({
      id: appId('scheme'),
      mode: z.enum(['test', 'live']).default('test'),
      /** Kept for older pages; a live run needs `confirm`. */
      confirmLive: z.boolean().optional(),
      confirm: liveConfirmation.optional(),
    })
    .strict(),
  [RESOLVERS.schemesPreview]: z.object({ scheme: z.unknown() }).strict(),
  /** A stored scheme (`id`), or a draft (`scheme`, with `id` when it edits a stored one); `testRunId` to quote that run. */
  [RESOLVERS.schemesReview]: z
    .object({ id: appId('scheme').optional(), scheme: z.unknown().optional(), testRunId: appId('run').optional() })
    .strict()
    .refine((payload) => payload.id !== undefined || payload.scheme !== undefined, {
      error: 'Name a scheme (id) or send a draft (scheme).',
    }),
  [RESOLVERS.bulkFind]: z.object({ filter: bulkFilter, nameOrEmailContains: searchText().optional() }).strict(),
  [RESOLVERS.bulkResults]: z
    .object({
      runId: appId('run'),
      sortKey: z.enum(['name', 'email', 'lastActive', 'outcome']).default('name'),
      sortOrder: z.enum(['ASC', 'DESC']).default('ASC'),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(100).default(25),
    })
    .strict(),
  [RESOLVERS.bulkReview]: z
    .object({
      findRunId: appId('run'),
      actions: z.array(z.unknown()).min(1, 'Pick at least one action.'),
      selection: bulkSelection,
    })
    .strict(),
  [RESOLVERS.bulkRun]: z
    .object({
      filter: bulkFilter,
      nameOrEmailContains: searchText().optional(),
      actions: z.array(z.unknown()).min(1, 'Pick at least one action.'),
      selection: bulkSelection,
      /** The "find users" run whose results the admin selected from and confirmed: the live run acts on them only. */
      findRunId: appId('run').optional(),
      confirm: z.boolean().optional(),
      /** The count the admin confirmed for "all matching": the live run acts on no more (the safety limit). */
      confirmedCount: z.number().int().min(1).optional(),
    })
    .strict(),
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
  /** `accountIds`: the users to undo (account ids or email addresses); absent: every user the run changed. */
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
    .object({ cursor: cursor().optional(), limit: z.number().int().min(1).max(100).default(50) })
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
  // Report email (src/handlers/resolvers/email.ts).
  [RESOLVERS.emailGet]: z.object({}).strict(),
  [RESOLVERS.emailSave]: z
    .object({
      provider: z.enum(['postmark']).nullable(),
      fromAddress: z.string().trim().email('Enter the from-address as name@example.com.').nullable(),
      messageStream: z
        .string()
        .trim()
        .min(1, 'Enter a message stream (Postmark\'s default is "outbound").')
        .max(100)
        .optional(),
      apiKey: z
        .string()
        .trim()
        .min(10, 'An email provider API key is a long token; this one is too short.')
        .max(200)
        .optional(),
    })
    .strict(),
  [RESOLVERS.emailSendTest]: z
    .object({ to: z.string().trim().email('Enter the address to send the test email to as name@example.com.') })
    .strict(),
  // Audit log and warnings (src/handlers/resolvers/audit.ts).
  [RESOLVERS.auditList]: auditQuery,
  [RESOLVERS.auditExport]: auditQuery,
  [RESOLVERS.warningsList]: z
    .object({ cursor: cursor().optional(), limit: z.number().int().min(1).max(100).default(50) })
    .strict(),
  // Custom user fields: the field itself is checked by the domain's schema (messages per key in `fields`).
  [RESOLVERS.fieldsList]: z.object({}).strict(),
  [RESOLVERS.fieldsSave]: z.object({ id: appId('field').optional(), field: z.unknown() }).strict(),
  // Without `confirm`, nothing is deleted: the answer is CONFIRMATION_REQUIRED naming the field and its users' values.
  [RESOLVERS.fieldsDelete]: z.object({ id: appId('field'), confirm: z.boolean().optional() }).strict(),
  // One user, by account id or by email (looked up in the org's directory).
  [RESOLVERS.fieldsGetValues]: z
    .object({
      accountId: accountId().optional(),
      email: z.string().trim().email('Enter an email as name@example.com.').optional(),
    })
    .strict()
    .refine((payload) => (payload.accountId === undefined) !== (payload.email === undefined), {
      error: 'Enter an account id or an email, not both.',
    }),
  [RESOLVERS.fieldsSetValues]: z
    .object({
      accountId: accountId(),
      values: z.record(z.string(), z.string()),
    })
    .strict(),
  [RESOLVERS.fieldsImportPreview]: z
    .object({
      text: z.string().min(1, 'Paste or upload a CSV file.').max(1_000_000, 'The file is over 1 MB; split it.'),
    })
    .strict(),
  [RESOLVERS.fieldsImportApply]: z
    .object({
      text: z.string().min(1, 'Paste or upload a CSV file.').max(1_000_000, 'The file is over 1 MB; split it.'),
      skipInvalidRows: z.boolean().default(false),
    })
    .strict(),
  [RESOLVERS.fieldsExport]: z.object({ cursor: cursor().optional() }).strict(),
}))();

export type ResolverName = (typeof RESOLVERS)[keyof typeof RESOLVERS];
export type Payload<N extends ResolverName> = z.input<(typeof payloads)[N]>;

/** Every resolver answers `{ ok: true, data }` or `{ ok: false, error: { code, message, fields? } }`. */
export type Answer<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export interface ResolverError {
  code:
    | 'NOT_SITE_ADMIN'
    | 'INVALID_INPUT'
    | 'NOT_FOUND'
    | 'ALREADY_RUNNING'
    | 'CONFIRMATION_REQUIRED'
    | 'TEST_RUN_REQUIRED'
    | 'API_KEY'
    | 'ATLASSIAN_API'
    /** A check (admin check, key test) could not complete (429, 5xx): nothing was changed, safe to try again. */
    | 'CHECK_FAILED'
    | 'INTERNAL';
  message: string;
  /** Per-field messages for forms: path → message. */
  fields?: Record<string, string>;
}

/** An import's answer: a file that said "live" lands in test mode (`landedInTestMode`), and the page says so. */
export interface ImportAnswer extends SchemeSummary {
  landedInTestMode: boolean;
}

export interface SchemeSummary {
  id: string;
  name: string;
  enabled: boolean;
  mode: 'test' | 'live';
  schedule: string;
  nextRunAt: string | null;
  /** The schedule's time zone (or the site default), for showing the next run in local time. */
  timeZone: string;
  filter: string;
  actions: string[];
  maxUsersPerRun: number;
  lastRun: SchemeLastRun | null;
  /** "Needs approval": its scheduled runs are test runs that its report recipients review and apply. */
  needsApproval?: true;
}

/** Live needs a fresh test (src/domain/liveGate.ts): what the confirmation of going live shows. */
export interface LiveReview {
  /** The definition's fingerprint: sent back in `confirm` so that a confirmation of another definition is refused. */
  fingerprint: string;
  /** False when nothing new goes live (an edit of a live scheme that keeps its filter, exemptions and actions). */
  needed: boolean;
  /** Why going live is refused now, in a sentence (no test run, a stale one, another definition); null when ready. */
  problem: string | null;
  testRun: RunSummary | null;
  /** The test run's numbers and names, when it vouches for the definition. */
  quote: TestRunQuote | null;
  freshTestHours: number;
  /** The scheme's safety limit: a live run that would act on more acts on nobody. */
  maxUsersPerRun: number;
}

export type { TestRunQuote };

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

export interface GroupOption {
  id: string;
  name: string;
}

export interface GroupsAnswer {
  groups: GroupOption[];
  /** Groups detected as granting Confluence access on this site (role atlassian/user). */
  detectedAccessGroupIds: string[];
}

/** A user of the site by account id; ids the site does not know are left out. */
export interface UserName {
  accountId: string;
  name: string;
  email: string | null;
}

export interface UsersNamesAnswer {
  users: UserName[];
}

export interface SettingsAnswer {
  settings: Settings;
  apiKey: { saved: boolean; masked: string | null };
  /** The page's banner about the org API key's expiry (from 14 days before it), or null (issue 18). */
  keyExpiry?: { expired: boolean; message: string } | null;
}

/** `saved`: false when the URL was already the stored one (nothing written). */
export interface PageUrlAnswer {
  saved: boolean;
}

export interface ConnectionAnswer {
  organization: { id: string; name: string };
  accessGroups: GroupOption[];
  canDo: string[];
}

export interface ExemptionsAnswer {
  users: string[];
  groupIds: string[];
  /** Categories no scheme may touch whatever the settings say. */
  alwaysProtected: string[];
}

/** A scheme as its file: what the editor loads, export shows and import reads. */
export interface SchemeFileAnswer {
  id: string;
  file: Record<string, unknown>;
  json: string;
}

export interface BulkUser {
  accountId: string;
  name: string;
  email: string | null;
  lastActive: string | null;
  outcome: UserOutcome['outcome'];
  reason: string;
}

export interface BulkResultsAnswer {
  run: RunSummary;
  users: BulkUser[];
  total: number;
  selectable: number;
  page: number;
  pageSize: number;
}

/** One day's site snapshot (src/engine/snapshot.ts): seats held and how recently their holders used Confluence. */
export type SiteSnapshot = SnapshotRecord;

export interface OverviewAnswer {
  latest: SiteSnapshot | null;
  /** Up to a year of days, oldest first, for the charts (groups left out: see the CSV export). */
  history: Array<Omit<SiteSnapshot, 'groups' | 'away'>>;
  measuring: RunSummary | null;
  /** The seat target and warning threshold from settings, drawn on the seats chart. */
  seatTarget: number | null;
  seatWarningThreshold: number | null;
  schemes: Array<{
    id: string;
    name: string;
    mode: 'test' | 'live';
    wouldActOn: number | null;
    measuredAt: string | null;
    lastState: RunState | null;
  }>;
  recentRuns: RunSummary[];
  /** The next bill: seats now and after the schemes that run before it (issue 18); null without billing settings. */
  billing?: BillingForecast | null;
}

/** One page of the snapshots CSV (the header only on the first page). */
export interface SnapshotsExportAnswer {
  csv: string;
  nextCursor: string | null;
}

/** The editor's check of a draft: per-field messages keyed by the scheme file's path ("filter.inactiveDays"). */
export interface ValidationAnswer {
  valid: boolean;
  fields: Record<string, string>;
  /** The filter in words, when it is valid. */
  filter: string | null;
}

// ---- Report email (src/handlers/resolvers/email.ts) ----

export interface EmailSettingsAnswer {
  provider: 'postmark' | null;
  fromAddress: string | null;
  messageStream: string;
  apiKey: { saved: boolean; masked: string | null };
  /** Why no report email can go out with these settings; null when they are complete. */
  unavailable: string | null;
}

/** A test send: what the provider said, or exactly what is wrong. */
export interface EmailTestAnswer {
  sent: boolean;
  to: string;
  message: string;
  messageId: string | null;
  /** The provider's error code when it refused (e.g. `postmark-400`). */
  code: string | null;
}

// ---- Audit log and warnings (src/handlers/resolvers/audit.ts) ----

/** One page of the audit log, newest first. */
export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
  /** The people the entries name (actors and users acted on), by account id, for sentences with names. */
  people: Record<string, UserName>;
  /** Scheme names by scheme id, for the schemes the entries name that still exist. */
  schemeNames: Record<string, string>;
}

/** One page of the audit log as CSV lines (the first page starts with the header); the page joins them. */
export interface AuditExportPage {
  csv: string;
  nextCursor: string | null;
}

/** Warnings of notify schemes, pending and past. */
export interface WarningsPage {
  warnings: WarningRecord[];
  nextCursor: string | null;
}

// ---- Custom user fields (src/handlers/resolvers/fields.ts) ----

export interface FieldsAnswer {
  fields: Array<{ id: string; name: string; type: 'text' | 'date' | 'choice'; options?: string[] }>;
}

export interface FieldValuesAnswer {
  accountId: string;
  /** Field id → value. */
  values: Record<string, string>;
}

/** A CSV import checked without saving: what would be saved, and every row that would not, with why. */
export interface FieldImportPreview {
  /** Rows that would be saved. */
  valid: number;
  /** The field columns of the file, by name. */
  columns: string[];
  errors: Array<{ line: number; key: string; message: string }>;
  /** The first rows that would be saved, as the admin will see them: key, account id, values by field name. */
  sample: Array<{ line: number; key: string; accountId: string; values: Record<string, string | null> }>;
}

export interface FieldImportResult {
  saved: number;
  errors: FieldImportPreview['errors'];
}

/** One page of the export: the header line is on the first page only. */
export interface FieldExportPage {
  csv: string;
  rows: number;
  nextCursor: string | null;
}
