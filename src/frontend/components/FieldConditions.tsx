/** The filter form's conditions on custom user fields: one row per test, added and removed by the admin. Renders only. */
import React from 'react';
import { Button, ErrorMessage, Inline, Label, Select, Stack, Text } from '@forge/react';
import {
  addFieldCondition,
  changeFieldCondition,
  fieldConditionError,
  removeFieldCondition,
  TEST_LABELS,
  TESTS_BY_TYPE,
  type DefinedField,
  type FieldConditionDraft,
  type FilterDraft,
} from '../filterDraft';
import { FieldError, TextField } from './common';

type Change = (change: (filter: FilterDraft) => FilterDraft) => void;

const VALUE_LABELS: Partial<Record<FieldConditionDraft['test'], string>> = {
  equals: 'Text',
  contains: 'Text',
  before: 'Date (YYYY-MM-DD or "today")',
  after: 'Date (YYYY-MM-DD or "today")',
  withinDays: 'Days',
};

function ConditionRow(props: {
  id: string;
  index: number;
  row: FieldConditionDraft;
  defined: readonly DefinedField[];
  error: string | undefined;
  onChange: Change;
}) {
  const { id, index, row, defined } = props;
  const field = defined.find((candidate) => candidate.name === row.field);
  const fieldOptions = defined.map((candidate) => ({ label: candidate.name, value: candidate.name }));
  // A loaded scheme may name a field that is gone: it stays listed so the admin sees it and the backend's message.
  if (!field) fieldOptions.push({ label: `${row.field} (not defined)`, value: row.field });
  const testOptions = (field ? TESTS_BY_TYPE[field.type] : [row.test]).map((test) => ({
    label: TEST_LABELS[test],
    value: test,
  }));
  const choiceOptions = (field?.options ?? row.options).map((option) => ({ label: option, value: option }));
  const change = (patch: Partial<FieldConditionDraft>) =>
    props.onChange((filter) => changeFieldCondition(filter, index, patch, defined));
  const valueLabel = VALUE_LABELS[row.test];
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="end" shouldWrap>
        <Stack space="space.050">
          <Label labelFor={`${id}-field`}>Field</Label>
          <Select
            id={`${id}-field`}
            inputId={`${id}-field`}
            options={fieldOptions}
            value={fieldOptions.find((option) => option.value === row.field)}
            onChange={(option: { value: string }) => change({ field: option.value })}
          />
        </Stack>
        <Stack space="space.050">
          <Label labelFor={`${id}-test`}>Condition</Label>
          <Select
            id={`${id}-test`}
            inputId={`${id}-test`}
            options={testOptions}
            value={testOptions.find((option) => option.value === row.test)}
            onChange={(option: { value: FieldConditionDraft['test'] }) => change({ test: option.value })}
          />
        </Stack>
        {valueLabel && (
          <TextField id={`${id}-value`} label={valueLabel} value={row.value} onChange={(value) => change({ value })} />
        )}
        {row.test === 'oneOf' && (
          <Stack space="space.050">
            <Label labelFor={`${id}-options`}>Options</Label>
            <Select
              id={`${id}-options`}
              inputId={`${id}-options`}
              isMulti
              options={choiceOptions}
              value={choiceOptions.filter((option) => row.options.includes(option.value))}
              onChange={(selected: Array<{ value: string }> | null) =>
                change({ options: (selected ?? []).map((option) => option.value) })
              }
            />
          </Stack>
        )}
        <Button
          appearance="subtle"
          onClick={() => props.onChange((filter) => removeFieldCondition(filter, index))}
        >{`Remove condition ${index + 1}`}</Button>
      </Inline>
      {props.error && <ErrorMessage>{props.error}</ErrorMessage>}
    </Stack>
  );
}

export function FieldConditions(props: {
  idPrefix: string;
  filter: FilterDraft;
  defined: readonly DefinedField[];
  errors: Record<string, string>;
  onChange: Change;
}) {
  const { filter, defined, errors } = props;
  const seen = new Set<string>();
  return (
    <Stack space="space.100">
      <Text>Custom user fields (every condition must hold)</Text>
      {filter.fieldConditions.map((row, index) => {
        const first = !seen.has(row.field);
        seen.add(row.field);
        return (
          <ConditionRow
            key={index}
            id={`${props.idPrefix}-fc-${index}`}
            index={index}
            row={row}
            defined={defined}
            error={fieldConditionError(errors, row, first)}
            onChange={props.onChange}
          />
        );
      })}
      {errors['filter.fields'] && <FieldError fields={errors} path="filter.fields" />}
      {defined.length === 0 ? (
        <Text size="small">No user fields are defined yet: define them in the User fields tab to filter on them.</Text>
      ) : (
        <Inline space="space.100">
          <Button onClick={() => props.onChange((f) => addFieldCondition(f, defined))}>Add a field condition</Button>
        </Inline>
      )}
    </Stack>
  );
}
