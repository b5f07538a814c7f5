/** Bulk actions: filters → find users → a paged, sortable table with selection → actions → confirmation → live run. Renders only. */
import React from 'react';
import {
  Button,
  ButtonGroup,
  Checkbox,
  DynamicTable,
  Heading,
  Inline,
  Label,
  LoadingButton,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  ProgressBar,
  SectionMessage,
  Select,
  Stack,
  Strong,
  Text,
} from '@forge/react';
import type { GroupOption } from '../../contract';
import type { DefinedField } from '../filterDraft';
import { FieldConditions } from './FieldConditions';
import { selectedCount, type BulkEvent, type BulkState, type SortKey } from '../bulk';
import { ACTION_OPTIONS } from '../editor';
import { ACTION_LABELS, ACTION_UNDO, day, plural } from '../format';
import { hasEnded } from '../effects';
import { FieldError, FilterForm, GroupNamesSelect, Problem, RunLozenge, TextField } from './common';
import { QuoteOfTestRun } from './GoLive';
import { RUN_STATE_WORDS } from '../words';

export interface BulkHandlers {
  dispatch: (event: BulkEvent) => void;
  onFind: () => void;
  onReview: () => void;
  onRun: () => void;
  onOpenRun: (runId: string) => void;
}

const SORTS: Array<{ label: string; value: string }> = [
  { label: 'Name A→Z', value: 'name:ASC' },
  { label: 'Name Z→A', value: 'name:DESC' },
  { label: 'Email A→Z', value: 'email:ASC' },
  { label: 'Last active, oldest first', value: 'lastActive:ASC' },
  { label: 'Last active, newest first', value: 'lastActive:DESC' },
  { label: 'Outcome', value: 'outcome:ASC' },
];

/** The live run's progress in the words of the selection it acts on, not of the site scan beneath it. */
function LiveProgress({ run, selected }: { run: NonNullable<BulkState['liveRun']>; selected: number }) {
  const { done, skipped, failed } = run.counts;
  const acted = done + skipped + failed;
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center">
        <RunLozenge state={run.state} />
        <Text>{`Acting on the ${plural(selected, 'selected user')}: ${done} done, ${skipped} left alone, ${failed} failed.`}</Text>
      </Inline>
      {!hasEnded(run) && (
        <ProgressBar
          {...(acted > 0 && selected > 0 ? { value: Math.min(1, acted / selected) } : { isIndeterminate: true })}
          ariaLabel="Acting on the selected users"
        />
      )}
      {hasEnded(run) && run.reason && <Text>{run.reason}</Text>}
    </Stack>
  );
}

function Progress({ state }: { state: BulkState }) {
  if (state.stage === 'running' && state.liveRun)
    return <LiveProgress run={state.liveRun} selected={selectedCount(state)} />;
  const run = state.findRun;
  if (!run) return null;
  const ended = hasEnded(run);
  const acted = run.counts.done + run.counts.skipped + run.counts.failed;
  const toAct = run.counts.planned + acted;
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center">
        <RunLozenge state={run.state} />
        <Text>
          {run.scanComplete
            ? `Scan complete: ${plural(run.usersScanned, 'user')} read, ${plural(run.usersFound, 'user')} found.`
            : `Scanning: ${plural(run.pagesScanned, 'page')} read (${plural(run.usersScanned, 'user')}), ${plural(run.usersFound, 'user')} found so far…`}
        </Text>
      </Inline>
      {!ended &&
        (run.state === 'acting' && toAct > 0 ? (
          <ProgressBar value={acted / toAct} ariaLabel="Acting" />
        ) : (
          <ProgressBar isIndeterminate ariaLabel="Scanning" />
        ))}
      {run.state === 'acting' && <Text>{`Acted on ${acted} of ${toAct} users.`}</Text>}
      {ended && run.reason && <Text>{run.reason}</Text>}
    </Stack>
  );
}

