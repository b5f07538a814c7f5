/**
 * A port of the engine (see ../ports.ts): "Restore my access" offers and the requests they filed. The use case
 * (src/engine/restoreAccess.ts) and src/adapters/kvsRestoreStore.ts import it; it imports no use case, so no circle
 * runs through the ports.
 */

export interface RestoreOffer {
  runId: string;
  schemeId: string;
  accountId: string;
  name: string;
  email: string;
  /** The access groups the run removed: what a restore adds back. */
  groupIds: string[];
  /** The run also revoked the user's direct Confluence role: a restore gives it back. */
  directRole?: true;
  offeredAt: string;
  expiresAt: string;
  status: 'offered' | 'requested' | 'restored' | 'declined';
  requestedAt: string | null;
  /** Who restored or declined: the user themselves (a click under the target) or an admin's account id. */
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface RestoreStore {
  get(runId: string, accountId: string): Promise<RestoreOffer | undefined>;
  put(offer: RestoreOffer): Promise<void>;
  list(params: { cursor?: string; limit: number }): Promise<{ offers: RestoreOffer[]; nextCursor?: string }>;
  /** Only the offers whose user's request waits for an admin (status 'requested'). */
  listRequests(params: { cursor?: string; limit: number }): Promise<{ offers: RestoreOffer[]; nextCursor?: string }>;
  /** Writes the waiting-request copy of an offer (only the copy), or deletes it when the offer is no longer waiting. */
  putRequestCopy(offer: RestoreOffer): Promise<void>;
  /** How far the one-time copy of requests filed before requests had their own list has got: an offers cursor, or 'done'. */
  requestCopyProgress(): Promise<string | undefined>;
  setRequestCopyProgress(progress: string): Promise<void>;
  /** The URL of a "restore my access" link for this user and run, valid until `expiresAt`. */
  restoreUrl(claim: { schemeId: string; runId: string; accountId: string; expiresAt: number }): Promise<string>;
}
