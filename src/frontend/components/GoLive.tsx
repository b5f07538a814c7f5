/**
 * The confirmation before anything acts live: what the fresh test run found (counts per action, groups by name,
 * the first users by name with a link to the whole list) and, in a warning, what cannot be undone. Renders only.
 */
import React from 'react';
import {
  Button,
  Heading,
  Inline,
  LoadingButton,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  ProgressBar,
  SectionMessage,
  Stack,
  Strong,
  Text,
} from '@forge/react';
import type { LiveReview, RunProgress, TestRunQuote } from '../../contract';
import { ACTION_LABELS, dateTime, plural } from '../format';
import { consequences } from '../words';
import { Lines } from './common';
import { hasEnded } from '../effects';

/** What the test run found, as the admin must read it before confirming. */
export function QuoteOfTestRun({
  quote,
  onOpenList,
  listLabel = 'See the list',
  now = new Date(),
}: {
  quote: TestRunQuote;
  onOpenList?: () => void;
  listLabel?: string;
  /** When the live run would start: staged deletions are dated from it. */
  now?: Date;
}) {
  const more = quote.users - quote.firstUsers.length;
  const { deletions, emails } = consequences(quote, now);
  return (
    <Stack space="space.100">
      <Text>
        <Strong>{quote.sentence}</Strong>
      </Text>
      {quote.actions.map((count) => (
        <Text key={count.action}>
          {`${ACTION_LABELS[count.action] ?? count.action}: ${plural(count.users, 'user')}${count.groups.length > 0 ? ` (groups: ${count.groups.join(', ')})` : ''}.`}
        </Text>
      ))}
      {quote.firstUsers.length > 0 && (
        <Text>{`Users: ${quote.firstUsers.map((user) => user.name).join(', ')}${more > 0 ? ` and ${more} more` : ''}.`}</Text>
      )}
      {onOpenList && (
        <Inline>
          <Button appearance="subtle" onClick={onOpenList}>
            {listLabel}
          </Button>
        </Inline>
      )}
      {(quote.cannotBeUndone.length > 0 || deletions.length > 0) && (
        <SectionMessage appearance="warning" title="Cannot be undone">
          <Lines lines={[...deletions, ...quote.cannotBeUndone]} />
        </SectionMessage>
      )}
      {emails.length > 0 && (
        <SectionMessage appearance="information" title="Emails that will go out">
          <Lines lines={emails} />
        </SectionMessage>
      )}
    </Stack>
  );
}

export type GoLivePurpose = 'save' | 'enable' | 'runLive';

export interface GoLiveDialog {
  purpose: GoLivePurpose;
  schemeName: string;
  /** null while it loads. */
  review: LiveReview | null;
  /** The test run started from the dialog, while it runs. */
  testing: RunProgress | null;
  error: string | null;
  busy: boolean;
}

const TITLES: Record<GoLivePurpose, (name: string) => string> = {
  save: (name) => `Save "${name}" as a live scheme?`,
  enable: (name) => `Enable the live scheme "${name}"?`,
  runLive: (name) => `Run "${name}" live?`,
};

const CONFIRM_LABELS: Record<GoLivePurpose, string> = {
  save: 'Save and go live',
  enable: 'Enable live scheme',
  runLive: 'Run live now',
};

export function GoLiveModal(props: {
  dialog: GoLiveDialog | null;
  onClose: () => void;
  onTest: () => void;
  onConfirm: () => void;
  onOpenRun: (runId: string) => void;
}) {
  const { dialog } = props;
  const review = dialog?.review ?? null;
  const testing = dialog?.testing && !hasEnded(dialog.testing) ? dialog.testing : null;
  return (
    <ModalTransition>
      {dialog && (
        <Modal onClose={props.onClose} width="large">
          <ModalHeader>
            <ModalTitle appearance="danger">{TITLES[dialog.purpose](dialog.schemeName)}</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <Stack space="space.150">
              {!review && <ProgressBar isIndeterminate ariaLabel="Reading the last test run" />}
              {review?.problem && (
                <SectionMessage appearance="warning" title="A fresh test run comes first">
                  <Text>{review.problem}</Text>
                </SectionMessage>
              )}
              {testing && (
                <Stack space="space.050">
                  <Text>{`Test run scanning: ${plural(testing.usersScanned, 'user')} read, ${plural(testing.usersFound, 'user')} found so far…`}</Text>
                  <ProgressBar isIndeterminate ariaLabel="Test run scanning" />
                </Stack>
              )}
              {review?.quote && (
                <Stack space="space.100">
                  <Heading as="h4">{`What the test run of ${dateTime(review.quote.finishedAt)} found`}</Heading>
                  <QuoteOfTestRun
                    quote={review.quote}
                    onOpenList={() => props.onOpenRun(review.quote!.runId)}
                    listLabel={`See the list of ${plural(review.quote.users, 'user')}`}
                  />
                  <Text size="small">
                    The live run scans again and acts only on users who still match; anyone active since the test is
                    left alone.
                  </Text>
                </Stack>
              )}
              {review && (
                <Text>{`Safety limit: if more than ${plural(review.maxUsersPerRun, 'user')} would be acted on, the run acts on nobody and stops.`}</Text>
              )}
              {dialog.error && (
                <SectionMessage appearance="error">
                  <Text>{dialog.error}</Text>
                </SectionMessage>
              )}
            </Stack>
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={props.onClose}>
              Cancel
            </Button>
            {review?.problem ? (
              <LoadingButton appearance="primary" isLoading={testing !== null} onClick={props.onTest}>
                Run a test now
              </LoadingButton>
            ) : (
              <LoadingButton
                appearance="danger"
                isDisabled={!review?.quote}
                isLoading={dialog.busy}
                onClick={props.onConfirm}
              >
                {CONFIRM_LABELS[dialog.purpose]}
              </LoadingButton>
            )}
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
}
