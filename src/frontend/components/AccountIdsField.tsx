/**
 * A list of account ids (a scheme's exempt users and report recipients, the seat alert's recipients): picked with
 * UserPicker, shown as tags with the user's name. Names of ids saved earlier are asked of the site once.
 */
import React from 'react';
import { Button, ErrorMessage, Inline, Stack, Tag, TagGroup, Text, UserPicker } from '@forge/react';
import type { UserPickerValue } from '@forge/react';
import { pickedUsers, type PickedUser } from '../editor';
import { fieldError } from '../filterDraft';
import { useUserNames } from '../userNames';

export function AccountIdsField(props: {
  /** The picker's name, which tests and forms find it by. */
  name: string;
  label: string;
  description: string;
  accountIds: readonly string[];
  userNames: Record<string, string>;
  /** Validation errors keyed by scheme file path; `path` is the list's ("exemptions.users"). */
  fields: Record<string, string>;
  path: string;
  onAdd: (users: PickedUser[]) => void;
  onRemove: (accountId: string) => void;
}) {
  const { accountIds, fields, path } = props;
  const error = fieldError(fields, path);
  const saved = useUserNames(accountIds.filter((id) => !props.userNames[id]));
  const nameOf = (id: string) => props.userNames[id] ?? saved[id]?.name;
  const label = (id: string) => (nameOf(id) ? `${nameOf(id)} (${id})` : id);
  return (
    <Stack space="space.050">
      {/* The picker only adds: it starts empty again after each change (new key), so it never shows users the tags no longer hold. */}
      <UserPicker
        key={accountIds.join(',')}
        name={props.name}
        label={props.label}
        description={props.description}
        isMulti
        onChange={(value: UserPickerValue) => props.onAdd(pickedUsers(value))}
      />
      {accountIds.length === 0 ? (
        <Text size="small">Nobody yet.</Text>
      ) : (
        <TagGroup>
          {accountIds.map((id, index) => (
            <Inline key={id} space="space.050" alignBlock="center">
              <Tag text={label(id)} color={fields[`${path}[${index}]`] ? 'red' : 'standard'} />
              <Button appearance="subtle" spacing="compact" onClick={() => props.onRemove(id)}>
                Remove
              </Button>
            </Inline>
          ))}
        </TagGroup>
      )}
      {error && <ErrorMessage>{error}</ErrorMessage>}
    </Stack>
  );
}
