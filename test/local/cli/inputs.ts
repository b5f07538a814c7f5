/**
 * Reading what the CLI is handed: site files, scheme files, fault specs and numbers. Every problem becomes a
 * CliError whose message names the file (or flag), the field and what is wrong, so a developer can fix it
 * without reading a stack trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { formatSchemeErrors, parseScheme, type Scheme } from '../../../src/domain/scheme';
import type { QueueFaults } from '../queues';
import { parseSiteFile, SiteFileError, type FaultOptions, type SiteFile } from '../site';

/** A problem with the user's input or the run: printed as is, exit code 1 (2 for usage errors). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function readJson(fileName: string, kind: string): unknown {
  let text: string;
  try {
    text = readFileSync(fileName, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `Cannot read the ${kind} ${fileName}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`The ${kind} ${fileName} is not valid JSON: ${(error as Error).message}.`);
  }
}

export function readSiteFile(fileName: string): SiteFile {
  const json = readJson(fileName, 'site file');
  try {
    return parseSiteFile(json, fileName);
  } catch (error) {
    if (error instanceof SiteFileError) throw new CliError(error.message);
    throw error;
  }
}

export interface SchemeFile {
  fileName: string;
  /** The file as written: what is saved through the app's resolver, which parses it again. */
  json: unknown;
  /** Parsed here first, so a bad file is reported with its name before any app code runs. */
  scheme: Scheme;
}

export function readSchemeFile(fileName: string): SchemeFile {
  const json = readJson(fileName, 'scheme file');
  const parsed = parseScheme(json);
  if (!parsed.ok) throw new CliError(formatSchemeErrors(parsed.errors, fileName));
  return { fileName, json, scheme: parsed.scheme };
}

export function writeJson(fileName: string, value: unknown): void {
  try {
    writeFileSync(fileName, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new CliError(`Cannot write ${fileName}: ${(error as Error).message}.`);
  }
}

export interface Faults {
  site?: FaultOptions;
  queue?: QueueFaults;
  /** Not faults, but the conditions the site answers under: `--admin-rate N` and `--no-retry-after`. */
  adminRatePerMinute?: number;
  retryAfter?: boolean;
}

/** Names accepted by --faults, and where each one goes. */
const FAULT_NAMES = {
  '429': { target: 'site', option: 'rate429' },
  '5xx': { target: 'site', option: 'rate5xx' },
  write5xx: { target: 'site', option: 'writeSucceedsBut5xx' },
  slow: { target: 'site', option: 'slowRate' },
  duplicate: { target: 'queue', option: 'duplicate' },
  reorder: { target: 'queue', option: 'reorder' },
} as const;

/** Parses `429=0.2,5xx=0.05,duplicate=0.3,reorder=1[,slowMs=200][,seed=3]`. */
export function parseFaults(spec: string): Faults {
  const site: FaultOptions = {};
  const queue: QueueFaults = {};
  for (const part of spec
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean)) {
    const [name, raw, ...rest] = part.split('=');
    const value = Number(raw);
    if (name === undefined || raw === undefined || rest.length > 0 || raw.trim() === '' || !Number.isFinite(value)) {
      throw new CliError(`--faults: '${part}' is not name=number (e.g. 429=0.2,5xx=0.05,duplicate=0.3,reorder=1).`, 2);
    }
    if (name === 'seed') {
      site.seed = value;
      queue.seed = value;
      continue;
    }
    if (name === 'slowMs') {
      site.slowMs = value;
      continue;
    }
    const known = FAULT_NAMES[name as keyof typeof FAULT_NAMES];
    if (!known) {
      throw new CliError(
        `--faults: unknown fault '${name}'; use ${[...Object.keys(FAULT_NAMES), 'slowMs', 'seed'].join(', ')}.`,
        2,
      );
    }
    if (!(value >= 0 && value <= 1))
      throw new CliError(`--faults: ${name} is a probability between 0 and 1, got ${raw}.`, 2);
    if (known.target === 'site') site[known.option] = value;
    else queue[known.option] = value;
  }
  // A slow answer needs a delay; 100 ms is noticeable without making a run crawl.
  if (site.slowRate !== undefined && site.slowMs === undefined) site.slowMs = 100;
  return { ...(Object.keys(site).length > 0 ? { site } : {}), ...(Object.keys(queue).length > 0 ? { queue } : {}) };
}

export function parseWholeNumber(flag: string, raw: string | undefined, fallback?: number, min = 0): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new CliError(`${flag} is required.`, 2);
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new CliError(`${flag} must be a whole number ≥ ${min}, got '${raw}'.`, 2);
  return value;
}
