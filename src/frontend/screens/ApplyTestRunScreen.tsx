/**
 * "Apply this test run" on a finished test run's page: its planned users, each ticked, some unticked by the admin,
 * reviewed in a confirmation (runs/applyPreview), then a live run acting on exactly the ticked users (runs/apply),
 * each re-checked right before acting.
 */
import React, { useState } from 'react';
import {
  Button,
  Checkbox,
  Heading,
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
import { RESOLVERS, type ApplyPreview, type RunSummary } from '../../contract';
import { call } from '../effects';
import type { Notice, OpenRun } from '../navigation';

/** The confirmation lists this many users with a tick box; the rest are approved as they are. */
const LISTED = 100;

export function canApply(run: RunSummary): boolean {
  return run.mode === 'test' && run.state === 'done' && run.schemeId !== 'snapshot' && run.counts.planned > 0;
}

export function ApplyTestRunScreen(props: { run: RunSummary; notify: (notice: Notice) => void; openRun: OpenRun }) {
  const [preview, setPreview] = useState<ApplyPreview | null>(null);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  if (!canApply(props.run)) return null;
  const review = async () => {
    const answer = await call<ApplyPreview>(RESOLVERS.runsApplyPreview, { runId: props.run.id });
    if (!answer.ok) return setProblem(answer.error.message);
    setProblem(null);
    setExcluded(new Set());
    setPreview(answer.data);
  };
  const toggle = (accountId: string) => {
    const next = new Set(excluded);
    if (next.has(accountId)) next.delete(accountId);
    else next.add(accountId);
    setExcluded(next);
  };
  const start = async () => {
    setStarting(true);
    const answer = await call<RunSummary>(RESOLVERS.runsApply, {
      runId: props.run.id,
      excludeAccountIds: [...excluded],
      confirm: true,
    });
    setStarting(false);
    setPreview(null);
    if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
    // The notice goes with the new run's page: a notice set before opening it would be cleared by the opening.
    props.openRun(answer.data.id, { kind: 'success', text: 'The live run of the approved users started.' });
  };
  // A big run's review lists its first users; `total` counts them all.
  const approved = preview ? (preview.total ?? preview.approved.length) : 0;
  const count = approved - excluded.size;
  return (
    <Stack space="space.100">
      <Heading as="h4">Apply this test run</Heading>
      {props.run.needsApproval && (
        <SectionMessage appearance="warning" title="This run needs your approval">
          <Text>
            {`"${props.run.schemeName}" needs approval, so its scheduled run ran as a test and changed nothing. Approving it acts on ${props.run.counts.planned} planned user${props.run.counts.planned === 1 ? '' : 's'}: review them with Review and approve.`}
          </Text>
        </SectionMessage>
      )}
      <Text>
        Review the planned users, untick anyone to leave out, and start a live run that acts on exactly the ticked
        users. Each is re-checked right before acting: anyone active or exempt since is left alone.
      </Text>
      {problem && (
        <SectionMessage appearance="error" title="Cannot apply">
          <Text>{problem}</Text>
        </SectionMessage>
      )}
      <Button appearance={props.run.needsApproval ? 'primary' : 'default'} onClick={() => void review()}>
        Review and approve
      </Button>
      <ModalTransition>
        {preview && (
          <Modal onClose={() => setPreview(null)}>
            <ModalHeader>
              <ModalTitle appearance="danger">{`Act on ${count} approved user${count === 1 ? '' : 's'}?`}</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Stack space="space.100">
                <Text>{`Actions: ${preview.actions.join(', ')}. Untick anyone to leave them out.`}</Text>
                {preview.approved.slice(0, LISTED).map((user) => (
                  <Checkbox
                    key={user.accountId}
                    id={`approve-${user.accountId}`}
                    value={user.accountId}
                    label={`${user.name}${user.email ? ` (${user.email})` : ''}`}
                    isChecked={!excluded.has(user.accountId)}
                    onChange={() => toggle(user.accountId)}
                  />
                ))}
                {approved > Math.min(LISTED, preview.approved.length) && (
                  <Text>{`… and ${approved - Math.min(LISTED, preview.approved.length)} more, approved as they are (listed on this run's page).`}</Text>
                )}
              </Stack>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setPreview(null)}>
                Cancel
              </Button>
              <Button appearance="danger" isDisabled={starting || count === 0} onClick={() => void start()}>
                {`Yes, act on ${count} user${count === 1 ? '' : 's'}`}
              </Button>
            </ModalFooter>
          </Modal>
        )}
      </ModalTransition>
    </Stack>
  );
}
