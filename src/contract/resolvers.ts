/**
 * The one index of resolver names: the page calls these, src/handlers/resolvers defines them, and the wiring tests
 * check both sides against this list. Also what every resolver answers (`Answer`) and its error codes.
 */
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

export type ResolverName = (typeof RESOLVERS)[keyof typeof RESOLVERS];

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
