/**
 * `--settings SETTINGS.json` for `run` and `simulate`: a JSON object of Settings values, saved through the app's own
 * settings resolver (as an admin would press Save in Settings) before any scheme is saved, e.g.
 *   { "billing": { "model": "collection", "cycle": "monthly", "nextBillingDate": "2026-12-10",
 *                  "pricePerSeat": 6.05, "currency": "USD" } }
 * Unknown keys are refused, naming the key, as in scheme files; the resolver judges the values.
 */
import { payloads, RESOLVERS } from '../../../src/contract';
import type { LocalSite } from '../localSite';
import { CliError, readJson } from './inputs';

/** The org API key stays the local site's own: a file of settings never carries a secret. */
const NOT_IN_FILE = new Set(['apiKey']);

export function settingsFileKeys(): string[] {
  return Object.keys(payloads[RESOLVERS.settingsSave].shape).filter((key) => !NOT_IN_FILE.has(key));
}

export function readSettingsFile(fileName: string): Record<string, unknown> {
  const json = readJson(fileName, 'settings file');
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new CliError(
      `The settings file ${fileName} must hold a JSON object of settings, e.g. { "billing": { ... } }.`,
    );
  const known = settingsFileKeys();
  const unknown = Object.keys(json).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new CliError(
      `The settings file ${fileName}: ${unknown.map((key) => `"${key}"`).join(', ')} ${unknown.length === 1 ? 'is not a setting' : 'are not settings'}; the settings are ${known.join(', ')}.`,
    );
  }
  return json as Record<string, unknown>;
}

export async function applySettingsFile(
  local: LocalSite,
  fileName: string,
  askApp: <T>(what: string, call: () => Promise<T>, local?: LocalSite) => Promise<T>,
): Promise<void> {
  const settings = readSettingsFile(fileName);
  await askApp(`The app refused the settings file ${fileName}`, () => local.call('settings/save', settings), local);
}
