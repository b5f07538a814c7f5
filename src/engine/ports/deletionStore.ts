/**
 * A port of the engine (see ../ports.ts): pending deletions of staged lifecycles. The use case
 * (src/engine/stagedDeletions.ts) and src/adapters/kvsDeletionStore.ts import it; it imports no use case, so no circle
 * runs through the ports.
 */

export interface PendingDeletion {
  schemeId: string;
  accountId: string;
  name: string;
  email: string | null;
  /** The run that deactivated the user, and when. */
  runId: string;
  deactivatedAt: string;
  /** ISO: from then on, a user still deactivated is deleted by the next daily step. */
  deleteAt: string;
}

export interface DeletionStore {
  put(deletions: readonly PendingDeletion[]): Promise<void>;
  remove(schemeId: string, accountIds: readonly string[]): Promise<void>;
  get(schemeId: string, accountId: string): Promise<PendingDeletion | undefined>;
  /** Every pending deletion, a page at a time (by scheme, then user). */
  list(params: { cursor?: string; limit: number }): Promise<{ deletions: PendingDeletion[]; nextCursor?: string }>;
}
