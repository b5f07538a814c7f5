/** Warnings sent by notify schemes: who was warned, when the scheme may act, and what became of each. Renders only. */
import React from 'react';
import { Button, DynamicTable, EmptyState, Lozenge, Stack, Text } from '@forge/react';
import type { WarningRecord } from '../../contract';
import { day } from '../format';

export function warningStatus(warning: WarningRecord): {
  text: string;
  appearance: 'inprogress' | 'success' | 'moved' | 'removed';
} {
  switch (warning.status) {
    case 'pending':
      return { text: 'pending', appearance: 'inprogress' };
    case 'keptAccess':
      return {
        text: warning.keepAccessUntil ? `kept access until ${day(warning.keepAccessUntil)}` : 'kept access',
        appearance: 'success',
      };
    case 'cameBack':
      return { text: 'came back', appearance: 'success' };
    case 'actedOn':
      return { text: 'acted on', appearance: 'removed' };
  }
}

export function WarningsList(props: {
  warnings: WarningRecord[];
  schemeNames: Record<string, string>;
  hasMore: boolean;
  onMore: () => void;
}) {
  const pending = props.warnings.filter((warning) => warning.status === 'pending').length;
  return (
    <Stack space="space.200">
      <Text>
        {
          'A scheme whose first action is "Warn users first" emails each matched user before acting. Its other actions happen only in the first live run after the grace period, to users still inactive who did not ask to keep their access.'
        }
      </Text>
      {props.warnings.length === 0 ? (
        <EmptyState
          header="No warnings sent"
          description='Warnings appear here when a live run of a scheme with "Warn users first" emails its users.'
        />
      ) : (
        <Stack space="space.100">
          <Text>{`${pending} pending of ${props.warnings.length} shown.`}</Text>
          <DynamicTable
            caption="Warnings"
            head={{
              cells: ['Name', 'Email', 'Scheme', 'Warned on', 'Actions after', 'Status'].map((label) => ({
                key: label,
                content: label,
              })),
            }}
            rows={props.warnings.map((warning) => {
              const status = warningStatus(warning);
              return {
                key: `${warning.schemeId}:${warning.accountId}`,
                cells: [
                  { key: 'Name', content: warning.name },
                  { key: 'Email', content: warning.email ?? '(unknown)' },
                  {
                    key: 'Scheme',
                    content: props.schemeNames[warning.schemeId] ?? `(deleted scheme ${warning.schemeId})`,
                  },
                  { key: 'Warned on', content: day(warning.warnedAt) },
                  { key: 'Actions after', content: day(warning.actAfter) },
                  { key: 'Status', content: <Lozenge appearance={status.appearance}>{status.text}</Lozenge> },
                ],
              };
            })}
          />
        </Stack>
      )}
      {props.hasMore && <Button onClick={props.onMore}>Show more warnings</Button>}
    </Stack>
  );
}
