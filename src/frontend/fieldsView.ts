/** The User fields tab's view state: the field being defined, the pasted CSV, its preview, the export. Pure. */
import type { FieldImportPreview } from '../contract';

export interface FieldsView {
  draft: { name: string; type: 'text' | 'date' | 'choice'; options: string };
  draftErrors: Record<string, string>;
  csv: string;
  preview: FieldImportPreview | null;
  exported: string | null;
  user: UserValuesView;
}

/** One user's values being edited: found by account id or email, values by field id as typed. */
export interface UserValuesView {
  query: string;
  /** The user found; null until "Find" answered. */
  accountId: string | null;
  values: Record<string, string>;
  /** Messages by field id from fields/setValues. */
  errors: Record<string, string>;
}

export const EMPTY_USER_VALUES: UserValuesView = { query: '', accountId: null, values: {}, errors: {} };

export const INITIAL_FIELDS_VIEW: FieldsView = {
  draft: { name: '', type: 'text', options: '' },
  draftErrors: {},
  csv: '',
  preview: null,
  exported: null,
  user: EMPTY_USER_VALUES,
};

/** What the admin typed as fields/getValues wants it: an email has an "@", an account id never does. */
export function userLookup(query: string): { email: string } | { accountId: string } {
  const text = query.trim();
  return text.includes('@') ? { email: text } : { accountId: text };
}

export type FieldsEvent =
  | { type: 'draft'; change: Partial<FieldsView['draft']> }
  | { type: 'draftErrors'; errors: Record<string, string> }
  | { type: 'defined' }
  | { type: 'csv'; text: string }
  | { type: 'preview'; preview: FieldImportPreview | null }
  | { type: 'imported' }
  | { type: 'exported'; csv: string }
  | { type: 'userQuery'; text: string }
  | { type: 'userLoaded'; accountId: string; values: Record<string, string> }
  | { type: 'userValue'; fieldId: string; value: string }
  | { type: 'userErrors'; errors: Record<string, string> };

export function fieldsReducer(state: FieldsView, event: FieldsEvent): FieldsView {
  switch (event.type) {
    case 'draft':
      return { ...state, draft: { ...state.draft, ...event.change } };
    case 'draftErrors':
      return { ...state, draftErrors: event.errors };
    case 'defined':
      return { ...state, draft: INITIAL_FIELDS_VIEW.draft, draftErrors: {} };
    case 'csv':
      // A preview belongs to the text it checked: editing the text drops it.
      return { ...state, csv: event.text, preview: null };
    case 'preview':
      return { ...state, preview: event.preview };
    case 'imported':
      return { ...state, csv: '', preview: null };
    case 'exported':
      return { ...state, exported: event.csv };
    case 'userQuery':
      // The values shown belong to the user found: typing another user's key hides them until found.
      return { ...state, user: { ...EMPTY_USER_VALUES, query: event.text } };
    case 'userLoaded':
      return { ...state, user: { ...state.user, accountId: event.accountId, values: event.values, errors: {} } };
    case 'userValue':
      return { ...state, user: { ...state.user, values: { ...state.user.values, [event.fieldId]: event.value } } };
    case 'userErrors':
      return { ...state, user: { ...state.user, errors: event.errors } };
  }
}

/** The draft as the fields/save payload expects it. */
export function draftToField(draft: FieldsView['draft']): Record<string, unknown> {
  const base = { name: draft.name, type: draft.type };
  if (draft.type !== 'choice') return base;
  return {
    ...base,
    options: draft.options
      .split(',')
      .map((option) => option.trim())
      .filter(Boolean),
  };
}
