/** Each scheme's latest test run's saving (src/engine/billingForecast.ts), one small plain key per scheme. */
import { kvs } from '@forge/kvs';
import type { BillingStore, LatestTestBilling } from '../engine/ports/billingStore';
import { keys } from './storageKeys';

export function createKvsBillingStore(): BillingStore {
  return {
    async putLatestTest(schemeId, latest) {
      await kvs.set(keys.schemeBilling(schemeId), latest);
    },
    async deleteLatestTest(schemeId) {
      await kvs.delete(keys.schemeBilling(schemeId));
    },
    async latestTests(schemeIds) {
      const found = new Map<string, LatestTestBilling>();
      for (let i = 0; i < schemeIds.length; i += 25) {
        const chunk = schemeIds.slice(i, i + 25);
        const result = await kvs.batchGet<LatestTestBilling>(chunk.map((id) => ({ key: keys.schemeBilling(id) })));
        for (const item of result.successfulKeys) found.set(item.key.slice(keys.schemeBilling('').length), item.value);
      }
      return found;
    },
  };
}
