/** Global exemptions: users (user picker) and groups (the site's groups), and the always-protected categories. Renders only. */
import React from 'react';
import {
  Button,
  DynamicTable,
  Heading,
  Inline,
  Label,
  Lozenge,
  Select,
  Stack,
  Tag,
  Text,
  UserPicker,
} from '@forge/react';
import type { GroupOption, UserName } from '../../contract';
import type { Notice } from '../navigation';
import { personLabel } from '../userNames';
import { WithFeedback } from './common';

export interface ExemptionsDraft {
  users: string[];
  /** Names we learnt from the picker this session; stored users show by account id. */
  userNames: Record<string, string>;
  groupIds: string[];
  picked: { id: string; name: string } | null;
}

export interface ExemptionsHandlers {
  onPick: (user: { id: string; name: string } | null) => void;
  onAddUser: () => void;
  onRemoveUser: (accountId: string) => void;
  onGroups: (groupIds: string[]) => void;
  onSave: () => void;
}

export function ExemptionsTab(props: {
  draft: ExemptionsDraft;
  groups: GroupOption[];
  alwaysProtected: string[];
  dirty: boolean;
  /** Saved users' names and emails, as the site knows them. */
  people: Record<string, UserName>;
  /** What "Save exemptions" said, shown under it. */
  feedback: Notice | null;
  handlers: ExemptionsHandlers;
}) {
  const { draft, handlers } = props;
  const groupOptions = props.groups.map((group) => ({ label: group.name, value: group.id }));
  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Heading as="h3">Always protected</Heading>
        <Text>
          No scheme or bulk action ever acts on these, whatever any setting says. Runs list them as exempt, with the
          reason.
        </Text>
        <Inline space="space.100">
          {props.alwaysProtected.map((category) => (
            <Lozenge key={category} appearance="success">
              {category}
            </Lozenge>
          ))}
        </Inline>
      </Stack>
      <Stack space="space.100">
        <Heading as="h3">Exempt users</Heading>
        <Inline space="space.100" alignBlock="end">
          <UserPicker
            label="Find a user"
            name="exempt-user"
            placeholder="Start typing a name"
            onChange={(user: { id: string; name: string } | null) =>
              handlers.onPick(user ? { id: user.id, name: user.name } : null)
            }
          />
          <Button isDisabled={draft.picked === null} onClick={handlers.onAddUser}>
            Add exemption
          </Button>
        </Inline>
        {draft.users.length === 0 ? (
          <Text>No exempt user.</Text>
        ) : (
          <DynamicTable
            head={{
              cells: [
                { key: 'user', content: 'User' },
                { key: 'remove', content: '' },
              ],
            }}
            rows={draft.users.map((id) => ({
              key: id,
              cells: [
                {
                  key: 'user',
                  content: props.people[id]
                    ? personLabel(id, props.people)
                    : draft.userNames[id]
                      ? `${draft.userNames[id]} (${id})`
                      : id,
                },
                {
                  key: 'remove',
                  content: (
                    <Button appearance="subtle" onClick={() => handlers.onRemoveUser(id)}>
                      Remove
                    </Button>
                  ),
                },
              ],
            }))}
          />
        )}
      </Stack>
      <Stack space="space.100">
        <Heading as="h3">Exempt groups</Heading>
        <Label labelFor="exempt-groups">Members of these groups are never acted on</Label>
        <Select
          id="exempt-groups"
          inputId="exempt-groups"
          isMulti
          options={groupOptions}
          value={groupOptions.filter((option) => draft.groupIds.includes(option.value))}
          onChange={(selected: Array<{ value: string }> | null) =>
            handlers.onGroups((selected ?? []).map((option) => option.value))
          }
        />
        <Inline space="space.050">
          {draft.groupIds.map((id) => (
            <Tag key={id} text={props.groups.find((group) => group.id === id)?.name ?? id} />
          ))}
        </Inline>
      </Stack>
      <Text size="small">Each change is saved as you make it.</Text>
      <WithFeedback notice={props.feedback}>
        {/* Only after a save that failed: the change is still here, and one press tries it again. */}
        {props.dirty && props.feedback?.kind === 'error' ? (
          <Button appearance="primary" onClick={handlers.onSave}>
            Try saving again
          </Button>
        ) : null}
      </WithFeedback>
    </Stack>
  );
}
