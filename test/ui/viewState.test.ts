/** The page's pure view state: the editor's draft ↔ scheme file, its step checks, and the bulk selection. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseScheme, exportScheme } from '../../src/domain/scheme';
import {
  addPickedUsers,
  draftFromFile,
  draftToFile,
  editorReducer,
  emptyDraft,
  errorsUpTo,
  fileForStep,
  moveAction,
  openEditor,
  pickedUsers,
  removeUser,
  toggleAccountType,
  toggleAction,
} from '../../src/frontend/editor';
import { bulkReducer, INITIAL_BULK, selectedCount } from '../../src/frontend/bulk';
import { CONDITIONS_BY_TYPE, FIELD_TYPES } from '../../src/domain/customFields';
import {
  addFieldCondition,
  changeFieldCondition,
  EMPTY_FILTER,
  fieldConditionError,
  filterFromFile,
  filterToFile,
  removeFieldCondition,
  TESTS_BY_TYPE,
  type DefinedField,
} from '../../src/frontend/filterDraft';
import { fieldsReducer, INITIAL_FIELDS_VIEW, userLookup } from '../../src/frontend/fieldsView';
import type { BulkResultsAnswer } from '../../src/contract';

describe('scheme editor state', () => {
  test('a scheme file survives the editor unchanged (load, then save without edits)', () => {
    const parsed = parseScheme({
      name: 'Contractors',
      schedule: { every: 2, unit: 'week', at: '04:15', timeZone: 'Europe/Berlin', dayOfWeek: 'friday' },
      filter: {
        inactiveDays: 60,
        neverActiveAfterDays: 14,
        groups: { anyOf: ['contractors'], noneOf: ['vip'] },
        emailDomains: { noneOf: ['acme.com'] },
        statuses: ['active', 'suspended'],
        accountTypes: ['customer', 'atlassian'],
        fields: {
          'Contract end date': { after: '2026-01-01', before: 'today' },
          Department: { contains: 'sales', isEmpty: false },
          Owner: { isEmpty: true },
          Level: { oneOf: ['L1', 'L2'] },
          'Review date': { withinDays: 30 },
          Team: { equals: 'Blue' },
        },
      },
      exemptions: { users: ['u-1', '557058:0f1e2d3c-aaaa-bbbb'], groups: ['service'] },
      actions: [
        { type: 'removeAccess' },
        { type: 'addGroups', groups: ['inactive'] },
        { type: 'deactivate', message: 'bye' },
      ],
      limits: { maxUsersPerRun: 40, untilSeatsAtMost: 480 },
      report: { emailUsers: ['u-2', 'u-3'], emailGroups: ['site-admins'], onlyWhenUsersMatched: true },
    });
    assert.ok(parsed.ok);
    const file = exportScheme(parsed.scheme) as Record<string, unknown>;
    const again = parseScheme(draftToFile(draftFromFile(file, 'UTC')));
    assert.ok(again.ok, JSON.stringify(again));
    assert.deepEqual(exportScheme(again.scheme), exportScheme(parsed.scheme));
    assert.deepEqual(
      (exportScheme(again.scheme) as { filter: { fields: unknown } }).filter.fields,
      (file.filter as { fields: unknown }).fields,
    );
    assert.deepEqual(again.scheme.filter.accountTypes, ['customer', 'atlassian']);
    assert.deepEqual(again.scheme.exemptions.users, ['u-1', '557058:0f1e2d3c-aaaa-bbbb']);
    assert.deepEqual(again.scheme.report.emailUsers, ['u-2', 'u-3']);
  });

  test("a new scheme acts on Atlassian accounts only; account types stay in the format's order as they are ticked", () => {
    const draft = emptyDraft('UTC');
    assert.deepEqual((draftToFile(draft).filter as { accountTypes: unknown }).accountTypes, ['atlassian']);
    const more = toggleAccountType(toggleAccountType(draft, 'customer'), 'app');
    assert.deepEqual(more.accountTypes, ['atlassian', 'app', 'customer']);
    assert.deepEqual(toggleAccountType(more, 'atlassian').accountTypes, ['app', 'customer']);
  });

  test('picked users are added once each, by account id, whatever shape the picker hands over; removing drops one', () => {
    assert.deepEqual(pickedUsers(null), []);
    assert.deepEqual(pickedUsers({ id: 'a', name: 'Ann', type: 'user' }), [{ id: 'a', name: 'Ann' }]);
    assert.deepEqual(pickedUsers([{ id: ' b ', name: '' }, { name: 'no id' }, 'c']), [{ id: 'b', name: 'b' }]);
    let draft = addPickedUsers(emptyDraft('UTC'), 'exemptUsers', [
      { id: 'a', name: 'Ann' },
      { id: 'b', name: 'b' },
    ]);
    draft = addPickedUsers(draft, 'exemptUsers', [
      { id: 'a', name: 'Ann' },
      { id: 'c', name: 'Cy' },
    ]);
    assert.deepEqual(draft.exemptUsers, ['a', 'b', 'c']);
    assert.deepEqual(draft.emailUsers, []);
    assert.deepEqual(draft.userNames, { a: 'Ann', c: 'Cy' });
    const fewer = removeUser(draft, 'exemptUsers', 'b');
    assert.deepEqual((draftToFile(fewer).exemptions as { users: unknown }).users, ['a', 'c']);
  });

  test('a number field that is not a whole number reaches the parser as typed, so its message names the field', () => {
    const draft = { ...emptyDraft('UTC'), name: 'x', filter: { ...emptyDraft('UTC').filter, inactiveDays: '12.5' } };
    const parsed = parseScheme(fileForStep(draft, 1));
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.errors.map((e) => e.path),
      ['filter.inactiveDays'],
    );
  });

  test("a step goes on only when it and earlier steps are clean; later steps' errors wait", () => {
    const fields = { name: 'empty', 'filter.inactiveDays': 'bad', 'actions[0].groups': 'none' };
    assert.deepEqual(errorsUpTo(fields, 0), { name: 'empty' });
    assert.deepEqual(Object.keys(errorsUpTo(fields, 1)).sort(), ['filter.inactiveDays', 'name']);
    const start = openEditor(emptyDraft('UTC'), null);
    assert.equal(editorReducer(start, { type: 'checked', fields: { 'actions[0].groups': 'none' } }).step, 1);
    const held = editorReducer(start, { type: 'checked', fields });
    assert.equal(held.step, 0);
    assert.deepEqual(held.fields, { name: 'empty' });
    assert.equal(editorReducer(held, { type: 'goTo', step: 3 }).step, 0, 'no jumping forward past the checks');
  });
});

describe('bulk selection', () => {
  const results = {
    users: [
      { accountId: 'a', outcome: 'planned' },
      { accountId: 'b', outcome: 'exempt' },
      { accountId: 'c', outcome: 'planned' },
    ],
    selectable: 40,
    total: 41,
  } as unknown as BulkResultsAnswer;

  test('"select this page" takes the page\'s users who can be acted on, never the exempt', () => {
    const state = bulkReducer({ ...INITIAL_BULK, results }, { type: 'selectPage' });
    assert.deepEqual(state.selection, { kind: 'some', accountIds: ['a', 'c'] });
    assert.equal(selectedCount(bulkReducer(state, { type: 'toggleUser', accountId: 'a' })), 1);
  });

  test('"all matching" counts every user the search found who can be acted on', () => {
    assert.equal(selectedCount(bulkReducer({ ...INITIAL_BULK, results }, { type: 'selectAllMatching' })), 40);
  });
});

describe('field conditions in the filter form', () => {
  const defined: DefinedField[] = [
    { id: 'f1', name: 'Contract end date', type: 'date' },
    { id: 'f2', name: 'Department', type: 'text' },
    { id: 'f3', name: 'Level', type: 'choice', options: ['L1', 'L2'] },
  ];

  test('each field type offers exactly the conditions the scheme format takes for it', () => {
    for (const type of FIELD_TYPES) {
      const keys = new Set(TESTS_BY_TYPE[type].map((test) => (test === 'isNotEmpty' ? 'isEmpty' : test)));
      assert.deepEqual([...keys].sort(), [...CONDITIONS_BY_TYPE[type]].sort(), type);
    }
  });

  test('added rows are written as filter.fields, rows of one field joined into one condition; removing a row drops it', () => {
    let filter = addFieldCondition(addFieldCondition(addFieldCondition(EMPTY_FILTER, defined), defined), defined);
    filter = changeFieldCondition(filter, 0, { value: 'today' }, defined);
    filter = changeFieldCondition(filter, 1, { test: 'withinDays', value: '30' }, defined);
    filter = changeFieldCondition(filter, 2, { field: 'Level' }, defined);
    assert.equal(filter.fieldConditions[2]!.test, 'oneOf', 'a choice field starts at "is one of"');
    filter = changeFieldCondition(filter, 2, { options: ['L2'] }, defined);
    assert.deepEqual(filterToFile(filter).fields, {
      'Contract end date': { before: 'today', withinDays: 30 },
      Level: { oneOf: ['L2'] },
    });
    const fewer = removeFieldCondition(filter, 0);
    assert.deepEqual(filterToFile(fewer).fields, { 'Contract end date': { withinDays: 30 }, Level: { oneOf: ['L2'] } });
    assert.equal(
      filterToFile(removeFieldCondition(removeFieldCondition(fewer, 0), 0)).fields,
      undefined,
      'no rows, no "fields" key',
    );
  });

  test("a test the new field's type lacks is replaced, one it takes is kept", () => {
    const filter = changeFieldCondition(addFieldCondition(EMPTY_FILTER, defined), 0, { test: 'isEmpty' }, defined);
    assert.equal(changeFieldCondition(filter, 0, { field: 'Department' }, defined).fieldConditions[0]!.test, 'isEmpty');
    const before = addFieldCondition(EMPTY_FILTER, defined);
    assert.equal(changeFieldCondition(before, 0, { field: 'Department' }, defined).fieldConditions[0]!.test, 'equals');
  });

  test('a days value that is not a whole number goes as typed, so the parser names it', () => {
    const filter = changeFieldCondition(
      addFieldCondition(EMPTY_FILTER, defined),
      0,
      { test: 'withinDays', value: 'soon' },
      defined,
    );
    assert.deepEqual(filterToFile(filter).fields, { 'Contract end date': { withinDays: 'soon' } });
    const parsed = parseScheme({ name: 'x', filter: filterToFile(filter), actions: [{ type: 'removeAccess' }] });
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.errors.map((e) => e.path),
      ['filter.fields.Contract end date.withinDays'],
    );
  });

  test("an error on a key shows beside its row; an error on the whole field beside the field's first row", () => {
    const filter = filterFromFile({ fields: { 'Contract end date': { before: 'x', after: 'today' } } });
    const [before, after] = filter.fieldConditions;
    const errors = {
      'filter.fields.Contract end date.before': 'not a date',
      'filter.fields.Contract end date': 'no custom field named',
    };
    assert.equal(fieldConditionError(errors, after!, true), 'no custom field named');
    assert.equal(fieldConditionError(errors, before!, false), 'not a date');
    assert.equal(
      fieldConditionError({ 'filter.fields.Contract end date': 'no custom field named' }, after!, false),
      undefined,
    );
  });
});

describe("one user's values", () => {
  test('an email is looked up as an email, anything else as an account id', () => {
    assert.deepEqual(userLookup(' ann@acme.com '), { email: 'ann@acme.com' });
    assert.deepEqual(userLookup('557058:abc'), { accountId: '557058:abc' });
  });

  test('typing another user hides the values of the one found before', () => {
    const found = fieldsReducer(INITIAL_FIELDS_VIEW, {
      type: 'userLoaded',
      accountId: 'a',
      values: { f1: '2026-01-01' },
    });
    const edited = fieldsReducer(found, { type: 'userValue', fieldId: 'f1', value: '2026-02-02' });
    assert.deepEqual(edited.user.values, { f1: '2026-02-02' });
    const other = fieldsReducer(edited, { type: 'userQuery', text: 'b' });
    assert.equal(other.user.accountId, null);
    assert.deepEqual(other.user.values, {});
  });
});

describe('editor: the order of actions', () => {
  test('a ticked action joins where the rules allow, and up/down swap neighbours; the file keeps the order', () => {
    let draft = emptyDraft('UTC'); // removeAccess
    draft = toggleAction(draft, 'delete');
    draft = toggleAction(draft, 'deactivate');
    draft = toggleAction(draft, 'addGroups');
    assert.deepEqual(draft.actions, ['removeAccess', 'addGroups', 'deactivate', 'delete']);
    draft = moveAction(draft, 'addGroups', -1);
    assert.deepEqual(draft.actions, ['addGroups', 'removeAccess', 'deactivate', 'delete']);
    assert.equal(moveAction(draft, 'addGroups', -1), draft, 'the first cannot go up');
    assert.equal(moveAction(draft, 'delete', 1), draft, 'the last cannot go down');
    draft = { ...draft, name: 'Leavers', addGroups: ['inactive-users'], warnFirst: true };
    const file = draftToFile(draft);
    assert.deepEqual(
      (file.actions as Array<{ type: string }>).map((action) => action.type),
      ['notify', 'addGroups', 'removeAccess', 'deactivate', 'delete'],
    );
    assert.ok(parseScheme(file).ok, 'the order the editor builds is one the rules accept');
    assert.deepEqual(draftFromFile(file, 'UTC').actions, draft.actions, 'reloading keeps the order');
    assert.deepEqual(toggleAction(draft, 'removeAccess').actions, ['addGroups', 'deactivate', 'delete']);
  });
});
