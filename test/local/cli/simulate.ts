/**
 * `simulate`: days of the app's life on a site, hour by hour: its scheduled triggers fire, its queues drain, the
 * simulated people read their mail and act on it, and each scheme run that finishes is printed as it ends.
 */
import { addDays, addHours } from 'date-fns';
import type { RunSummary } from '../../../src/contract';
import { billingSentence } from '../../../src/domain/billing';
import { isTerminal } from '../../../src/domain/run';
import type { LocalSite } from '../localSite';
import { LOCAL_POSTMARK_TOKEN } from '../mail';
import { loadFieldValues } from './fields';
import { CliError, readSchemeFile, readSiteFile, writeJson, type Faults } from './inputs';
import { SimulatedPeople } from './people';
import { formatCounts, toRunReport, type RunReport } from './report';
import { askApp, openSite, readRun, saveSchemeFile, warnAboutAppBugs, type Output } from './session';
import { applySettingsFile, readSettingsFile } from './settings';

const HOUR_TICKS_PER_DAY = 24;

export async function simulate(
  opts: {
    site: string;
    schemes: string[];
    days: number;
    out?: string;
    siteOut?: string;
    faults?: Faults;
    fields?: string;
    settings?: string;
  },
  output: Output,
): Promise<RunReport[]> {
  const siteFile = readSiteFile(opts.site);
  if (opts.settings) readSettingsFile(opts.settings);
  const schemeFiles = opts.schemes.map(readSchemeFile);
  for (const file of schemeFiles) {
    if (file.scheme.schedule === null) {
      throw new CliError(
        `The scheme file ${file.fileName} has no schedule: simulate only runs schemes on their schedule. Add one, e.g. "schedule": { "unit": "day", "at": "02:00" }.`,
      );
    }
  }
  const local = openSite(siteFile, output, opts.faults, opts.site);
  const people = new SimulatedPeople(local, SIMULATED_PEOPLE_SEED);
  const reports: RunReport[] = [];
  const seen = new Set<string>();
  let schemeRuns = 0;
  const onFinished = async (finished: RunSummary[]) => {
    schemeRuns += finished.length;
    for (const summary of finished) {
      output.out(
        `${summary.finishedAt ?? '?'}  ${JSON.stringify(summary.schemeName)}  ${summary.mode}  ${summary.state}` +
          `${summary.reason ? ` (${summary.reason})` : ''}  ${formatCounts(summary.counts)}` +
          (summary.billing ? `  ${billingSentence(summary.billing, summary.mode)}` : ''),
      );
      if (opts.out) reports.push(toRunReport(await readRun(local, summary.id)));
    }
  };
  try {
    // The admin set up report emails on the local provider, so reports and warnings land in its outbox.
    await askApp(
      'The app would not save the email settings',
      () => local.call('email/save', LOCAL_EMAIL_SETTINGS),
      local,
    );
    // Settings first: a scheme that runs before the bill needs the billing settings to be saved.
    if (opts.settings) await applySettingsFile(local, opts.settings, askApp);
    if (opts.fields) await loadFieldValues(local, opts.fields, output.out);
    for (const file of schemeFiles) await saveSchemeFile(local, file);
    const start = local.clock.now();
    for (let day = 0; day < opts.days; day += 1) {
      const housekeeping = await local.forge.fireTrigger('daily-housekeeping');
      if (!housekeeping.ok) output.out(`warning: daily-housekeeping failed: ${housekeeping.error.message}`);
      for (let hour = 0; hour < HOUR_TICKS_PER_DAY; hour += 1) {
        const tickEnd = addHours(addDays(start, day), hour + 1).getTime();
        const scheduled = await local.forge.fireTrigger('scheme-scheduler');
        if (!scheduled.ok) output.out(`warning: scheme-scheduler failed: ${scheduled.error.message}`);
        await local.forge.drainQueues({ until: tickEnd });
        local.clock.advanceTo(tickEnd);
        people.readMail();
        await people.act();
        await onFinished(await newlyFinishedRuns(local, seen));
      }
    }
    // Runs started in the last tick finish (their queue events are already pushed) rather than vanish.
    await local.drain();
    await onFinished(await newlyFinishedRuns(local, seen));
    warnAboutAppBugs(local, output);
    if (opts.out) writeJson(opts.out, reports);
    if (opts.siteOut) writeJson(opts.siteOut, local.site.toSiteFile());
    output.out(
      `Simulated ${opts.days} days: ${schemeRuns} scheme runs finished (and ${seen.size - schemeRuns} daily site snapshots).`,
    );
    const { warned, cameBack, keptAccess, ignored } = people.tally;
    if (warned > 0)
      output.out(
        `Warned ${warned} users: ${cameBack} came back, ${keptAccess} clicked "keep my access", ${ignored} did nothing.`,
      );
    output.out(`Outbox: ${local.mail.outbox.length} emails. Audit log: ${formatAuditTally(await auditTally(local))}.`);
    return reports;
  } finally {
    local.close();
  }
}

const SIMULATED_PEOPLE_SEED = 11;
const LOCAL_EMAIL_SETTINGS = {
  provider: 'postmark',
  fromAddress: 'user-manager@example.com',
  apiKey: LOCAL_POSTMARK_TOKEN,
};

/** Entries of the app's audit log by kind, read page by page through the app. */
async function auditTally(local: LocalSite): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  let cursor: string | null = null;
  do {
    const page: { entries: Array<{ kind: string }>; nextCursor: string | null } = await local.call('audit/list', {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const entry of page.entries) tally[entry.kind] = (tally[entry.kind] ?? 0) + 1;
    cursor = page.nextCursor;
  } while (cursor);
  return tally;
}

function formatAuditTally(tally: Record<string, number>): string {
  const parts = Object.entries(tally)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${count} ${kind}`);
  return parts.length > 0 ? parts.join(', ') : 'empty';
}

/** Terminal runs not reported yet, oldest first. Pages are newest first, so paging stops at a page with nothing new. */
async function newlyFinishedRuns(local: LocalSite, seen: Set<string>): Promise<RunSummary[]> {
  const found: RunSummary[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await askApp(
      'The app would not list its runs',
      () =>
        local.call<{ runs: RunSummary[]; nextCursor: string | null }>('runs/list', {
          limit: 100,
          // Every run the simulation started, the bulk searches too.
          withSearches: true,
          ...(cursor ? { cursor } : {}),
        }),
      local,
    );
    let anythingNew = false;
    for (const summary of page.runs) {
      if (seen.has(summary.id)) continue;
      anythingNew = true;
      if (!isTerminal(summary.state)) continue;
      seen.add(summary.id);
      // The daily site snapshot (started by the housekeeping trigger) measures the site; simulate reports scheme runs.
      if (summary.kind === 'scheme') found.push(summary);
    }
    if (!anythingNew || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return found.sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? ''));
}
