/** The scheme editor's first step: the scheme's name and when it runs. Renders only. */
import React from 'react';
import { Inline, Label, Select, Stack } from '@forge/react';
import type { EditorState, SchemeDraft } from '../../editor';
import { fieldError } from '../../filterDraft';
import { FieldError, TextField, TimeZoneSelect } from '../common';
import type { EditorHandlers } from './handlers';

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

export function TimeStep({ state, on }: { state: EditorState; on: EditorHandlers }) {
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
          <TimeZoneSelect
            id="schedule-zone"
            label="Time zone"
            value={draft.timeZone}
            error={fieldError(fields, 'schedule.timeZone')}
            onChange={(timeZone) => set({ timeZone })}
          />
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
