/**
 * The local site the preview shows: a generated site with a year of daily snapshots (the Overview's charts) and
 * the built-in demo scheme saved and run once in test mode, so every tab has something to show. `npm start` keeps
 * it under .local/ (see openDemoSite) so it keeps its state between commands.
 */
import { DEMO_SCHEME } from '../cli/demoScheme';
import { LocalSite } from '../localSite';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSite, parseSiteFile } from '../site';
import type { SchemeSummary, RunSummary } from '../../../src/contract';
import { simulateHistory, siteYearEarlier } from './history';

/** Days of daily snapshots the preview starts with (the Overview's charts). */
export const PREVIEW_HISTORY_DAYS = 365;

export async function openPreviewSite(opts: {
  users: number;
  seed: number;
  log?: (line: string) => void;
  kvsFile?: string;
  /** Days of daily snapshots (default PREVIEW_HISTORY_DAYS); fewer make a quick site for tests. */
  historyDays?: number;
}): Promise<LocalSite> {
  const days = opts.historyDays ?? PREVIEW_HISTORY_DAYS;
  const generated = generateSite({ users: opts.users, seed: opts.seed });
  const local = new LocalSite({
    siteFile: siteYearEarlier(generated, days),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.kvsFile ? { kvsFile: opts.kvsFile } : {}),
  });
  try {
    await simulateHistory(local, generated, { days, seed: opts.seed });
    const scheme = await local.call<SchemeSummary>('schemes/save', { scheme: DEMO_SCHEME });
    await local.call<RunSummary>('schemes/runNow', { id: scheme.id, mode: 'test' });
    await local.drain();
    return local;
  } catch (error) {
    local.close();
    throw error;
  }
}

/** Whether `stateDir` holds a demo installation an earlier start saved. */
export function hasSavedDemoSite(stateDir: string): boolean {
  return existsSync(path.join(stateDir, 'kvs.json')) && existsSync(path.join(stateDir, 'site.json'));
}

/**
 * `npm start`'s installation, kept in `stateDir` (the app's storage and the simulated site), so schemes, runs and
 * changes made in the preview are still there next time. The first start builds it (a year of history).
 */
export async function openDemoSite(opts: {
  users: number;
  seed: number;
  stateDir: string;
  log?: (line: string) => void;
  historyDays?: number;
}): Promise<LocalSite> {
  const kvsFile = path.join(opts.stateDir, 'kvs.json');
  const siteFile = path.join(opts.stateDir, 'site.json');
  if (hasSavedDemoSite(opts.stateDir)) {
    const site = parseSiteFile(JSON.parse(readFileSync(siteFile, 'utf8')), siteFile);
    return new LocalSite({ siteFile: site, kvsFile, withApiKey: false, ...(opts.log ? { log: opts.log } : {}) });
  }
  return openPreviewSite({
    users: opts.users,
    seed: opts.seed,
    kvsFile,
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.historyDays !== undefined ? { historyDays: opts.historyDays } : {}),
  });
}

/** Writes the simulated site's state beside the app's storage (the storage is written by LocalSite itself). */
export function saveDemoSite(local: LocalSite, stateDir: string): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(path.join(stateDir, 'site.json'), JSON.stringify(local.site.toSiteFile(), null, 2));
  local.persist();
}
