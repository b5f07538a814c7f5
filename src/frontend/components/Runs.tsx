/** Run history (filterable, paged) and one run's page (summary, errors, per-user outcomes, cancel). Renders only. */
import React from 'react';
import {
  Box,
  Button,
  ButtonGroup,
  Checkbox,
  DynamicTable,
  EmptyState,
  Heading,
  Inline,
  Label,
  Lozenge,
  SectionMessage,
  Select,
  Stack,
  Strong,
  Text,
} from '@forge/react';
import { OUTCOMES, RUN_STATES, type RunOutcomesPage, type RunSummary, type SchemeSummary } from '../../contract';
import { dateTime, duration } from '../format';
import { hasEnded } from '../effects';
import { DateField, Lines, ModeLozenge, RunLozenge } from './common';
import { RunReport } from './RunReport';
import { describeSeat, seatFacts } from '../../domain/billing';
import type { UserOutcome } from '../../domain/run';
import {
  KIND_WORDS,
  OUTCOME_WORDS,
  RUN_STATE_WORDS,
  TRIGGER_WORDS,
  outcomeReason,
  runActionsText,
  runOrigin,
} from '../words';

export interface RunFilters {
  schemeId: string;
  state: string;
  startedBefore: string;
  /** Bulk searches and editor previews (test runs of no scheme): runs/list leaves them out unless asked for. */
  withSearches: boolean;
}

export interface RunsHandlers {
  onFilters: (filters: RunFilters) => void;
  onMore: () => void;
  onOpenRun: (runId: string) => void;
}

const ANY = { label: 'Any', value: '' };

/** What holds the user's seat, and why they stay billed when the run acted on them and they do. */
function seatText(user: UserOutcome, billing: RunSummary['billing']): string {
  if (!user.seat) return '—';
  const still = billing?.stillBilled.users.find((other) => other.accountId === user.accountId);
  return `${describeSeat(seatFacts(user.seat))}${still ? `; ${still.reason}` : ''}`;
}

function countsText(run: RunSummary): string {
  const c = run.counts;
  return `${c.scanned} users read, ${c.matched} matched, ${c.exempt} exempt, ${c.planned} to act on, ${c.done} done, ${c.skipped} left alone, ${c.failed} failed`;
}

