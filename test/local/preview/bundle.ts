/**
 * The preview's two browser bundles. The admin page (src/frontend/index.tsx), as Forge's bundler would build it
 * for Confluence: react, @forge/react and @forge/bridge included, production React (what Confluence loads), one
 * IIFE that looks up `__bridge` when it runs; an incremental esbuild context, so a reload after an edit is quick.
 * And the host (host/index.tsx): the bridge and the Atlaskit renderer of the page's UI Kit tree, with its own
 * React and Atlaskit's CSS, as Confluence's side of the iframe is.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

export const PAGE_ENTRY = path.resolve(__dirname, '../../../src/frontend/index.tsx');
export const HOST_ENTRY = path.resolve(__dirname, 'host/index.tsx');

export interface PageBundler {
  /** The bundle of the page as its source is now; throws with esbuild's messages when it does not build. */
  build(): Promise<string>;
  close(): Promise<void>;
}

const PRODUCTION = { 'process.env.NODE_ENV': '"production"', global: 'globalThis' };

async function formatFailure(error: unknown, what: string): Promise<never> {
  const failure = error as esbuild.BuildFailure;
  if (!Array.isArray(failure.errors)) throw error;
  const messages = await esbuild.formatMessages(failure.errors, { kind: 'error', color: false });
  throw new Error(`${what} does not build:\n${messages.join('\n')}`);
}

export async function createPageBundler(entry = PAGE_ENTRY): Promise<PageBundler> {
  const context = await esbuild.context({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    sourcemap: 'inline',
    logLevel: 'silent',
    define: PRODUCTION,
  });
  return {
    async build() {
      try {
        const result = await context.rebuild();
        const output = result.outputFiles?.[0];
        if (!output) throw new Error('esbuild produced no output file.');
        return output.text;
      } catch (error) {
        return formatFailure(error, `The admin page (${path.relative(process.cwd(), entry)})`);
      }
    },
    close: () => context.dispose(),
  };
}

export interface HostBundle {
  js: string;
  css: string;
}

const hostBundles = new Map<string, Promise<HostBundle>>();
const ROOT = path.resolve(__dirname, '../../..');
const CACHE_DIR = path.join(ROOT, 'node_modules/.cache/preview-host');

/** What the host bundle is built from: its own sources and the installed packages (the lock file). */
function hostSourceHash(entry: string): string {
  const hash = createHash('sha256').update(esbuild.version);
  const dir = path.dirname(entry);
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(path.join(dir, name)));
  hash.update(readFileSync(path.join(ROOT, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The host renderer's bundle (Atlaskit is big: a few seconds to build), built once per process and kept in
 * node_modules/.cache until its sources or the installed packages change: restart the preview after editing it.
 */
export function createHostBundler(entry = HOST_ENTRY): { build(): Promise<HostBundle> } {
  const buildOnce = async (): Promise<HostBundle> => {
    const cacheFile = path.join(CACHE_DIR, `${hostSourceHash(entry)}.json`);
    try {
      return JSON.parse(readFileSync(cacheFile, 'utf8')) as HostBundle;
    } catch {
      // Not built yet for these sources.
    }
    const bundle = await buildHost(entry);
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(bundle));
    return bundle;
  };
  return {
    build() {
      let built = hostBundles.get(entry);
      if (!built) {
        built = buildOnce();
        hostBundles.set(entry, built);
        // A failed build is tried again on the next request (after a fix), not remembered.
        built.catch(() => hostBundles.delete(entry));
      }
      return built;
    },
  };
}

async function buildHost(entry: string): Promise<HostBundle> {
  try {
    const result = await esbuild.build({
      entryPoints: { host: entry },
      bundle: true,
      write: false,
      outdir: 'host-bundle',
      format: 'iife',
      platform: 'browser',
      target: ['chrome120'],
      jsx: 'automatic',
      minify: true,
      logLevel: 'silent',
      loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
      define: PRODUCTION,
    });
    const file = (extension: string) => result.outputFiles.find((output) => output.path.endsWith(extension))?.text;
    const js = file('.js');
    if (js === undefined) throw new Error('esbuild produced no host.js.');
    return { js, css: file('.css') ?? '' };
  } catch (error) {
    return formatFailure(error, `The preview's host renderer (${path.relative(process.cwd(), entry)})`);
  }
}
