/**
 * The page and its backend cannot drift: every resolver the page names exists in the contract and is defined
 * by the resolver function, and only the effects module calls `invoke`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RESOLVERS, payloads } from '../../src/contract';
import { contractKeysUsedByPage, frontendFiles, FRONTEND_DIR } from './pageResolvers';

test('every resolver the page names is in the contract, with a payload schema', () => {
  const used = contractKeysUsedByPage();
  assert.ok(used.size >= 20, `the page names only ${used.size} resolvers`);
  for (const [key, files] of used) {
    const name = (RESOLVERS as Record<string, string>)[key];
    assert.ok(name, `${files.join(', ')} call RESOLVERS.${key}, which the contract does not name`);
    assert.ok(name in payloads, `${name} has no payload schema`);
  }
});

test('every resolver the page names is defined by the resolver function', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resolver } = require('../../src/index') as {
    resolver: (request: unknown, runtime: unknown) => Promise<unknown>;
  };
  for (const key of contractKeysUsedByPage().keys()) {
    const name = (RESOLVERS as Record<string, string>)[key]!;
    // An undefined resolver throws "Resolver has no definition for ..." before any other check.
    const outcome = await resolver({ call: { functionKey: name, payload: {} }, context: {} }, {}).then(
      () => 'defined',
      (error: Error) => (/no definition/.test(error.message) ? 'missing' : 'defined'),
    );
    assert.equal(outcome, 'defined', `the page calls '${name}', which no resolver defines`);
  }
});

test('only the effects module calls invoke; no resolver name is written as a string', () => {
  for (const file of frontendFiles()) {
    const text = readFileSync(file, 'utf8');
    const relative = path.relative(FRONTEND_DIR, file);
    if (relative !== 'effects.ts')
      assert.doesNotMatch(text, /@forge\/bridge|\binvoke\(/, `${relative} calls invoke directly`);
    for (const name of Object.values(RESOLVERS)) {
      assert.ok(
        !text.includes(`'${name}'`) && !text.includes(`"${name}"`),
        `${relative} writes '${name}' as a string instead of RESOLVERS`,
      );
    }
  }
});