export function RunsList(props: {
  runs: RunSummary[];
  hasMore: boolean;
  filters: RunFilters;
  fields: Record<string, string>;
  schemes: SchemeSummary[];
  handlers: RunsHandlers;
}) {
  const { filters, handlers } = props;
  const schemeOptions = [
    ANY,
    { label: 'Bulk actions', value: 'bulk' },
    { label: 'Site snapshots', value: 'snapshot' },
    ...props.schemes.map((scheme) => ({ label: scheme.name, value: scheme.id })),
  ];
  const stateOptions = [ANY, ...RUN_STATES.map((state) => ({ label: RUN_STATE_WORDS[state], value: state }))];
  return (
    <Stack space="space.200">
      <Inline space="space.200" alignBlock="end">
        <Stack space="space.050">
          <Label labelFor="runs-scheme">Scheme</Label>
          <Select
            id="runs-scheme"
            inputId="runs-scheme"
            options={schemeOptions}
            value={schemeOptions.find((o) => o.value === filters.schemeId)}
            onChange={(option: { value: string }) => handlers.onFilters({ ...filters, schemeId: option.value })}
          />
        </Stack>
        <Stack space="space.050">
          <Label labelFor="runs-state">Status</Label>
          <Select
            id="runs-state"
            inputId="runs-state"
            options={stateOptions}
            value={stateOptions.find((o) => o.value === filters.state)}
            onChange={(option: { value: string }) => handlers.onFilters({ ...filters, state: option.value })}
          />
        </Stack>
        <DateField
          id="runs-before"
          placeholder="Any day"
          label="Started on or before"
          value={filters.startedBefore}
          fields={props.fields}
          path="startedBefore"
          onChange={(startedBefore) => handlers.onFilters({ ...filters, startedBefore })}
        />
      </Inline>
      <Checkbox
        id="runs-with-searches"
        value="withSearches"
        label="Include bulk searches and editor previews"
        isChecked={filters.withSearches}
        onChange={() => handlers.onFilters({ ...filters, withSearches: !filters.withSearches })}
      />
      {props.runs.length === 0 ? (
        <EmptyState
          header="No runs"
          description="Runs appear here when a scheme runs (on schedule or with Run now) or a bulk action starts."
        />
      ) : (
        <DynamicTable
          head={{
            cells: ['Run', 'Kind', 'Trigger', 'Mode', 'Status', 'Started', 'Duration', 'Counts'].map((label) => ({
              key: label,
              content: label,
            })),
          }}
          rows={props.runs.map((run) => ({
            key: run.id,
            cells: [
              {
                key: 'Run',
                content: (
                  <Button appearance="subtle" onClick={() => handlers.onOpenRun(run.id)}>
                    {run.schemeName}
                  </Button>
                ),
              },
              { key: 'Kind', content: run.undoOf ? 'undo' : (KIND_WORDS[run.kind] ?? run.kind) },
              { key: 'Trigger', content: TRIGGER_WORDS[run.trigger] ?? run.trigger },
              { key: 'Mode', content: <ModeLozenge mode={run.mode} /> },
              { key: 'Status', content: <RunLozenge state={run.state} /> },
              { key: 'Started', content: dateTime(run.startedAt) },
              { key: 'Duration', content: duration(run.startedAt, run.finishedAt) },
              {
                key: 'Counts',
                content: `${run.counts.matched} matched, ${run.counts.done} done, ${run.counts.failed} failed`,
              },
            ],
          }))}
        />
      )}
      {props.hasMore && <Button onClick={handlers.onMore}>Show older runs</Button>}
    </Stack>
  );
}

export interface RunPageHandlers {
  onBack: () => void;
  onCancel: () => void;
  onRefresh: () => void;
  onOutcome: (outcome: string) => void;
  onPage: (page: number) => void;
}

/** Ticks in the outcomes table choosing whom to undo; absent when the run cannot be undone. */
export interface UndoPicks {
  chosen: readonly string[];
  onToggle: (accountId: string) => void;
}

/** A user the run may have changed (done, or failed after a first step took): the undo's review says what it gives back. */
function undoable(user: { outcome: string }): boolean {
  return user.outcome === 'done' || user.outcome === 'failed';
}

