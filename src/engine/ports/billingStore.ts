/**
 * A port of the engine (see ../ports.ts): each scheme's latest test run's saving, for the Overview forecast. The use
 * case (src/engine/billingForecast.ts) and src/adapters/kvsBillingStore.ts import it; it imports no use case, so no
 * circle runs through the ports.
 */

/** A scheme's latest test run's saving, without the per-user list (the run keeps that). */
export interface LatestTestBilling {
  runId: string;
  finishedAt: string;
  seatsFreed: number;
  stillBilled: number;
}

export interface BillingStore {
  putLatestTest(schemeId: string, latest: LatestTestBilling): Promise<void>;
  /** One batch read per 25 schemes. */
  latestTests(schemeIds: readonly string[]): Promise<Map<string, LatestTestBilling>>;
  /** A deleted scheme's record goes with it. */
  deleteLatestTest(schemeId: string): Promise<void>;
}
