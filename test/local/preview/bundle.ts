/**
 * Bundles the admin page (src/frontend/index.tsx) for the browser, as Forge's bundler would for Confluence:
 * react, @forge/react and @forge/bridge included, production React (what Confluence loads), one IIFE that
 * looks up `__bridge` when it runs. Kept as an incremental esbuild context so a reload after an edit is quick.
 */
import path from 'node:path';
import * as esbuild from 'esbuild';

export const PAGE_ENTRY = path.resolve(__dirname, '../../../src/frontend/index.tsx');

export interface PageBundler {
  /** The bundle of the page as its source is now; throws with esbuild's messages when it does not build. */
  build(): Promise<string>;
  close(): Promise<void>;
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
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  return {
    async build() {
      try {
        const result = await context.rebuild();
        const output = result.outputFiles?.[0];
        if (!output) throw new Error('esbuild produced no output file.');
        return output.text;
      } catch (error) {
        const failure = error as esbuild.BuildFailure;
        if (!Array.isArray(failure.errors)) throw error;
        const messages = await esbuild.formatMessages(failure.errors, { kind: 'error', color: false });
        throw new Error(
          `The admin page (${path.relative(process.cwd(), entry)}) does not build:\n${messages.join('\n')}`,
        );
      }
    },
    close: () => context.dispose(),
  };
}
