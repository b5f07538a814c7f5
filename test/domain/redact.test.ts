/** The one redaction step and the character check of tokens and keys (src/domain/redact.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact, redactDeep, rememberSecret, secretProblem, holdsSecret } from '../../src/domain/redact';

test('a remembered secret is removed whole and line by line, and credential shapes are removed too', () => {
  const secret = 'c0ffee00-aaaa-bbbb\ncccc-dddd-123456789abc';
  rememberSecret(secret);
  const text =
    `Invalid header value "${secret}"; first line c0ffee00-aaaa-bbbb; second cccc-dddd-123456789abc; ` +
    'Authorization: Bearer abc.def.ghi-123; X-Postmark-Server-Token: 0123-4567-89ab; ATCTT3xFfGN0abcdefghijklmnopqrstuvwx';
  const out = redact(text);
  for (const part of [
    secret,
    'c0ffee00-aaaa-bbbb',
    'cccc-dddd-123456789abc',
    'abc.def.ghi-123',
    '0123-4567-89ab',
    'ATCTT3x',
  ])
    assert.ok(!out.includes(part), `${part} is gone from: ${out}`);
  assert.match(out, /\[redacted\]/);
  assert.equal(holdsSecret(text), true);
  assert.equal(holdsSecret(out), false);
  assert.deepEqual(redactDeep({ a: [`x ${secret} y`], b: 3 }), { a: ['x [redacted] y'], b: 3 });
});

test('ordinary words, account ids and message ids are left alone', () => {
  const text =
    'Postmark accepted the test email to ada@acme.com (message id 4e6c0d3a-1b2c-4d5e-9f00-0123456789ab); acc-inactive-1';
  assert.equal(redact(text), text);
});

test('tokens and keys with a line break, space or control character are refused without being quoted', () => {
  for (const bad of ['abcd1234\nefgh5678', 'abcd1234 efgh5678', 'abcd1234\u0000efgh', 'abc', 'abcdé12345678']) {
    const problem = secretProblem(bad, 'email provider token');
    assert.ok(problem, JSON.stringify(bad));
    // eslint-disable-next-line no-control-regex
    for (const part of bad.split(/\s|\u0000/)) if (part.length >= 4) assert.ok(!problem.includes(part));
  }
  for (const good of ['local-postmark-server-token', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'ATCTT3xFfGN0abc_de-f=+/'])
    assert.equal(secretProblem(good, 'key'), null, good);
});
