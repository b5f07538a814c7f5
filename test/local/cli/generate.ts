/**
 * `generate`: a site file of generated users and groups, for the other commands to run on (printed, or written to
 * `--out`).
 */
import { generateSite } from '../site';
import { writeJson } from './inputs';
import type { Output } from './session';

export function generate(opts: { users: number; seed: number; now?: string; out?: string }, output: Output): void {
  const site = generateSite({ users: opts.users, seed: opts.seed, ...(opts.now ? { now: opts.now } : {}) });
  if (!opts.out) {
    output.out(JSON.stringify(site, null, 2));
    return;
  }
  writeJson(opts.out, site);
  output.out(
    `Wrote ${opts.out}: ${site.users.length} users, ${site.groups.length} groups, org ${site.org.name}, now ${site.now}.`,
  );
}
