/** The page's pure view state: the editor's draft ↔ scheme file, its step checks, and the bulk selection. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseScheme, exportScheme } from '../../src/domain/scheme';
import { draftFromFile, draftToFile, editorReducer, emptyDraft, errorsUpTo, fileForStep, openEditor } from '../../src/frontend/editor';
import { bulkReducer, INITIAL_BULK, selectedCount } from '../../src/frontend/bulk';
import type { BulkResultsAnswer } from '../../src/contract';

describe('scheme editor state', () => {
  test('a scheme file survives the editor unchanged (load, then save without edits)', () => {
    const parsed = parseScheme({
      name: 'Contractors',
      schedule: { every: 2, unit: 'week', at: '04:15', timeZone: 'Europe/Berlin', dayOfWeek: 'friday' },
      filter: { inactiveDays: 60, neverActiveAfterDays: 14, groups: { anyOf: ['contractors'], noneOf: ['vip'] }, emailDomains: { noneOf: ['acme.com'] }, statuses: ['active', 'suspended'] },
      exemptions: { users: ['u-1'], groups: ['service'] },
      actions: [{ type: 'removeAccess' }, { type: 'addGroups', groups: ['inactive'] }, { type: 'deactivate', message: 'bye' }],
      limits: { maxUsersPerRun: 40 },
      report: { emailUsers: ['u-2'], emailGroups: ['site-admins'], onlyWhenUsersMatched: true },
    });
    assert.ok(parsed.ok);
    const file = exportScheme(parsed.scheme) as Record<string, unknown>;
    const again = parseScheme(draftToFile(draftFromFile(file, 'UTC')));
    assert.ok(again.ok, JSON.stringify(again));
    assert.deepEqual(exportScheme(again.scheme), exportScheme(parsed.scheme));
  });

  test('a number field that is not a whole number reaches the parser as typed, so its message names the field', () => {
    const draft = { ...emptyDraft('UTC'), name: 'x', filter: { ...emptyDraft('UTC').filter, inactiveDays: '12.5' } };
    const parsed = parseScheme(fileForStep(draft, 1));
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.errors.map((e) => e.path), ['filter.inactiveDays']);
  });

  test('a step goes on only when it and earlier steps are clean; later steps\' errors wait', () => {
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
