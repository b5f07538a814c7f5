/** Wires the Overview: loads it, starts a measurement, follows it until it ends. */
import React, { useEffect, useState } from 'react';
import { RESOLVERS, type OverviewAnswer, type RunSummary, type SnapshotsExportAnswer } from '../../contract';
import { call, watchRun } from '../effects';
import { useLoad } from '../hooks';
import type { Notice } from '../navigation';
import { OverviewTab, type SnapshotsExport } from '../components/Overview';

/** A year of days is four pages; this bound only stops a runaway loop. */
const MAX_EXPORT_PAGES = 10;

export function OverviewScreen(props: {
  reloads: number;
  notify: (notice: Notice) => void;
  reload: () => void;
  openRun: (runId: string) => void;
}) {
  const loaded = useLoad(() => call<OverviewAnswer>(RESOLVERS.overviewGet, {}), [props.reloads]);
  const measuringId = loaded.status === 'ready' ? (loaded.data.measuring?.id ?? null) : null;
  const [watched, setWatched] = useState<string | null>(null);
  useEffect(() => {
    if (!measuringId || watched === measuringId) return;
    setWatched(measuringId);
    return watchRun(
      measuringId,
      (progress) => {
        if (['done', 'aborted', 'failed', 'cancelled'].includes(progress.state)) props.reload();
      },
      (message) => props.notify({ kind: 'error', text: message }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [measuringId]);
  const measure = async () => {
    const answer = await call<RunSummary>(RESOLVERS.overviewMeasure, {});
    if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
    props.notify({
      kind: 'information',
      text: 'Measuring the site in the background: a test run that changes nothing.',
    });
    props.reload();
  };
  const [exported, setExported] = useState<SnapshotsExport>({ busy: false, csv: null, rows: 0, error: null });
  const exportCsv = async () => {
    setExported({ busy: true, csv: null, rows: 0, error: null });
    const parts: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_EXPORT_PAGES; page += 1) {
      const answer = await call<SnapshotsExportAnswer>(RESOLVERS.snapshotsExport, cursor ? { cursor } : {});
      if (!answer.ok) return setExported({ busy: false, csv: null, rows: 0, error: answer.error.message });
      parts.push(answer.data.csv);
      cursor = answer.data.nextCursor ?? undefined;
      if (!cursor) break;
    }
    const csv = parts.join('');
    setExported({
      busy: false,
      csv,
      rows: Math.max(0, csv.split('\r\n').filter((line) => line !== '').length - 1),
      error: null,
    });
  };
  return (
    <OverviewTab
      loaded={loaded}
      exported={exported}
      onMeasure={() => void measure()}
      onExport={() => void exportCsv()}
      onOpenRun={props.openRun}
    />
  );
}
