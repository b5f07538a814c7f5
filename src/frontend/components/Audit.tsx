/** The audit log: filters, a paged table with each entry's details, and the CSV export. Renders only. */
import React from 'react';
import {
  Button,
  Checkbox,
  DynamicTable,
  EmptyState,
  Inline,
  Label,
  Lozenge,
  LoadingButton,
  SectionMessage,
  Select,
  Stack,
  Text,
  UserPicker,
} from '@forge/react';
import {
  AUDIT_KINDS,
  auditActor,
  auditSentence,
  auditSubject,
  type AuditEntry,
  type AuditNames,
} from '../../domain/audit';
import { pickedUsers } from '../editor';
import type { AuditFilters } from '../audit';
import { dateTime } from '../format';
import { AUDIT_KIND_WORDS } from '../words';
import { DateField, ExportBlock, Problem } from './common';

export interface AuditHandlers {
  onFilters: (filters: AuditFilters) => void;
  onMore: () => void;
  onExport: () => void;
}

export interface AuditExport {
  busy: boolean;
  csv: string | null;
  rows: number;
  error: string | null;
}

const ANY = { label: 'Any', value: '' };

export function AuditLog(props: {
  entries: AuditEntry[];
  /** Names of the people and schemes the entries name. */
  names: AuditNames;
  hasMore: boolean;
  filters: AuditFilters;
  fields: Record<string, string>;
  retentionDays: number | null;
  exported: AuditExport;
  handlers: AuditHandlers;
}) {
  const { filters, handlers, fields } = props;
  const kindOptions = [ANY, ...AUDIT_KINDS.map((kind) => ({ label: AUDIT_KIND_WORDS[kind], value: kind }))];
  const set = (patch: Partial<AuditFilters>) => handlers.onFilters({ ...filters, ...patch });
  return (
    <Stack space="space.200">
      <SectionMessage appearance="information">
        <Text>
          {
            'The audit log records every change the app makes or is asked to make: settings and schemes (who, when, before → after, secrets masked), runs, and every action on a user. Nobody can edit or delete an entry from this page. '
          }
          {props.retentionDays !== null
            ? `Entries are kept for ${props.retentionDays} days, then deleted by the daily housekeeping (change it in Settings).`
            : 'Entries are kept for the number of days set in Settings, then deleted by the daily housekeeping.'}
        </Text>
      </SectionMessage>
      <Inline space="space.200" alignBlock="end" shouldWrap>
        <DateField
          id="audit-from"
          placeholder="Any day"
          label="From date"
          value={filters.from}
          fields={fields}
          path="from"
          onChange={(from) => set({ from })}
        />
        <DateField
          id="audit-to"
          placeholder="Any day"
          label="To date"
          value={filters.to}
          fields={fields}
          path="to"
          onChange={(to) => set({ to })}
        />
        {/* People are picked by name; the filter holds their account id. Clearing the picker clears the filter. */}
        <UserPicker
          name="audit-subject"
          label="About user"
          placeholder="Start typing a name"
          onChange={(value: unknown) => set({ subject: pickedUsers(value)[0]?.id ?? '' })}
        />
        {!filters.byApp && (
          <UserPicker
            name="audit-actor"
            label="Done by"
            placeholder="Start typing a name"
            onChange={(value: unknown) => set({ actor: pickedUsers(value)[0]?.id ?? '' })}
          />
        )}
        <Checkbox
          id="audit-by-app"
          value="app"
          label="Only what the app did on its own (schedules, background work)"
          isChecked={filters.byApp}
          onChange={() => set({ byApp: !filters.byApp })}
        />
        <Stack space="space.050">
          <Label labelFor="audit-kind">Kind</Label>
          <Select
            id="audit-kind"
            inputId="audit-kind"
            options={kindOptions}
            value={kindOptions.find((o) => o.value === filters.kind)}
            onChange={(option: { value: string }) => set({ kind: option.value })}
          />
        </Stack>
      </Inline>
      {props.entries.length === 0 ? (
        <EmptyState
          header="No audit entries"
          description="Nothing recorded matches these filters. Changes, runs and actions on users appear here as they happen."
        />
      ) : (
        <DynamicTable
          caption="Audit log (newest first)"
          head={{
            cells: ['Time', 'Kind', 'Who', 'About', 'What happened'].map((label) => ({ key: label, content: label })),
          }}
          rows={props.entries.map((entry) => ({
            key: entry.id,
            cells: [
              { key: 'Time', content: dateTime(entry.at) },
              {
                key: 'Kind',
                content: (
                  <Lozenge
                    appearance={
                      entry.kind === 'user.action'
                        ? 'inprogress'
                        : entry.kind.endsWith('changed') || entry.kind.startsWith('scheme')
                          ? 'moved'
                          : 'default'
                    }
                  >
                    {AUDIT_KIND_WORDS[entry.kind] ?? entry.kind}
                  </Lozenge>
                ),
              },
              { key: 'Who', content: auditActor(entry, props.names) },
              { key: 'About', content: auditSubject(entry, props.names) },
              { key: 'What happened', content: <Text>{auditSentence(entry, props.names)}</Text> },
            ],
          }))}
        />
      )}
      <Inline space="space.100" alignBlock="center">
        {props.hasMore && <Button onClick={handlers.onMore}>Show older entries</Button>}
        <LoadingButton isLoading={props.exported.busy} onClick={handlers.onExport}>
          Export CSV
        </LoadingButton>
      </Inline>
      {props.exported.error && <Problem title="The export did not finish" message={props.exported.error} />}
      {props.exported.csv !== null && (
        <ExportBlock
          title={`CSV of ${props.exported.rows} ${props.exported.rows === 1 ? 'entry' : 'entries'} matching the filters`}
          language="text"
          text={props.exported.csv}
        />
      )}
    </Stack>
  );
}
