/**
 * Bad input from a careless admin or an attacker (issue 17, cases 5 to 7): every id has a shape, checked before
 * anything reaches storage; an id of the right shape that names nothing is NOT_FOUND; refusals are cut to size;
 * values for accounts the site does not have, unknown filter keys and control characters are refused, naming them.
 * Each refusal changes nothing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { INACTIVE, smallSite } from '../engine/fixtures';
import type { Answer, ResolverError } from '../../src/contract';

const local = new LocalSite({ siteFile: smallSite(), quotas: false });
after(() => local.close());

/** Calls a resolver as the admin; returns its refusal, asserting it stored nothing. */
async function refusal(name: string, payload: unknown): Promise<ResolverError> {
  const writes = local.kvs.writesCarriedOut;
  const answer = (await local.forge.invokeResolver(name, payload, {
    accountId: local.adminAccountId,
  })) as Answer<unknown>;
  assert.equal(answer.ok, false, `${name} refused ${JSON.stringify(payload)?.slice(0, 100)}`);
  assert.equal(local.kvs.writesCarriedOut, writes, `${name}: the refusal stored nothing`);
  return (answer as { error: ResolverError }).error;
}

test('ids of the wrong shape are refused as invalid input before storage sees them, quoting at most 200 characters', async () => {
  const huge = 'r'.repeat(1_000_000);
  for (const [name, payload, field] of [
    ['runs/get', { runId: '' }, 'runId'],
    ['runs/get', { runId: ' ' }, 'runId'],
    ['runs/get', { runId: 'a\u0000b' }, 'runId'],
    ['runs/progress', { runId: huge }, 'runId'],
    ['schemes/get', { id: 'has space' }, 'id'],
    ['schemes/review', { id: '' }, 'id'],
    ['deletions/cancel', { schemeId: 'x', accountId: 'bob@acme.com\n' }, 'accountId'],
    ['fields/delete', { id: '../etc' }, 'id'],
    ['users/names', { accountIds: ['ok-1', '#'] }, 'accountIds.1'],
    ['runs/list', { cursor: 'a\u0000' }, 'cursor'],
  ] as const) {
    const error = await refusal(name, payload);
    assert.equal(error.code, 'INVALID_INPUT', `${name}: ${error.message}`);
    assert.ok(error.fields && field in error.fields, `${name} names ${field}: ${JSON.stringify(error.fields)}`);
    assert.ok(JSON.stringify(error).length < 2_000, `${name}: a short refusal`);
  }
});

test('an id of the right shape that names nothing is NOT_FOUND, with a sentence', async () => {
  for (const [name, payload] of [
    ['schemes/get', { id: 'no-such-scheme' }],
    ['schemes/review', { id: 'no-such-scheme' }],
    ['schemes/runNow', { id: 'no-such-scheme' }],
    ['runs/get', { runId: 'no-such-run' }],
    ['runs/outcomes', { runId: 'no-such-run' }],
    ['runs/cancel', { runId: 'no-such-run' }],
    ['runs/undoPreview', { runId: 'no-such-run' }],
    ['runs/applyPreview', { runId: 'no-such-run' }],
    ['bulk/results', { runId: 'no-such-run' }],
    ['fields/delete', { id: 'no-such-field' }],
    ['deletions/cancel', { schemeId: 'no-such-scheme', accountId: INACTIVE[0] }],
    ['restores/decide', { runId: 'no-such-run', accountId: INACTIVE[0], decision: 'approve' }],
  ] as const) {
    const error = await refusal(name, payload);
    assert.equal(error.code, 'NOT_FOUND', `${name}: ${error.code} ${error.message}`);
    assert.match(error.message, /^[A-Z].{10,}[.)]$/, `${name}: a sentence`);
  }
});

test('a page cursor the app never gave is refused with "reload the list", not a storage error', async () => {
  for (const name of ['runs/list', 'audit/list', 'warnings/list', 'deletions/list', 'restores/list', 'fields/export']) {
    const error = await refusal(name, { cursor: 'not-a-cursor' });
    assert.equal(error.code, 'INVALID_INPUT', `${name}: ${error.message}`);
    assert.match(error.message, /reload the list/);
  }
});

