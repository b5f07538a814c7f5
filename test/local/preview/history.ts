/**
 * A year of site snapshots for the preview, made honestly: the generated site starts a year back, each user keeps a
 * habit (regular, occasional, rare, never) taken from their generated activity, and every virtual day some users use
 * Confluence, then the app's own daily trigger runs (housekeeping + the day's snapshot run through the queue).
 */
import { Random } from '../random';
import type { SiteFile } from '../site';
import type { LocalSite } from '../localSite';

const DAY_MS = 24 * 3600 * 1000;

/** The site file as it was `days` earlier: every date moved back, so the year of history ends at the file's own now. */
export function siteYearEarlier(file: SiteFile, days: number): SiteFile {
  const back = (value: string | null) =>
    value === null ? null : new Date(Date.parse(value) - days * DAY_MS).toISOString();
  return {
    ...file,
    now: back(file.now)!,
    users: file.users.map((user) => ({
      ...user,
      lastActive: back(user.lastActive),
      addedToOrg: back(user.addedToOrg),
    })),
  };
}

/** Chance a user uses Confluence on a given day, from how recently the generator made them active. */
function dailyChance(lastActive: string | null, now: number): number {
  if (lastActive === null) return 0;
  const away = (now - Date.parse(lastActive)) / DAY_MS;
  if (away < 30) return 0.3;
  if (away < 180) return 0.01;
  return 0.001;
}

export async function simulateHistory(
  local: LocalSite,
  original: SiteFile,
  /** `eachDay`: what else happens on a day, after its snapshot (bench-pages runs a scheme on some days). */
  opts: { days: number; seed: number; eachDay?: (day: number) => Promise<void> },
): Promise<void> {
  const random = new Random(opts.seed);
  const now = Date.parse(original.now);
  const habits = original.users.map((user) => ({
    accountId: user.accountId,
    chance: dailyChance(user.lastActive, now),
  }));
  for (let day = 0; day < opts.days; day += 1) {
    local.clock.advanceBy(DAY_MS);
    // Slowly fading habits: a site whose adoption drifts, as real ones do.
    const fade = 1 - (0.4 * day) / opts.days;
    for (const habit of habits) {
      if (random.chance(habit.chance * fade))
        local.site.setLastActive(
          habit.accountId,
          new Date(local.clock.now() - random.int(12) * 3600 * 1000).toISOString(),
        );
    }
    const fired = await local.forge.fireTrigger('daily-housekeeping');
    if (!fired.ok) throw fired.error;
    await local.drain();
    await opts.eachDay?.(day);
  }
}
