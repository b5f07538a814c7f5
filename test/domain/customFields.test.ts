import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkFieldValue,
  conditionProblems,
  matchCondition,
  matchFields,
  type FieldDefinition,
} from '../../src/domain/customFields';
import { parseCsv, planImport } from '../../src/domain/fieldValuesCsv';
import { exportScheme, parseScheme, resolveFieldNames } from '../../src/domain/scheme';

const NOW = new Date('2026-06-01T10:00:00Z');
const CONTRACT: FieldDefinition = { id: 'f-1', name: 'Contract end date', type: 'date' };
const DEPT: FieldDefinition = { id: 'f-2', name: 'Department', type: 'text' };
const TEAM: FieldDefinition = { id: 'f-3', name: 'Team', type: 'choice', options: ['Red', 'Blue'] };

describe('field conditions', () => {
  test('text equals ignores case and spaces; contains finds a part; neither matches an empty value', () => {
    assert.equal(matchCondition({ equals: 'sales' }, ' Sales ', NOW), true);
    assert.equal(matchCondition({ equals: 'sales' }, 'Sales EMEA', NOW), false);
    assert.equal(matchCondition({ contains: 'emea' }, 'Sales EMEA', NOW), true);
    assert.equal(matchCondition({ contains: 'emea' }, undefined, NOW), false);
  });
  test('is empty: true finds users without a value, false users with one', () => {
    assert.equal(matchCondition({ isEmpty: true }, undefined, NOW), true);
    assert.equal(matchCondition({ isEmpty: true }, '  ', NOW), true);
    assert.equal(matchCondition({ isEmpty: true }, 'x', NOW), false);
    assert.equal(matchCondition({ isEmpty: false }, 'x', NOW), true);
  });
  test('before and after today are strict, on the UTC day of the run', () => {
    assert.equal(matchCondition({ before: 'today' }, '2026-05-31', NOW), true);
    assert.equal(matchCondition({ before: 'today' }, '2026-06-01', NOW), false);
    assert.equal(matchCondition({ after: 'today' }, '2026-06-02', NOW), true);
    assert.equal(matchCondition({ after: 'today' }, '2026-06-01', NOW), false);
    assert.equal(matchCondition({ before: '2026-01-01' }, '2025-12-31', NOW), true);
    assert.equal(matchCondition({ before: 'today' }, undefined, NOW), false);
    assert.equal(matchCondition({ before: 'today' }, 'not a date', NOW), false);
  });
  test('within N days of today reaches N calendar days either way', () => {
    assert.equal(matchCondition({ withinDays: 30 }, '2026-07-01', NOW), true);
    assert.equal(matchCondition({ withinDays: 30 }, '2026-07-02', NOW), false);
    assert.equal(matchCondition({ withinDays: 30 }, '2026-05-02', NOW), true);
    assert.equal(matchCondition({ withinDays: 0 }, '2026-06-01', NOW), true);
  });
  test('choice is one of ignores case', () => {
    assert.equal(matchCondition({ oneOf: ['Red'] }, 'red', NOW), true);
    assert.equal(matchCondition({ oneOf: ['Red'] }, 'Blue', NOW), false);
  });
  test('every condition of every field must hold', () => {
    const conditions = [
      { field: CONTRACT, condition: { after: '2026-01-01', before: 'today' } },
      { field: TEAM, condition: { oneOf: ['Red'] } },
    ];
    assert.equal(matchFields(conditions, { 'f-1': '2026-03-01', 'f-3': 'Red' }, NOW), true);
    assert.equal(matchFields(conditions, { 'f-1': '2025-03-01', 'f-3': 'Red' }, NOW), false);
    assert.equal(matchFields(conditions, { 'f-1': '2026-03-01' }, NOW), false);
  });
  test('a condition that does not suit the field type, or names a missing option, is a problem', () => {
    assert.match(
      conditionProblems(CONTRACT, { contains: 'x' })[0] ?? '',
      /"contains" does not apply to the date field/,
    );
    assert.match(conditionProblems(TEAM, { oneOf: ['Green'] })[0] ?? '', /"Green" is not an option of "Team"/);
    assert.deepEqual(conditionProblems(DEPT, { equals: 'x', isEmpty: false }), []);
  });
});

