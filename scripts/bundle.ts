/**
 * `npm run bundle`: builds the app as `forge deploy` does, offline, and prints each bundle's size.
 *
 * It wires Forge's own bundler classes the way @forge/cli's deploy command does (its dependency-injection.js and
 * deploy/packager): `getNodeBundler` over the manifest's function handlers (webpack + ts-loader with our
 * tsconfig.json, node target), and `NativeUIBundler.bundleResources` over the UI Kit resources. So a change
 * that breaks the deploy build (a tsconfig that emits nothing, an import webpack cannot resolve, a type error
 * ts-loader reports) fails here, in CI, instead of at `forge deploy`.
 *
 * Two things the CLI fetches from Atlassian are left out, because they are not our code and need a login:
 * the feature gates (answered "off", as for an app without the TypeScript bundler EAP) and the Forge runtime
 * wrapper (`__forge__.cjs`, downloaded from Atlassian's CDN into the deploy archive beside our bundle).
 *
 * The page must not carry zod: the page validates nothing with it, and the schemas would double its size.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigFile,
  FileSystemReader,
  FileSystemWriter,
  shouldBundleResource,
  type Logger,
  type StatsigService,
} from '@forge/cli-shared';
import { getEntryPoints, getNodeBundler, NativeUIBundler, type BundlerOutput } from '@forge/bundler';

/** Packages the admin page must not contain, with why. */
const NOT_IN_PAGE: Record<string, string> = {
  zod: 'the page validates nothing with zod; import its constants from modules that build no schemas',
};

const quiet = process.argv.includes('--quiet');
/** `--keep`: leave the bundles in their temporary folders (printed) to read them. */
const keep = process.argv.includes('--keep');

const logger: Logger = {
  traceEnabled: false,
  debugEnabled: false,
  trace: () => undefined,
  debug: () => undefined,
  info: (message) => {
    if (!quiet) console.log(message);
  },
  warn: (message) => console.warn(`warning: ${message}`),
  error: (error) => console.error(error),
};

/** The gates @forge/bundler asks about, as they are for an app outside Atlassian's early-access programmes. */
const gatesOff = {
  isTypescriptBundlerEnabled: () => Promise.resolve(false),
  testForgeCliBundleRuntimeLoaderGate: () => Promise.resolve(false),
} as unknown as StatsigService;

/** Stands in for the CDN download of the runtime wrapper, which `forge deploy` adds to the archive. */
const runtimeWrapperLeftOut = {
  getNodeRuntimeWrapper: () =>
    Promise.resolve({
      script: '// The Forge runtime wrapper is downloaded from Atlassian at `forge deploy`; not built offline.\n',
      source: 'offline',
      version: 'offline',
    }),
  getNodeRuntimeLoader: () => Promise.resolve(undefined),
};

interface BundleReport {
  name: string;
  dir: string;
  files: Array<{ file: string; bytes: number }>;
  packages: string[];
}

function filesIn(dir: string): Array<{ file: string; bytes: number }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(path.join(dir, file)).isFile())
    .map((file) => ({ file, bytes: statSync(path.join(dir, file)).size }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** The npm packages whose code is in a bundle, read from its source maps (webpack's module list also names packages it skipped). */
function packagesIn(dir: string, files: Array<{ file: string }>): string[] {
  const packages = new Set<string>();
  for (const { file } of files.filter((f) => f.file.endsWith('.js.map') || f.file.endsWith('.cjs.map'))) {
    const map = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { sources: string[] };
    for (const source of map.sources) {
      const inPackage = source.split('node_modules/').slice(1).pop(); // the innermost package of a nested one
      if (inPackage === undefined) continue;
      const [scopeOrName = '', name = ''] = inPackage.split('/');
      packages.add(scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName);
    }
  }
  return [...packages].sort();
}

function report(name: string, output: BundlerOutput): BundleReport {
  const files = filesIn(output.outputDir);
  const report = { name, dir: output.outputDir, files, packages: packagesIn(output.outputDir, files) };
  if (!keep) rmSync(output.outputDir, { recursive: true, force: true });
  return report;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function print(bundle: BundleReport): void {
  const code = bundle.files.filter((f) => /\.c?js$/.test(f.file));
  const total = code.reduce((sum, f) => sum + f.bytes, 0);
  console.log(`${bundle.name}: ${kB(total)} of JavaScript (${bundle.packages.length} npm packages)`);
  if (keep) console.log(`  in ${bundle.dir}`);
  for (const f of bundle.files) console.log(`  ${f.file.padEnd(28)} ${kB(f.bytes).padStart(10)}`);
  console.log(`  packages: ${bundle.packages.join(', ')}`);
}

async function main(): Promise<void> {
  const appDirectory = path.resolve(__dirname, '..');
  process.chdir(appDirectory); // Forge's bundler and ConfigFile resolve manifest.yml, src/ and tsconfig.json from here
  const config = new ConfigFile(new FileSystemReader(), new FileSystemWriter());

  const handlers = await config.getAppHandlers();
  const backend = await getNodeBundler(logger, runtimeWrapperLeftOut, config, gatesOff).bundle({
    appDirectory,
    entryPoints: getEntryPoints(handlers),
  });
  const bundles = [report(`backend (${handlers.map((h) => `${h.module}.${h.func}`).join(', ')})`, backend)];

  const resources = (await config.getResources()).filter(shouldBundleResource);
  if (resources.length === 0) throw new Error('manifest.yml declares no UI Kit resource to bundle.');
  const nativeUi = new NativeUIBundler(logger);
  for (const resource of resources) {
    const { nativeUiBundlesDetails, metadata } = await nativeUi.bundleResources([resource]);
    const outputDir = nativeUiBundlesDetails[0]?.path;
    if (!outputDir) throw new Error(`Forge's bundler returned no output for resource ${resource.key}.`);
    bundles.push(report(`${resource.key} (${resource.path})`, { outputDir, metadata }));
  }

  for (const bundle of bundles) print(bundle);
  const problems = bundles
    .slice(1)
    .flatMap((page) =>
      page.packages
        .filter((name) => name in NOT_IN_PAGE)
        .map((name) => `${page.name} contains ${name}: ${NOT_IN_PAGE[name]}.`),
    );
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
