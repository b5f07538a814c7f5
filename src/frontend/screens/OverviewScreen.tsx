/** Wires the Overview: loads it, starts a measurement, follows it until it ends. */
import React, { useEffect, useState } from 'react';
import { RESOLVERS, type OverviewAnswer, type RunSummary } from '../../contract';
import { call, watchRun } from '../effects';
import { useLoad } from '../hooks';
import type { Notice } from '../navigation';
import { OverviewTab } from '../components/Overview';

export function OverviewScreen(props: { reloads: number; notify: (notice: Notice) => void; reload: () => void; openRun: (runId: string) => void }) {
  const loaded = useLoad(() => call<OverviewAnswer>(RESOLVERS.overviewGet, {}), [props.reloads]);
  const measuringId = loaded.status === 'ready' ? (loaded.data.measuring?.id ?? null) : null;
  const [watched, setWatched] = useState<string | null>(null);
  useEffect(() => {
    if (!measuringId || watched === measuringId) return;
    setWatched(measuringId);
    return watchRun(measuringId, (progress) => {
      if (['done', 'aborted', 'failed', 'cancelled'].includes(progress.state)) props.reload();
    }, (message) => props.notify({ kind: 'error', text: message }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [measuringId]);
  const measure = async () => {
    const answer = await call<RunSummary>(RESOLVERS.overviewMeasure, {});
    if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
    props.notify({ kind: 'information', text: 'Measuring the site in the background: a test run that changes nothing.' });
    props.reload();
  };
  return <OverviewTab loaded={loaded} onMeasure={() => void measure()} onOpenRun={props.openRun} />;
}
