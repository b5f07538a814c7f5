/** The scheme editor: four steps under a progress tracker, each checked before the next. Renders only. */
import React from 'react';
import {
  Button,
  ButtonGroup,
  Checkbox,
  ErrorMessage,
  Heading,
  HelperMessage,
  Inline,
  Label,
  LoadingButton,
  ProgressBar,
  ProgressTracker,
  RadioGroup,
  SectionMessage,
  Select,
  Stack,
  Text,
  Toggle,
} from '@forge/react';
import type { GroupOption } from '../../contract';
import { ACTION_ORDER_RULES, NEEDS_APPROVAL_SENTENCE } from '../../domain/scheme/rules';
import type { DefinedField } from '../filterDraft';
import { FieldConditions } from './FieldConditions';
import {
  ACCOUNT_TYPE_OPTIONS,
  ACTION_OPTIONS,
  STEPS,
  ACTION_SHORT_NAMES,
  addPickedUsers,
  moveAction,
  removeUser,
  toggleAccountType,
  toggleAction,
  type AccountTypeOption,
  type EditorState,
  type SchemeDraft,
  type StepIndex,
} from '../editor';
import { AccountIdsField } from './AccountIdsField';
import type { FilterDraft } from '../filterDraft';
import { ACTION_LABELS, ACTION_UNDO, plural } from '../format';
import { hasEnded } from '../effects';
import { FieldError, FilterForm, GroupNamesSelect, Lines, Problem, TextField } from './common';

export interface EditorHandlers {
  onEdit: (change: (draft: SchemeDraft) => SchemeDraft) => void;
  onNext: () => void;
  onBack: () => void;
  onGoTo: (step: StepIndex) => void;
  onPreview: () => void;
  onSave: () => void;
  onCancel: () => void;
}

const UNITS = [
  { label: 'On demand only (no schedule)', value: 'none' },
  { label: 'Hours', value: 'hour' },
  { label: 'Days', value: 'day' },
  { label: 'Weeks', value: 'week' },
  { label: 'Months', value: 'month' },
  { label: 'Billing cycle: before each bill', value: 'billing' },
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => ({
  label: day,
  value: day,
}));

/** The IANA time zones this browser knows, UTC first; a stored zone it does not list stays choosable. */
function zoneOptions(current: string): Array<{ label: string; value: string }> {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = ['UTC', ...known.filter((zone) => zone !== 'UTC')];
  if (!zones.includes(current)) zones.unshift(current);
  return zones.map((zone) => ({ label: zone, value: zone }));
}

