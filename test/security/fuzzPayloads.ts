/**
 * Payload generators for the resolver fuzz suite (./fuzz.test.ts), built from each resolver's zod schema
 * (src/contract/): valid-looking payloads follow the schema's shape (ids from the seeded installation or of the
 * right shape, enum values, small numbers), mixed with what an attacker or a broken page sends: wrong types, empty,
 * huge and control-character strings, `__proto__`/`constructor` keys, deep nesting and big arrays.
 *
 * The hostile values are made once and shared (a 1 MB string is not rebuilt for every case), so generating a
 * payload costs microseconds.
 */
import fc from 'fast-check';
import type { z } from 'zod';

/** Ids that exist on the fuzzed installation, by what they name. */
export interface KnownIds {
  schemeIds: string[];
  runIds: string[];
  fieldIds: string[];
  accountIds: string[];
  groupIds: string[];
  groupNames: string[];
}

const HUGE = 'x'.repeat(1_000_000);
const LONG = 'a'.repeat(300);
/** Built by JSON.parse, as the bridge delivers it: `__proto__` is an own key, not the prototype. */
const PROTO = (): unknown =>
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"toString":1}');
function deep(levels: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < levels; i += 1) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}
const DEEP = deep(400);
const BIG_ARRAY = Array.from({ length: 10_000 }, (_, index) => `item-${index}`);
const BIG_OBJECT_ARRAY = Array.from({ length: 5_000 }, () => ({ type: 'nope' }));

export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'abc\u0000def',
  'line\nbreak',
  '\r\n',
  '\u001b[31m',
  '\u007f',
  LONG,
  HUGE,
  '../../etc/passwd',
  'a b',
  '#',
  '-',
  ':',
  '<script>alert(1)</script>',
  '"quoted"',
  '=cmd|calc!A1',
  '__proto__',
  'constructor',
  'ids:with:colons',
  '\ud800',
  '😀',
];

/** A value of any type an attacker might send instead of the right one. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>(...NASTY_STRINGS) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e21, -0, Number.MAX_SAFE_INTEGER + 2, [], {}),
  },
  { weight: 2, arbitrary: fc.constant(null).map(PROTO) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(DEEP, BIG_ARRAY, BIG_OBJECT_ARRAY) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
);

const idShaped = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/);

type Def = { type: string } & Record<string, unknown>;
function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

/** Strings by the key that holds them: ids from the installation or of an id's shape, dates, emails, text. */
function stringFor(key: string, ids: KnownIds): fc.Arbitrary<unknown> {
  const pick = (pool: string[]) => (pool.length > 0 ? fc.oneof(fc.constantFrom(...pool), idShaped) : idShaped);
  const lower = key.toLowerCase();
  let shaped: fc.Arbitrary<unknown>;
  if (/runid|testrunid|findrunid/.test(lower)) shaped = pick(ids.runIds);
  else if (lower === 'schemeid') shaped = pick(ids.schemeIds);
  else if (lower === 'id') shaped = pick([...ids.schemeIds, ...ids.fieldIds]);
  else if (/account|users|exclude|recipients|actor|subject/.test(lower)) shaped = pick(ids.accountIds);
  else if (/group/.test(lower)) shaped = pick(ids.groupIds);
  else if (/email|address|^to$/.test(lower)) shaped = fc.emailAddress();
  else if (/from|to|before/.test(lower)) shaped = fc.constantFrom('2026-05-01', '2026-05-01T00:00:00Z', 'yesterday');
  else if (lower === 'url') shaped = fc.constantFrom('https://acme.atlassian.net/wiki/x', 'javascript:alert(1)');
  else if (lower === 'text') shaped = fc.constantFrom('{"name":"x"}', 'accountId,Team\nacc-active-1,Blue\n', '{');
  else shaped = fc.string({ maxLength: 30 });
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) });
}

