/** Wires Run history: filtered pages of runs, and a run's page with its outcomes, refreshed while it runs. */
import React, { useEffect, useRef, useState } from 'react';
import { RESOLVERS, type RunOutcomesPage, type RunsPage, type RunSummary, type SchemeSummary } from '../../contract';
import { call, hasEnded, polling } from '../effects';
import { useLoad } from '../hooks';
import type { Notice, OpenRun } from '../navigation';
import { LoadProblem, WhenLoaded } from '../components/common';
import { RunPage, RunsList, type RunFilters } from '../components/Runs';
import { Spinner, Stack } from '@forge/react';
import { canUndo, UndoRunScreen } from './UndoRunScreen';
import { ApplyTestRunScreen } from './ApplyTestRunScreen';
import { PendingDeletionsScreen } from './PendingDeletionsScreen';
import { RestoreRequestsScreen } from './RestoreRequestsScreen';

function RunPageScreen(props: { runId: string; back: () => void; notify: (notice: Notice) => void; openRun: OpenRun }) {
  const [outcome, setOutcome] = useState('');
  const [page, setPage] = useState(1);
  // Where each page starts, as the page before it said (a page reads only its own batches).
  const cursors = useRef<Record<number, string>>({});
  const [tick, setTick] = useState(0);
  const [run, setRun] = useState<RunOutcomesPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [undoChosen, setUndoChosen] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void call<RunOutcomesPage>(RESOLVERS.runsOutcomes, {
      runId: props.runId,
      page,
      ...(cursors.current[page] ? { cursor: cursors.current[page] } : {}),
      ...(outcome ? { outcome: outcome as never } : {}),
    }).then((answer) => {
      if (!live) return;
      if (!answer.ok) return setError(answer.error.message);
      setError(null);
      setRun(answer.data);
      if (answer.data.nextCursor) cursors.current[page + 1] = answer.data.nextCursor;
      // A running run is read again until it ends, so its progress and outcomes show as they happen.
      if (!hasEnded(answer.data)) timer = setTimeout(() => setTick((t) => t + 1), polling.intervalMs);
    });
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [props.runId, outcome, page, tick]);
  if (error)
    return (
      <LoadProblem
        what="this run"
        message={error}
        onRetry={() => {
          setError(null);
          setTick((t) => t + 1);
        }}
      />
    );
  if (!run) return <Spinner label="Loading the run" />;
  const cancel = async () => {
    const answer = await call<RunSummary>(RESOLVERS.runsCancel, { runId: props.runId });
    if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
    props.notify({ kind: 'success', text: `The run is ${answer.data.state}.` });
    setTick((t) => t + 1);
  };
  return (
    <Stack space="space.300">
      <RunPage
        run={run}
        outcome={outcome}
        handlers={{
          onBack: props.back,
          onCancel: () => void cancel(),
          onRefresh: () => setTick((t) => t + 1),
          onOutcome: (value) => {
            setOutcome(value);
            cursors.current = {};
            setPage(1);
          },
          onPage: setPage,
        }}
        {...(canUndo(run)
          ? {
              undoPicks: {
                chosen: undoChosen,
                onToggle: (accountId: string) =>
                  setUndoChosen((ids) =>
                    ids.includes(accountId) ? ids.filter((id) => id !== accountId) : [...ids, accountId],
                  ),
              },
            }
          : {})}
      />
      <UndoRunScreen
        run={run}
        chosen={undoChosen}
        onClearChosen={() => setUndoChosen([])}
        notify={props.notify}
        openRun={props.openRun}
      />
      <ApplyTestRunScreen run={run} notify={props.notify} openRun={props.openRun} />
    </Stack>
  );
}

export function RunsScreen(props: {
  runId: string | null;
  reloads: number;
  openRun: OpenRun;
  closeRun: () => void;
  notify: (notice: Notice) => void;
}) {
  const [filters, setFilters] = useState<RunFilters>({
    schemeId: '',
    state: '',
    startedBefore: '',
    withSearches: false,
  });
  const [pages, setPages] = useState<{ runs: RunSummary[]; cursor: string | null }>({ runs: [], cursor: null });
  const [fields, setFields] = useState<Record<string, string>>({});
  const schemes = useLoad(() => call<SchemeSummary[]>(RESOLVERS.schemesList, {}), []);
  const validDate = filters.startedBefore === '' || /^\d{4}-\d{2}-\d{2}$/.test(filters.startedBefore);
  const query = (cursor?: string) =>
    call<RunsPage>(RESOLVERS.runsList, {
      ...(cursor ? { cursor } : {}),
      ...(filters.schemeId ? { schemeId: filters.schemeId } : {}),
      ...(filters.state ? { state: filters.state as never } : {}),
      ...(filters.startedBefore && validDate ? { startedBefore: filters.startedBefore } : {}),
      ...(filters.withSearches ? { withSearches: true } : {}),
    });
  const first = useLoad(
    () => query(),
    [
      filters.schemeId,
      filters.state,
      validDate ? filters.startedBefore : '',
      filters.withSearches,
      props.reloads,
      props.runId,
    ],
  );
  useEffect(() => {
    if (first.status === 'ready') setPages({ runs: first.data.runs, cursor: first.data.nextCursor });
  }, [first]);
  useEffect(() => {
    setFields(validDate ? {} : { startedBefore: 'Enter a date as YYYY-MM-DD, e.g. 2026-06-30.' });
  }, [validDate]);
  if (props.runId)
    return <RunPageScreen runId={props.runId} back={props.closeRun} notify={props.notify} openRun={props.openRun} />;
  const more = async () => {
    if (!pages.cursor) return;
    const answer = await query(pages.cursor);
    if (answer.ok) setPages({ runs: [...pages.runs, ...answer.data.runs], cursor: answer.data.nextCursor });
  };
  return (
    <WhenLoaded loaded={first} what="the run history">
      {() => (
        <Stack space="space.300">
          <RunsList
            runs={pages.runs}
            hasMore={pages.cursor !== null}
            filters={filters}
            fields={fields}
            schemes={schemes.status === 'ready' ? schemes.data : []}
            handlers={{ onFilters: setFilters, onMore: () => void more(), onOpenRun: props.openRun }}
          />
          {/* Below the runs: the runs are what the tab is for; these lists are short work queues. */}
          <PendingDeletionsScreen notify={props.notify} />
          <RestoreRequestsScreen notify={props.notify} />
        </Stack>
      )}
    </WhenLoaded>
  );
}