export function RunPage({
  run,
  outcome,
  handlers,
  undoPicks,
}: {
  run: RunOutcomesPage;
  outcome: string;
  handlers: RunPageHandlers;
  undoPicks?: UndoPicks;
}) {
  const pages = Math.max(1, Math.ceil(run.total / run.pageSize));
  const isUndo = run.undoOf !== undefined;
  const outcomeOptions = [
    { label: 'All outcomes', value: '' },
    ...OUTCOMES.map((o) => ({ label: OUTCOME_WORDS[o] ?? o, value: o })),
  ];
  return (
    <Stack space="space.200">
      <Inline space="space.100" alignBlock="center" spread="space-between">
        {/* A run's page opens from elsewhere (a row, "Run test"): focus starts at its top, not on the page's body. */}
        <Button appearance="subtle" autoFocus onClick={handlers.onBack}>
          ← All runs
        </Button>
        <ButtonGroup>
          <Button onClick={handlers.onRefresh}>Refresh</Button>
          {!hasEnded(run) && (
            <Button appearance="danger" onClick={handlers.onCancel}>
              Cancel run
            </Button>
          )}
        </ButtonGroup>
      </Inline>
      <Inline space="space.100" alignBlock="center">
        <Heading as="h3">{run.schemeName}</Heading>
        <RunLozenge state={run.state} />
        <ModeLozenge mode={run.mode} />
      </Inline>
      <Box padding="space.150" backgroundColor="color.background.neutral">
        <Stack space="space.050">
          <Text>
            <Strong>Started</Strong> {dateTime(run.startedAt)} ({runOrigin(run)}) · <Strong>Duration</Strong>{' '}
            {duration(run.startedAt, run.finishedAt)}
          </Text>
          {isUndo && (
            <Text>This run undoes an earlier live run: it gives back what that run took from each user it names.</Text>
          )}
          <Text>
            <Strong>{isUndo ? 'What it does' : 'Actions'}</Strong> {runActionsText(run.actions, isUndo)}
          </Text>
          <Text>{countsText(run)}</Text>
          {run.reason && (
            <Text>
              <Strong>Why it ended so</Strong> {run.reason}
            </Text>
          )}
        </Stack>
      </Box>
      <RunReport run={run} />
      {run.mode === 'test' && (
        <Text>Test run: nothing was changed on the site; "would be acted on" shows what a live run would do.</Text>
      )}
      {run.errors.length > 0 && (
        <SectionMessage appearance="error" title="Errors">
          <Lines lines={run.errors} />
        </SectionMessage>
      )}
      <Inline space="space.100" alignBlock="center">
        <Label labelFor="run-outcome">Show</Label>
        <Select
          id="run-outcome"
          inputId="run-outcome"
          options={outcomeOptions}
          value={outcomeOptions.find((o) => o.value === outcome)}
          onChange={(option: { value: string }) => handlers.onOutcome(option.value)}
        />
      </Inline>
      <DynamicTable
        caption="Per-user outcomes"
        head={{
          cells: ['User', 'Email', 'Last active', 'Outcome', 'Reason', 'Seat held through'].map((label) => ({
            key: label,
            content: label,
          })),
        }}
        rows={run.users.map((user) => ({
          key: user.accountId,
          cells: [
            {
              key: 'User',
              content:
                undoPicks && undoable(user) ? (
                  // The tick is labelled by the user's name: one name per row, and the box says whom it picks.
                  <Checkbox
                    id={`undo-pick-${user.accountId}`}
                    value={user.accountId}
                    label={user.name}
                    isChecked={undoPicks.chosen.includes(user.accountId)}
                    onChange={() => undoPicks.onToggle(user.accountId)}
                  />
                ) : (
                  user.name
                ),
            },
            { key: 'Email', content: user.email ?? '(hidden)' },
            { key: 'Last active', content: lastActiveWords(user) },
            {
              key: 'Outcome',
              content: (
                <Lozenge
                  appearance={
                    user.outcome === 'done'
                      ? 'success'
                      : user.outcome === 'failed'
                        ? 'removed'
                        : user.outcome === 'exempt'
                          ? 'moved'
                          : 'default'
                  }
                >
                  {OUTCOME_WORDS[user.outcome] ?? user.outcome}
                </Lozenge>
              ),
            },
            { key: 'Reason', content: outcomeReason(user, isUndo) },
            { key: 'Seat held through', content: seatText(user, run.billing) },
          ],
        }))}
        emptyView={<Text>No user on this page has this outcome.</Text>}
      />
      <Inline space="space.100" alignBlock="center">
        <Button isDisabled={run.page <= 1} onClick={() => handlers.onPage(run.page - 1)}>
          Previous page
        </Button>
        <Text>{`Page ${run.page} of ${pages} (${run.total} users)`}</Text>
        <Button isDisabled={run.page >= pages} onClick={() => handlers.onPage(run.page + 1)}>
          Next page
        </Button>
      </Inline>
    </Stack>
  );
}

/** This site's Confluence date, and the latest activity anywhere in the org beside it when that is later. */
function lastActiveWords(user: { lastActive: string | null; lastActiveAnywhere?: string | null }): string {
  const here = user.lastActive ? dateTime(user.lastActive) : 'never';
  const anywhere = user.lastActiveAnywhere;
  if (!anywhere || anywhere === user.lastActive) return here;
  return `${here} (anywhere in the org: ${dateTime(anywhere)})`;
}