describe('field values', () => {
  test('dates must be real calendar days; choices take the option spelling; empty clears', () => {
    assert.deepEqual(checkFieldValue(CONTRACT, '2026-02-28'), { ok: true, value: '2026-02-28' });
    assert.equal(checkFieldValue(CONTRACT, '2026-02-30').ok, false);
    assert.equal(checkFieldValue(CONTRACT, '28/02/2026').ok, false);
    assert.deepEqual(checkFieldValue(TEAM, 'blue'), { ok: true, value: 'Blue' });
    assert.deepEqual(checkFieldValue(DEPT, '  '), { ok: true, value: null });
  });
  test('CSV reading handles quotes, doubled quotes, CRLF and a BOM', () => {
    assert.deepEqual(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n'), [
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
  });
  test('an import plan reports bad rows by line and refuses an unknown column', () => {
    const plan = planImport('email,department,Team\na@x.com,Sales,red\nb@x.com,Ops,Green\na@x.com,Ops,Red\n,Ops,Red', [
      DEPT,
      TEAM,
    ]);
    assert.ok(plan.ok);
    assert.deepEqual(
      plan.rows.map((row) => [row.line, row.values]),
      [[2, { 'f-2': 'Sales', 'f-3': 'Red' }]],
    );
    assert.deepEqual(
      plan.errors.map((error) => error.line),
      [3, 4, 5],
    );
    assert.match(plan.errors[1]!.message, /already on line 2/);
    const bad = planImport('email,Departmnt\na@x.com,Sales', [DEPT]);
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.message : '', /no field is named "Departmnt"/);
  });
});

describe('the scheme file form with fields', () => {
  const file = {
    name: 'Contract ended',
    filter: { fields: { 'Contract end date': { before: 'today' }, Team: { oneOf: ['Red'] } } },
    actions: [{ type: 'removeAccess' }],
  };
  test('fields parse, export and parse back unchanged', () => {
    const parsed = parseScheme(file);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.scheme.filter.fields, file.filter.fields);
    const again = parseScheme(exportScheme(parsed.scheme));
    assert.ok(again.ok);
    assert.deepEqual(again.scheme, parsed.scheme);
  });
  test('a bad condition names its path', () => {
    const parsed = parseScheme({
      ...file,
      filter: { fields: { 'Contract end date': { befor: 'today' }, Team: { withinDays: -1 } } },
    });
    assert.ok(!parsed.ok);
    const paths = parsed.errors.map((error) => `${error.path}: ${error.message}`);
    assert.ok(
      paths.some((line) =>
        /^filter\.fields\.Contract end date\.befor: unknown key \(did you mean "before"\?\)/.test(line),
      ),
      paths.join('\n'),
    );
    assert.ok(
      paths.some((line) =>
        /^filter\.fields\.Team\.withinDays: must be a whole number of days from 0 to 3650/.test(line),
      ),
      paths.join('\n'),
    );
    const badDate = parseScheme({ ...file, filter: { fields: { 'Contract end date': { before: '2026-13-01' } } } });
    assert.ok(!badDate.ok);
    assert.match(badDate.errors[0]!.message, /is not a date; write "today" or a date as "YYYY-MM-DD"/);
    const empty = parseScheme({ ...file, filter: { fields: { Team: {} } } });
    assert.ok(!empty.ok);
    assert.equal(empty.errors[0]!.path, 'filter.fields.Team');
  });
  test('resolving against the defined fields names an unknown field', () => {
    const parsed = parseScheme(file);
    assert.ok(parsed.ok);
    const resolved = resolveFieldNames(parsed.scheme, [CONTRACT]);
    assert.ok(!resolved.ok);
    assert.deepEqual(
      resolved.errors.map((error) => error.path),
      ['filter.fields.Team'],
    );
    assert.match(resolved.errors[0]!.message, /no custom field named "Team"/);
    const ok = resolveFieldNames(parsed.scheme, [CONTRACT, TEAM]);
    assert.ok(ok.ok);
    assert.deepEqual(
      ok.conditions.map((condition) => condition.field.id),
      ['f-1', 'f-3'],
    );
  });
});
