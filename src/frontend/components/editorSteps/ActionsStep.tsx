/** The scheme editor's third step: what happens to matched users, in which order, with which limits and mode. */
import React from 'react';
import {
  Button,
  Checkbox,
  ErrorMessage,
  Heading,
  Inline,
  Label,
  RadioGroup,
  SectionMessage,
  Stack,
  Text,
} from '@forge/react';
import type { GroupOption } from '../../../contract';
import { ACTION_ORDER_RULES } from '../../../domain/scheme/rules';
import {
  ACTION_OPTIONS,
  ACTION_SHORT_NAMES,
  moveAction,
  toggleAction,
  type EditorState,
  type SchemeDraft,
} from '../../editor';
import { ACTION_LABELS, ACTION_UNDO } from '../../format';
import { FieldError, GroupNamesSelect, Lines, TextField } from '../common';
import type { EditorHandlers } from './handlers';

export function ActionsStep({ state, groups, on }: { state: EditorState; groups: GroupOption[]; on: EditorHandlers }) {
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
