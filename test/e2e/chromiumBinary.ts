/**
 * Which Chromium the browser tests drive: `CHROMIUM_PATH` when set, else the system's (Debian's `/usr/bin/chromium`),
 * else the one `@sparticuz/chromium` ships inside its npm package, so a fresh clone's `npm ci && npm test` needs no
 * apt step and no browser download.
 *
 * The package inflates its brotli archives into `os.tmpdir()` and its fonts.conf names `/tmp/fonts`. We inflate them
 * once into a folder of our own instead (a child process with TMPDIR pointing there, so this process's tmpdir is
 * never changed under the other tests), then rename the folder into place: test files run in parallel processes,
 * and a rename is atomic, so no process ever launches a half-written binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const PACKAGE = '@sparticuz/chromium';

export interface ChromiumBinary {
  executablePath: string;
  /** Extra environment for the browser process (the packaged build's fonts). */
  env: Record<string, string>;
  source: 'CHROMIUM_PATH' | 'system' | typeof PACKAGE;
}

export function resolveChromium(): ChromiumBinary {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH names ${fromEnv}, which does not exist.`);
    return { executablePath: fromEnv, env: {}, source: 'CHROMIUM_PATH' };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, env: {}, source: 'system' };
  const folder = inflatePackagedChromium();
  return {
    executablePath: path.join(folder, 'chromium'),
    env: { FONTCONFIG_FILE: path.join(folder, 'fonts.conf') },
    source: PACKAGE,
  };
}

function inflatePackagedChromium(): string {
  const repoRoot = path.resolve(__dirname, '../..');
  const packageDir = path.join(repoRoot, 'node_modules', PACKAGE);
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const cacheRoot = path.join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cacheRoot, { recursive: true });
  const folder = path.join(cacheRoot, `sparticuz-chromium-${version}`);
  if (existsSync(path.join(folder, 'chromium'))) return folder;

  const partial = mkdtempSync(path.join(cacheRoot, `sparticuz-chromium-${version}.partial-`));
  try {
    const script = `import('${PACKAGE}').then((m) => m.default.executablePath()).then((p) => process.stdout.write(p))`;
    execFileSync(process.execPath, ['-e', script], {
      cwd: packageDir,
      env: { ...process.env, TMPDIR: partial },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // The package's own fonts.conf points at /tmp/fonts; ours points at the fonts it just inflated, and the system's.
    writeFileSync(
      path.join(partial, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        `  <dir>${path.join(folder, 'fonts')}</dir>`,
        '  <dir>/usr/share/fonts</dir>',
        `  <cachedir>${path.join(folder, 'fonts-cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    try {
      renameSync(partial, folder);
    } catch (error) {
      // Another test process renamed its copy into place first: use that one.
      if (!existsSync(path.join(folder, 'chromium'))) throw error;
      rmSync(partial, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  return folder;
}
