/** Wires the Schemes tab: the list with its actions and dialogs, and the four-step editor. */
import React, { useEffect, useReducer, useState } from 'react';
import {
  RESOLVERS,
  type FieldsAnswer,
  type GroupsAnswer,
  type RunSummary,
  type SchemeFileAnswer,
  type SchemeSummary,
  type SettingsAnswer,
  type ValidationAnswer,
  type RunProgress,
} from '../../contract';
import {
  draftFromFile,
  draftToFile,
  editorReducer,
  emptyDraft,
  fileForStep,
  openEditor,
  type EditorState,
} from '../editor';
import { call, watchRun } from '../effects';
import { useLoad } from '../hooks';
import type { Notice } from '../navigation';
import { WhenLoaded } from '../components/common';
import { SchemeEditor } from '../components/SchemeEditor';
import { SchemesTab, type SchemeDialog } from '../components/Schemes';

const CLOSED: EditorState | null = null;

export function SchemesScreen(props: {
  reloads: number;
  notify: (notice: Notice | null) => void;
  reload: () => void;
  openRun: (runId: string) => void;
}) {
  const { notify, reload } = props;
  const schemes = useLoad(() => call<SchemeSummary[]>(RESOLVERS.schemesList, {}), [props.reloads]);
  const groups = useLoad(() => call<GroupsAnswer>(RESOLVERS.groupsList, {}), []);
  const settings = useLoad(() => call<SettingsAnswer>(RESOLVERS.settingsGet, {}), []);
  const [dialog, setDialog] = useState<SchemeDialog>({ kind: 'none' });
  const [editor, dispatch] = useReducer(
    (
      state: EditorState | null,
      event: Parameters<typeof editorReducer>[1] | { type: 'open'; state: EditorState | null },
    ) => (event.type === 'open' ? event.state : state ? editorReducer(state, event) : state),
    CLOSED,
  );
  const [previewRunId, setPreviewRunId] = useState<string | null>(null);
  // Read whenever an editor opens: fields may have been defined in the User fields tab meanwhile.
  const definedFields = useLoad(() => call<FieldsAnswer>(RESOLVERS.fieldsList, {}), [editor !== null]);
  const defaultZone = settings.status === 'ready' ? settings.data.settings.defaultTimeZone : 'UTC';

  useEffect(() => {
    if (!previewRunId) return;
    return watchRun(
      previewRunId,
      (progress: RunProgress) => dispatch({ type: 'preview', progress }),
      (message) => dispatch({ type: 'failed', message }),
    );
  }, [previewRunId]);

  const loadFile = async (id: string): Promise<SchemeFileAnswer | null> => {
    const answer = await call<SchemeFileAnswer>(RESOLVERS.schemesGet, { id });
    if (!answer.ok) {
      notify({ kind: 'error', text: answer.error.message });
      return null;
    }
    return answer.data;
  };

  const afterRun = (answer: Awaited<ReturnType<typeof call<RunSummary>>>, what: string) => {
    setDialog({ kind: 'none' });
    if (!answer.ok) return notify({ kind: 'error', text: answer.error.message });
    notify({ kind: 'success', text: `${what} started. Open it from the run history or the scheme's last run.` });
    reload();
  };

  const handlers = {
    onNew: () => dispatch({ type: 'open', state: openEditor(emptyDraft(defaultZone), null) }),
    onEdit: async (id: string) => {
      const file = await loadFile(id);
      if (file) dispatch({ type: 'open', state: openEditor(draftFromFile(file.file, defaultZone), id) });
    },
    onDuplicate: async (id: string) => {
      const file = await loadFile(id);
      if (file)
        dispatch({
          type: 'open',
          state: openEditor(
            { ...draftFromFile(file.file, defaultZone), name: `Copy of ${String(file.file.name)}`.slice(0, 100) },
            null,
          ),
        });
    },
    onExport: async (id: string) => {
      const file = await loadFile(id);
      if (file) setDialog({ kind: 'export', name: String(file.file.name), json: file.json });
    },
    onToggle: async (id: string, enabled: boolean) => {
      const answer = await call<SchemeSummary>(RESOLVERS.schemesSetEnabled, { id, enabled });
      if (!answer.ok) return notify({ kind: 'error', text: answer.error.message });
      reload();
    },
    onRunTest: async (id: string) =>
      afterRun(
        await call<RunSummary>(RESOLVERS.schemesRunNow, { id, mode: 'test' }),
        'A test run (it changes nothing)',
      ),
    onAskLive: (scheme: SchemeSummary) => setDialog({ kind: 'confirmLive', scheme }),
    onRunLive: async (id: string) =>
      afterRun(await call<RunSummary>(RESOLVERS.schemesRunNow, { id, mode: 'live', confirmLive: true }), 'A live run'),
    onAskDelete: (scheme: SchemeSummary) => setDialog({ kind: 'confirmDelete', scheme }),
    onDelete: async (id: string) => {
      const answer = await call<{ deleted: string }>(RESOLVERS.schemesDelete, { id });
      setDialog({ kind: 'none' });
      if (!answer.ok) return notify({ kind: 'error', text: answer.error.message });
      notify({ kind: 'success', text: 'The scheme is deleted.' });
      reload();
    },
    onOpenImport: () => setDialog({ kind: 'import', text: '', error: null, fields: {} }),
    onImportText: (text: string) => setDialog((d) => (d.kind === 'import' ? { ...d, text } : d)),
    onImport: async () => {
      if (dialog.kind !== 'import') return;
      const answer = await call<SchemeSummary>(RESOLVERS.schemesImport, { text: dialog.text });
      if (!answer.ok)
        return setDialog({
          ...dialog,
          error: answer.error.fields ? 'The file has problems; fix them and import again:' : answer.error.message,
          fields: answer.error.fields ?? {},
        });
      setDialog({ kind: 'none' });
      notify({ kind: 'success', text: `Imported "${answer.data.name}".` });
      reload();
    },
    onCloseDialog: () => setDialog({ kind: 'none' }),
    onOpenRun: props.openRun,
  };

  const editorHandlers = editor && {
    onEdit: (
      change: Parameters<typeof editorReducer>[1] extends infer E
        ? E extends { type: 'edit'; change: infer C }
          ? C
          : never
        : never,
    ) => dispatch({ type: 'edit', change }),
    onNext: async () => {
      dispatch({ type: 'busy' });
      const answer = await call<ValidationAnswer>(RESOLVERS.schemesValidate, {
        scheme: fileForStep(editor.draft, editor.step),
      });
      if (!answer.ok) return dispatch({ type: 'failed', message: answer.error.message });
      dispatch({ type: 'checked', fields: answer.data.fields });
    },
    onBack: () => dispatch({ type: 'back' }),
    onGoTo: (step: EditorState['step']) => dispatch({ type: 'goTo', step }),
    onPreview: async () => {
      const answer = await call<RunSummary>(RESOLVERS.schemesPreview, { scheme: fileForStep(editor.draft, 1) });
      if (!answer.ok)
        return dispatch({
          type: 'failed',
          message: answer.error.message,
          ...(answer.error.fields ? { fields: answer.error.fields } : {}),
        });
      setPreviewRunId(answer.data.id);
    },
    onSave: async () => {
      dispatch({ type: 'busy' });
      const answer = await call<SchemeSummary>(RESOLVERS.schemesSave, {
        scheme: draftToFile(editor.draft),
        ...(editor.schemeId ? { id: editor.schemeId } : {}),
      });
      if (!answer.ok)
        return dispatch({
          type: 'failed',
          message: answer.error.message,
          ...(answer.error.fields ? { fields: answer.error.fields } : {}),
        });
      dispatch({ type: 'open', state: null });
      setPreviewRunId(null);
      notify({ kind: 'success', text: `Saved "${answer.data.name}".` });
      reload();
    },
    onCancel: () => {
      dispatch({ type: 'open', state: null });
      setPreviewRunId(null);
    },
  };

  if (editor && editorHandlers) {
    return (
      <WhenLoaded loaded={groups}>
        {(data) => (
          <SchemeEditor
            state={editor}
            groups={data.groups}
            definedFields={definedFields.status === 'ready' ? definedFields.data.fields : []}
            on={{
              ...editorHandlers,
              onNext: () => void editorHandlers.onNext(),
              onPreview: () => void editorHandlers.onPreview(),
              onSave: () => void editorHandlers.onSave(),
            }}
          />
        )}
      </WhenLoaded>
    );
  }
  return (
    <WhenLoaded loaded={schemes}>
      {(list) => (
        <SchemesTab
          schemes={list}
          dialog={dialog}
          handlers={{
            ...handlers,
            onEdit: (id) => void handlers.onEdit(id),
            onDuplicate: (id) => void handlers.onDuplicate(id),
            onExport: (id) => void handlers.onExport(id),
            onToggle: (id, enabled) => void handlers.onToggle(id, enabled),
            onRunTest: (id) => void handlers.onRunTest(id),
            onRunLive: (id) => void handlers.onRunLive(id),
            onDelete: (id) => void handlers.onDelete(id),
            onImport: () => void handlers.onImport(),
          }}
        />
      )}
    </WhenLoaded>
  );
}