function TimeStep({ state, on }: { state: EditorState; on: EditorHandlers }) {
  const { draft, fields } = state;
  const set = (patch: Partial<SchemeDraft>) => on.onEdit((d) => ({ ...d, ...patch }));
  return (
    <Stack space="space.150">
      <TextField
        id="scheme-name"
        autoFocus
        width="large"
        label="Scheme name"
        value={draft.name}
        fields={fields}
        path="name"
        onChange={(name) => set({ name })}
      />
      <Stack space="space.050">
        <Label labelFor="schedule-unit">Runs every</Label>
        <Select
          id="schedule-unit"
          inputId="schedule-unit"
          options={UNITS}
          value={UNITS.find((unit) => unit.value === draft.unit)}
          onChange={(option: { value: SchemeDraft['unit'] }) => set({ unit: option.value })}
        />
      </Stack>
      {draft.unit !== 'none' && (
        <Inline space="space.200">
          {draft.unit === 'billing' ? (
            <TextField
              id="schedule-days-before"
              label="Days before each bill (0 to 27)"
              type="number"
              width="xsmall"
              value={draft.daysBefore}
              fields={fields}
              path="schedule.daysBefore"
              helper="The billing dates come from Settings → Billing. Monthly plans count the seats on the day before the bill: run at least 2 days before."
              onChange={(daysBefore) => set({ daysBefore })}
            />
          ) : (
            <TextField
              id="schedule-every"
              width="xsmall"
              label={`Every how many ${draft.unit}s`}
              value={draft.every}
              fields={fields}
              path="schedule.every"
              onChange={(every) => set({ every })}
            />
          )}
          <TextField
            id="schedule-at"
            width="xsmall"
            label="At (HH:mm)"
            value={draft.at}
            fields={fields}
            path="schedule.at"
            onChange={(at) => set({ at })}
          />
          <Stack space="space.050">
            <Label labelFor="schedule-zone">Time zone</Label>
            <Select
              id="schedule-zone"
              inputId="schedule-zone"
              options={zoneOptions(draft.timeZone)}
              value={{ label: draft.timeZone, value: draft.timeZone }}
              onChange={(option: { value: string } | null) => set({ timeZone: option?.value ?? draft.timeZone })}
            />
            <FieldError fields={fields} path="schedule.timeZone" />
          </Stack>
        </Inline>
      )}
      {draft.unit === 'week' && (
        <Stack space="space.050">
          <Label labelFor="schedule-weekday">On</Label>
          <Select
            id="schedule-weekday"
            inputId="schedule-weekday"
            options={WEEKDAYS}
            value={WEEKDAYS.find((d) => d.value === draft.dayOfWeek)}
            onChange={(option: { value: string }) => set({ dayOfWeek: option.value })}
          />
          <FieldError fields={fields} path="schedule.dayOfWeek" />
        </Stack>
      )}
      {draft.unit === 'month' && (
        <TextField
          id="schedule-day"
          width="xsmall"
          label="Day of the month"
          value={draft.dayOfMonth}
          fields={fields}
          path="schedule.dayOfMonth"
          onChange={(dayOfMonth) => set({ dayOfMonth })}
        />
      )}
      <FieldError fields={fields} path="schedule.unit" />
      <FieldError fields={fields} path="schedule" />
    </Stack>
  );
}

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

