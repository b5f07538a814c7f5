/** The User fields tab: the defined fields, a form to define one, the CSV import (paste, preview, apply) and the export. Render only. */
import React from 'react';
import {
  Button,
  ButtonGroup,
  DynamicTable,
  Heading,
  Label,
  Lozenge,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  SectionMessage,
  Select,
  Stack,
  Text,
  TextArea,
} from '@forge/react';
import type { FieldImportPreview, FieldsAnswer } from '../../contract';
import { ExportBlock, Feedback, TextField, WithFeedback } from './common';
import type { Notice } from '../navigation';
import type { FieldsView } from '../fieldsView';

const TYPE_OPTIONS = [
  { label: 'Text', value: 'text' },
  { label: 'Date (YYYY-MM-DD)', value: 'date' },
  { label: 'Choice from a list', value: 'choice' },
];

export interface FieldsHandlers {
  onDraft: (change: Partial<FieldsView['draft']>) => void;
  onDefine: () => void;
  /** Asks the backend what deleting would lose; the confirmation then shows its answer. */
  onDelete: (id: string) => void;
  onConfirmDelete: (id: string) => void;
  onCancelDelete: () => void;
  onCsv: (text: string) => void;
  onPreview: () => void;
  onApply: (skipInvalidRows: boolean) => void;
  onExport: () => void;
}

export function FieldsTab(props: {
  fields: FieldsAnswer['fields'];
  view: FieldsView;
  /** The deletion waiting for the admin's yes, with the backend's question (field name, users with values). */
  deleting: { id: string; question: string } | null;
  /** What the last deletion did, shown under the fields table. */
  deleteFeedback: Notice | null;
  /** What "Define field" said, shown under it. */
  defineFeedback: Notice | null;
  handlers: FieldsHandlers;
}) {
  const { view, handlers, deleting } = props;
  const deletingName = deleting ? (props.fields.find((field) => field.id === deleting.id)?.name ?? '') : '';
  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Heading as="h3">User fields</Heading>
        <Text>
          What you know about users that Atlassian does not: department, contract end date, cost centre, owner. Schemes
          and bulk actions can filter on them.
        </Text>
        <DynamicTable
          head={{
            cells: [
              { key: 'name', content: 'Field' },
              { key: 'type', content: 'Type' },
              { key: 'options', content: 'Options' },
              { key: 'actions', content: '' },
            ],
          }}
          rows={props.fields.map((field) => ({
            key: field.id,
            cells: [
              { key: 'name', content: field.name },
              { key: 'type', content: <Lozenge>{field.type}</Lozenge> },
              { key: 'options', content: (field.options ?? []).join(', ') },
              {
                key: 'actions',
                content: (
                  <Button
                    appearance="subtle"
                    onClick={() => handlers.onDelete(field.id)}
                  >{`Delete ${field.name}`}</Button>
                ),
              },
            ],
          }))}
        />
        {props.fields.length === 0 && <Text>No fields yet: define one below.</Text>}
        <Feedback notice={props.deleteFeedback} />
        <ModalTransition>
          {deleting && (
            <Modal onClose={handlers.onCancelDelete}>
              <ModalHeader>
                <ModalTitle appearance="danger">{`Delete the field "${deletingName}"?`}</ModalTitle>
              </ModalHeader>
              <ModalBody>
                <Text>{deleting.question}</Text>
              </ModalBody>
              <ModalFooter>
                <Button appearance="subtle" onClick={handlers.onCancelDelete}>
                  Cancel
                </Button>
                <Button appearance="danger" onClick={() => handlers.onConfirmDelete(deleting.id)}>
                  {`Delete "${deletingName}"`}
                </Button>
              </ModalFooter>
            </Modal>
          )}
        </ModalTransition>
      </Stack>
      <Stack space="space.100">
        <Heading as="h4">Define a field</Heading>
        <TextField
          id="field-name"
          label="Name"
          value={view.draft.name}
          fields={view.draftErrors}
          path="name"
          onChange={(name) => handlers.onDraft({ name })}
        />
        <Label labelFor="field-type">Type</Label>
        <Select
          id="field-type"
          inputId="field-type"
          options={TYPE_OPTIONS}
          value={TYPE_OPTIONS.find((option) => option.value === view.draft.type)}
          onChange={(option: { value: string }) =>
            handlers.onDraft({ type: option.value as FieldsView['draft']['type'] })
          }
        />
        {view.draft.type === 'choice' && (
          <TextField
            id="field-options"
            label="Options (comma-separated)"
            value={view.draft.options}
            fields={view.draftErrors}
            path="options"
            onChange={(options) => handlers.onDraft({ options })}
          />
        )}
        <WithFeedback notice={props.defineFeedback}>
          <ButtonGroup>
            <Button appearance="primary" onClick={handlers.onDefine}>
              Define field
            </Button>
          </ButtonGroup>
        </WithFeedback>
      </Stack>
      <Stack space="space.100">
        <Heading as="h4">Import values from CSV</Heading>
        <Text>
          Paste the file's text. First line: an "accountId" or "email" column, then one column per field, named like the
          field. An empty cell clears a value. Nothing is saved until you apply the preview.
        </Text>
        <Label labelFor="fields-csv">CSV</Label>
        <TextArea
          id="fields-csv"
          name="fields-csv"
          isMonospaced
          minimumRows={10}
          resize="vertical"
          value={view.csv}
          onChange={(event: { target: { value?: unknown } }) => handlers.onCsv(String(event.target.value ?? ''))}
        />
        <ButtonGroup>
          <Button onClick={handlers.onPreview}>Preview import</Button>
        </ButtonGroup>
        {view.preview && <ImportPreview preview={view.preview} onApply={handlers.onApply} />}
      </Stack>
      <Stack space="space.100">
        <Heading as="h4">Export</Heading>
        <ButtonGroup>
          <Button onClick={handlers.onExport}>Export all values as CSV</Button>
        </ButtonGroup>
        {view.exported !== null && (
          <ExportBlock title="Exported CSV (copy it into a .csv file)" language="text" text={view.exported} />
        )}
      </Stack>
    </Stack>
  );
}

function ImportPreview(props: { preview: FieldImportPreview; onApply: (skipInvalidRows: boolean) => void }) {
  const { preview } = props;
  const bad = preview.errors.length;
  return (
    <Stack space="space.100">
      <SectionMessage appearance={bad > 0 ? 'warning' : 'information'}>
        <Text>{`${preview.valid} rows ready to import (${preview.columns.join(', ')}); ${bad} row${bad === 1 ? '' : 's'} with problems.`}</Text>
      </SectionMessage>
      {bad > 0 && (
        <DynamicTable
          caption="Rows with problems"
          head={{
            cells: [
              { key: 'line', content: 'Line' },
              { key: 'key', content: 'User' },
              { key: 'message', content: 'Problem' },
            ],
          }}
          rows={preview.errors.map((error) => ({
            key: `line-${error.line}`,
            cells: [
              { key: 'line', content: String(error.line) },
              { key: 'key', content: error.key },
              { key: 'message', content: error.message },
            ],
          }))}
        />
      )}
      <ButtonGroup>
        {bad === 0 && (
          <Button appearance="primary" onClick={() => props.onApply(false)}>{`Import ${preview.valid} rows`}</Button>
        )}
        {bad > 0 && preview.valid > 0 && (
          <Button
            appearance="warning"
            onClick={() => props.onApply(true)}
          >{`Import the ${preview.valid} valid rows, skip ${bad}`}</Button>
        )}
      </ButtonGroup>
    </Stack>
  );
}
