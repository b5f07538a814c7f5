/** The audit log: filters, a paged table with each entry's details, and the CSV export. Renders only. */
import React from 'react';
import {
  Button,
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
  TextArea,
} from '@forge/react';
import { AUDIT_KINDS, type AuditEntry } from '../../domain/audit';
import { detailLines, type AuditFilters } from '../audit';
import { dateTime } from '../format';
import { Problem, TextField } from './common';

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
  hasMore: boolean;
  filters: AuditFilters;
  fields: Record<string, string>;
  retentionDays: number | null;
  exported: AuditExport;
  handlers: AuditHandlers;
}) {
  const { filters, handlers, fields } = props;
  const kindOptions = [ANY, ...AUDIT_KINDS.map((kind) => ({ label: kind, value: kind }))];
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
        <TextField
          id="audit-from"
          label="From date"
          type="date"
          value={filters.from}
          fields={fields}
          path="from"
          onChange={(from) => set({ from })}
        />
        <TextField
          id="audit-to"
          label="To date"
          type="date"
          value={filters.to}
          fields={fields}
          path="to"
          onChange={(to) => set({ to })}
        />
        <TextField
          id="audit-actor"
          label="Actor (account id or app)"
          value={filters.actor}
          fields={fields}
          path="actor"
          onChange={(actor) => set({ actor })}
        />
        <TextField
          id="audit-subject"
          label="User (account id)"
          value={filters.subject}
          fields={fields}
          path="subject"
          onChange={(subject) => set({ subject })}
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
            cells: ['Time', 'Kind', 'Actor', 'Subject', 'Summary'].map((label) => ({ key: label, content: label })),
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
                    {entry.kind}
                  </Lozenge>
                ),
              },
              { key: 'Actor', content: entry.actor },
              { key: 'Subject', content: entry.subject },
              {
                key: 'Summary',
                content: (
                  <Stack space="space.025">
                    <Text>{entry.summary}</Text>
                    {detailLines(entry).map((line, index) => (
                      <Text key={`${index}`} size="small" color="color.text.subtlest">
                        {line}
                      </Text>
                    ))}
                  </Stack>
                ),
              },
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
        <Stack space="space.050">
          <Label labelFor="audit-csv">{`CSV of ${props.exported.rows} ${props.exported.rows === 1 ? 'entry' : 'entries'} matching the filters: select all in the box and copy`}</Label>
          <TextArea
            id="audit-csv"
            name="audit-csv"
            isReadOnly
            isMonospaced
            minimumRows={8}
            value={props.exported.csv}
          />
        </Stack>
      )}
    </Stack>
  );
}
