/**
 * Every storage key and entity name the app uses, in one place. Nobody else builds key strings.
 *
 * Plain keys:                         Entities (manifest.yml app.storage.entities):
 *   settings                            scheme     key = scheme id      (index by-name)
 *   scheme-lock:<schemeId>  (TTL)       run        key = run id         (indexes by-started, by-scheme, by-state)
 *   scheme-last-run:<schemeId>          run-batch  key = <runId>:<seq>  (indexes by-run, by-run-phase)
 *   journal:<runId>:<accountId>         audit      key = <at>-<uuid>    (indexes by-at, by-kind, by-actor, by-subject)
 *     (runs from before the per-batch journal,           or action:<runId>:<accountId>:<action> for user actions
 *      deleted with their run)
 *   pause:<kind>            (TTL)
 *   report-claim:<runId>
 *   warning:<schemeId>:<accountId>
 *   pending-deletion:<schemeId>:<accountId>   a staged lifecycle's deletion, due after N days deactivated
 *   token-used:<nonce>      (TTL)
 *   restore-offer:<runId>:<accountId>   a "restore my access" link sent, and what became of it
 *   restore-request:<runId>:<accountId> a copy of an offer while its request waits for an admin (the list reads these)
 *   restore-request-index               how far the one-time copy of requests filed before that list has got
 *   field-definitions                  the custom user fields (one list)
 *   field-values:<accountId>           one user's custom field values
 *   snapshot:<yyyy-mm-dd>               one site snapshot a day, a year kept
 *   snapshot-overview                   the newest snapshot and a year of days without groups: what the Overview reads
 *   seat-alert                          whether seats were above the warning threshold at the last snapshot
 *   seat-alert-claim:<yyyy-mm-dd>       at most one seat warning email a day
 *   deferred-push:<at>-<uuid>           queue steps Forge refused to push (quotas), for the scheduler to push
 *   admin-page-url                      the admin page's URL, as the page last reported it (linked in emails)
 *   scheme-billing:<schemeId>           what the scheme's latest test run would save on the bill (Overview forecast)
 *   key-expiry-notice:<yyyy-mm-dd>:<n>  the org API key's expiry warning n days before that date, sent once
 * Secrets:
 *   org-api-key         the organization API key (Admin and user-management APIs)
 *   email-api-key       the email provider's server token
 *   token-signing-key   signs the "keep my access" links
 */
export const ENTITY = { scheme: 'scheme', run: 'run', batch: 'run-batch', audit: 'audit' } as const;

export const keys = {
  settings: () => 'settings',
  /** Apart from `settings`: the page writes it on its own, so it never races an admin's settings save. */
  adminPageUrl: () => 'admin-page-url',
  orgApiKey: () => 'org-api-key',
  emailApiKey: () => 'email-api-key',
  schemeLock: (schemeId: string) => `scheme-lock:${schemeId}`,
  schemeLastRun: (schemeId: string) => `scheme-last-run:${schemeId}`,
  journal: (runId: string, accountId: string) => `journal:${runId}:${accountId}`,
  journalPrefix: (runId: string) => `journal:${runId}:`,
  pause: (kind: string) => `pause:${kind}`,
  /** A run's one audit entry for one action on one user. */
  auditUserAction: (runId: string, accountId: string, action: string) => `action:${runId}:${accountId}:${action}`,
  reportClaim: (runId: string) => `report-claim:${runId}`,
  warning: (schemeId: string, accountId: string) => `warning:${schemeId}:${accountId}`,
  warningPrefix: () => 'warning:',
  pendingDeletion: (schemeId: string, accountId: string) => `pending-deletion:${schemeId}:${accountId}`,
  pendingDeletionPrefix: () => 'pending-deletion:',
  /** A redeemed keep-access token's nonce (TTL: until the token would have expired). */
  usedToken: (nonce: string) => `token-used:${nonce}`,
  restoreOffer: (runId: string, accountId: string) => `restore-offer:${runId}:${accountId}`,
  restoreOfferPrefix: () => 'restore-offer:',
  /** A copy of an offer while its user's request waits for an admin: the page lists these, not every offer. */
  restoreRequest: (runId: string, accountId: string) => `restore-request:${runId}:${accountId}`,
  restoreRequestPrefix: () => 'restore-request:',
  restoreRequestIndex: () => 'restore-request-index',
  tokenSigningKey: () => 'token-signing-key',
  fieldDefinitions: () => 'field-definitions',
  fieldValues: (accountId: string) => `field-values:${accountId}`,
  fieldValuesPrefix: () => 'field-values:',
  snapshot: (day: string) => `snapshot:${day}`,
  snapshotPrefix: () => 'snapshot:',
  /** Not under `snapshot:`, so listing the days never returns it. */
  snapshotOverview: () => 'snapshot-overview',
  seatAlert: () => 'seat-alert',
  seatAlertClaim: (day: string) => `seat-alert-claim:${day}`,
  schemeBilling: (schemeId: string) => `scheme-billing:${schemeId}`,
  keyExpiryNotice: (expiresOn: string, daysBefore: number) => `key-expiry-notice:${expiresOn}:${daysBefore}`,
  deferredPush: (id: string) => `deferred-push:${id}`,
  deferredPushPrefix: () => 'deferred-push:',
  /** Zero-padded so key order is page order. */
  batch: (runId: string, seq: number) => `${runId}:${String(seq).padStart(6, '0')}`,
} as const;
