/** Settings → Email reports: provider, from-address, server token (a secret, shown masked), a test send. Renders only. */
import React from 'react';
import { Button, Heading, Inline, Label, LoadingButton, SectionMessage, Select, Stack, Text } from '@forge/react';
import type { EmailSettingsAnswer, EmailTestAnswer } from '../../contract';
import type { EmailDraft } from '../email';
import { FormActions, Problem, TextField } from './common';
import type { Notice } from '../navigation';

export interface EmailHandlers {
  onChange: (patch: Partial<EmailDraft>) => void;
  onSave: () => void;
  onSendTest: () => void;
}

const PROVIDERS = [
  { label: 'None (reports are kept in the app, not emailed)', value: 'none' },
  { label: 'Postmark', value: 'postmark' },
];

export function EmailSettingsSection(props: {
  saved: EmailSettingsAnswer;
  draft: EmailDraft;
  fields: Record<string, string>;
  test: { busy: boolean; result: EmailTestAnswer | null };
  handlers: EmailHandlers;
  /** What "Save email settings" said, shown under it. */
  saveFeedback: Notice | null;
}) {
  const { saved, draft, fields, handlers } = props;
  const result = props.test.result;
  const postmark = draft.provider === 'postmark';
  return (
    <Stack space="space.150">
      <Heading as="h3">Email reports</Heading>
      <Text>
        {saved.unavailable
          ? `Run reports and warnings are not emailed now: ${saved.unavailable} Reports are still kept with each run.`
          : `Run reports and warnings go out through Postmark from ${saved.fromAddress ?? ''}.`}
      </Text>
      <Stack space="space.050">
        <Label labelFor="email-provider">Email provider</Label>
        <Select
          id="email-provider"
          inputId="email-provider"
          options={PROVIDERS}
          value={PROVIDERS.find((option) => option.value === draft.provider)}
          onChange={(option: { value: EmailDraft['provider'] }) => handlers.onChange({ provider: option.value })}
        />
      </Stack>
      {postmark && (
        <Stack space="space.150">
          <Inline space="space.200" shouldWrap>
            <TextField
              id="email-from"
              width="large"
              label="From-address (a confirmed sender signature in Postmark)"
              value={draft.fromAddress}
              fields={fields}
              path="fromAddress"
              placeholder="wiki-admin@example.com"
              onChange={(fromAddress) => handlers.onChange({ fromAddress })}
            />
            <TextField
              id="email-stream"
              width="medium"
              label="Message stream"
              value={draft.messageStream}
              fields={fields}
              path="messageStream"
              onChange={(messageStream) => handlers.onChange({ messageStream })}
            />
          </Inline>
          <Text>
            {saved.apiKey.saved
              ? `A server token is saved: ${saved.apiKey.masked}. It is stored as a secret and never shown again.`
              : 'No server token is saved yet: copy it from Postmark → your server → API Tokens.'}
          </Text>
          <TextField
            id="email-token"
            width="large"
            label={saved.apiKey.saved ? 'Replace the server token' : 'Server token'}
            type="password"
            value={draft.apiKey}
            fields={fields}
            path="apiKey"
            onChange={(apiKey) => handlers.onChange({ apiKey })}
          />
        </Stack>
      )}
      <FormActions notice={props.saveFeedback}>
        <Button appearance="primary" onClick={handlers.onSave}>
          Save email settings
        </Button>
      </FormActions>
      {postmark && (
        <Inline space="space.100" alignBlock="end">
          <TextField
            id="email-test-to"
            width="large"
            label="Send a test email to"
            value={draft.testTo}
            fields={fields}
            path="to"
            onChange={(testTo) => handlers.onChange({ testTo })}
          />
          <LoadingButton isLoading={props.test.busy} onClick={handlers.onSendTest}>
            Send test email
          </LoadingButton>
        </Inline>
      )}
      {result?.sent && (
        <SectionMessage appearance="success" title="Test email sent">
          <Text>{result.message}</Text>
        </SectionMessage>
      )}
      {result && !result.sent && <Problem title="The test email was not sent" message={result.message} />}
    </Stack>
  );
}
