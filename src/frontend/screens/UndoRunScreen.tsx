/**
 * "Undo this run" on a live run's page: whole or for the users ticked in the outcomes table, reviewed in a
 * confirmation that names who is restored and how, groups by name (runs/undoPreview), then started as a run of its
 * own (runs/undo).
 */
import React, { useState } from 'react';
import {
  Button,
  Heading,
  Inline,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  SectionMessage,
  Stack,
  Text,
} from '@forge/react';
import { RESOLVERS, type RunSummary, type UndoPreview } from '../../contract';
import { call, hasEnded } from '../effects';
import type { Notice, OpenRun } from '../navigation';

/** How many users the confirmation lists by name; the message names the count of the rest. */
const LISTED = 20;

export function canUndo(run: RunSummary): boolean {
  return run.mode === 'live' && hasEnded(run) && !run.undoOf && run.counts.done + run.counts.failed > 0;
}

export function UndoRunScreen(props: {
  run: RunSummary;
  /** Account ids ticked in the outcomes table; none means the whole run. */
  chosen: readonly string[];
  onClearChosen: () => void;
  notify: (notice: Notice) => void;
  openRun: OpenRun;
}) {
  const [preview, setPreview] = useState<UndoPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  if (!canUndo(props.run)) return null;
  const chosen = [...props.chosen];
  const payload = { runId: props.run.id, ...(chosen.length > 0 ? { accountIds: chosen } : {}) };
  const review = async () => {
    const answer = await call<UndoPreview>(RESOLVERS.runsUndoPreview, payload);
    if (!answer.ok) return setProblem(answer.error.message);
    setProblem(null);
    setPreview(answer.data);
  };
  const start = async () => {
    setStarting(true);
    const answer = await call<RunSummary>(RESOLVERS.runsUndo, { ...payload, confirm: true });
    setStarting(false);
    setPreview(null);
    if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
    // The notice goes with the new run's page: a notice set before opening it would be cleared by the opening.
    props.openRun(answer.data.id, {
      kind: 'success',
      text: 'The undo started: it is a run of its own, shown here as it goes.',
    });
  };
  // A big run's review lists its first users; `total` counts them all.
  const restored = preview ? (preview.total ?? preview.users.length) : 0;
  const count = preview ? restored + preview.cannotUndo.length : 0;
  return (
    <Stack space="space.100">
      <Heading as="h4">Undo this run</Heading>
      <Text>
        Restores the users this run changed: access and other groups added back, suspensions lifted, deactivated
        accounts re-enabled, pending deletions cancelled (within Atlassian's 14-day grace period). Each user is
        re-checked first; anyone changed since for another reason is left alone.
      </Text>
      <Text>
        {chosen.length === 0
          ? 'Tick users in the table above to undo only for them; with none ticked, the whole run is undone.'
          : `${chosen.length} user${chosen.length === 1 ? '' : 's'} ticked: the undo is for them only.`}
      </Text>
      {problem && (
        <SectionMessage appearance="error" title="Cannot undo">
          <Text>{problem}</Text>
        </SectionMessage>
      )}
      <Inline space="space.100">
        <Button onClick={() => void review()}>
          {chosen.length === 0
            ? 'Review the undo'
            : `Review the undo for ${chosen.length} user${chosen.length === 1 ? '' : 's'}`}
        </Button>
        {chosen.length > 0 && (
          <Button appearance="subtle" onClick={props.onClearChosen}>
            Clear the ticks
          </Button>
        )}
      </Inline>
      <ModalTransition>
        {preview && (
          <Modal onClose={() => setPreview(null)}>
            <ModalHeader>
              <ModalTitle appearance="warning">{`Undo this run for ${count} user${count === 1 ? '' : 's'}?`}</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Stack space="space.100">
                {preview.users.slice(0, LISTED).map((user) => (
                  <Text
                    key={user.accountId}
                  >{`${user.name}${user.email ? ` (${user.email})` : ''}: ${user.undo}`}</Text>
                ))}
                {restored > Math.min(LISTED, preview.users.length) && (
                  <Text>{`… and ${restored - Math.min(LISTED, preview.users.length)} more (listed on this run's page).`}</Text>
                )}
                {preview.cannotUndo.length > 0 && (
                  <SectionMessage appearance="warning" title="Cannot be undone">
                    {preview.cannotUndo.slice(0, LISTED).map((user) => (
                      <Text key={user.accountId}>{`${user.name}: ${user.reason}`}</Text>
                    ))}
                  </SectionMessage>
                )}
                <Text>Anyone changed since for another reason is left alone, and the undo's report says why.</Text>
              </Stack>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setPreview(null)}>
                Cancel
              </Button>
              <Button appearance="warning" isDisabled={starting} onClick={() => void start()}>
                {`Yes, undo for ${count} user${count === 1 ? '' : 's'}`}
              </Button>
            </ModalFooter>
          </Modal>
        )}
      </ModalTransition>
    </Stack>
  );
}
