/** The scheme editor: four steps under a progress tracker, each checked before the next. Renders only. */
import React from 'react';
import {
  Button,
  ButtonGroup,
  ErrorMessage,
  Heading,
  Inline,
  LoadingButton,
  ProgressTracker,
  Stack,
} from '@forge/react';
import type { GroupOption } from '../../contract';
import type { DefinedField } from '../filterDraft';
import { STEPS, type EditorState, type StepIndex } from '../editor';
import { Problem } from './common';
import { ActionsStep } from './editorSteps/ActionsStep';
import { ReportingStep } from './editorSteps/ReportingStep';
import { TimeStep } from './editorSteps/TimeStep';
import { UsersStep } from './editorSteps/UsersStep';
import type { EditorHandlers } from './editorSteps/handlers';

export type { EditorHandlers } from './editorSteps/handlers';

export function SchemeEditor({
  state,
  groups,
  definedFields,
  on,
}: {
  state: EditorState;
  groups: GroupOption[];
  definedFields: readonly DefinedField[];
  on: EditorHandlers;
}) {
  const items = STEPS.map((label, index) => ({
    id: label,
    label,
    percentageComplete: index < state.step ? 100 : 0,
    status:
      index < state.step ? ('visited' as const) : index === state.step ? ('current' as const) : ('unvisited' as const),
    ...(index < state.step ? { onClick: () => on.onGoTo(index as StepIndex) } : {}),
  }));
  return (
    <Stack space="space.200">
      <Heading as="h3">{state.schemeId ? `Edit "${state.draft.name}"` : 'New scheme'}</Heading>
      <ProgressTracker items={items} label="Scheme editor steps" />
      {state.step === 0 && <TimeStep state={state} on={on} />}
      {state.step === 1 && <UsersStep state={state} groups={groups} definedFields={definedFields} on={on} />}
      {state.step === 2 && <ActionsStep state={state} groups={groups} on={on} />}
      {state.step === 3 && <ReportingStep state={state} groups={groups} on={on} />}
      {Object.keys(state.fields).length > 0 && <ErrorMessage>Fix the fields marked above to continue.</ErrorMessage>}
      {/* Beside the buttons that were pressed, not above the steps out of sight. */}
      {state.error && <Problem message={state.error} />}
      <Inline space="space.100" spread="space-between">
        <Button appearance="subtle" onClick={on.onCancel}>
          Cancel
        </Button>
        <ButtonGroup>
          {state.step > 0 && <Button onClick={on.onBack}>Back</Button>}
          {state.step < 3 ? (
            // The Actions step starts with a Checkbox, which UI Kit cannot focus: focus goes to its Next. The key
            // makes each step's Next a new button, so autoFocus applies (the pressed one lost focus while loading).
            <LoadingButton
              key={`next-${state.step}`}
              appearance="primary"
              autoFocus={state.step === 2}
              isLoading={state.busy}
              onClick={on.onNext}
            >
              Next
            </LoadingButton>
          ) : (
            <LoadingButton appearance="primary" isLoading={state.busy} onClick={on.onSave}>
              Save scheme
            </LoadingButton>
          )}
        </ButtonGroup>
      </Inline>
    </Stack>
  );
}
