/**
 * The local site the preview shows when it is not started by `npm start`: a generated site with the built-in
 * demo scheme saved and run once in test mode, so every tab has something to show.
 */
import { DEMO_SCHEME } from '../cli/commands';
import { LocalSite } from '../localSite';
import { generateSite } from '../site';
import type { SchemeSummary, RunSummary } from '../../../src/contract';

export async function openPreviewSite(opts: { users: number; seed: number; log?: (line: string) => void }): Promise<LocalSite> {
  const local = new LocalSite({ siteFile: generateSite({ users: opts.users, seed: opts.seed }), ...(opts.log ? { log: opts.log } : {}) });
  try {
    const scheme = await local.call<SchemeSummary>('schemes/save', { scheme: DEMO_SCHEME });
    await local.call<RunSummary>('schemes/runNow', { id: scheme.id, mode: 'test' });
    await local.drain();
    return local;
  } catch (error) {
    local.close();
    throw error;
  }
}
