/** Wires the User fields tab: load the fields, define and delete them, one user's values, preview and apply a CSV import, export. */
import React, { useReducer, useState } from 'react';
import { Stack } from '@forge/react';
import {
  RESOLVERS,
  type FieldExportPage,
  type FieldImportPreview,
  type FieldImportResult,
  type FieldsAnswer,
  type FieldValuesAnswer,
} from '../../contract';
import { call } from '../effects';
import { useLoad } from '../hooks';
import type { Notice } from '../navigation';
import { WhenLoaded } from '../components/common';
import { FieldsTab } from '../components/Fields';
import { UserValues } from '../components/UserValues';
import { draftToField, fieldsReducer, INITIAL_FIELDS_VIEW, userLookup } from '../fieldsView';

/** The export reads this many pages (100 users each) at most in one click. */
const MAX_EXPORT_PAGES = 500;

export function FieldsScreen(props: { reloads: number; notify: (notice: Notice | null) => void; reload: () => void }) {
  const loaded = useLoad(() => call<FieldsAnswer>(RESOLVERS.fieldsList, {}), [props.reloads]);
  const [view, dispatch] = useReducer(fieldsReducer, INITIAL_FIELDS_VIEW);

  /** What "Define field" and "Save values" said, each shown under its own button. */
  const [defineFeedback, setDefineFeedback] = useState<Notice | null>(null);
  const [valuesFeedback, setValuesFeedback] = useState<Notice | null>(null);
  const define = async () => {
    const answer = await call<FieldsAnswer>(RESOLVERS.fieldsSave, { field: draftToField(view.draft) });
    if (!answer.ok) {
      dispatch({ type: 'draftErrors', errors: answer.error.fields ?? {} });
      return setDefineFeedback({ kind: 'error', text: answer.error.message });
    }
    setDefineFeedback({ kind: 'success', text: `Field "${view.draft.name.trim()}" defined.` });
    dispatch({ type: 'defined' });
    props.reload();
  };
  /** The deletion being confirmed: the backend's question names the field and how many users have values. */
  const [deleting, setDeleting] = useState<{ id: string; question: string } | null>(null);
  const [deleteFeedback, setDeleteFeedback] = useState<Notice | null>(null);
  /** The user last picked by name, to say whose values are shown. */
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  const askDelete = async (id: string) => {
    setDeleteFeedback(null);
    const answer = await call<FieldsAnswer>(RESOLVERS.fieldsDelete, { id });
    if (answer.ok) return (setDeleteFeedback({ kind: 'success', text: 'Field deleted.' }), props.reload());
    if (answer.error.code === 'CONFIRMATION_REQUIRED') return setDeleting({ id, question: answer.error.message });
    setDeleteFeedback({ kind: 'error', text: answer.error.message });
  };
  const remove = async (id: string) => {
    setDeleting(null);
    const answer = await call<FieldsAnswer>(RESOLVERS.fieldsDelete, { id, confirm: true });
    if (!answer.ok) return setDeleteFeedback({ kind: 'error', text: answer.error.message });
    setDeleteFeedback({ kind: 'success', text: 'Field deleted.' });
    props.reload();
  };
  const preview = async () => {
    const answer = await call<FieldImportPreview>(RESOLVERS.fieldsImportPreview, { text: view.csv });
    if (!answer.ok) {
      dispatch({ type: 'preview', preview: null });
      return props.notify({ kind: 'error', text: answer.error.message });
    }
    props.notify(null);
    dispatch({ type: 'preview', preview: answer.data });
  };
  const apply = async (skipInvalidRows: boolean) => {
    const answer = await call<FieldImportResult>(RESOLVERS.fieldsImportApply, { text: view.csv, skipInvalidRows });
    if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
    dispatch({ type: 'imported' });
    const skipped = answer.data.errors.length;
    props.notify({
      kind: 'success',
      text: `Imported values of ${answer.data.saved} users${skipped > 0 ? `; ${skipped} rows skipped` : ''}.`,
    });
  };
  const exportAll = async () => {
    let csv = '';
    let cursor: string | undefined;
    for (let page = 0; page < MAX_EXPORT_PAGES; page += 1) {
      const answer = await call<FieldExportPage>(RESOLVERS.fieldsExport, cursor ? { cursor } : {});
      if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
      csv += answer.data.csv;
      if (!answer.data.nextCursor) break;
      cursor = answer.data.nextCursor;
    }
    dispatch({ type: 'exported', csv });
  };

  /** Finds the user typed in (an email), or the one picked by name (their account id). */
  const findUser = async (query = view.user.query) => {
    const answer = await call<FieldValuesAnswer>(RESOLVERS.fieldsGetValues, userLookup(query));
    if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
    props.notify(null);
    dispatch({ type: 'userLoaded', accountId: answer.data.accountId, values: answer.data.values });
  };
  const saveUser = async (fields: FieldsAnswer['fields']) => {
    const subject = view.user.accountId;
    if (!subject) return;
    // Every field shown is sent: a field left empty is cleared, as the form shows it.
    const values = Object.fromEntries(fields.map((field) => [field.id, view.user.values[field.id] ?? '']));
    const answer = await call<FieldValuesAnswer>(RESOLVERS.fieldsSetValues, { accountId: subject, values });
    if (!answer.ok) {
      dispatch({ type: 'userErrors', errors: answer.error.fields ?? {} });
      return setValuesFeedback({ kind: 'error', text: answer.error.message });
    }
    dispatch({ type: 'userLoaded', accountId: answer.data.accountId, values: answer.data.values });
    const who = picked && picked.id === answer.data.accountId ? picked.name : answer.data.accountId;
    setValuesFeedback({ kind: 'success', text: `Saved the values of ${who}.` });
  };

  return (
    <WhenLoaded loaded={loaded} what="the user fields">
      {(data) => (
        <Stack space="space.300">
          <FieldsTab
            fields={data.fields}
            view={view}
            deleting={deleting}
            deleteFeedback={deleteFeedback}
            defineFeedback={defineFeedback}
            handlers={{
              onDraft: (change) => (setDefineFeedback(null), dispatch({ type: 'draft', change })),
              onDefine: () => void define(),
              onDelete: (id) => void askDelete(id),
              onConfirmDelete: (id) => void remove(id),
              onCancelDelete: () => setDeleting(null),
              onCsv: (text) => dispatch({ type: 'csv', text }),
              onPreview: () => void preview(),
              onApply: (skip) => void apply(skip),
              onExport: () => void exportAll(),
            }}
          />
          <UserValues
            fields={data.fields}
            view={view.user}
            pickedName={picked && picked.id === view.user.accountId ? picked.name : null}
            saveFeedback={valuesFeedback}
            handlers={{
              onQuery: (text) => dispatch({ type: 'userQuery', text }),
              onFind: () => void findUser(),
              onPick: (user) => (setPicked(user), void findUser(user.id)),
              onValue: (fieldId, value) => (setValuesFeedback(null), dispatch({ type: 'userValue', fieldId, value })),
              onSave: () => void saveUser(data.fields),
            }}
          />
        </Stack>
      )}
    </WhenLoaded>
  );
}
