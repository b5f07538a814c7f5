/** What the editor's steps call: the screen (SchemesScreen) holds the draft and answers these. */
import type { SchemeDraft, StepIndex } from '../../editor';

export interface EditorHandlers {
  onEdit: (change: (draft: SchemeDraft) => SchemeDraft) => void;
  onNext: () => void;
  onBack: () => void;
  onGoTo: (step: StepIndex) => void;
  onPreview: () => void;
  onSave: () => void;
  onCancel: () => void;
}
