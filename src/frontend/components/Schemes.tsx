/** The schemes table with its actions, and the import / export / confirmation dialogs. Renders only. */
import React from 'react';
import {
  Box,
  Button,
  ButtonGroup,
  CodeBlock,
  Popup,
  DynamicTable,
  EmptyState,
  ErrorMessage,
  Heading,
  Inline,
  Label,
  Lozenge,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  Stack,
  Text,
  TextArea,
  Toggle,
  Strong,
} from '@forge/react';
import type { SchemeSummary } from '../../contract';
import { dateTime } from '../format';
import { ModeLozenge, RunLozenge } from './common';

export type SchemeDialog =
  | { kind: 'none' }
  | { kind: 'confirmDelete'; scheme: SchemeSummary }
  | { kind: 'export'; name: string; json: string }
  | { kind: 'import'; text: string; error: string | null; fields: Record<string, string> };

export interface SchemesHandlers {
  onNew: () => void;
  onEdit: (id: string) => void;
  onDuplicate: (id: string) => void;
  onExport: (id: string) => void;
  onToggle: (id: string, enabled: boolean) => void;
  onRunTest: (id: string) => void;
  onAskLive: (scheme: SchemeSummary) => void;
  onAskDelete: (scheme: SchemeSummary) => void;
  onDelete: (id: string) => void;
  onOpenImport: () => void;
  onImportText: (text: string) => void;
  onImport: () => void;
  onCloseDialog: () => void;
  onOpenRun: (runId: string) => void;
  /** Opens a row's "more actions" menu (null closes it). */
  onMenu: (schemeId: string | null) => void;
}

function lastRunCell(scheme: SchemeSummary, onOpenRun: (runId: string) => void) {
  if (!scheme.lastRun) return <Text>never run</Text>;
  const { counts } = scheme.lastRun;
  return (
    <Inline space="space.050" alignBlock="center">
      <RunLozenge state={scheme.lastRun.state} />
      <Button appearance="subtle" onClick={() => onOpenRun(scheme.lastRun!.runId)}>
        {`${counts.matched} matched, ${counts.done} done`}
      </Button>
    </Inline>
  );
}

