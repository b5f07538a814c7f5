/**
 * A port of the engine (see ../ports.ts): warnings sent before acting, kept per scheme and user. The use case
 * (src/engine/warnings.ts) and src/adapters/kvsWarningStore.ts import it; it imports no use case, so no circle runs
 * through the ports.
 */

export interface WarningRecord {
  schemeId: string;
  accountId: string;
  name: string;
  email: string | null;
  runId: string;
  warnedAt: string;
  /** When the scheme's other actions may happen. */
  actAfter: string;
  status: 'pending' | 'keptAccess' | 'cameBack' | 'actedOn';
  /** Set when the user clicked "keep my access": exempt from this scheme until then. */
  keepAccessUntil: string | null;
}

export interface WarningStore {
  get(schemeId: string, accountId: string): Promise<WarningRecord | undefined>;
  /** The warnings of these users for one scheme (25 per storage call). */
  getMany(schemeId: string, accountIds: readonly string[]): Promise<Map<string, WarningRecord>>;
  put(warning: WarningRecord): Promise<void>;
  list(params: { cursor?: string; limit: number }): Promise<{ warnings: WarningRecord[]; nextCursor?: string }>;
  /** The URL of a "keep my access" link for this user and scheme, valid until `expiresAt`. */
  keepAccessUrl(claim: { schemeId: string; accountId: string; expiresAt: number }): Promise<string>;
}
