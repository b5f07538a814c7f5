/** Pending deletions of staged lifecycles (src/engine/stagedDeletions.ts). */
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
