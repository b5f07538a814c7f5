import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, newSigningKey, verifyToken } from '../../src/domain/token';

const key = newSigningKey();
const now = Date.parse('2026-11-25T00:00:00Z');
const claim = { schemeId: 's-1', accountId: 'u-1', expiresAt: now + 14 * 86_400_000 };

test('a token made with the key verifies and carries its claim and a nonce', () => {
  const check = verifyToken(createToken(claim, key), key, now);
  assert.equal(check.ok, true);
  if (check.ok) {
    assert.equal(check.claim.accountId, 'u-1');
    assert.equal(check.claim.schemeId, 's-1');
    assert.ok(check.claim.nonce.length >= 12);
  }
});

test('two tokens for the same claim differ (each has its own nonce)', () => {
  assert.notEqual(createToken(claim, key), createToken(claim, key));
});

test('a token signed with another key is forged', () => {
  assert.deepEqual(verifyToken(createToken(claim, newSigningKey()), key, now), { ok: false, problem: 'forged' });
});

test('changing the claim (another user) breaks the signature', () => {
  const [, signature] = createToken(claim, key).split('.');
  const otherPayload = Buffer.from(JSON.stringify({ ...claim, accountId: 'u-2', nonce: 'x'.repeat(16) })).toString(
    'base64url',
  );
  assert.deepEqual(verifyToken(`${otherPayload}.${signature}`, key, now), { ok: false, problem: 'forged' });
});

test('an expired token is refused, at and after its expiry', () => {
  const token = createToken(claim, key);
  assert.deepEqual(verifyToken(token, key, claim.expiresAt), { ok: false, problem: 'expired' });
  assert.deepEqual(verifyToken(token, key, claim.expiresAt + 1), { ok: false, problem: 'expired' });
  assert.equal(verifyToken(token, key, claim.expiresAt - 1).ok, true);
});

test('garbage is malformed, not an exception', () => {
  for (const bad of ['', 'abc', 'a.b.c', '.', `${Buffer.from('not json').toString('base64url')}.sig`]) {
    const check = verifyToken(bad, key, now);
    assert.equal(check.ok, false, bad);
  }
});
