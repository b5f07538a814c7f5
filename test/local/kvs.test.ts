import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Filter, FilterConditions, ForgeKvsAPIError, MetadataField, Sort, WhereConditions, kvs } from '@forge/kvs';
import { VirtualClock } from './clock';
import { type EntityDefinition, LocalKvs } from './kvs';

// Every call below goes through the real @forge/kvs package, which sends HTTP-shaped requests to
// global.__forge_fetch__; this stand-in forwards them to the LocalKvs under test, as the local runtime will.
type ForgeFetch = (target: unknown, path: string, init: { body: string }) => Promise<Response>;
let store: LocalKvs;
let clock: VirtualClock;
const targets: unknown[] = [];
(globalThis as unknown as { __forge_fetch__: ForgeFetch }).__forge_fetch__ = async (target, path, init) => {
  targets.push(target);
  const answer = store.handle(path, JSON.parse(init.body));
  return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
    status: answer.status,
    headers: { 'content-type': 'application/json' },
  });
};

interface RunItem {
  runId: string;
  accountId: string;
  status: string;
  lastActive: number;
  score?: number;
  exempt?: boolean;
  tags?: string[];
  note?: string | null;
}

const ENTITIES: EntityDefinition[] = [
  {
    name: 'run-item',
    attributes: {
      runId: { type: 'string' },
      accountId: { type: 'string' },
      status: { type: 'string' },
      lastActive: { type: 'integer' },
      score: { type: 'float' },
      exempt: { type: 'boolean' },
      tags: { type: 'any' },
      note: { type: 'string' },
    },
    indexes: [
      'lastActive',
      { name: 'by-run', partition: ['runId'], range: 'lastActive' },
      { name: 'by-run-status', partition: ['runId', 'status'], range: ['accountId'] },
    ],
  },
];

const START = '2026-03-01T00:00:00.000Z';
const MINUTE = 60 * 1000;

function freshStore(file?: string): LocalKvs {
  return new LocalKvs({ now: () => clock.now(), entities: ENTITIES, ...(file ? { file } : {}) });
}

beforeEach(() => {
  clock = new VirtualClock(START);
  store = freshStore();
});

