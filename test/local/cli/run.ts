/**
 * `run`: one scheme file run once on a site file (or a kept state directory) through the real handlers, its report
 * printed and, with `--out`, written as the machine-readable contract.
 */
import { applySettingsFile, readSettingsFile } from './settings';
import { loadFieldValues } from './fields';
import { readSchemeFile, readSiteFile, writeJson, type Faults } from './inputs';
import { formatSummary, type RunReport } from './report';
import {
  askApp,
  openSite,
  openState,
  required,
  runOnce,
  saveSchemeByName,
  saveSchemeFile,
  saveState,
  warnAboutAppBugs,
  type Output,
} from './session';

export async function run(
  opts: {
    site?: string;
    scheme: string;
    mode?: 'test' | 'live';
    out?: string;
    siteOut?: string;
    faults?: Faults;
    fields?: string;
    /** Settings values saved through the app before the run (src: test/local/cli/settings.ts). */
    settings?: string;
    /** Keep the app's storage and the site here between commands (`undo` reads them). */
    state?: string;
  },
  output: Output,
): Promise<RunReport> {
  const schemeFile = readSchemeFile(opts.scheme);
  if (opts.settings) readSettingsFile(opts.settings); // a bad file is refused before any work
  const local = opts.state
    ? openState(opts.state, output, opts.faults, opts.site)
    : openSite(readSiteFile(required(opts.site, '--site')), output, opts.faults, opts.site);
  try {
    if (opts.settings) await applySettingsFile(local, opts.settings, askApp);
    if (opts.fields) await loadFieldValues(local, opts.fields, output.out);
    // With kept state, a scheme file saved before (same name) is updated rather than saved again beside it.
    const schemeId = opts.state ? await saveSchemeByName(local, schemeFile) : await saveSchemeFile(local, schemeFile);
    const { report } = await runOnce(
      local,
      schemeId,
      opts.mode ?? schemeFile.scheme.mode,
      `The app would not start a run of the scheme file ${schemeFile.fileName} on the site file ${opts.site ?? opts.state}`,
    );
    warnAboutAppBugs(local, output);
    if (opts.out) writeJson(opts.out, report);
    if (opts.siteOut) writeJson(opts.siteOut, local.site.toSiteFile());
    output.out(formatSummary(report));
    if (opts.out) output.out(`Report written to ${opts.out}.`);
    if (opts.siteOut) output.out(`Site after the run written to ${opts.siteOut}.`);
    return report;
  } finally {
    if (opts.state) saveState(local, opts.state);
    local.close();
  }
}
