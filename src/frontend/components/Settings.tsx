/**
 * Settings: the org API key (masked) with its expiry date, connection test, access groups, retention, default time
 * zone. Each section ends in the same place for its buttons (FormActions). Renders only.
 */
import React from 'react';
import {
  Button,
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
} from '@forge/react';
import type { ConnectionAnswer, GroupOption, SettingsAnswer } from '../../contract';
import { fieldError } from '../filterDraft';
import { DateField, FormActions, Lines, Problem, TextField, TimeZoneSelect } from './common';
import type { Notice } from '../navigation';

export interface SettingsDraft {
  apiKey: string;
  /** "YYYY-MM-DD", or "" when not known. */
  apiKeyExpiresOn: string;
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

/** The key and its expiry date side by side: the date belongs to the key and is entered again with each new one. */
function ApiKeySection(props: {
  saved: SettingsAnswer;
  draft: SettingsDraft;
  fields: Record<string, string>;
  keyFeedback: Notice | null;
  connection: { busy: boolean; result: ConnectionAnswer | null; error: string | null };
  handlers: SettingsHandlers;
}) {
  const { draft, handlers, fields } = props;
  const expiryChanged = draft.apiKeyExpiresOn !== (props.saved.settings.apiKeyExpiresOn ?? '');
  return (
    <Stack space="space.150">
      <Heading as="h3">Organization API key</Heading>
      <Text>
        {props.saved.apiKey.saved
          ? `A key is saved: ${props.saved.apiKey.masked}. It is stored as a secret and never shown again.`
          : 'No key is saved yet. Create one in admin.atlassian.com → Settings → API keys (without scopes).'}
      </Text>
      <Inline space="space.200" alignBlock="start" shouldWrap>
        <TextField
          id="api-key"
          width="large"
          label={props.saved.apiKey.saved ? 'Replace the key' : 'API key'}
          type="password"
          value={draft.apiKey}
          fields={fields}
          path="apiKey"
          onChange={(apiKey) => handlers.onChange({ apiKey })}
        />
        <DateField
          id="api-key-expires-on"
          label="Expires on"
          placeholder="Not set"
          value={draft.apiKeyExpiresOn}
          helper="Shown in admin.atlassian.com when the key is created; pick it again with each new key. The admins who get the seat warning are emailed 14 and 3 days before it."
          error={fieldError(fields, 'apiKeyExpiresOn')}
          onChange={(apiKeyExpiresOn) => handlers.onChange({ apiKeyExpiresOn })}
        />
      </Inline>
      <FormActions notice={props.keyFeedback}>
        <Button
          appearance="primary"
          isDisabled={draft.apiKey.trim().length === 0 && !expiryChanged}
          onClick={handlers.onSaveKey}
        >
          Save key
        </Button>
        <LoadingButton isLoading={props.connection.busy} onClick={handlers.onTest}>
          Test connection
        </LoadingButton>
      </FormActions>
      {props.connection.result && (
        <SectionMessage appearance="success" title={`Connected to ${props.connection.result.organization.name}`}>
          <Lines lines={props.connection.result.canDo} />
        </SectionMessage>
      )}
      {props.connection.error && <Problem title="The connection does not work" message={props.connection.error} />}
    </Stack>
  );
}

export function SettingsTab(props: {
  saved: SettingsAnswer;
  draft: SettingsDraft;
  fields: Record<string, string>;
  /** What "Save key" said, shown under it. */
  keyFeedback: Notice | null;
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
    <Stack space="space.400">
      <ApiKeySection
        saved={props.saved}
        draft={draft}
        fields={fields}
        keyFeedback={props.keyFeedback}
        connection={props.connection}
        handlers={handlers}
      />
      <Stack space="space.150">
        <Heading as="h3">Groups that grant Confluence access</Heading>
        <Stack space="space.050">
          <Label labelFor="detect-access">Detect them from the organization</Label>
          <Toggle
            id="detect-access"
            label="Detect them from the organization"
            isChecked={draft.detectAccessGroups}
            onChange={() => handlers.onChange({ detectAccessGroups: !draft.detectAccessGroups })}
          />
          <Text>{`Detected now: ${detectedNames.length > 0 ? detectedNames.join(', ') : 'none'}.`}</Text>
        </Stack>
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
        <Heading as="h3">Runs and records</Heading>
        <TextField
          id="retention-days"
          width="xsmall"
          label="Keep runs for (days)"
          value={draft.retentionDays}
          fields={fields}
          path="retentionDays"
          helper="1 to 3650 (10 years). Older runs and their per-user outcomes are deleted by the daily housekeeping."
          onChange={(retentionDays) => handlers.onChange({ retentionDays })}
        />
        <TextField
          id="audit-retention-days"
          width="xsmall"
          label="Keep the audit log for (days)"
          value={draft.auditRetentionDays}
          fields={fields}
          path="auditRetentionDays"
          helper="30 to 3650 (10 years). Older entries are deleted by the daily housekeeping; nobody can edit or delete them sooner."
          onChange={(auditRetentionDays) => handlers.onChange({ auditRetentionDays })}
        />
        <TextField
          id="keep-access-days"
          width="xsmall"
          label='"Keep my access" exempts a warned user for (days)'
          value={draft.keepAccessDays}
          fields={fields}
          path="keepAccessDays"
          helper="1 to 3650 days. A user who clicks the link in a warning email is left alone by that scheme for this long."
          onChange={(keepAccessDays) => handlers.onChange({ keepAccessDays })}
        />
        <TextField
          id="fresh-test-hours"
          width="xsmall"
          label="A live scheme needs a test run from the last (hours)"
          value={draft.freshTestHours}
          fields={fields}
          path="freshTestHours"
          helper="1 to 168. Making a scheme live, enabling a live scheme and running one live each need a test run of its current filter, exemptions and actions this recent; the confirmation quotes it."
          onChange={(freshTestHours) => handlers.onChange({ freshTestHours })}
        />
        <TimeZoneSelect
          id="default-zone"
          label="Default time zone for schedules"
          value={draft.defaultTimeZone}
          error={fieldError(fields, 'defaultTimeZone')}
          onChange={(defaultTimeZone) => handlers.onChange({ defaultTimeZone })}
        />
        <FormActions notice={props.saveFeedback}>
          <Button appearance="primary" onClick={handlers.onSave}>
            Save settings
          </Button>
        </FormActions>
      </Stack>
    </Stack>
  );
}
