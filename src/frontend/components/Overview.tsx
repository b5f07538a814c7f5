/**
 * Overview: the latest daily site snapshot (with its date), adoption and seats over time, how long inactive seat
 * holders have been away, seats per group, what each enabled scheme would free, the snapshots as CSV, recent runs.
 */
import React from 'react';
import {
  BarChart,
  Box,
  Button,
  DynamicTable,
  EmptyState,
  Heading,
  Inline,
  LineChart,
  LoadingButton,
  ProgressBar,
  Stack,
  Strong,
  Text,
} from '@forge/react';
import type { OverviewAnswer } from '../../contract';
import { adoptionPercent } from '../../domain/snapshot';
import { adoptionRows, awayRows, seatRows } from '../adoption';
import { dateTime } from '../format';
import type { Loaded } from '../hooks';
import { ExportBlock, ModeLozenge, Problem, RunLozenge, WhenLoaded } from './common';
import { BillingForecastPanel } from './BillingForecast';

export interface SnapshotsExport {
  busy: boolean;
  csv: string | null;
  rows: number;
  error: string | null;
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Box padding="space.200" backgroundColor="color.background.neutral">
      <Stack space="space.050">
        <Heading as="h3">{value}</Heading>
        <Text>{label}</Text>
      </Stack>
    </Box>
  );
}

export function OverviewTab(props: {
  loaded: Loaded<OverviewAnswer>;
  exported: SnapshotsExport;
  onMeasure: () => void;
  onExport: () => void;
  onOpenRun: (runId: string) => void;
}) {
  return (
    <WhenLoaded loaded={props.loaded} what="the Overview">
      {(overview) => (
        <Stack space="space.300">
          <Inline space="space.200" alignBlock="center" spread="space-between">
            <Text>
              {overview.latest
                ? `Measured by the site snapshot of ${dateTime(overview.latest.measuredAt)} (one a day): Confluence seats held by active Atlassian accounts.`
                : 'No site snapshot yet: the app measures the site once a day, or measure it now.'}
            </Text>
            <Button appearance="primary" isDisabled={overview.measuring !== null} onClick={props.onMeasure}>
              Measure the site now
            </Button>
          </Inline>
          {overview.measuring && (
            <Stack space="space.050">
              <Text>
                A snapshot is being measured (started {dateTime(overview.measuring.startedAt)}); the numbers update when
                it ends.
              </Text>
              <ProgressBar isIndeterminate ariaLabel="Measuring the site" />
            </Stack>
          )}
          {overview.latest && (
            <Inline space="space.200" shouldWrap>
              <Figure
                label={overview.seatTarget !== null ? `Seats held (target ${overview.seatTarget})` : 'Seats held'}
                value={String(overview.latest.seats)}
              />
              <Figure label="Adoption (active 30 days ÷ seats)" value={`${adoptionPercent(overview.latest)}%`} />
              <Figure label="Active in the last 7 days" value={String(overview.latest.active7)} />
              <Figure label="Active in the last 30 days" value={String(overview.latest.active30)} />
              <Figure label="Active in the last 90 days" value={String(overview.latest.active90)} />
              <Figure label="Never active" value={String(overview.latest.neverActive)} />
            </Inline>
          )}
          {overview.billing && <BillingForecastPanel forecast={overview.billing} />}
          <Heading as="h3">Adoption and seats over time</Heading>
          {overview.history.length > 0 ? (
            <Stack space="space.200">
              <LineChart
                data={adoptionRows(overview.history)}
                xAccessor={0}
                yAccessor={1}
                colorAccessor={2}
                title="Adoption"
                subtitle="Seat holders active in the last 30 days, in % of seats, one point a day"
              />
              <LineChart
                data={seatRows(overview)}
                xAccessor={0}
                yAccessor={1}
                colorAccessor={2}
                title="Seats held"
                subtitle="One point a day"
              />
            </Stack>
          ) : (
            <EmptyState
              header="No snapshots yet"
              description="Each day's site snapshot adds a point to these charts."
            />
          )}
          {overview.latest && (
            <Stack space="space.200">
              <Heading as="h3">Inactive seat holders by time away</Heading>
              <BarChart
                data={awayRows(overview.latest)}
                xAccessor={0}
                yAccessor={1}
                colorAccessor={2}
                title="Time since last Confluence activity"
                subtitle={`On ${overview.latest.day}`}
              />
              <Heading as="h3">Seats per group</Heading>
              <DynamicTable
                head={{
                  cells: [
                    { key: 'group', content: 'Group' },
                    { key: 'seats', content: 'Seat holders' },
                    { key: 'active', content: 'Active 30 days' },
                  ],
                }}
                rows={overview.latest.groups.map((group) => ({
                  key: group.id,
                  cells: [
                    { key: 'group', content: group.name },
                    { key: 'seats', content: String(group.seats) },
                    { key: 'active', content: String(group.active30) },
                  ],
                }))}
              />
            </Stack>
          )}
          <Heading as="h3">Seats each enabled scheme would free now</Heading>
          {overview.schemes.length === 0 ? (
            <Text>No enabled scheme.</Text>
          ) : (
            <DynamicTable
              head={{
                cells: [
                  { key: 'name', content: 'Scheme' },
                  { key: 'mode', content: 'Mode' },
                  { key: 'count', content: 'Users (last run)' },
                  { key: 'when', content: 'Counted' },
                ],
              }}
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
          <Inline space="space.200" alignBlock="center">
            <LoadingButton isLoading={props.exported.busy} onClick={props.onExport}>
              Export snapshots as CSV
            </LoadingButton>
          </Inline>
          {props.exported.error && (
            <Problem title="The snapshots could not be exported" message={props.exported.error} />
          )}
          {props.exported.csv !== null && (
            <ExportBlock
              title={`CSV of ${props.exported.rows} daily ${props.exported.rows === 1 ? 'snapshot' : 'snapshots'}`}
              language="text"
              text={props.exported.csv}
            />
          )}
          <Heading as="h3">Last runs</Heading>
          {overview.recentRuns.length === 0 ? (
            <Text>No run yet.</Text>
          ) : (
            <DynamicTable
              head={{
                cells: [
                  { key: 'run', content: 'Run' },
                  { key: 'state', content: 'Status' },
                  { key: 'started', content: 'Started' },
                  { key: 'counts', content: 'Matched' },
                ],
              }}
              rows={overview.recentRuns.map((run) => ({
                key: run.id,
                cells: [
                  {
                    key: 'run',
                    content: (
                      <Button appearance="subtle" onClick={() => props.onOpenRun(run.id)}>
                        {run.schemeName}
                      </Button>
                    ),
                  },
                  { key: 'state', content: <RunLozenge state={run.state} /> },
                  { key: 'started', content: dateTime(run.startedAt) },
                  { key: 'counts', content: String(run.counts.matched) },
                ],
              }))}
            />
          )}
          <Text>
            <Strong>Why measured, not live:</Strong> reading every user takes longer than a page may wait, so the app
            measures in the background once a day and shows the result with its date.
          </Text>
        </Stack>
      )}
    </WhenLoaded>
  );
}
