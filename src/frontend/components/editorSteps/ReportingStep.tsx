/** The scheme editor's last step: who gets each run's report, and whether the scheme is enabled and needs approval. */
import React from 'react';
import { Checkbox, Label, Stack, Text, Toggle } from '@forge/react';
import type { GroupOption } from '../../../contract';
import { NEEDS_APPROVAL_SENTENCE } from '../../../domain/scheme/rules';
import { addPickedUsers, removeUser, type EditorState } from '../../editor';
import { AccountIdsField } from '../AccountIdsField';
import { FieldError, GroupNamesSelect } from '../common';
import type { EditorHandlers } from './handlers';

export function ReportingStep({
  state,
  groups,
  on,
}: {
  state: EditorState;
  groups: GroupOption[];
  on: EditorHandlers;
}) {
  const { draft, fields } = state;
  return (
    <Stack space="space.150">
      <Stack space="space.050">
        <GroupNamesSelect
          id="report-groups"
          autoFocus
          label="Send each run's report to these groups"
          groups={groups}
          value={draft.emailGroups}
          onChange={(emailGroups) => on.onEdit((d) => ({ ...d, emailGroups }))}
        />
        <FieldError fields={fields} path="report.emailGroups" />
      </Stack>
      <AccountIdsField
        name="report-users"
        label="And to these users"
        accountIds={draft.emailUsers}
        userNames={draft.userNames}
        description="Each gets the report by email, whether or not they are in the groups above."
        fields={fields}
        path="report.emailUsers"
        onAdd={(users) => on.onEdit((d) => addPickedUsers(d, 'emailUsers', users))}
        onRemove={(id) => on.onEdit((d) => removeUser(d, 'emailUsers', id))}
      />
      <Text size="small">
        Reports go out by email when an email provider is set up in Settings; every run's report is kept in Run history
        either way.
      </Text>
      <FieldError fields={fields} path="report.onlyWhenUsersMatched" />
      <Checkbox
        id="report-only-matched"
        value="onlyWhenUsersMatched"
        label="Only send a report when the run matched users"
        isChecked={draft.onlyWhenUsersMatched}
        onChange={() => on.onEdit((d) => ({ ...d, onlyWhenUsersMatched: !d.onlyWhenUsersMatched }))}
      />
      <Label labelFor="scheme-enabled">Enabled (runs on its schedule)</Label>
      <Toggle
        id="scheme-enabled"
        label="Enabled (runs on its schedule)"
        isChecked={draft.enabled}
        onChange={() => on.onEdit((d) => ({ ...d, enabled: !d.enabled }))}
      />
      <Text>
        {draft.enabled
          ? 'Enabled: the scheme runs on its schedule.'
          : 'Disabled: the scheme runs only when you press Run.'}
      </Text>
      <FieldError fields={fields} path="needsApproval" />
      <Label labelFor="scheme-needs-approval">Needs approval</Label>
      <Toggle
        id="scheme-needs-approval"
        label="Needs approval"
        isChecked={draft.needsApproval}
        onChange={() => on.onEdit((d) => ({ ...d, needsApproval: !d.needsApproval }))}
      />
      <Text>{NEEDS_APPROVAL_SENTENCE}</Text>
    </Stack>
  );
}