function ResultsTable({ state, handlers }: { state: BulkState; handlers: BulkHandlers }) {
  const results = state.results!;
  const { dispatch } = handlers;
  const pages = Math.max(1, Math.ceil(results.total / results.pageSize));
  // A search too big to sort is read in the order found: a page may come back short, so it has no page count.
  const unsorted = results.sorted === false;
  const hasNext = unsorted ? Boolean(results.nextCursor) : results.page < pages;
  const selected = state.selection.kind === 'some' ? new Set(state.selection.accountIds) : null;
  return (
    <Stack space="space.150">
      <Heading as="h3">{`${plural(results.total, 'user')} found; ${results.selectable} can be acted on`}</Heading>
      <Inline space="space.100" alignBlock="center">
        {unsorted ? (
          <Text>Shown in the order the search found them: a search of more than 1,200 accounts is not sorted.</Text>
        ) : (
          <>
            <Label labelFor="bulk-sort">Sort by</Label>
            <Select
              id="bulk-sort"
              inputId="bulk-sort"
              options={SORTS}
              value={SORTS.find((s) => s.value === `${state.sortKey}:${state.sortOrder}`)}
              onChange={(option: { value: string }) => {
                const [key, order] = option.value.split(':') as [SortKey, 'ASC' | 'DESC'];
                dispatch({ type: 'sort', key, order });
              }}
            />
          </>
        )}
        <ButtonGroup>
          <Button onClick={() => dispatch({ type: 'selectPage' })}>Select this page</Button>
          <Button
            onClick={() => dispatch({ type: 'selectAllMatching' })}
          >{`Select all ${results.selectable} matching`}</Button>
          <Button appearance="subtle" onClick={() => dispatch({ type: 'clearSelection' })}>
            Clear selection
          </Button>
        </ButtonGroup>
      </Inline>
      <Text>
        {state.selection.kind === 'allMatching'
          ? `All ${results.selectable} matching users are selected.`
          : `${plural(state.selection.accountIds.length, 'user')} selected.`}
      </Text>
      <DynamicTable
        head={{
          cells: [
            { key: 'name', content: 'Name' },
            { key: 'email', content: 'Email' },
            { key: 'lastActive', content: 'Last active' },
            { key: 'outcome', content: 'Why' },
          ],
        }}
        rows={results.users.map((user) => ({
          key: user.accountId,
          cells: [
            {
              key: 'name',
              // The tick is labelled by the name it stands beside: each user's name shows once.
              content:
                user.outcome === 'exempt' ? (
                  <Text>{`${user.name} (exempt)`}</Text>
                ) : (
                  <Checkbox
                    id={`select-${user.accountId}`}
                    value={user.accountId}
                    label={user.name}
                    isChecked={selected === null || selected.has(user.accountId)}
                    isDisabled={selected === null || state.stage === 'running'}
                    onChange={() => dispatch({ type: 'toggleUser', accountId: user.accountId })}
                  />
                ),
            },
            { key: 'email', content: user.email ?? '(hidden)' },
            { key: 'lastActive', content: day(user.lastActive) },
            { key: 'outcome', content: user.reason },
          ],
        }))}
      />
      <Inline space="space.100" alignBlock="center">
        <Button isDisabled={results.page <= 1} onClick={() => dispatch({ type: 'page', page: results.page - 1 })}>
          Previous page
        </Button>
        <Text>{unsorted ? `Page ${results.page}` : `Page ${results.page} of ${pages}`}</Text>
        <Button isDisabled={!hasNext} onClick={() => dispatch({ type: 'page', page: results.page + 1 })}>
          Next page
        </Button>
      </Inline>
    </Stack>
  );
}

function ActionsForm({ state, groups, handlers }: { state: BulkState; groups: GroupOption[]; handlers: BulkHandlers }) {
  const { dispatch } = handlers;
  return (
    <Stack space="space.100">
      <Heading as="h3">Actions</Heading>
      {ACTION_OPTIONS.map((action) => (
        <Stack key={action} space="space.050">
          <Checkbox
            id={`bulk-action-${action}`}
            value={action}
            label={ACTION_LABELS[action] ?? action}
            isChecked={state.actions.includes(action)}
            onChange={() => dispatch({ type: 'toggleAction', action })}
          />
          {(action === 'addGroups' || action === 'removeGroups') && state.actions.includes(action) && (
            <GroupNamesSelect
              id={`bulk-${action}`}
              label={action === 'addGroups' ? 'Groups to add them to' : 'Groups to remove them from'}
              groups={groups}
              value={state[action]}
              onChange={(names) => dispatch({ type: 'actionGroups', action, groups: names })}
            />
          )}
        </Stack>
      ))}
      <FieldError fields={state.fields} path="actions" />
      <FieldError fields={state.fields} path="selection" />
      <Button
        appearance="warning"
        isDisabled={selectedCount(state) === 0 || state.actions.length === 0}
        onClick={handlers.onReview}
      >
        {`Review action on ${plural(selectedCount(state), 'user')}`}
      </Button>
    </Stack>
  );
}