/** A scheme (or a field, or an action list) as the editor sends it, often almost right. */
function schemeLike(ids: KnownIds): fc.Arbitrary<unknown> {
  const group = ids.groupNames.length > 0 ? fc.constantFrom(...ids.groupNames) : fc.string({ maxLength: 10 });
  const action = fc.oneof(
    fc.constant({ type: 'removeAccess' }),
    fc.record({ type: fc.constant('removeAccess'), offerRestore: fc.boolean() }),
    fc.constant({ type: 'suspend' }),
    fc.record({ type: fc.constant('notify'), graceDays: fc.integer({ min: -1, max: 40 }) }),
    fc.record({ type: fc.constantFrom('addGroups', 'removeGroups'), groups: fc.array(group, { maxLength: 3 }) }),
    fc.record({ type: fc.string({ maxLength: 8 }) }),
  );
  const filter = fc.record(
    {
      inactiveDays: fc.oneof(fc.integer({ min: -5, max: 400 }), nastyValue),
      groups: fc.record({ anyOf: fc.array(group, { maxLength: 2 }) }),
      includeNeverActive: fc.boolean(),
    },
    { requiredKeys: ['inactiveDays'] },
  );
  const scheme = fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 20 }), nastyValue),
      filter: fc.oneof({ weight: 4, arbitrary: filter }, { weight: 1, arbitrary: nastyValue }),
      actions: fc.oneof(
        { weight: 4, arbitrary: fc.array(action, { maxLength: 3 }) },
        { weight: 1, arbitrary: nastyValue },
      ),
      mode: fc.constantFrom('test', 'live', 'other'),
      exemptions: fc.record({ users: fc.array(fc.constantFrom(...ids.accountIds, 'nobody'), { maxLength: 2 }) }),
    },
    { requiredKeys: ['name', 'filter', 'actions'] },
  );
  const field = fc.record({
    name: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...NASTY_STRINGS)),
    type: fc.constantFrom('text', 'date', 'choice', 'other'),
    options: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  });
  return fc.oneof(
    { weight: 5, arbitrary: scheme },
    { weight: 2, arbitrary: field },
    { weight: 2, arbitrary: nastyValue },
  );
}

/** Values that follow a zod schema's shape, with hostile values mixed in at every level. */
export function shaped(schema: unknown, ids: KnownIds, key = ''): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (): fc.Arbitrary<unknown> => {
    switch (def.type) {
      case 'object': {
        const shape = def.shape as Record<string, unknown>;
        const entries = Object.entries(shape);
        const required = entries
          .filter(([, field]) => !['optional', 'default'].includes(defOf(field).type))
          .map(([name]) => name);
        const record = fc.record(Object.fromEntries(entries.map(([name, field]) => [name, shaped(field, ids, name)])), {
          requiredKeys: required,
        });
        // Now and then one key too many: a typo, `__proto__`, `constructor`.
        return fc.oneof(
          { weight: 6, arbitrary: record },
          {
            weight: 1,
            arbitrary: fc
              .tuple(record, fc.constantFrom('__proto__', 'constructor', 'extra', 'prototype'), nastyValue)
              .map(([value, extra, content]) => {
                const copy = JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
                Object.defineProperty(copy, extra, { value: content, enumerable: true, writable: true });
                return copy;
              }),
          },
        );
      }
      case 'optional':
      case 'default':
      case 'nullable':
        return def.type === 'nullable'
          ? fc.oneof(fc.constant(null), shaped(def.innerType, ids, key))
          : shaped(def.innerType, ids, key);
      case 'pipe':
        return shaped(def.in, ids, key);
      case 'array':
        return fc.array(shaped(def.element, ids, key), { maxLength: 4 });
      case 'union':
        return fc.oneof(...(def.options as unknown[]).map((option) => shaped(option, ids, key)));
      case 'enum':
        return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
      case 'literal':
        return fc.constantFrom(...(def.values as unknown[]));
      case 'string':
        return stringFor(key, ids);
      case 'number':
        return fc.oneof(fc.integer({ min: -2, max: 120 }), fc.constantFrom(0.5, 1e9, -1e9));
      case 'boolean':
        return fc.boolean();
      case 'record':
        return fc.dictionary(
          fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...ids.fieldIds, '__proto__')),
          stringFor('value', ids),
          {
            maxKeys: 4,
          },
        );
      case 'custom':
        return fc.oneof(
          fc.record({ inactiveDays: fc.integer({ min: -1, max: 400 }) }),
          fc.dictionary(fc.constantFrom('inactiveDays', '__proto__', 'constructor', 'groups', 'x'), nastyValue, {
            maxKeys: 3,
          }),
        );
      case 'unknown':
      case 'any':
        return schemeLike(ids);
      default:
        return nastyValue;
    }
  };
  return fc.oneof({ weight: 8, arbitrary: inner() }, { weight: 1, arbitrary: nastyValue });
}

/** A resolver's payloads: mostly shaped by its schema, some anything at all. */
export function payloadsFor(schema: z.ZodType, ids: KnownIds): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 9, arbitrary: shaped(schema, ids) }, { weight: 1, arbitrary: nastyValue });
}