async function rejectsWithCode(promise: Promise<unknown>, code: string, status?: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ForgeKvsAPIError, `expected ForgeKvsAPIError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (status !== undefined) assert.equal(error.responseDetails.status, status);
    return true;
  });
}

const item = (runId: string, accountId: string, lastActive: number, extra: Partial<RunItem> = {}): RunItem => ({
  runId,
  accountId,
  status: 'active',
  lastActive,
  ...extra,
});

describe('key-value store through @forge/kvs', () => {
  test('round-trips every JSON value type and forgets deleted keys', async () => {
    const values: unknown[] = ['text', 42, 1.5, true, false, null, [1, 'two', { three: 3 }], { nested: { list: [] } }];
    for (const [i, value] of values.entries()) {
      await kvs.set(`value:${i}`, value);
      assert.deepEqual(await kvs.get(`value:${i}`), value);
    }
    await kvs.delete('value:0');
    assert.equal(await kvs.get('value:0'), undefined);
    await kvs.delete('never-written'); // deleting a missing key succeeds, as on Forge
    assert.equal(await kvs.get('never-written'), undefined);
  });

  test('is reached as the app-provided kvs remote when no runtime kvs url is set', async () => {
    targets.length = 0;
    await kvs.set('probe', 1);
    assert.deepEqual(targets, [{ type: 'kvs', provider: 'app', remote: 'kvs' }]);
  });

  test('reports createdAt and updatedAt in epoch milliseconds; an overwrite keeps createdAt', async () => {
    await kvs.set('config', { v: 1 });
    clock.advanceBy(5 * MINUTE);
    await kvs.set('config', { v: 2 });
    const fields = [MetadataField.CREATED_AT, MetadataField.UPDATED_AT, MetadataField.EXPIRE_TIME];
    const got = await kvs.get<{ v: number }>('config', { metadataFields: fields });
    assert.deepEqual(got, {
      key: 'config',
      value: { v: 2 },
      createdAt: Date.parse(START),
      updatedAt: Date.parse(START) + 5 * MINUTE,
      expireTime: undefined,
    });
  });

  test('FAIL_IF_EXISTS refuses to overwrite with 409 KEY_CONFLICT and keeps the stored value', async () => {
    await kvs.set('lock:run', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
    await rejectsWithCode(kvs.set('lock:run', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }), 'KEY_CONFLICT', 409);
    assert.equal(await kvs.get('lock:run'), 'first');
    await kvs.set('lock:run', 'third', { keyPolicy: 'OVERRIDE' });
    assert.equal(await kvs.get('lock:run'), 'third');
  });

  test('returnValue gives back the previous or the latest value with the requested metadata', async () => {
    const none = await kvs.set('counter', 1, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
    assert.equal(none, undefined);
    clock.advanceBy(MINUTE);
    const previous = await kvs.set('counter', 2, {
      keyPolicy: 'OVERRIDE',
      returnValue: 'PREVIOUS',
      returnMetadataFields: [MetadataField.UPDATED_AT],
    });
    assert.deepEqual(previous, { key: 'counter', value: 1, updatedAt: Date.parse(START) });
    const latest = await kvs.set('counter', 3, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' });
    assert.deepEqual(latest, { key: 'counter', value: 3 });
  });

  test('returnValue together with FAIL_IF_EXISTS is refused', async () => {
    const options = { keyPolicy: 'FAIL_IF_EXISTS', returnValue: 'LATEST' } as unknown as {
      keyPolicy: 'OVERRIDE';
      returnValue: 'LATEST';
    };
    await rejectsWithCode(kvs.set('combo', 1, options), 'INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION', 400);
    assert.equal(await kvs.get('combo'), undefined);
  });

  test('a TTL hides the value once the clock passes its expiry, and reports expireTime', async () => {
    await kvs.set('session:1', { user: 'a' }, { ttl: { value: 1, unit: 'HOURS' } });
    const withExpiry = await kvs.get('session:1', { metadataFields: [MetadataField.EXPIRE_TIME] });
    assert.deepEqual(withExpiry, { key: 'session:1', value: { user: 'a' }, expireTime: '2026-03-01T01:00:00.000Z' });
    clock.advanceBy(59 * MINUTE);
    assert.deepEqual(await kvs.get('session:1'), { user: 'a' });
    clock.advanceBy(MINUTE);
    assert.equal(await kvs.get('session:1'), undefined);
    assert.deepEqual((await kvs.query().where('key', WhereConditions.beginsWith('session:')).getMany()).results, []);
    // An expired key no longer blocks FAIL_IF_EXISTS, and the new value gets a fresh createdAt.
    await kvs.set('session:1', { user: 'b' }, { keyPolicy: 'FAIL_IF_EXISTS' });
    const renewed = await kvs.get('session:1', { metadataFields: [MetadataField.CREATED_AT] });
    assert.deepEqual(renewed, { key: 'session:1', value: { user: 'b' }, createdAt: clock.now() });
  });

  test('a TTL must be a positive whole number of at most one year', async () => {
    await rejectsWithCode(kvs.set('t', 1, { ttl: { value: 0, unit: 'SECONDS' } }), 'INVALID_TTL', 400);
    await rejectsWithCode(kvs.set('t', 1, { ttl: { value: 1.5, unit: 'MINUTES' } }), 'INVALID_TTL', 400);
    await rejectsWithCode(kvs.set('t', 1, { ttl: { value: 366, unit: 'DAYS' } }), 'INVALID_TTL', 400);
    await kvs.set('t', 1, { ttl: { value: 365, unit: 'DAYS' } });
    assert.equal(await kvs.get('t'), 1);
  });

  test('keys must be 1 to 500 characters of the documented alphabet; refused keys write nothing', async () => {
    const longest = 'k'.repeat(500);
    await kvs.set(longest, 'ok');
    assert.equal(await kvs.get(longest), 'ok');
    await rejectsWithCode(kvs.set('k'.repeat(501), 'x'), 'KEY_TOO_LONG', 400);
    await rejectsWithCode(kvs.set('user/123', 'x'), 'INVALID_KEY', 400);
    await rejectsWithCode(kvs.set('   ', 'x'), 'INVALID_KEY', 400);
    await rejectsWithCode(kvs.set('', 'x'), 'KEY_TOO_SHORT', 400);
    await kvs.set('run:2026-03-01 #1_a.b', 'allowed characters');
    assert.equal(await kvs.get('run:2026-03-01 #1_a.b'), 'allowed characters');
    assert.equal(store.size().kvs, 2);
  });

  test('values may be 240 KiB of JSON and 31 levels deep, no more', async () => {
    const largest = 'x'.repeat(240 * 1024 - 2); // the quotes make it exactly 240 KiB of JSON
    await kvs.set('big', largest);
    assert.equal((await kvs.get<string>('big'))?.length, largest.length);
    await rejectsWithCode(kvs.set('too-big', `${largest}x`), 'MAX_SIZE', 400);
    assert.equal(await kvs.get('too-big'), undefined);

    const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { d: nest(levels - 1) });
    await kvs.set('deep', nest(31));
    await rejectsWithCode(kvs.set('too-deep', nest(32)), 'MAX_DEPTH', 400);
    assert.equal(await kvs.get('too-deep'), undefined);
  });
});

describe('key queries', () => {
  const seed = async () => {
    for (let i = 0; i < 25; i++) await kvs.set(`user:${String(i).padStart(3, '0')}`, { n: i });
    await kvs.set('other:1', 'x');
    await kvs.set('users', 'not under the prefix user: either');
  };

  test('pages by 10 when no limit is given, in key order, until no cursor is returned', async () => {
    await seed();
    const first = await kvs.query().where('key', WhereConditions.beginsWith('user:')).getMany<{ n: number }>();
    assert.equal(first.results.length, 10);
    assert.ok(first.nextCursor);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith('user:')).limit(7);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<{ n: number }>();
      seen.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
      assert.ok(seen.length <= 25, 'paging must end after the last key');
    } while (cursor);
    const expected = Array.from({ length: 25 }, (_, i) => `user:${String(i).padStart(3, '0')}`);
    assert.deepEqual(seen, expected);
  });

  test('without a where clause lists every key in order; getOne returns the first', async () => {
    await seed();
    const all = await kvs.query().limit(100).getMany();
    assert.equal(all.results.length, 27);
    assert.equal(all.nextCursor, undefined);
    assert.equal(all.results[0]?.key, 'other:1');
    assert.equal(all.results[26]?.key, 'users');
    assert.deepEqual(await kvs.query().getOne(), { key: 'other:1', value: 'x' });
  });

  test('a page limit above 100 or below 1 is refused with LIST_QUERY_LIMIT_EXCEEDED', async () => {
    await rejectsWithCode(kvs.query().limit(101).getMany(), 'LIST_QUERY_LIMIT_EXCEEDED', 400);
    await rejectsWithCode(kvs.query().limit(0).getMany(), 'LIST_QUERY_LIMIT_EXCEEDED', 400);
    await rejectsWithCode(kvs.query().cursor('not-a-cursor').getMany(), 'INVALID_CURSOR', 400);
  });

  test('returns requested metadata with each result', async () => {
    await kvs.set('m:1', 1, { ttl: { value: 2, unit: 'DAYS' } });
    const page = await kvs
      .query({ metadataFields: [MetadataField.CREATED_AT, MetadataField.EXPIRE_TIME] })
      .where('key', WhereConditions.beginsWith('m:'))
      .getMany();
    assert.deepEqual(page.results, [
      { key: 'm:1', value: 1, createdAt: Date.parse(START), expireTime: '2026-03-03T00:00:00.000Z' },
    ]);
  });
});

describe('secrets', () => {
  test('live in their own namespace, invisible to queries and dumps', async () => {
    await kvs.setSecret('org-api-key', 'secret-value');
    await kvs.set('org-api-key', 'plain-value');
    assert.equal(await kvs.getSecret('org-api-key'), 'secret-value');
    assert.equal(await kvs.get('org-api-key'), 'plain-value');
    const listed = await kvs.query().getMany();
    assert.deepEqual(listed.results, [{ key: 'org-api-key', value: 'plain-value' }]);
    assert.deepEqual(store.dump().secrets, ['org-api-key']);
    assert.ok(!JSON.stringify(store.dump()).includes('secret-value'));
    await kvs.deleteSecret('org-api-key');
    assert.equal(await kvs.getSecret('org-api-key'), undefined);
    assert.equal(await kvs.get('org-api-key'), 'plain-value');
  });

  test('honour the same key rules and key policy as plain values', async () => {
    await kvs.setSecret('token', 'a', { keyPolicy: 'FAIL_IF_EXISTS' });
    await rejectsWithCode(kvs.setSecret('token', 'b', { keyPolicy: 'FAIL_IF_EXISTS' }), 'KEY_CONFLICT', 409);
    await rejectsWithCode(kvs.setSecret('bad/key', 'b'), 'INVALID_KEY', 400);
    assert.equal(await kvs.getSecret('token'), 'a');
  });
});

describe('batch operations', () => {
  test('each item succeeds or fails on its own, with successfulKeys and failedKeys', async () => {
    const result = await kvs.batchSet<unknown>([
      { key: 'a', value: 1 },
      { key: 'bad/key', value: 2 },
      { key: 'item-1', value: item('run-1', 'acc-1', 10), entityName: 'run-item' },
      { key: 'item-2', value: { runId: 5 }, entityName: 'run-item' },
      { key: 'x', value: 1, entityName: 'undeclared' },
    ]);
    assert.deepEqual(result.successfulKeys, [{ key: 'a' }, { key: 'item-1', entityName: 'run-item' }]);
    assert.deepEqual(
      result.failedKeys.map((f) => [f.key, f.entityName, f.error.code]),
      [
        ['bad/key', undefined, 'INVALID_KEY'],
        ['item-2', 'run-item', 'INCORRECT_PROPERTY_TYPE'],
        ['x', 'undeclared', 'SCHEMA_NOT_FOUND'],
      ],
    );
    assert.equal(await kvs.get('a'), 1);
    assert.deepEqual(await kvs.entity<RunItem>('run-item').get('item-1'), item('run-1', 'acc-1', 10));
  });

  test('batchGet reports missing keys as KEY_NOT_FOUND and batchDelete removes', async () => {
    await kvs.batchSet([
      { key: 'a', value: 'A' },
      { key: 'b', value: 'B', options: { ttl: { value: 1, unit: 'MINUTES' } } },
    ]);
    const got = await kvs.batchGet([{ key: 'a' }, { key: 'b' }, { key: 'missing' }]);
    assert.deepEqual(got.successfulKeys, [
      { key: 'a', value: 'A' },
      { key: 'b', value: 'B' },
    ]);
    assert.deepEqual(got.failedKeys, [
      { key: 'missing', error: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' } },
    ]);
    clock.advanceBy(2 * MINUTE);
    assert.deepEqual(
      (await kvs.batchGet([{ key: 'b' }])).failedKeys.map((f) => f.error.code),
      ['KEY_NOT_FOUND'],
    );
    const deleted = await kvs.batchDelete([{ key: 'a' }, { key: 'missing' }]);
    assert.deepEqual(deleted, { successfulKeys: [{ key: 'a' }, { key: 'missing' }], failedKeys: [] });
    assert.equal(await kvs.get('a'), undefined);
  });

  test('more than 25 items or a repeated key fails the whole batch', async () => {
    const items = Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: i }));
    await rejectsWithCode(kvs.batchSet(items), 'TOO_MANY_BATCH_ENTITIES', 400);
    await rejectsWithCode(kvs.batchGet(items.map(({ key }) => ({ key }))), 'TOO_MANY_BATCH_ENTITIES', 400);
    await rejectsWithCode(
      kvs.batchSet([
        { key: 'same', value: 1 },
        { key: 'same', value: 2 },
      ]),
      'KEY_DUPLICATION_ERROR',
      400,
    );
    assert.equal(store.size().kvs, 0);
    const accepted = await kvs.batchSet(items.slice(0, 25));
    assert.equal(accepted.successfulKeys.length, 25);
  });
});

describe('custom entities', () => {
  const runItems = () => kvs.entity<RunItem>('run-item');

  test('only declared entities exist: anything else is 404 SCHEMA_NOT_FOUND', async () => {
    await rejectsWithCode(kvs.entity('users').set('u1', { a: 1 }), 'SCHEMA_NOT_FOUND', 404);
    await rejectsWithCode(kvs.entity('users').get('u1'), 'SCHEMA_NOT_FOUND', 404);
    await rejectsWithCode(kvs.entity('users').query().index('by-key').getMany(), 'SCHEMA_NOT_FOUND', 404);
  });

  test('attribute types are enforced and undeclared attributes refused; refused values write nothing', async () => {
    await runItems().set('ok', item('r', 'a', 2147483647, { score: 0.25, exempt: true, tags: ['x'], note: null }));
    await rejectsWithCode(runItems().set('i1', item('r', 'a', 2147483648)), 'INCORRECT_PROPERTY_TYPE', 400);
    const stringForInteger = { ...item('r', 'a', 1), lastActive: '5' } as unknown as RunItem;
    await rejectsWithCode(runItems().set('i2', stringForInteger), 'INCORRECT_PROPERTY_TYPE', 400);
    const textForFloat = { ...item('r', 'a', 1), score: '0.5' } as unknown as RunItem;
    await rejectsWithCode(runItems().set('i3', textForFloat), 'INCORRECT_PROPERTY_TYPE');
    const undeclared = { ...item('r', 'a', 1), lastLogin: 5 } as unknown as RunItem;
    await rejectsWithCode(runItems().set('i4', undeclared), 'INVALID_ENTITY_VALUE', 400);
    await rejectsWithCode(kvs.entity<string>('run-item').set('i5', 'not an object'), 'INVALID_ENTITY_VALUE', 400);
    await rejectsWithCode(runItems().set('', item('r', 'a', 1)), 'EMPTY_KEY', 400);
    assert.equal(store.size().entities, 1);
    assert.equal(await runItems().get('i1'), undefined);
  });

  test('get, set with metadata, and delete', async () => {
    await runItems().set('x', item('run-1', 'acc', 7), { ttl: { value: 10, unit: 'MINUTES' } });
    const got = await runItems().get('x', { metadataFields: [MetadataField.UPDATED_AT, MetadataField.EXPIRE_TIME] });
    assert.deepEqual(got, {
      key: 'x',
      value: item('run-1', 'acc', 7),
      updatedAt: Date.parse(START),
      expireTime: '2026-03-01T00:10:00.000Z',
    });
    await rejectsWithCode(
      runItems().set('x', item('run-1', 'acc', 8), { keyPolicy: 'FAIL_IF_EXISTS' }),
      'KEY_CONFLICT',
    );
    await runItems().delete('x');
    assert.equal(await runItems().get('x'), undefined);
  });

  const seedRuns = async () => {
    // run-1: 12 items with lastActive 0..11, every third one suspended; run-2: 3 items.
    for (let i = 0; i < 12; i++) {
      await runItems().set(
        `run-1:acc-${String(i).padStart(2, '0')}`,
        item('run-1', `acc-${String(i).padStart(2, '0')}`, i * 10, {
          status: i % 3 === 0 ? 'suspended' : 'active',
          tags: i % 2 === 0 ? ['even'] : ['odd'],
          ...(i < 4 ? { exempt: true } : {}),
        }),
      );
    }
    for (let i = 0; i < 3; i++) await runItems().set(`run-2:acc-${i}`, item('run-2', `acc-${i}`, 1000 + i));
  };

  test('a simple index orders by its attribute, with where, sort and limit', async () => {
    await seedRuns();
    const oldest = await runItems().query().index('lastActive').where(WhereConditions.lessThan(30)).getMany();
    assert.deepEqual(
      oldest.results.map((r) => r.value.lastActive),
      [0, 10, 20],
    );
    const newest = await runItems().query().index('lastActive').sort(Sort.DESC).limit(2).getMany();
    assert.deepEqual(
      newest.results.map((r) => r.value.lastActive),
      [1002, 1001],
    );
    assert.ok(newest.nextCursor);
    const one = await runItems().query().index('lastActive').where(WhereConditions.greaterThanEqualTo(1001)).getOne();
    assert.equal(one?.key, 'run-2:acc-1');
  });

  test('a partitioned range index pages through one partition in range order across cursors', async () => {
    await seedRuns();
    const collected: number[] = [];
    let cursor: string | undefined;
    do {
      let query = runItems()
        .query()
        .index('by-run', { partition: ['run-1'] })
        .where(WhereConditions.between(20, 100))
        .sort(Sort.DESC)
        .limit(3);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      assert.ok(page.results.length <= 3);
      collected.push(...page.results.map((r) => r.value.lastActive));
      cursor = page.nextCursor;
      assert.ok(collected.length <= 9, 'paging must end after the last match');
    } while (cursor);
    assert.deepEqual(collected, [100, 90, 80, 70, 60, 50, 40, 30, 20]);
    const run2 = await runItems()
      .query()
      .index('by-run', { partition: ['run-2'] })
      .getMany();
    assert.deepEqual(
      run2.results.map((r) => r.key),
      ['run-2:acc-0', 'run-2:acc-1', 'run-2:acc-2'],
    );
  });

  test('a cursor still continues after the last returned item was deleted', async () => {
    await seedRuns();
    const first = await runItems()
      .query()
      .index('by-run', { partition: ['run-1'] })
      .limit(4)
      .getMany();
    const lastKey = first.results[3]?.key;
    assert.ok(lastKey && first.nextCursor);
    await runItems().delete(lastKey);
    const next = await runItems()
      .query()
      .index('by-run', { partition: ['run-1'] })
      .limit(2)
      .cursor(first.nextCursor)
      .getMany();
    assert.deepEqual(
      next.results.map((r) => r.value.lastActive),
      [40, 50],
    );
  });

  test('a composite partition narrows to runId and status, ranged on accountId', async () => {
    await seedRuns();
    const suspended = await runItems()
      .query()
      .index('by-run-status', { partition: ['run-1', 'suspended'] })
      .where(WhereConditions.beginsWith('acc-0'))
      .getMany();
    assert.deepEqual(
      suspended.results.map((r) => r.value.accountId),
      ['acc-00', 'acc-03', 'acc-06', 'acc-09'],
    );
  });

  test('filters combine with and / or over any attribute', async () => {
    await seedRuns();
    const partition = { partition: ['run-1'] };
    const keys = async (
      filter: Filter<RunItem> | ReturnType<Filter<RunItem>['and']> | ReturnType<Filter<RunItem>['or']>,
    ) =>
      (await runItems().query().index('by-run', partition).filters(filter).limit(100).getMany()).results.map(
        (r) => r.value.lastActive,
      );
    assert.deepEqual(
      await keys(
        new Filter<RunItem>()
          .and('status', FilterConditions.equalTo('suspended'))
          .and('tags', FilterConditions.contains('even')),
      ),
      [0, 60],
    );
    assert.deepEqual(
      await keys(
        new Filter<RunItem>()
          .or('lastActive', FilterConditions.greaterThan(100))
          .or('exempt', FilterConditions.equalTo(true)),
      ),
      [0, 10, 20, 30, 110],
    );
    assert.deepEqual(
      await keys(new Filter<RunItem>().and('exempt', FilterConditions.notExists())),
      [40, 50, 60, 70, 80, 90, 100, 110],
    );
    assert.deepEqual(
      await keys(
        new Filter<RunItem>()
          .and('accountId', FilterConditions.notContains('acc-0'))
          .and('status', FilterConditions.notEqualTo('suspended')),
      ),
      [100, 110],
    );
    assert.deepEqual(
      await keys(new Filter<RunItem>().and('accountId', FilterConditions.between('acc-02', 'acc-04'))),
      [20, 30, 40],
    );
  });

  test('the by-key index lists entities in key order and expired entities drop out', async () => {
    await runItems().set('b', item('r', 'b', 1), { ttl: { value: 30, unit: 'SECONDS' } });
    await runItems().set('a', item('r', 'a', 2));
    await runItems().set('c', item('r', 'c', 3));
    const all = await runItems()
      .query({ metadataFields: [MetadataField.EXPIRE_TIME] })
      .index('by-key')
      .getMany();
    assert.deepEqual(
      all.results.map((r) => [r.key, r.expireTime]),
      [
        ['a', undefined],
        ['b', '2026-03-01T00:00:30.000Z'],
        ['c', undefined],
      ],
    );
    clock.advanceBy(MINUTE);
    const later = await runItems().query().index('by-key').where(WhereConditions.greaterThan('a')).getMany();
    assert.deepEqual(
      later.results.map((r) => r.key),
      ['c'],
    );
  });

  test('query refusals: page limit, unknown index, wrong partition, bad filter groups', async () => {
    await rejectsWithCode(
      runItems().query().index('lastActive').limit(101).getMany(),
      'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
      400,
    );
    await rejectsWithCode(runItems().query().index('by-status').getMany(), 'INVALID_INDEX', 400);
    await rejectsWithCode(runItems().query().index('by-run').getMany(), 'INVALID_PARTITION', 400);
    await rejectsWithCode(
      runItems()
        .query()
        .index('lastActive', { partition: ['x'] })
        .getMany(),
      'INVALID_PARTITION',
      400,
    );
    // The SDK never builds these; the service refuses them all the same.
    const raw = (filters: unknown) =>
      store.handle('/api/v1/entity/query', { entityName: 'run-item', indexName: 'lastActive', filters });
    assert.deepEqual(raw({ and: [], or: [] }).body, {
      code: 'INVALID_FILTER_OPERATORS_COMBINATION',
      message: 'Filter operators "and" and "or" cannot be present at the same level.',
    });
    assert.equal((raw({ and: [] }).body as { code: string }).code, 'EMPTY_FILTER_OPERATOR');
    assert.equal(
      (raw({ and: [{ property: 'score', condition: 'BETWEEN', values: [1] }] }).body as { code: string }).code,
      'INSUFFICIENT_FILTER_VALUES',
    );
    assert.equal(
      (raw({ and: [{ property: 'score', condition: 'MATCHES', values: [1] }] }).body as { code: string }).code,
      'INVALID_FILTER_CONDITION',
    );
  });
});

describe('transactions', () => {
  const runItems = () => kvs.entity<RunItem>('run-item');
  const stillActive = () => new Filter<RunItem>().and('status', FilterConditions.equalTo('active'));

  test('commit sets and deletes across the KVS and entities together when every condition holds', async () => {
    await kvs.set('old', 1);
    await runItems().set('u1', item('run-1', 'u1', 5));
    await runItems().set('u2', item('run-1', 'u2', 6));
    await kvs
      .transact()
      .set('summary', { done: 1 }, undefined, { ttl: { value: 1, unit: 'DAYS' } })
      .set('u1', item('run-1', 'u1', 5, { status: 'suspended' }), { entityName: 'run-item', conditions: stillActive() })
      .delete('old')
      .check('u2', { entityName: 'run-item', conditions: stillActive() })
      .execute();
    assert.equal(await kvs.get('old'), undefined);
    assert.deepEqual(await kvs.get('summary', { metadataFields: [MetadataField.EXPIRE_TIME] }), {
      key: 'summary',
      value: { done: 1 },
      expireTime: '2026-03-02T00:00:00.000Z',
    });
    assert.equal((await runItems().get('u1'))?.status, 'suspended');
  });

  test('a failed condition aborts everything with CONDITIONAL_CHECK_FAILED', async () => {
    await kvs.set('keep', 'kept');
    await runItems().set('u1', item('run-1', 'u1', 5, { status: 'suspended' }));
    await runItems().set('u2', item('run-1', 'u2', 6));
    const attempt = kvs
      .transact()
      .set('written', 'never')
      .delete('keep')
      .set('u2', item('run-1', 'u2', 6, { status: 'suspended' }), { entityName: 'run-item' })
      .delete('u1', { entityName: 'run-item', conditions: stillActive() })
      .execute();
    await rejectsWithCode(attempt, 'CONDITIONAL_CHECK_FAILED', 400);
    assert.equal(await kvs.get('written'), undefined);
    assert.equal(await kvs.get('keep'), 'kept');
    assert.equal((await runItems().get('u2'))?.status, 'active');
    assert.ok(await runItems().get('u1'));
  });

  test('a check on a missing entity fails the transaction', async () => {
    const attempt = kvs
      .transact()
      .set('x', 1)
      .check('ghost', { entityName: 'run-item', conditions: stillActive() })
      .execute();
    await rejectsWithCode(attempt, 'CONDITIONAL_CHECK_FAILED', 400);
    assert.equal(await kvs.get('x'), undefined);
  });

  test('an invalid operation refuses the whole transaction before anything is written', async () => {
    const attempt = kvs
      .transact()
      .set('first', 1)
      .set('u1', { ...item('r', 'u1', 1), lastActive: 'soon' } as unknown as RunItem, { entityName: 'run-item' })
      .execute();
    await rejectsWithCode(attempt, 'INCORRECT_PROPERTY_TYPE', 400);
    await rejectsWithCode(
      kvs
        .transact()
        .set('big', 'x'.repeat(240 * 1024))
        .set('second', 2)
        .execute(),
      'MAX_SIZE',
    );
    assert.equal(store.size().kvs, 0);
    assert.equal(store.size().entities, 0);
  });

  test('limits: at most 25 operations, each key once, at least one operation, conditions on entities only', async () => {
    let tooMany = kvs.transact();
    for (let i = 0; i < 26; i++) tooMany = tooMany.set(`k${i}`, i);
    await rejectsWithCode(tooMany.execute(), 'UNPROCESSABLE_ENTITY', 422);
    let enough = kvs.transact();
    for (let i = 0; i < 25; i++) enough = enough.set(`k${i}`, i);
    await enough.execute();
    assert.equal(store.size().kvs, 25);

    await rejectsWithCode(kvs.transact().set('k0', 'a').delete('k0').execute(), 'KEY_DUPLICATION_ERROR', 400);
    assert.equal(await kvs.get('k0'), 0);
    await rejectsWithCode(kvs.transact().execute(), 'INVALID_TRANSACTION_REQUEST', 400);
    const conditionOnPlainKey = store.handle('/api/v1/transaction', {
      set: [{ key: 'k1', value: 'x', conditions: { and: [{ property: 'a', condition: 'EXISTS', values: [true] }] } }],
    });
    assert.equal(conditionOnPlainKey.status, 400);
    assert.equal(await kvs.get('k1'), 1);
  });
});

describe('persistence', () => {
  const directories: string[] = [];
  after(() => {
    for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  });
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-kvs-'));
    directories.push(dir);
    return { dir, file: join(dir, '.local', 'kvs.json') };
  };

  test('a second instance on the same file sees values, secrets, entities and metadata', async () => {
    const { dir, file } = tempFile();
    store = freshStore(file);
    await kvs.set('settings', { mode: 'test' });
    await kvs.set('soon-gone', 1, { ttl: { value: 1, unit: 'MINUTES' } });
    await kvs.set('later-gone', 2, { ttl: { value: 1, unit: 'DAYS' } });
    await kvs.setSecret('org-key', 'k-123');
    await kvs.entity<RunItem>('run-item').set('u1', item('run-1', 'u1', 5));
    clock.advanceBy(2 * MINUTE);
    store.save();
    assert.deepEqual(readdirSync(join(dir, '.local')), ['kvs.json']); // the temporary file was renamed away

    store = freshStore(file);
    assert.deepEqual(await kvs.get('settings', { metadataFields: [MetadataField.CREATED_AT] }), {
      key: 'settings',
      value: { mode: 'test' },
      createdAt: Date.parse(START),
    });
    assert.equal(await kvs.get('soon-gone'), undefined);
    assert.deepEqual(await kvs.get('later-gone', { metadataFields: [MetadataField.EXPIRE_TIME] }), {
      key: 'later-gone',
      value: 2,
      expireTime: '2026-03-02T00:00:00.000Z',
    });
    assert.equal(await kvs.getSecret('org-key'), 'k-123');
    const found = await kvs
      .entity<RunItem>('run-item')
      .query()
      .index('by-run', { partition: ['run-1'] })
      .getMany();
    assert.deepEqual(found.results, [{ key: 'u1', value: item('run-1', 'u1', 5) }]);
    assert.deepEqual(store.size(), { kvs: 2, secrets: 1, entities: 1 });
  });

  test('clear() empties the store, and a damaged file is reported instead of being emptied', () => {
    const { file } = tempFile();
    const first = freshStore(file);
    first.handle('/api/v1/set', { key: 'a', value: 1 });
    first.clear();
    assert.deepEqual(first.size(), { kvs: 0, secrets: 0, entities: 0 });
    first.save();
    writeFileSync(file, '{ "format": "something else" }');
    assert.throws(() => freshStore(file), /not a local KVS snapshot/);
    assert.throws(() => freshStore().save(), /no file was given/);
  });
});

describe('metrics', () => {
  test('count requests, and reads and writes in started 10 KB units per key', async () => {
    await kvs.set('blob', 'y'.repeat(25 * 1024));
    assert.deepEqual(store.metrics, { requests: 1, reads: 0, writes: 3, throttled: 0 });
    await kvs.get('blob');
    assert.deepEqual(store.metrics, { requests: 2, reads: 3, writes: 3, throttled: 0 });
    store.resetMetrics();

    // Per key, not per request: a batch of ten 1 KB values costs what ten single sets cost.
    const tenSmall = Array.from({ length: 10 }, (_, i) => ({ key: `s${i}`, value: 'z'.repeat(900) }));
    await kvs.batchSet(tenSmall);
    assert.deepEqual(store.metrics, { requests: 1, reads: 0, writes: 10, throttled: 0 });
    for (const { key, value } of tenSmall) await kvs.set(key, value);
    assert.equal(store.metrics.writes, 20);
    await kvs.batchGet(tenSmall.map(({ key }) => ({ key })));
    assert.equal(store.metrics.reads, 10);
    await kvs.query().where('key', WhereConditions.beginsWith('s')).limit(5).getMany();
    assert.equal(store.metrics.reads, 15);

    await rejectsWithCode(kvs.set('bad/key', 1), 'INVALID_KEY');
    assert.deepEqual(store.metrics, { requests: 14, reads: 15, writes: 20, throttled: 0 });
    await kvs.get('missing');
    assert.deepEqual(store.metrics, { requests: 15, reads: 16, writes: 20, throttled: 0 });
    await rejectsWithCode(kvs.set('s0', 'again', { keyPolicy: 'FAIL_IF_EXISTS' }), 'KEY_CONFLICT');
    assert.deepEqual(store.metrics, { requests: 16, reads: 16, writes: 21, throttled: 0 });
    await kvs.delete('s0');
    assert.equal(store.metrics.writes, 22);
  });
});

describe('quotas', () => {
  const ninety = 'q'.repeat(9 * 1024); // one unit each
  test('4000 write units a minute: past them 429 RATE_LIMIT_EXCEEDED through @forge/kvs, until the next minute', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ key: `w${i}`, value: ninety }));
    for (let i = 0; i < 160; i += 1) await kvs.batchSet(items); // 160 × 25 = 4000 units
    assert.equal(store.metrics.writes, 4000);
    const error = await kvs.set('one-more', 1).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ForgeKvsAPIError);
    assert.equal(error.code, 'RATE_LIMIT_EXCEEDED');
    assert.equal(error.responseDetails.status, 429);
    assert.equal(store.metrics.throttled, 1);
    assert.equal(await kvs.get('one-more'), undefined); // reads have their own quota: the refused set wrote nothing
    assert.equal(await kvs.get('w0'), ninety);
    clock.advanceBy(60_000);
    await kvs.set('one-more', 1);
    assert.equal(await kvs.get('one-more'), 1);
  });

  test('4000 read units a minute, counted per key read', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ key: `r${i}`, value: ninety }));
    await kvs.batchSet(items);
    for (let i = 0; i < 160; i += 1) await kvs.batchGet(items.map(({ key }) => ({ key })));
    assert.equal(store.metrics.reads, 4000);
    await rejectsWithCode(kvs.get('r0'), 'RATE_LIMIT_EXCEEDED');
    await kvs.set('still-writable', 1);
    clock.advanceBy(60_000);
    assert.equal(await kvs.get('r0'), ninety);
  });

  test('1000 requests a second, with Retry-After', async () => {
    for (let i = 0; i < 1000; i += 1) store.handle('/api/v1/delete', { key: 'gone' });
    const answer = store.handle('/api/v1/delete', { key: 'gone' });
    assert.equal(answer.status, 429);
    assert.equal((answer.body as { code: string }).code, 'RATE_LIMIT_EXCEEDED');
    assert.equal(answer.headers?.['retry-after'], '1');
    clock.advanceBy(1000);
    assert.equal(store.handle('/api/v1/delete', { key: 'gone' }).status, 204);
  });

  test('can be switched off', () => {
    const free = new LocalKvs({ now: () => clock.now(), quotas: false });
    for (let i = 0; i < 5000; i += 1) assert.equal(free.handle('/api/v1/delete', { key: 'gone' }).status, 204);
    assert.equal(free.metrics.throttled, 0);
  });
});

describe('entity declarations', () => {
  test('are checked like forge deploy would, with a message naming the problem', () => {
    const withIndex = (indexes: EntityDefinition['indexes']): EntityDefinition[] => [
      { name: 'thing', attributes: { a: { type: 'string' } }, indexes },
    ];
    assert.throws(
      () => new LocalKvs({ now: Date.now, entities: withIndex(['b']) }),
      /uses "b", which is not a declared/,
    );
    assert.throws(
      () => new LocalKvs({ now: Date.now, entities: withIndex(Array.from({ length: 8 }, () => 'a')) }),
      /at most 7 indexes/,
    );
    assert.throws(
      () => new LocalKvs({ now: Date.now, entities: [{ name: 'X', attributes: {} }] }),
      /custom entity "X" is not a valid declaration/,
    );
    assert.throws(
      () => new LocalKvs({ now: Date.now, entities: [...withIndex([]), ...withIndex([])] }),
      /declared twice/,
    );
  });

  test('an unknown path answers 404 with a developer-readable message', () => {
    const answer = store.handle('/api/v2/get', { key: 'a' });
    assert.equal(answer.status, 404);
    assert.match((answer.body as { message: string }).message, /does not implement \/api\/v2\/get/);
  });
});