function UsersStep({
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

function ActionsStep({ state, groups, on }: { state: EditorState; groups: GroupOption[]; on: EditorHandlers }) {
  const { draft, fields } = state;
  const toggle = (action: (typeof ACTION_OPTIONS)[number]) => on.onEdit((d) => toggleAction(d, action));
  return (
    <Stack space="space.150">
      <Label labelFor="action-removeAccess">What happens to matched users</Label>
      <Stack space="space.050">
        <Checkbox
          id="action-notify"
          value="notify"
          label="Warn users first: email each matched user, and act only after a grace period if they are still inactive and did not ask to keep their access"
          isChecked={draft.warnFirst}
          onChange={() => on.onEdit((d) => ({ ...d, warnFirst: !d.warnFirst }))}
        />
        {draft.warnFirst && (
          <Inline space="space.200" shouldWrap>
            <TextField
              id="notify-grace-days"
              width="xsmall"
              label="Grace period (days, 1 to 90)"
              value={draft.graceDays}
              fields={fields}
              path="actions[0].graceDays"
              onChange={(graceDays) => on.onEdit((d) => ({ ...d, graceDays }))}
            />
            <TextField
              id="notify-message"
              label="Message in the warning email (optional)"
              value={draft.warnMessage}
              fields={fields}
              path="actions[0].message"
              helper="Added to the standard text, which says what will happen, when, and how to keep access."
              onChange={(warnMessage) => on.onEdit((d) => ({ ...d, warnMessage }))}
            />
          </Inline>
        )}
      </Stack>
      {ACTION_OPTIONS.map((action) => (
        <Stack key={action} space="space.050">
          <Checkbox
            id={`action-${action}`}
            value={action}
            label={`${ACTION_LABELS[action]}: ${ACTION_UNDO[action]}`}
            isChecked={draft.actions.includes(action)}
            onChange={() => toggle(action)}
          />
          {action === 'removeAccess' && draft.actions.includes('removeAccess') && (
            <Checkbox
              id="action-offer-restore"
              value="offerRestore"
              label="Email each user a link to ask for their access back (you approve each request under Run history → Access requests)"
              isChecked={draft.offerRestore}
              onChange={() => on.onEdit((d) => ({ ...d, offerRestore: !d.offerRestore }))}
            />
          )}
          {action === 'deactivate' && draft.actions.includes('deactivate') && (
            <Stack space="space.050">
              <Checkbox
                id="action-staged-delete"
                value="deleteAfterDays"
                label="Then delete them once they have stayed deactivated for a number of days (each is checked again first)"
                isChecked={draft.stagedDelete}
                onChange={() => on.onEdit((d) => ({ ...d, stagedDelete: !d.stagedDelete }))}
              />
              {draft.stagedDelete && (
                <TextField
                  id="action-delete-after-days"
                  label="Delete after (days deactivated, 1 to 365)"
                  value={draft.deleteAfterDays}
                  fields={fields}
                  path={`actions[${draft.actions.indexOf('deactivate') + (draft.warnFirst ? 1 : 0)}].deleteAfterDays`}
                  width="xsmall"
                  helper="The deletions wait under Run history → Pending deletions, where each can be cancelled until its day."
                  onChange={(deleteAfterDays) => on.onEdit((d) => ({ ...d, deleteAfterDays }))}
                />
              )}
            </Stack>
          )}
          {action === 'addGroups' && draft.actions.includes('addGroups') && (
            <GroupNamesSelect
              id="action-add-groups"
              label="Groups to add them to"
              groups={groups}
              value={draft.addGroups}
              onChange={(addGroups) => on.onEdit((d) => ({ ...d, addGroups }))}
            />
          )}
          {action === 'removeGroups' && draft.actions.includes('removeGroups') && (
            <GroupNamesSelect
              id="action-remove-groups"
              label="Groups to remove them from"
              groups={groups}
              value={draft.removeGroups}
              onChange={(removeGroups) => on.onEdit((d) => ({ ...d, removeGroups }))}
            />
          )}
        </Stack>
      ))}
      <ActionOrder draft={draft} fields={fields} on={on} />
      <TextField
        id="max-users"
        width="small"
        label="Safety limit: most users one live run may act on"
        value={draft.maxUsersPerRun}
        fields={fields}
        path="limits.maxUsersPerRun"
        helper="A live run that would act on more acts on nobody and stops. At most the site's seats (as last measured on the Overview): a bigger limit could never stop a run."
        onChange={(maxUsersPerRun) => on.onEdit((d) => ({ ...d, maxUsersPerRun }))}
      />
      <TextField
        id="until-seats"
        width="small"
        label="Seat target: act only until the site's seats are down to (optional)"
        value={draft.untilSeatsAtMost}
        fields={fields}
        path="limits.untilSeatsAtMost"
        helper="The longest-inactive users go first; the rest are left alone once the site is at this number of seats (at most 150,000, Confluence Cloud's largest tier)."
        onChange={(untilSeatsAtMost) => on.onEdit((d) => ({ ...d, untilSeatsAtMost }))}
      />
      <Stack space="space.050">
        <Label labelFor="scheme-mode">Mode</Label>
        <RadioGroup
          name="scheme-mode"
          value={draft.mode}
          options={[
            { name: 'scheme-mode', value: 'test', label: 'Test: report what would happen, change nothing' },
            { name: 'scheme-mode', value: 'live', label: 'Live: act on the users' },
          ]}
          onChange={(event: { target: { value?: unknown } }) =>
            on.onEdit((d) => ({ ...d, mode: event.target.value === 'live' ? 'live' : 'test' }))
          }
        />
        <FieldError fields={fields} path="mode" />
      </Stack>
    </Stack>
  );
}

/**
 * The chosen actions in the order they run, each with up/down buttons, and the order rules beside them. A
 * problem with one action's place shows on its row (the file's index counts "notify" first when it is on).
 */
function ActionOrder({
  draft,
  fields,
  on,
}: {
  draft: SchemeDraft;
  fields: Record<string, string>;
  on: EditorHandlers;
}) {
  const offset = draft.warnFirst ? 1 : 0;
  return (
    <Stack space="space.100">
      <Heading as="h4">Order: the actions run from top to bottom</Heading>
      <Inline space="space.300" shouldWrap>
        <Stack space="space.050">
          {draft.warnFirst && <Text>1. Warn users first (always first)</Text>}
          {draft.actions.length === 0 && <Text>No action chosen yet.</Text>}
          {draft.actions.map((action, index) => {
            const name = ACTION_SHORT_NAMES[action];
            return (
              <Stack key={action} space="space.025">
                <Inline space="space.100" alignBlock="center">
                  <Text>{`${index + offset + 1}. ${name}`}</Text>
                  <Button
                    spacing="compact"
                    isDisabled={index === 0}
                    onClick={() => on.onEdit((d) => moveAction(d, action, -1))}
                  >
                    {`Move "${name}" up`}
                  </Button>
                  <Button
                    spacing="compact"
                    isDisabled={index === draft.actions.length - 1}
                    onClick={() => on.onEdit((d) => moveAction(d, action, 1))}
                  >
                    {`Move "${name}" down`}
                  </Button>
                </Inline>
                <FieldError fields={fields} path={`actions[${index + offset}]`} />
              </Stack>
            );
          })}
        </Stack>
        <SectionMessage appearance="information" title="Order rules">
          <Lines lines={ACTION_ORDER_RULES} />
        </SectionMessage>
      </Inline>
      {fields.actions && <ErrorMessage>{fields.actions}</ErrorMessage>}
    </Stack>
  );
}

function ReportingStep({ state, groups, on }: { state: EditorState; groups: GroupOption[]; on: EditorHandlers }) {
  const { draft, fields } = state;
  return (
    <Stack space="space.150">
      <Stack space="space.050">
        <GroupNamesSelect
          id="report-groups"
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

export function SchemeEditor({
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
  const items = STEPS.map((label, index) => ({
    id: label,
    label,
    percentageComplete: index < state.step ? 100 : 0,
    status:
      index < state.step ? ('visited' as const) : index === state.step ? ('current' as const) : ('unvisited' as const),
    ...(index < state.step ? { onClick: () => on.onGoTo(index as StepIndex) } : {}),
  }));
  return (
    <Stack space="space.200">
      <Heading as="h3">{state.schemeId ? `Edit "${state.draft.name}"` : 'New scheme'}</Heading>
      <ProgressTracker items={items} label="Scheme editor steps" />
      {state.step === 0 && <TimeStep state={state} on={on} />}
      {state.step === 1 && <UsersStep state={state} groups={groups} definedFields={definedFields} on={on} />}
      {state.step === 2 && <ActionsStep state={state} groups={groups} on={on} />}
      {state.step === 3 && <ReportingStep state={state} groups={groups} on={on} />}
      {Object.keys(state.fields).length > 0 && <ErrorMessage>Fix the fields marked above to continue.</ErrorMessage>}
      {/* Beside the buttons that were pressed, not above the steps out of sight. */}
      {state.error && <Problem message={state.error} />}
      <Inline space="space.100" spread="space-between">
        <Button appearance="subtle" onClick={on.onCancel}>
          Cancel
        </Button>
        <ButtonGroup>
          {state.step > 0 && <Button onClick={on.onBack}>Back</Button>}
          {state.step < 3 ? (
            <LoadingButton appearance="primary" isLoading={state.busy} onClick={on.onNext}>
              Next
            </LoadingButton>
          ) : (
            <LoadingButton appearance="primary" isLoading={state.busy} onClick={on.onSave}>
              Save scheme
            </LoadingButton>
          )}
        </ButtonGroup>
      </Inline>
    </Stack>
  );
}
