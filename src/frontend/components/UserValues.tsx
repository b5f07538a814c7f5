/** The User fields tab's editor of one user's values: pick the user by name (or type their email), edit, save. Renders only. */
import React from 'react';
import { Button, ButtonGroup, Heading, Label, Select, Stack, Text, UserPicker } from '@forge/react';
import { pickedUsers } from '../editor';
import type { FieldsAnswer } from '../../contract';
import type { UserValuesView } from '../fieldsView';
import { FieldError, TextField, WithFeedback } from './common';
import type { Notice } from '../navigation';

export interface UserValuesHandlers {
  onQuery: (text: string) => void;
  onFind: () => void;
  /** A user picked by name: their values are read at once. */
  onPick: (user: { id: string; name: string }) => void;
  onValue: (fieldId: string, value: string) => void;
  onSave: () => void;
}

const NO_VALUE = { label: '(no value)', value: '' };

export function UserValues(props: {
  fields: FieldsAnswer['fields'];
  view: UserValuesView;
  /** The name of the user shown, when they were picked by name. */
  pickedName: string | null;
  /** What "Save values" said, shown under it. */
  saveFeedback: Notice | null;
  handlers: UserValuesHandlers;
}) {
  const { fields, view, handlers } = props;
  return (
    <Stack space="space.100">
      <Heading as="h4">One user's values</Heading>
      <UserPicker
        name="user-values-user"
        label="Find a user by name"
        placeholder="Start typing a name"
        onChange={(value: unknown) => {
          const user = pickedUsers(value)[0];
          if (user) handlers.onPick(user);
        }}
      />
      <TextField id="user-values-query" label="Or by email" value={view.query} onChange={handlers.onQuery} />
      <ButtonGroup>
        <Button isDisabled={view.query.trim() === ''} onClick={handlers.onFind}>
          Find user
        </Button>
      </ButtonGroup>
      {view.accountId !== null && (
        <Stack space="space.100">
          <Text>{`Values of ${props.pickedName ?? view.accountId}. An empty value clears it.`}</Text>
          {fields.map((field) => {
            const id = `user-value-${field.id}`;
            const value = view.values[field.id] ?? '';
            if (field.type === 'choice') {
              const options = [NO_VALUE, ...(field.options ?? []).map((option) => ({ label: option, value: option }))];
              return (
                <Stack key={field.id} space="space.050">
                  <Label labelFor={id}>{field.name}</Label>
                  <Select
                    id={id}
                    inputId={id}
                    options={options}
                    value={options.find((option) => option.value === value) ?? NO_VALUE}
                    onChange={(option: { value: string } | null) => handlers.onValue(field.id, option?.value ?? '')}
                  />
                  <FieldError fields={view.errors} path={field.id} />
                </Stack>
              );
            }
            return (
              <TextField
                key={field.id}
                id={id}
                label={field.type === 'date' ? `${field.name} (YYYY-MM-DD)` : field.name}
                value={value}
                fields={view.errors}
                path={field.id}
                onChange={(text) => handlers.onValue(field.id, text)}
              />
            );
          })}
          {fields.length === 0 && <Text>No fields yet: define one above.</Text>}
          <WithFeedback notice={props.saveFeedback}>
            <ButtonGroup>
              <Button appearance="primary" isDisabled={fields.length === 0} onClick={handlers.onSave}>
                Save values
              </Button>
            </ButtonGroup>
          </WithFeedback>
        </Stack>
      )}
    </Stack>
  );
}
