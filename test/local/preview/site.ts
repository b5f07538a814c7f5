/**
 * The local site the preview shows when it is not started by `npm start`: a generated site with the built-in
 * demo scheme saved and run once in test mode, so every tab has something to show.
 */
import { DEMO_SCHEME } from '../cli/commands';
import { LocalSite } from '../localSite';
import { generateSite } from '../site';
import type { SchemeSummary, RunSummary } from '../../../src/contract';
import { simulateHistory, siteYearEarlier } from './history';

/** Days of daily snapshots the preview starts with (the Overview's charts). */
export const PREVIEW_HISTORY_DAYS = 365;

export async function openPreviewSite(opts: { users: number; seed: number; log?: (line: string) => void }): Promise<LocalSite> {
  const generated = generateSite({ users: opts.users, seed: opts.seed });
  const local = new LocalSite({ siteFile: siteYearEarlier(generated, PREVIEW_HISTORY_DAYS), ...(opts.log ? { log: opts.log } : {}) });
  try {
    await simulateHistory(local, generated, { days: PREVIEW_HISTORY_DAYS, seed: opts.seed });
    const scheme = await local.call<SchemeSummary>('schemes/save', { scheme: DEMO_SCHEME });
    await local.call<RunSummary>('schemes/runNow', { id: scheme.id, mode: 'test' });
    await local.drain();
    return local;
  } catch (error) {
    local.close();
    throw error;
  }
}
