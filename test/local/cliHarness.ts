/**
 * The local CLI as an admin runs it (`npm run local -- <command>`): a child process started from the repo root, and
 * the temporary folder each CLI test writes its site, scheme and settings files into.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** A simulation of weeks on a few hundred users takes a minute or two on a loaded machine; a hung CLI fails. */
const CLI_TIMEOUT_MS = 240_000;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs test/local/cli.ts with these arguments and waits for it to end. */
export function cli(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/local/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A new temporary folder named after `prefix`, removed after `body` whatever happens. */
export function inTempDir<T>(prefix: string, body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `value` as JSON to `name` in `dir` (a site, scheme or settings file for the CLI); returns its path. */
export function writeJsonFile(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}
