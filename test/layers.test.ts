/**
 * The layering as a check, not a habit: the rules in .dependency-cruiser.cjs (each with the sentence that says why)
 * run over src and test on every `npm test`, and a fixture tree that breaks each rule once shows they can fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import type { ICruiseOptions, ICruiseResult } from 'dependency-cruiser';

const ROOT = resolve(__dirname, '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

/** A package as its name: where it resolves from depends on the folder the cruise starts in (found or not). */
const packageName = (path: string): string => path.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1');

async function violationsOf(paths: string[], baseDir: string): Promise<{ result: ICruiseResult; lines: string[] }> {
  // dependency-cruiser is ESM only (an `import` export, no `require`): loaded as such from this CommonJS project.
  const { cruise } = await import('dependency-cruiser');
  const { default: extractDepcruiseOptions } = await import('dependency-cruiser/config-utl/extract-depcruise-options');
  const options: ICruiseOptions = { ...(await extractDepcruiseOptions(CONFIG)), validate: true };
  const { output } = await cruise(paths, { ...options, baseDir });
  const result = output as ICruiseResult;
  const lines = result.summary.violations.map((violation) =>
    violation.cycle
      ? `${violation.rule.name}: ${violation.cycle.map((step) => step.name).join(' → ')}`
      : `${violation.rule.name}: ${violation.from} → ${packageName(violation.to)}`,
  );
  return { result, lines: lines.sort() };
}

test('src and test keep the layering: no circle, no import against the layers', async () => {
  const { result, lines } = await violationsOf(['src', 'test'], ROOT);
  assert.deepEqual(lines, []);
  // The rules see what they judge: the app's modules, and Forge's packages where the adapters import them.
  assert.ok(result.summary.totalCruised > 300, `only ${result.summary.totalCruised} modules cruised`);
  const engineDeps = result.modules.find((module) => module.source === 'src/adapters/engineDeps.ts');
  assert.ok(engineDeps?.dependencies.some((dependency) => /(^|\/)node_modules\/@forge\//.test(dependency.resolved)));
});

test('a tree that breaks each rule makes each rule fail, on the import that breaks it', async () => {
  const { lines } = await violationsOf(['src', 'test'], join(ROOT, 'test/fixtures/layers'));
  assert.deepEqual(lines, [
    'adapters-below-handlers: src/adapters/notifyPage.ts → src/handlers/resolver.ts',
    'contract-between-page-and-resolvers: src/contract.ts → src/adapters/kvsRunStore.ts',
    'domain-stands-alone: src/domain/user.ts → @forge/api',
    'domain-stands-alone: src/domain/user.ts → src/engine/ports/runStore.ts',
    'engine-through-ports: src/engine/startRun.ts → @forge/events',
    'engine-through-ports: src/engine/startRun.ts → src/adapters/kvsRunStore.ts',
    'forge-only-at-the-edge: src/domain/user.ts → @forge/api',
    'forge-only-at-the-edge: src/engine/startRun.ts → @forge/events',
    'handlers-not-page: src/handlers/resolver.ts → src/frontend/App.tsx',
    'no-circular: src/domain/cycleB.ts → src/domain/cycleA.ts',
    'page-not-backend: src/frontend/App.tsx → src/engine/startRun.ts',
    'page-uses-ui-kit-and-bridge: src/frontend/App.tsx → @forge/api',
    'reports-only-domain: src/reports/render.ts → src/engine/records.ts',
    'src-not-test: src/engine/helpers.ts → test/harness.ts',
  ]);
});
