/** Wires Bulk actions: find (a test run, followed until done), results pages, the live run, followed until done. */
import React, { useEffect, useReducer } from 'react';
import {
  RESOLVERS,
  type BulkResultsAnswer,
  type FieldsAnswer,
  type GroupsAnswer,
  type RunSummary,
  type TestRunQuote,
} from '../../contract';
import { bulkReducer, INITIAL_BULK } from '../bulk';
import { call, watchRun } from '../effects';
import { filterToFile } from '../filterDraft';
import { useLoad } from '../hooks';
import { WhenLoaded } from '../components/common';
import { BulkTab } from '../components/Bulk';

const PAGE_SIZE = 25;

export function BulkScreen(props: { openRun: (runId: string) => void }) {
  const groups = useLoad(() => call<GroupsAnswer>(RESOLVERS.groupsList, {}), []);
  const definedFields = useLoad(() => call<FieldsAnswer>(RESOLVERS.fieldsList, {}), []);
  const [state, dispatch] = useReducer(bulkReducer, INITIAL_BULK);
  const findRunId = state.findRun?.id ?? null;
  const findDone = state.findRun?.state === 'done';
  const liveRunId = state.liveRun?.id ?? null;
  const pageCursor = state.pageCursors[state.page];

  useEffect(() => {
    if (!findRunId) return;
    return watchRun(
      findRunId,
      (run) => dispatch({ type: 'findProgress', run }),
      (message) => dispatch({ type: 'refused', message }),
    );
  }, [findRunId]);

  useEffect(() => {
    if (!liveRunId) return;
    return watchRun(
      liveRunId,
      (run) => dispatch({ type: 'running', run }),
      (message) => dispatch({ type: 'refused', message }),
    );
  }, [liveRunId]);

  // Results are read again whenever the search ends, the sort or the page changes: sorting and paging happen on the
  // server (a search too big to sort comes in the order found, each page from the cursor the page before gave).
  useEffect(() => {
    if (!findRunId || !findDone) return;
    let live = true;
    void call<BulkResultsAnswer>(RESOLVERS.bulkResults, {
      runId: findRunId,
      sortKey: state.sortKey,
      sortOrder: state.sortOrder,
      page: state.page,
      pageSize: PAGE_SIZE,
      ...(pageCursor ? { cursor: pageCursor } : {}),
    }).then((answer) => {
      if (!live) return;
      if (answer.ok) dispatch({ type: 'results', results: answer.data });
      else dispatch({ type: 'refused', message: answer.error.message });
    });
    return () => {
      live = false;
    };
  }, [findRunId, findDone, state.sortKey, state.sortOrder, state.page, pageCursor]);

  const actionsFile = () =>
    state.actions.map((type) =>
      type === 'addGroups'
        ? { type, groups: state.addGroups }
        : type === 'removeGroups'
          ? { type, groups: state.removeGroups }
          : { type },
    );

  const onFind = async () => {
    const answer = await call<RunSummary>(RESOLVERS.bulkFind, {
      filter: filterToFile(state.filter),
      ...(state.nameOrEmailContains.trim() ? { nameOrEmailContains: state.nameOrEmailContains.trim() } : {}),
    });
    if (!answer.ok)
      return dispatch({
        type: 'refused',
        message: answer.error.message,
        ...(answer.error.fields ? { fields: answer.error.fields } : {}),
      });
    dispatch({
      type: 'finding',
      run: { ...answer.data, pagesScanned: 0, usersScanned: 0, usersFound: 0, scanComplete: false },
    });
  };

  /** Opens the confirmation and reads what it quotes: the selected users by name, the actions with their groups. */
  const onReview = async () => {
    if (!findRunId) return;
    dispatch({ type: 'confirm' });
    const answer = await call<TestRunQuote>(RESOLVERS.bulkReview, {
      findRunId,
      actions: actionsFile(),
      selection: state.selection,
    });
    if (!answer.ok)
      return dispatch({
        type: 'refused',
        message: answer.error.message,
        ...(answer.error.fields ? { fields: answer.error.fields } : {}),
      });
    dispatch({ type: 'reviewed', quote: answer.data });
  };

  const onRun = async () => {
    const answer = await call<RunSummary>(RESOLVERS.bulkRun, {
      ...(findRunId ? { findRunId } : {}),
      filter: filterToFile(state.filter),
      ...(state.nameOrEmailContains.trim() ? { nameOrEmailContains: state.nameOrEmailContains.trim() } : {}),
      actions: actionsFile(),
      selection: state.selection,
      confirm: true,
      ...(state.selection.kind === 'allMatching' && state.results
        ? { confirmedCount: Math.max(1, state.results.selectable) }
        : {}),
    });
    if (!answer.ok)
      return dispatch({
        type: 'refused',
        message: answer.error.message,
        ...(answer.error.fields ? { fields: answer.error.fields } : {}),
      });
    dispatch({
      type: 'running',
      run: { ...answer.data, pagesScanned: 0, usersScanned: 0, usersFound: 0, scanComplete: false },
    });
  };

  return (
    <WhenLoaded loaded={groups} what="the site's groups">
      {(data) => (
        <BulkTab
          state={state}
          groups={data.groups}
          definedFields={definedFields.status === 'ready' ? definedFields.data.fields : []}
          handlers={{
            dispatch,
            onFind: () => void onFind(),
            onReview: () => void onReview(),
            onRun: () => void onRun(),
            onOpenRun: props.openRun,
          }}
        />
      )}
    </WhenLoaded>
  );
}
