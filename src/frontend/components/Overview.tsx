/** Overview: what the latest site snapshot measured (with its date), each enabled scheme's last count, recent runs, the chart. */
import React from 'react';
import { Box, Button, DynamicTable, EmptyState, Heading, Inline, LineChart, ProgressBar, Stack, Text, Strong } from '@forge/react';
import type { OverviewAnswer, SiteSnapshot } from '../../contract';
import { dateTime, day } from '../format';
import type { Loaded } from '../hooks';
import { ModeLozenge, RunLozenge, WhenLoaded } from './common';

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Box padding="space.200" backgroundColor="color.background.neutral">
      <Stack space="space.050">
        <Heading as="h3">{String(value)}</Heading>
        <Text>{label}</Text>
      </Stack>
    </Box>
  );
}

function chartRows(history: SiteSnapshot[]): Array<[string, number, string]> {
  return history.flatMap((snapshot) => [
    [day(snapshot.measuredAt), snapshot.seats, 'Seats held'] as [string, number, string],
    [day(snapshot.measuredAt), snapshot.active30, 'Active in the last 30 days'] as [string, number, string],
  ]);
}

export function OverviewTab(props: { loaded: Loaded<OverviewAnswer>; onMeasure: () => void; onOpenRun: (runId: string) => void }) {
  return (
    <WhenLoaded loaded={props.loaded}>
      {(overview) => (
        <Stack space="space.300">
          <Inline space="space.200" alignBlock="center" spread="space-between">
            <Text>
              {overview.latest
                ? `Measured by the site snapshot of ${dateTime(overview.latest.measuredAt)}: Confluence seats held by active Atlassian accounts.`
                : 'No site snapshot yet: measure the site to see its seats and activity.'}
            </Text>
            <Button appearance="primary" isDisabled={overview.measuring !== null} onClick={props.onMeasure}>
              Measure the site now
            </Button>
          </Inline>
          {overview.measuring && (
            <Stack space="space.050">
              <Text>A snapshot is being measured (started {dateTime(overview.measuring.startedAt)}); the numbers update when it ends.</Text>
              <ProgressBar isIndeterminate ariaLabel="Measuring the site" />
            </Stack>
          )}
          {overview.latest && (
            <Inline space="space.200">
              <Figure label="Seats held" value={overview.latest.seats} />
              <Figure label="Active in the last 30 days" value={overview.latest.active30} />
              <Figure label="Active in the last 90 days" value={overview.latest.active90} />
              <Figure label="Never active" value={overview.latest.neverActive} />
            </Inline>
          )}
          <Heading as="h3">Seats and active users over time</Heading>
          {overview.history.length > 0 ? (
            <LineChart data={chartRows(overview.history)} xAccessor={0} yAccessor={1} colorAccessor={2} title="Seats and active users" subtitle="One point per site snapshot" />
          ) : (
            <EmptyState header="No measurements yet" description="Each site snapshot adds a point to this chart." />
          )}
          <Heading as="h3">What each enabled scheme would act on</Heading>
          {overview.schemes.length === 0 ? (
            <Text>No enabled scheme.</Text>
          ) : (
            <DynamicTable
              head={{ cells: [{ key: 'name', content: 'Scheme' }, { key: 'mode', content: 'Mode' }, { key: 'count', content: 'Users (last run)' }, { key: 'when', content: 'Counted' }] }}
              rows={overview.schemes.map((scheme) => ({
                key: scheme.id,
                cells: [
                  { key: 'name', content: scheme.name },
                  { key: 'mode', content: <ModeLozenge mode={scheme.mode} /> },
                  { key: 'count', content: scheme.wouldActOn === null ? 'not run yet' : String(scheme.wouldActOn) },
                  { key: 'when', content: dateTime(scheme.measuredAt) },
                ],
              }))}
            />
          )}
          <Heading as="h3">Last runs</Heading>
          {overview.recentRuns.length === 0 ? (
            <Text>No run yet.</Text>
          ) : (
            <DynamicTable
              head={{ cells: [{ key: 'run', content: 'Run' }, { key: 'state', content: 'Status' }, { key: 'started', content: 'Started' }, { key: 'counts', content: 'Matched' }] }}
              rows={overview.recentRuns.map((run) => ({
                key: run.id,
                cells: [
                  { key: 'run', content: <Button appearance="subtle" onClick={() => props.onOpenRun(run.id)}>{run.schemeName}</Button> },
                  { key: 'state', content: <RunLozenge state={run.state} /> },
                  { key: 'started', content: dateTime(run.startedAt) },
                  { key: 'counts', content: String(run.counts.matched) },
                ],
              }))}
            />
          )}
          <Text>
            <Strong>Why measured, not live:</Strong> reading every user takes longer than a page may wait, so the app measures in the background and shows the result with its date.
          </Text>
        </Stack>
      )}
    </WhenLoaded>
  );
}
