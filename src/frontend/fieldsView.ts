/** The User fields tab's view state: the field being defined, the pasted CSV, its preview, the export. Pure. */
import type { FieldImportPreview } from '../contract';

export interface FieldsView {
  draft: { name: string; type: 'text' | 'date' | 'choice'; options: string };
  draftErrors: Record<string, string>;
  csv: string;
  preview: FieldImportPreview | null;
  exported: string | null;
}

export const INITIAL_FIELDS_VIEW: FieldsView = { draft: { name: '', type: 'text', options: '' }, draftErrors: {}, csv: '', preview: null, exported: null };

export type FieldsEvent =
  | { type: 'draft'; change: Partial<FieldsView['draft']> }
  | { type: 'draftErrors'; errors: Record<string, string> }
  | { type: 'defined' }
  | { type: 'csv'; text: string }
  | { type: 'preview'; preview: FieldImportPreview | null }
  | { type: 'imported' }
  | { type: 'exported'; csv: string };

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
  }
}

/** The draft as the fields/save payload expects it. */
export function draftToField(draft: FieldsView['draft']): Record<string, unknown> {
  const base = { name: draft.name, type: draft.type };
  if (draft.type !== 'choice') return base;
  return { ...base, options: draft.options.split(',').map((option) => option.trim()).filter(Boolean) };
}
