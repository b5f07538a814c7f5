/** "Restore my access" offers in Forge storage, and their signed links (web trigger URL + token). */
import { kvs, WhereConditions } from '@forge/kvs';
import { webTrigger } from '@forge/api';
import { createToken } from '../domain/token';
import type { RestoreOffer, RestoreStore } from '../engine/ports/restoreStore';
import { tokenSigningKey } from './kvsWarningStore';
import { keys } from './storageKeys';

export const RESTORE_ACCESS_TRIGGER = 'restore-access-link';

export function createKvsRestoreStore(): RestoreStore {
  return {
    async get(runId, accountId) {
      return kvs.get<RestoreOffer>(keys.restoreOffer(runId, accountId));
    },
    async put(offer) {
      // The offer and its waiting-request copy change together: the request list never shows a decided offer.
      const request = keys.restoreRequest(offer.runId, offer.accountId);
      const write = kvs.transact().set(keys.restoreOffer(offer.runId, offer.accountId), offer);
      await (offer.status === 'requested' ? write.set(request, offer) : write.delete(request)).execute();
    },
    async list({ cursor, limit }) {
      return listOffers(keys.restoreOfferPrefix(), { limit, ...(cursor ? { cursor } : {}) });
    },
    async listRequests({ cursor, limit }) {
      return listOffers(keys.restoreRequestPrefix(), { limit, ...(cursor ? { cursor } : {}) });
    },
    async putRequestCopy(offer) {
      const request = keys.restoreRequest(offer.runId, offer.accountId);
      await (offer.status === 'requested' ? kvs.set(request, offer) : kvs.delete(request));
    },
    async requestCopyProgress() {
      return kvs.get<string>(keys.restoreRequestIndex());
    },
    async setRequestCopyProgress(progress) {
      await kvs.set(keys.restoreRequestIndex(), progress);
    },
    async restoreUrl(claim) {
      // The keep-access token, signed by the same installation key, marked for what it does.
      const token = createToken({ ...claim, purpose: 'restoreAccess' }, await tokenSigningKey());
      const url = await webTrigger.getUrl(RESTORE_ACCESS_TRIGGER);
      return `${url}${url.includes('?') ? '&' : '?'}t=${encodeURIComponent(token)}`;
    },
  };
}

async function listOffers(
  prefix: string,
  { cursor, limit }: { cursor?: string; limit: number },
): Promise<{ offers: RestoreOffer[]; nextCursor?: string }> {
  let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(Math.min(limit, 100));
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany<RestoreOffer>();
  return {
    offers: page.results.map((result) => result.value),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