function Confirmation({ state, handlers }: { state: BulkState; handlers: BulkHandlers }) {
  const count = selectedCount(state);
  const findRunId = state.findRun?.id;
  return (
    <ModalTransition>
      {state.stage === 'confirm' && (
        <Modal onClose={() => handlers.dispatch({ type: 'cancelConfirm' })} width="large">
          <ModalHeader>
            <ModalTitle appearance="danger">{`Act on ${plural(count, 'user')}?`}</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <Stack space="space.100">
              {!state.review && <ProgressBar isIndeterminate ariaLabel="Reading the selected users" />}
              {state.review && (
                <QuoteOfTestRun
                  quote={state.review}
                  {...(findRunId ? { onOpenList: () => handlers.onOpenRun(findRunId) } : {})}
                  listLabel="See the list of found users"
                />
              )}
              <Text>{`This live run acts only on the ${plural(count, 'selected user')} who still match the filters when it scans; anyone active since the search is left alone.`}</Text>
              {state.actions.map((action) => (
                <Text key={action}>
                  <Strong>{ACTION_LABELS[action] ?? action}</Strong>
                  {`: ${ACTION_UNDO[action] ?? ''}.`}
                </Text>
              ))}
              <Text>{`Safety limit: if more than ${plural(count, 'user')} would be acted on, the run acts on nobody.`}</Text>
            </Stack>
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={() => handlers.dispatch({ type: 'cancelConfirm' })}>
              Cancel
            </Button>
            <Button appearance="danger" isDisabled={!state.review} onClick={handlers.onRun}>
              {`Yes, act on ${plural(count, 'user')}`}
            </Button>
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
}

export function BulkTab({
  state,
  groups,
  definedFields,
  handlers,
}: {
  state: BulkState;
  groups: GroupOption[];
  definedFields: readonly DefinedField[];
  handlers: BulkHandlers;
}) {
  const { dispatch } = handlers;
  const finding = state.stage === 'finding' && state.findRun !== null && !hasEnded(state.findRun);
  return (
    <Stack space="space.200">
      <Heading as="h3">Find users</Heading>
      <FilterForm
        idPrefix="bulk"
        filter={state.filter}
        groups={groups}
        fields={state.fields}
        onChange={(change) => dispatch({ type: 'editFilter', change })}
      />
      <FieldConditions
        idPrefix="bulk"
        filter={state.filter}
        defined={definedFields}
        errors={state.fields}
        onChange={(change) => dispatch({ type: 'editFilter', change })}
      />
      <TextField
        id="bulk-contains"
        label="Name or email contains"
        value={state.nameOrEmailContains}
        onChange={(text) => dispatch({ type: 'nameOrEmail', text })}
      />
      <LoadingButton appearance="primary" isLoading={finding} onClick={handlers.onFind}>
        Find users
      </LoadingButton>
      {state.error && <Problem message={state.error} />}
      {(state.stage === 'finding' || state.stage === 'running') && <Progress state={state} />}
      {state.findRun && hasEnded(state.findRun) && state.findRun.state !== 'done' && (
        <Problem message={`The search ended as ${state.findRun.state}: ${state.findRun.reason ?? ''}`} />
      )}
      {/* The found users stay in view while and after the action runs: the admin sees whom it was for. */}
      {state.results && <ResultsTable state={state} handlers={handlers} />}
      {state.results && (state.stage === 'results' || state.stage === 'confirm') && (
        <ActionsForm state={state} groups={groups} handlers={handlers} />
      )}
      {state.stage === 'running' && state.liveRun && (
        <Stack space="space.100">
          <Heading as="h3">Bulk action</Heading>
          {hasEnded(state.liveRun) && (
            <SectionMessage
              appearance={state.liveRun.state === 'done' ? 'success' : 'warning'}
              title={`Bulk action ${RUN_STATE_WORDS[state.liveRun.state]}`}
            >
              <Text>{`${state.liveRun.counts.done} done, ${state.liveRun.counts.skipped} skipped, ${state.liveRun.counts.failed} failed, ${state.liveRun.counts.exempt} exempt.`}</Text>
            </SectionMessage>
          )}
          <ButtonGroup>
            <Button onClick={() => handlers.onOpenRun(state.liveRun!.id)}>Open the run's report</Button>
            <Button appearance="subtle" onClick={() => dispatch({ type: 'startOver' })}>
              Start a new bulk action
            </Button>
          </ButtonGroup>
        </Stack>
      )}
      <Confirmation state={state} handlers={handlers} />
    </Stack>
  );
}
