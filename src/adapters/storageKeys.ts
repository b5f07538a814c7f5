/**
 * Every storage key and entity name the app uses, in one place. Nobody else builds key strings.
 *
 * Plain keys:                         Entities (manifest.yml app.storage.entities):
 *   settings                            scheme     key = scheme id      (indexes by-next-run, by-name)
 *   scheme-lock:<schemeId>  (TTL)       run        key = run id         (indexes by-started, by-scheme, by-state)
 *   scheme-last-run:<schemeId>          run-batch  key = <runId>:<seq>  (indexes by-run, by-run-phase)
 *   journal:<runId>:<accountId>
 *   pause:<kind>            (TTL)
 * Secrets:
 *   org-api-key
 */
export const ENTITY = { scheme: 'scheme', run: 'run', batch: 'run-batch' } as const;

export const keys = {
  settings: () => 'settings',
  orgApiKey: () => 'org-api-key',
  schemeLock: (schemeId: string) => `scheme-lock:${schemeId}`,
  schemeLastRun: (schemeId: string) => `scheme-last-run:${schemeId}`,
  journal: (runId: string, accountId: string) => `journal:${runId}:${accountId}`,
  journalPrefix: (runId: string) => `journal:${runId}:`,
  pause: (kind: string) => `pause:${kind}`,
  /** Zero-padded so key order is page order. */
  batch: (runId: string, seq: number) => `${runId}:${String(seq).padStart(6, '0')}`,
} as const;