test('schemes/preview refuses a name that is not text and starts no run', async () => {
  for (const name of [42, { first: 'x' }, ['a'], true]) {
    const error = await refusal('schemes/preview', {
      scheme: { name, filter: { inactiveDays: 90 }, actions: [{ type: 'removeAccess' }] },
    });
    assert.equal(error.code, 'INVALID_INPUT');
    assert.deepEqual(Object.keys(error.fields ?? {}), ['name']);
  }
  const runs = await local.call<{ runs: unknown[] }>('runs/list', {});
  assert.equal(runs.runs.length, 0, 'no preview run was started');
});

test('a 100,000-element scheme is refused in a few kilobytes: 20 problems listed, each value quoted to 200 characters', async () => {
  const actions = Array.from({ length: 100_000 }, (_, index) => ({ type: `nope-${index}`, note: 'z'.repeat(400) }));
  for (const name of ['schemes/preview', 'schemes/save', 'schemes/validate']) {
    const answer = (await local.forge.invokeResolver(
      name,
      { scheme: { name: 'y'.repeat(5_000), filter: { inactiveDays: 90 }, actions } },
      { accountId: local.adminAccountId },
    )) as Answer<{ fields?: Record<string, string> }>;
    const size = JSON.stringify(answer).length;
    assert.ok(size < 20_000, `${name} answered ${size} characters`);
    const fields = answer.ok ? answer.data.fields : answer.error.fields;
    assert.ok(fields && Object.keys(fields).length <= 20, `${name}: at most 20 problems`);
    if (!answer.ok) {
      assert.match(answer.error.message, /more problems/);
      assert.ok(answer.error.message.split('\n').filter((line) => /^\s+- /.test(line)).length <= 21);
    }
  }
});

test('fields/setValues refuses an account id that is not a user of the site, naming it and saving nothing', async () => {
  const fields = await local.call<{ fields: Array<{ id: string }> }>('fields/save', {
    field: { name: 'Team', type: 'text' },
  });
  const fieldId = fields.fields[0]!.id;
  const error = await refusal('fields/setValues', { accountId: 'acc-nobody', values: { [fieldId]: 'Blue' } });
  assert.equal(error.code, 'INVALID_INPUT');
  assert.match(error.message, /"acc-nobody" is not a user of this site/);
  const saved = await local.call<{ values: Record<string, string> }>('fields/setValues', {
    accountId: INACTIVE[0],
    values: { [fieldId]: 'Blue' },
  });
  assert.deepEqual(saved.values, { [fieldId]: 'Blue' }, 'a user of the site is given values');
});

test('field names and options with control characters are refused', async () => {
  for (const field of [
    { name: 'Team\u0000', type: 'text' },
    { name: 'Cost\ncentre', type: 'text' },
    { name: 'Level', type: 'choice', options: ['ok', 'bad\u001b[31m'] },
  ]) {
    const error = await refusal('fields/save', { field });
    assert.equal(error.code, 'INVALID_INPUT');
    assert.match(error.message, /control characters/);
  }
});

test('bulk/find refuses a __proto__ or any unknown filter key, naming it, and starts no run', async () => {
  for (const filter of [
    JSON.parse('{"inactiveDays": 90, "__proto__": {"inactiveDays": 1}}') as unknown,
    { inactiveDays: 90, constructor: 1 },
    { inactiveDays: 90, inactiveDayz: 30 },
  ]) {
    const error = await refusal('bulk/find', { filter });
    assert.equal(error.code, 'INVALID_INPUT', error.message);
    const key = Object.keys(filter as object).find((name) => name !== 'inactiveDays')!;
    assert.ok(error.message.includes(key), `names ${key}: ${error.message}`);
  }
  assert.equal(({} as Record<string, unknown>).inactiveDays, undefined, 'no prototype was polluted');
});
