/**
 * Wiring that otherwise only breaks after `forge deploy`: manifest handlers exist, queues have consumers,
 * every resolver the contract names is defined.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadManifest, REPO_ROOT } from './local/manifest';
import { RESOLVERS } from '../src/contract';

const manifest = loadManifest();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

test('every manifest function handler is an exported function of its module', () => {
  for (const fn of manifest.functions.values()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(fn.file) as Record<string, unknown>;
    assert.equal(typeof module[fn.exportName], 'function', `${fn.key}: ${fn.exportName} is not exported by ${fn.file}`);
  }
});

test('every queue key used in the code has a consumer in the manifest', () => {
  const keys = new Set<string>();
  for (const file of sourceFiles(path.join(REPO_ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/new Queue\(\{\s*key:\s*([A-Za-z_'"-]+)/g)) {
      const raw = match[1]!;
      const constant = /^['"]/.test(raw) ? raw.slice(1, -1) : new RegExp(`${raw}\\s*=\\s*'([^']+)'`).exec(text)?.[1];
      assert.ok(constant, `cannot read the queue key in ${file}`);
      keys.add(constant);
    }
  }
  assert.ok(keys.size > 0, 'no queue found in src/');
  for (const key of keys) assert.ok(manifest.consumers.has(key), `queue '${key}' has no consumer in manifest.yml`);
});

test('every resolver named in the UI contract is defined by the resolver function', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resolver } = require('../src/index') as {
    resolver: (request: unknown, runtime: unknown) => Promise<unknown>;
  };
  for (const name of Object.values(RESOLVERS)) {
    // An undefined resolver throws "Resolver has no definition for ..." before any other check.
    const outcome = await resolver({ call: { functionKey: name, payload: {} }, context: {} }, {}).then(
      () => 'defined',
      (error: Error) => (/no definition/.test(error.message) ? 'missing' : 'defined'),
    );
    assert.equal(outcome, 'defined', `resolver '${name}' is not defined`);
  }
});

test('scheduled triggers and the admin page point at declared functions', () => {
  for (const trigger of manifest.scheduledTriggers.values()) assert.ok(manifest.functions.has(trigger.functionKey));
  for (const fn of manifest.resolvers.values()) assert.ok(manifest.functions.has(fn));
});
