/**
 * Bulk actions as a pure state machine: filters → finding (a test run) → results with a selection → confirm →
 * running (a live run) → finished.
 */
import type { BulkResultsAnswer, RunProgress, TestRunQuote } from '../contract';
import { EMPTY_FILTER, type FilterDraft } from './filterDraft';
import type { ActionOption } from './editor';

export type Selection = { kind: 'some'; accountIds: string[] } | { kind: 'allMatching' };
export type SortKey = 'name' | 'email' | 'lastActive' | 'outcome';

export interface BulkState {
  stage: 'filter' | 'finding' | 'results' | 'confirm' | 'running';
  filter: FilterDraft;
  nameOrEmailContains: string;
  fields: Record<string, string>;
  error: string | null;
  findRun: RunProgress | null;
  results: BulkResultsAnswer | null;
  sortKey: SortKey;
  sortOrder: 'ASC' | 'DESC';
  page: number;
  /** Where each page of results starts, as the page before it said (a search too big to sort is paged by cursor). */
  pageCursors: Record<number, string>;
  selection: Selection;
  actions: ActionOption[];
  addGroups: string[];
  removeGroups: string[];
  liveRun: RunProgress | null;
  /** What the confirmation quotes: the selected found users with the chosen actions (null while it loads). */
  review: TestRunQuote | null;
}

export const INITIAL_BULK: BulkState = {
  stage: 'filter',
  filter: { ...EMPTY_FILTER, inactiveDays: '90' },
  nameOrEmailContains: '',
  fields: {},
  error: null,
  findRun: null,
  results: null,
  sortKey: 'name',
  sortOrder: 'ASC',
  page: 1,
  pageCursors: {},
  selection: { kind: 'some', accountIds: [] },
  // No action is ticked at first: the admin chooses what happens, nothing is assumed.
  actions: [],
  addGroups: [],
  removeGroups: [],
  liveRun: null,
  review: null,
};

export type BulkEvent =
  | { type: 'editFilter'; change: (filter: FilterDraft) => FilterDraft }
  | { type: 'nameOrEmail'; text: string }
  | { type: 'refused'; message: string; fields?: Record<string, string> }
  | { type: 'finding'; run: RunProgress }
  | { type: 'findProgress'; run: RunProgress }
  | { type: 'results'; results: BulkResultsAnswer }
  | { type: 'sort'; key: SortKey; order: 'ASC' | 'DESC' }
  | { type: 'page'; page: number }
  | { type: 'toggleUser'; accountId: string }
  | { type: 'selectPage' }
  | { type: 'selectAllMatching' }
  | { type: 'clearSelection' }
  | { type: 'toggleAction'; action: ActionOption }
  | { type: 'actionGroups'; action: 'addGroups' | 'removeGroups'; groups: string[] }
  | { type: 'confirm' }
  | { type: 'reviewed'; quote: TestRunQuote }
  | { type: 'cancelConfirm' }
  | { type: 'running'; run: RunProgress }
  | { type: 'startOver' };

/** How many users the current selection names: what the confirmation states. */
export function selectedCount(state: BulkState): number {
  if (state.selection.kind === 'allMatching') return state.results?.selectable ?? 0;
  return state.selection.accountIds.length;
}

export function bulkReducer(state: BulkState, event: BulkEvent): BulkState {
  switch (event.type) {
    case 'editFilter':
      return { ...state, filter: event.change(state.filter) };
    case 'nameOrEmail':
      return { ...state, nameOrEmailContains: event.text };
    case 'refused':
      return {
        ...state,
        error: event.message,
        fields: event.fields ?? {},
        stage: state.stage === 'confirm' ? 'results' : state.stage,
      };
    case 'finding':
      return {
        ...state,
        stage: 'finding',
        findRun: event.run,
        results: null,
        error: null,
        fields: {},
        page: 1,
        pageCursors: {},
        selection: { kind: 'some', accountIds: [] },
        liveRun: null,
      };
    case 'findProgress':
      return { ...state, findRun: event.run };
    case 'results': {
      const next = event.results.nextCursor;
      return {
        ...state,
        stage: state.stage === 'finding' ? 'results' : state.stage,
        results: event.results,
        page: event.results.page,
        pageCursors: next ? { ...state.pageCursors, [event.results.page + 1]: next } : state.pageCursors,
      };
    }
    case 'sort':
      return { ...state, sortKey: event.key, sortOrder: event.order, page: 1, pageCursors: {} };
    case 'page':
      return { ...state, page: event.page };
    case 'toggleUser': {
      const ids = state.selection.kind === 'some' ? state.selection.accountIds : [];
      const next = ids.includes(event.accountId)
        ? ids.filter((id) => id !== event.accountId)
        : [...ids, event.accountId];
      return { ...state, selection: { kind: 'some', accountIds: next } };
    }
    case 'selectPage': {
      const ids = state.selection.kind === 'some' ? state.selection.accountIds : [];
      const page = (state.results?.users ?? [])
        .filter((user) => user.outcome !== 'exempt')
        .map((user) => user.accountId);
      return { ...state, selection: { kind: 'some', accountIds: [...new Set([...ids, ...page])] } };
    }
    case 'selectAllMatching':
      return { ...state, selection: { kind: 'allMatching' } };
    case 'clearSelection':
      return { ...state, selection: { kind: 'some', accountIds: [] } };
    case 'toggleAction':
      return {
        ...state,
        actions: state.actions.includes(event.action)
          ? state.actions.filter((action) => action !== event.action)
          : [...state.actions, event.action],
      };
    case 'actionGroups':
      return { ...state, [event.action]: event.groups };
    case 'confirm':
      return { ...state, stage: 'confirm', error: null, fields: {}, review: null };
    case 'reviewed':
      return state.stage === 'confirm' ? { ...state, review: event.quote } : state;
    case 'cancelConfirm':
      return { ...state, stage: 'results' };
    case 'running':
      return { ...state, stage: 'running', liveRun: event.run, error: null };
    case 'startOver':
      return { ...INITIAL_BULK, filter: state.filter, nameOrEmailContains: state.nameOrEmailContains };
  }
}
