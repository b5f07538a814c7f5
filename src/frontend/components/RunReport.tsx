/** What happened to a run's emailed report (sent to whom, or why not) and the run's warnings. Renders only. */
import React from 'react';
import { SectionMessage, Stack, Strong, Text } from '@forge/react';
import type { RunSummary } from '../../contract';
import { hasEnded } from '../effects';
import { billingSentence } from '../../domain/billing';
import { Lines } from './common';

export function RunReport({ run }: { run: RunSummary }) {
  const report = run.report;
  return (
    <Stack space="space.100">
      {run.billing && (
        <Text>
          <Strong>On the bill</Strong> {billingSentence(run.billing, run.mode)}
        </Text>
      )}
      {report === null ? (
        <Text>
          <Strong>Report email</Strong>{' '}
          {hasEnded(run) ? 'none: this run ended before its report was made.' : 'goes out when the run ends.'}
        </Text>
      ) : report.status === 'sent' ? (
        <Text>
          <Strong>Report email sent</Strong> {`to ${report.recipients.join(', ')}.`}
        </Text>
      ) : (
        <Text>
          <Strong>{report.status === 'skipped' ? 'Report email skipped' : 'Report email not sent'}</Strong>{' '}
          {report.detail}
        </Text>
      )}
      {run.warnings.length > 0 && (
        <SectionMessage appearance="warning" title="Warnings">
          <Lines lines={run.warnings} />
        </SectionMessage>
      )}
    </Stack>
  );
}