function Dialog({ dialog, handlers }: { dialog: SchemeDialog; handlers: SchemesHandlers }) {
  return (
    <ModalTransition>
      {dialog.kind === 'confirmDelete' && (
        <Modal onClose={handlers.onCloseDialog}>
          <ModalHeader>
            <ModalTitle appearance="warning">Delete "{dialog.scheme.name}"?</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <Text>
              The scheme stops running. Its past runs stay in the run history until the retention period ends. Export it
              first to keep a copy.
            </Text>
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={handlers.onCloseDialog}>
              Cancel
            </Button>
            <Button appearance="danger" onClick={() => handlers.onDelete(dialog.scheme.id)}>
              Delete scheme
            </Button>
          </ModalFooter>
        </Modal>
      )}
      {dialog.kind === 'export' && (
        <Modal onClose={handlers.onCloseDialog} width="large">
          <ModalHeader>
            <ModalTitle>Export "{dialog.name}"</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <Stack space="space.100">
              <Text>
                The scheme file: select it in the block below and copy it (Ctrl+C, or ⌘C on a Mac), then import it here
                or on another site (group names must exist there).
              </Text>
              <CodeBlock language="json" text={dialog.json} />
            </Stack>
          </ModalBody>
          <ModalFooter>
            <Button onClick={handlers.onCloseDialog}>Close</Button>
          </ModalFooter>
        </Modal>
      )}
      {dialog.kind === 'import' && (
        <Modal onClose={handlers.onCloseDialog} width="large">
          <ModalHeader>
            <ModalTitle>Import a scheme</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <Stack space="space.100">
              <Label labelFor="import-json">Scheme file (JSON)</Label>
              <TextArea
                id="import-json"
                name="import-json"
                isMonospaced
                minimumRows={16}
                resize="vertical"
                placeholder='Paste a scheme file here, e.g. { "name": "…", "filter": { … }, "actions": [ … ] }'
                value={dialog.text}
                onChange={(event: { target: { value?: unknown } }) =>
                  handlers.onImportText(String(event.target.value ?? ''))
                }
              />
              {dialog.error && <ErrorMessage>{dialog.error}</ErrorMessage>}
              {Object.entries(dialog.fields).map(([path, message]) => (
                <ErrorMessage key={path}>{`${path}: ${message}`}</ErrorMessage>
              ))}
            </Stack>
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={handlers.onCloseDialog}>
              Cancel
            </Button>
            <Button appearance="primary" onClick={handlers.onImport}>
              Import scheme
            </Button>
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
}

export function SchemesTab({
  schemes,
  dialog,
  menuFor,
  focusCreate,
  handlers,
}: {
  schemes: SchemeSummary[];
  /** Back from the editor: focus goes to "Create scheme" (never on a tab switch, where it stays on the tab). */
  focusCreate: boolean;
  dialog: SchemeDialog;
  /** The scheme whose "more actions" menu is open. */
  menuFor: string | null;
  handlers: SchemesHandlers;
}) {
  return (
    <Stack space="space.200">
      <Inline space="space.100" spread="space-between" alignBlock="center">
        <Heading as="h3">Schemes</Heading>
        <ButtonGroup>
          <Button onClick={handlers.onOpenImport}>Import JSON</Button>
          <Button appearance="primary" autoFocus={focusCreate} onClick={handlers.onNew}>
            Create scheme
          </Button>
        </ButtonGroup>
      </Inline>
      {schemes.length === 0 ? (
        <EmptyState
          header="No scheme yet"
          description="A scheme says which users, what to do with them, and when. Start in test mode: it only reports."
        />
      ) : (
        <DynamicTable
          head={{
            cells: [
              { key: 'name', content: 'Name' },
              { key: 'enabled', content: 'Enabled' },
              { key: 'mode', content: 'Mode' },
              { key: 'schedule', content: 'Schedule' },
              { key: 'last', content: 'Last run' },
              { key: 'actions', content: 'Actions' },
            ],
          }}
          rows={schemes.map((scheme) => ({
            key: scheme.id,
            cells: [
              {
                key: 'name',
                content: (
                  <Text>
                    <Strong>{scheme.name}</Strong>
                  </Text>
                ),
              },
              {
                key: 'enabled',
                content: (
                  <Toggle
                    id={`enabled-${scheme.id}`}
                    label={`Enable ${scheme.name}`}
                    isChecked={scheme.enabled}
                    onChange={() => handlers.onToggle(scheme.id, !scheme.enabled)}
                  />
                ),
              },
              {
                key: 'mode',
                content: (
                  <Inline space="space.050">
                    <ModeLozenge mode={scheme.mode} />
                    {scheme.needsApproval && <Lozenge appearance="moved">needs approval</Lozenge>}
                  </Inline>
                ),
              },
              {
                key: 'schedule',
                content: (
                  <Text>
                    {scheme.nextRunAt
                      ? `${scheme.schedule}; next ${dateTime(scheme.nextRunAt)}`
                      : scheme.enabled
                        ? scheme.schedule
                        : `${scheme.schedule} (disabled)`}
                  </Text>
                ),
              },
              { key: 'last', content: lastRunCell(scheme, handlers.onOpenRun) },
              {
                key: 'actions',
                content: (
                  // One action on the row; the rest in a menu, the dangerous one last and red.
                  <Inline space="space.050" alignBlock="center">
                    <Button onClick={() => handlers.onRunTest(scheme.id)}>Run test</Button>
                    <Popup
                      isOpen={menuFor === scheme.id}
                      onClose={() => handlers.onMenu(null)}
                      placement="bottom-end"
                      label={`More actions for ${scheme.name}`}
                      content={() => (
                        <Box padding="space.100">
                          <Stack space="space.050">
                            <Button appearance="subtle" onClick={() => handlers.onEdit(scheme.id)}>
                              Edit
                            </Button>
                            <Button appearance="subtle" onClick={() => handlers.onDuplicate(scheme.id)}>
                              Duplicate
                            </Button>
                            <Button appearance="subtle" onClick={() => handlers.onExport(scheme.id)}>
                              Export
                            </Button>
                            <Button appearance="subtle" onClick={() => handlers.onAskLive(scheme)}>
                              Run live
                            </Button>
                            <Button appearance="danger" onClick={() => handlers.onAskDelete(scheme)}>
                              Delete
                            </Button>
                          </Stack>
                        </Box>
                      )}
                      trigger={() => (
                        <Button
                          appearance="subtle"
                          isSelected={menuFor === scheme.id}
                          onClick={() => handlers.onMenu(menuFor === scheme.id ? null : scheme.id)}
                        >
                          More actions
                        </Button>
                      )}
                    />
                  </Inline>
                ),
              },
            ],
          }))}
        />
      )}
      <Dialog dialog={dialog} handlers={handlers} />
    </Stack>
  );
}
