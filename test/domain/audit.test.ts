import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets } from '../../src/domain/audit';
import { changedFields } from '../../src/engine/changes';

test('secrets are masked at any depth, leaving their last four characters', () => {
  const masked = maskSecrets({
    apiKey: 'abcdefgh1234',
    email: { provider: 'postmark', serverToken: 'tok-9876' },
    name: 'x',
  }) as Record<string, any>;
  assert.equal(masked.apiKey, '••••1234');
  assert.equal(masked.email.serverToken, '••••9876');
  assert.equal(masked.email.provider, 'postmark');
  assert.equal(masked.name, 'x');
  assert.ok(!JSON.stringify(masked).includes('abcdefgh'));
});

test('changed fields are the top-level keys whose values differ', () => {
  assert.deepEqual(changedFields({ a: 1, b: [1, 2], c: 'x' }, { a: 1, b: [1, 3], d: true }), ['b', 'c', 'd']);
  assert.deepEqual(changedFields(null, { a: 1 }), ['a']);
});
