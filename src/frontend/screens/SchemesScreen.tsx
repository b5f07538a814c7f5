/** Wires the Schemes tab: the list with its actions and dialogs, and the four-step editor. */
import React, { useEffect, useReducer, useState } from 'react';
import {
  RESOLVERS,
  type Answer,
  type FieldsAnswer,
  type ImportAnswer,
  type LiveReview,
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
import type { Notice, OpenRun } from '../navigation';
import { WhenLoaded } from '../components/common';
import { SchemeEditor } from '../components/SchemeEditor';
import { SchemesTab, type SchemeDialog } from '../components/Schemes';
import { GoLiveModal, type GoLiveDialog } from '../components/GoLive';

/** What a go-live confirmation is for: a stored scheme run live or enabled while live, or an editor's draft saved live. */
type GoLiveTarget =
  { purpose: 'runLive' | 'enable'; id: string } | { purpose: 'save'; id: string | null; file: Record<string, unknown> };

function reviewPayload(target: GoLiveTarget, testRunId?: string) {
  const run = testRunId ? { testRunId } : {};
  return target.purpose === 'save'
    ? { scheme: target.file, ...(target.id ? { id: target.id } : {}), ...run }
    : { id: target.id, ...run };
}

const CLOSED: EditorState | null = null;

export function SchemesScreen(props: {
  reloads: number;
  notify: (notice: Notice | null) => void;
  reload: () => void;
  openRun: OpenRun;
}) {
  const { notify, reload } = props;
  const schemes = useLoad(() => call<SchemeSummary[]>(RESOLVERS.schemesList, {}), [props.reloads]);
  const groups = useLoad(() => call<GroupsAnswer>(RESOLVERS.groupsList, {}), []);
  const settings = useLoad(() => call<SettingsAnswer>(RESOLVERS.settingsGet, {}), []);
  const [dialog, setDialog] = useState<SchemeDialog>({ kind: 'none' });
  const [menuFor, setMenuFor] = useState<string | null>(null);
  /** A choice from a row's menu closes the menu first. */
  const fromMenu =
    <Args extends unknown[]>(act: (...args: Args) => unknown) =>
    (...args: Args) => {
      setMenuFor(null);
      void act(...args);
    };
  /** The editor just closed (saved or cancelled): focus returns to "Create scheme", not to the page's body. */
  const [editorClosed, setEditorClosed] = useState(false);
  const [editor, dispatch] = useReducer(
    (
      state: EditorState | null,
      event: Parameters<typeof editorReducer>[1] | { type: 'open'; state: EditorState | null },
    ) => (event.type === 'open' ? event.state : state ? editorReducer(state, event) : state),
    CLOSED,
  );
  const [previewRunId, setPreviewRunId] = useState<string | null>(null);
  const [goLive, setGoLive] = useState<(GoLiveDialog & { target: GoLiveTarget }) | null>(null);
  const [goLiveTestId, setGoLiveTestId] = useState<string | null>(null);
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

  /** Reads what going live needs now (quoting `testRunId` when given) into the open confirmation. */
  const review = async (target: GoLiveTarget, testRunId?: string): Promise<Answer<LiveReview>> => {
    const answer = await call<LiveReview>(RESOLVERS.schemesReview, reviewPayload(target, testRunId));
    setGoLive((open) =>
      open && open.target === target
        ? answer.ok
          ? { ...open, review: answer.data, error: null }
          : { ...open, error: answer.error.message }
        : open,
    );
    return answer;
  };

  const openGoLive = (target: GoLiveTarget, schemeName: string, known?: LiveReview) => {
    setGoLiveTestId(null);
    setGoLive({
      target,
      purpose: target.purpose,
      schemeName,
      review: known ?? null,
      testing: null,
      error: null,
      busy: false,
    });
    if (!known) void review(target);
  };

  // The test run started from the confirmation: followed until it ends, then quoted.
  useEffect(() => {
    if (!goLiveTestId || !goLive) return;
    const target = goLive.target;
    return watchRun(
      goLiveTestId,
      (progress) => {
        setGoLive((open) => (open && open.target === target ? { ...open, testing: progress } : open));
        if (progress.state === 'done' || ['aborted', 'failed', 'cancelled'].includes(progress.state))
          void review(target, goLiveTestId);
      },
      (message) => setGoLive((open) => (open ? { ...open, error: message } : open)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [goLiveTestId]);

  const goLiveHandlers = {
    onClose: () => {
      setGoLive(null);
      setGoLiveTestId(null);
    },
    onOpenRun: (runId: string) => {
      setGoLive(null);
      props.openRun(runId);
    },
    onTest: async () => {
      if (!goLive) return;
      const { target } = goLive;
      const answer =
        target.purpose === 'save'
          ? await call<RunSummary>(RESOLVERS.schemesPreview, { scheme: target.file })
          : await call<RunSummary>(RESOLVERS.schemesRunNow, { id: target.id, mode: 'test' });
      if (!answer.ok) return setGoLive((open) => (open ? { ...open, error: answer.error.message } : open));
      setGoLive((open) => (open ? { ...open, error: null } : open));
      setGoLiveTestId(answer.data.id);
    },
    onConfirm: async () => {
      if (!goLive?.review?.testRun) return;
      const { target } = goLive;
      const confirm = { testRunId: goLive.review.testRun.id, fingerprint: goLive.review.fingerprint };
      setGoLive((open) => (open ? { ...open, busy: true } : open));
      const answer: Answer<unknown> =
        target.purpose === 'save'
          ? await call<SchemeSummary>(RESOLVERS.schemesSave, {
              scheme: target.file,
              ...(target.id ? { id: target.id } : {}),
              confirm,
            })
          : target.purpose === 'runLive'
            ? await call<RunSummary>(RESOLVERS.schemesRunNow, { id: target.id, mode: 'live', confirm })
            : await call<SchemeSummary>(RESOLVERS.schemesSetEnabled, { id: target.id, enabled: true, confirm });
      if (!answer.ok) {
        setGoLive((open) => (open ? { ...open, busy: false, error: answer.error.message } : open));
        // A stale confirmation (the scheme changed, the test got old): show what going live needs now.
        if (answer.error.code === 'TEST_RUN_REQUIRED' || answer.error.code === 'CONFIRMATION_REQUIRED')
          void review(target);
        return;
      }
      setGoLive(null);
      setGoLiveTestId(null);
      // A live run opens its page, where it shows as it goes.
      if (target.purpose === 'runLive')
        return props.openRun((answer.data as RunSummary).id, {
          kind: 'success',
          text: 'The live run started: it shows here as it goes.',
        });
      if (target.purpose === 'enable') {
        notify({ kind: 'success', text: `"${goLive.schemeName}" is enabled and live.` });
      } else {
        dispatch({ type: 'open', state: null });
        setPreviewRunId(null);
        notify({ kind: 'success', text: `Saved "${goLive.schemeName}" as a live scheme.` });
      }
      reload();
    },
  };

  const loadFile = async (id: string): Promise<SchemeFileAnswer | null> => {
    const answer = await call<SchemeFileAnswer>(RESOLVERS.schemesGet, { id });
    if (!answer.ok) {
      notify({ kind: 'error', text: answer.error.message });
      return null;
    }
    return answer.data;
  };

  /** A run started from the list opens its page, where it shows as it goes, with what started it. */
  const afterRun = (answer: Awaited<ReturnType<typeof call<RunSummary>>>, what: string) => {
    setDialog({ kind: 'none' });
    if (!answer.ok) return notify({ kind: 'error', text: answer.error.message });
    props.openRun(answer.data.id, { kind: 'success', text: `${what} started: it shows here as it goes.` });
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
      const scheme = schemes.status === 'ready' ? schemes.data.find((candidate) => candidate.id === id) : undefined;
      // Enabling a live scheme lets it act on its schedule: it needs the same confirmation as going live.
      if (enabled && scheme?.mode === 'live') return openGoLive({ purpose: 'enable', id }, scheme.name);
      const answer = await call<SchemeSummary>(RESOLVERS.schemesSetEnabled, { id, enabled });
      if (!answer.ok) return notify({ kind: 'error', text: answer.error.message });
      reload();
    },
    onRunTest: async (id: string) =>
      afterRun(
        await call<RunSummary>(RESOLVERS.schemesRunNow, { id, mode: 'test' }),
        'A test run (it changes nothing)',
      ),
    onAskLive: (scheme: SchemeSummary) => openGoLive({ purpose: 'runLive', id: scheme.id }, scheme.name),
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
      const answer = await call<ImportAnswer>(RESOLVERS.schemesImport, { text: dialog.text });
      if (!answer.ok)
        return setDialog({
          ...dialog,
          error: answer.error.fields ? 'The file has problems; fix them and import again:' : answer.error.message,
          fields: answer.error.fields ?? {},
        });
      setDialog({ kind: 'none' });
      notify(
        answer.data.landedInTestMode
          ? {
              kind: 'information',
              text: `Imported "${answer.data.name}" in test mode: the file said live, but a scheme goes live only after a test run on this site. Run it in test mode, then edit it and choose Live.`,
            }
          : { kind: 'success', text: `Imported "${answer.data.name}".` },
      );
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
      const file = draftToFile(editor.draft);
      if (editor.draft.mode === 'live') {
        // Going live (or changing what a live scheme does) is confirmed with a fresh test run of the draft.
        const target: GoLiveTarget = { purpose: 'save', id: editor.schemeId, file };
        const reviewed = await call<LiveReview>(RESOLVERS.schemesReview, reviewPayload(target));
        if (!reviewed.ok)
          return dispatch({
            type: 'failed',
            message: reviewed.error.message,
            ...(reviewed.error.fields ? { fields: reviewed.error.fields } : {}),
          });
        if (reviewed.data.needed) {
          dispatch({ type: 'failed', message: '' }); // not a failure: the editor waits while the dialog asks
          return openGoLive(target, editor.draft.name, reviewed.data);
        }
      }
      const answer = await call<SchemeSummary>(RESOLVERS.schemesSave, {
        scheme: file,
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
      setEditorClosed(true);
      notify({ kind: 'success', text: `Saved "${answer.data.name}".` });
      reload();
    },
    onCancel: () => {
      dispatch({ type: 'open', state: null });
      setPreviewRunId(null);
      setEditorClosed(true);
    },
  };

  const goLiveModal = (
    <GoLiveModal
      dialog={goLive}
      onClose={goLiveHandlers.onClose}
      onTest={() => void goLiveHandlers.onTest()}
      onConfirm={() => void goLiveHandlers.onConfirm()}
      onOpenRun={goLiveHandlers.onOpenRun}
    />
  );

  if (editor && editorHandlers) {
    return (
      <>
        {goLiveModal}
        <WhenLoaded loaded={groups} what="the site's groups">
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
      </>
    );
  }
  return (
    <>
      {goLiveModal}
      <WhenLoaded loaded={schemes} what="the schemes">
        {(list) => (
          <SchemesTab
            schemes={list}
            focusCreate={editorClosed}
            dialog={dialog}
            menuFor={menuFor}
            handlers={{
              ...handlers,
              onMenu: setMenuFor,
              onEdit: fromMenu(handlers.onEdit),
              onDuplicate: fromMenu(handlers.onDuplicate),
              onExport: fromMenu(handlers.onExport),
              onAskLive: fromMenu(handlers.onAskLive),
              onAskDelete: fromMenu(handlers.onAskDelete),
              onToggle: (id, enabled) => void handlers.onToggle(id, enabled),
              onRunTest: (id) => void handlers.onRunTest(id),
              onDelete: (id) => void handlers.onDelete(id),
              onImport: () => void handlers.onImport(),
            }}
          />
        )}
      </WhenLoaded>
    </>
  );
}
