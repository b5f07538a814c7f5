/** The scheme editor's second step: whom the scheme acts on, its own exemptions, and a preview of the matches. */
import React from 'react';
import {
  Checkbox,
  HelperMessage,
  Inline,
  Label,
  LoadingButton,
  ProgressBar,
  SectionMessage,
  Stack,
  Text,
} from '@forge/react';
import type { GroupOption } from '../../../contract';
import {
  ACCOUNT_TYPE_OPTIONS,
  addPickedUsers,
  removeUser,
  toggleAccountType,
  type AccountTypeOption,
  type EditorState,
  type SchemeDraft,
} from '../../editor';
import type { DefinedField, FilterDraft } from '../../filterDraft';
import { hasEnded } from '../../effects';
import { plural } from '../../format';
import { AccountIdsField } from '../AccountIdsField';
import { FieldConditions } from '../FieldConditions';
import { FieldError, FilterForm, GroupNamesSelect, Problem } from '../common';
import type { EditorHandlers } from './handlers';

const ACCOUNT_TYPE_LABELS: Record<AccountTypeOption, string> = {
  atlassian: 'Atlassian accounts (people in your organization)',
  app: 'App accounts (bots and integrations)',
  customer: 'Customer accounts (service portal customers)',
};

function AccountTypesField({
  draft,
  fields,
  on,
}: {
  draft: SchemeDraft;
  fields: Record<string, string>;
  on: EditorHandlers;
}) {
  return (
    <Stack space="space.050">
      <Label labelFor="scheme-account-atlassian">Account types</Label>
      {ACCOUNT_TYPE_OPTIONS.map((type) => (
        <Checkbox
          key={type}
          id={`scheme-account-${type}`}
          value={type}
          label={ACCOUNT_TYPE_LABELS[type]}
          isChecked={draft.accountTypes.includes(type)}
          onChange={() => on.onEdit((d) => toggleAccountType(d, type))}
        />
      ))}
      <HelperMessage>
        App accounts are always protected: choosing them only lists them in reports as protected. Customer accounts are
        not in the organization directory, so the organization's user management does not cover them.
      </HelperMessage>
      <FieldError fields={fields} path="filter.accountTypes" />
    </Stack>
  );
}

export function UsersStep({
  state,
  groups,
  definedFields,
  on,
}: {
  state: EditorState;
  groups: GroupOption[];
  definedFields: readonly DefinedField[];
  on: EditorHandlers;
}) {
  const { draft, fields, preview } = state;
  const onFilter = (change: (filter: FilterDraft) => FilterDraft) =>
    on.onEdit((d) => ({ ...d, filter: change(d.filter) }));
  return (
    <Stack space="space.150">
      <FilterForm
        autoFocus
        idPrefix="scheme"
        filter={draft.filter}
        groups={groups}
        fields={fields}
        onChange={onFilter}
      />
      <FieldConditions
        idPrefix="scheme"
        filter={draft.filter}
        defined={definedFields}
        errors={fields}
        onChange={onFilter}
      />
      <AccountTypesField draft={draft} fields={fields} on={on} />
      <Stack space="space.050">
        <GroupNamesSelect
          id="scheme-exempt-groups"
          label="Never act on members of these groups (this scheme's exemptions)"
          groups={groups}
          value={draft.exemptGroups}
          onChange={(exemptGroups) => on.onEdit((d) => ({ ...d, exemptGroups }))}
        />
        <FieldError fields={fields} path="exemptions.groups" />
      </Stack>
      <AccountIdsField
        name="scheme-exempt-users"
        label="Never act on these users (this scheme's exemptions)"
        accountIds={draft.exemptUsers}
        userNames={draft.userNames}
        description="In addition to the exemptions every scheme honours (Exemptions tab)."
        fields={fields}
        path="exemptions.users"
        onAdd={(users) => on.onEdit((d) => addPickedUsers(d, 'exemptUsers', users))}
        onRemove={(id) => on.onEdit((d) => removeUser(d, 'exemptUsers', id))}
      />
      <Inline space="space.100" alignBlock="center">
        <LoadingButton isLoading={preview !== null && !hasEnded(preview)} onClick={on.onPreview}>
          Preview matches now
        </LoadingButton>
        {preview && !hasEnded(preview) && (
          <Text>
            Test run scanning: {plural(preview.pagesScanned, 'page')} read, {plural(preview.usersFound, 'user')} found
            so far…
          </Text>
        )}
      </Inline>
      {preview && !hasEnded(preview) && <ProgressBar isIndeterminate ariaLabel="Preview running" />}
      {preview && preview.state === 'done' && (
        <SectionMessage appearance="information">
          <Text>{`Would match ${plural(preview.counts.matched - preview.counts.exempt, 'user')} now; ${preview.counts.exempt} exempt (of ${plural(preview.counts.scanned, 'user')} scanned).`}</Text>
        </SectionMessage>
      )}
      {preview && hasEnded(preview) && preview.state !== 'done' && (
        <Problem message={`The preview ended as ${preview.state}: ${preview.reason ?? 'no reason given'}`} />
      )}
    </Stack>
  );
}
