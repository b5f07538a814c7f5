/** Settings: the org API key (masked), connection test, access groups, retention, default time zone. Renders only. */
import React from 'react';
import {
  Button,
  ButtonGroup,
  Heading,
  HelperMessage,
  Inline,
  Label,
  LoadingButton,
  SectionMessage,
  Select,
  Stack,
  Text,
  Toggle,
  Form,
  FormFooter,
  FormSection,
} from '@forge/react';
import type { ConnectionAnswer, GroupOption, SettingsAnswer } from '../../contract';
import { Lines, Problem, TextField, WithFeedback } from './common';
import type { Notice } from '../navigation';

export interface SettingsDraft {
  apiKey: string;
  detectAccessGroups: boolean;
  accessGroupIds: string[];
  retentionDays: string;
  defaultTimeZone: string;
  auditRetentionDays: string;
  keepAccessDays: string;
  freshTestHours: string;
}

export interface SettingsHandlers {
  onChange: (patch: Partial<SettingsDraft>) => void;
  onSaveKey: () => void;
  onTest: () => void;
  onSave: () => void;
}

export function SettingsTab(props: {
  saved: SettingsAnswer;
  draft: SettingsDraft;
  fields: Record<string, string>;
  /** What "Save settings" said, shown under the button. */
  saveFeedback: Notice | null;
  groups: GroupOption[];
  detectedAccessGroupIds: string[];
  connection: { busy: boolean; result: ConnectionAnswer | null; error: string | null };
  handlers: SettingsHandlers;
}) {
  const { draft, handlers, fields } = props;
  const options = props.groups.map((group) => ({ label: group.name, value: group.id }));
  const detectedNames = props.groups
    .filter((group) => props.detectedAccessGroupIds.includes(group.id))
    .map((group) => group.name);
  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Heading as="h3">Organization API key</Heading>
        <Text>
          {props.saved.apiKey.saved
            ? `A key is saved: ${props.saved.apiKey.masked}. It is stored as a secret and never shown again.`
            : 'No key is saved yet. Create one in admin.atlassian.com → Settings → API keys (without scopes).'}
        </Text>
        <Inline space="space.100" alignBlock="end">
          <TextField
            id="api-key"
            label={props.saved.apiKey.saved ? 'Replace the key' : 'API key'}
            type="password"
            value={draft.apiKey}
            fields={fields}
            path="apiKey"
            onChange={(apiKey) => handlers.onChange({ apiKey })}
          />
          <Button appearance="primary" isDisabled={draft.apiKey.trim().length === 0} onClick={handlers.onSaveKey}>
            Save key
          </Button>
          <LoadingButton isLoading={props.connection.busy} onClick={handlers.onTest}>
            Test connection
          </LoadingButton>
        </Inline>
        {props.connection.result && (
          <SectionMessage appearance="success" title={`Connected to ${props.connection.result.organization.name}`}>
            <Lines lines={props.connection.result.canDo} />
          </SectionMessage>
        )}
        {props.connection.error && <Problem title="The connection does not work" message={props.connection.error} />}
      </Stack>
      <Form onSubmit={handlers.onSave}>
        <FormSection>
          <Stack space="space.200">
            <Heading as="h3">Groups that grant Confluence access</Heading>
            <Label labelFor="detect-access">Detect them from the organization</Label>
            <Toggle
              id="detect-access"
              label="Detect them from the organization"
              isChecked={draft.detectAccessGroups}
              onChange={() => handlers.onChange({ detectAccessGroups: !draft.detectAccessGroups })}
            />
            <Text>{`Detected now: ${detectedNames.length > 0 ? detectedNames.join(', ') : 'none'}.`}</Text>
            {!draft.detectAccessGroups && (
              <Stack space="space.050">
                <Label labelFor="access-groups">Access groups</Label>
                <Select
                  id="access-groups"
                  inputId="access-groups"
                  isMulti
                  options={options}
                  value={options.filter((o) => draft.accessGroupIds.includes(o.value))}
                  onChange={(selected: Array<{ value: string }> | null) =>
                    handlers.onChange({ accessGroupIds: (selected ?? []).map((o) => o.value) })
                  }
                />
                <HelperMessage>Removing access frees a seat by taking users out of these groups.</HelperMessage>
              </Stack>
            )}
            <TextField
              id="retention-days"
              label="Keep runs for (days)"
              value={draft.retentionDays}
              fields={fields}
              path="retentionDays"
              helper="1 to 3650 (10 years). Older runs and their per-user outcomes are deleted by the daily housekeeping."
              onChange={(retentionDays) => handlers.onChange({ retentionDays })}
            />
            <TextField
              id="audit-retention-days"
              label="Keep the audit log for (days)"
              value={draft.auditRetentionDays}
              fields={fields}
              path="auditRetentionDays"
              helper="30 to 3650 (10 years). Older entries are deleted by the daily housekeeping; nobody can edit or delete them sooner."
              onChange={(auditRetentionDays) => handlers.onChange({ auditRetentionDays })}
            />
            <TextField
              id="keep-access-days"
              label='"Keep my access" exempts a warned user for (days)'
              value={draft.keepAccessDays}
              fields={fields}
              path="keepAccessDays"
              helper="1 to 3650 days. A user who clicks the link in a warning email is left alone by that scheme for this long."
              onChange={(keepAccessDays) => handlers.onChange({ keepAccessDays })}
            />
            <TextField
              id="fresh-test-hours"
              label="A live scheme needs a test run from the last (hours)"
              value={draft.freshTestHours}
              fields={fields}
              path="freshTestHours"
              helper="1 to 168. Making a scheme live, enabling a live scheme and running one live each need a test run of its current filter, exemptions and actions this recent; the confirmation quotes it."
              onChange={(freshTestHours) => handlers.onChange({ freshTestHours })}
            />
            <TextField
              id="default-zone"
              label="Default time zone for schedules"
              value={draft.defaultTimeZone}
              fields={fields}
              path="defaultTimeZone"
              onChange={(defaultTimeZone) => handlers.onChange({ defaultTimeZone })}
            />
          </Stack>
        </FormSection>
        <FormFooter>
          <WithFeedback notice={props.saveFeedback}>
            <ButtonGroup>
              <Button appearance="primary" onClick={handlers.onSave}>
                Save settings
              </Button>
            </ButtonGroup>
          </WithFeedback>
        </FormFooter>
      </Form>
    </Stack>
  );
}
