/**
 * The admin page (Confluence admin settings → User manager). This first version holds what an admin needs to
 * start: save the org API key and test the connection, see the schemes with their schedule and last run, run one
 * in test mode, and see recent runs. Scheme editing, bulk actions and run details come with the admin-page issue.
 */
import React, { useEffect, useState } from 'react';
import ForgeReconciler, { Box, Button, Heading, Inline, Lozenge, SectionMessage, Stack, Text, Textfield } from '@forge/react';
import { invoke } from '@forge/bridge';
import { RESOLVERS, type Answer, type RunSummary, type SchemeSummary } from '../contract';

async function call<T>(name: string, payload: Record<string, unknown> = {}): Promise<Answer<T>> {
  return (await invoke(name, payload)) as Answer<T>;
}

function App() {
  const [schemes, setSchemes] = useState<SchemeSummary[]>([]);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [apiKey, setApiKey] = useState('');
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  async function refresh() {
    const [schemeAnswer, runAnswer] = await Promise.all([call<SchemeSummary[]>(RESOLVERS.schemesList), call<{ runs: RunSummary[] }>(RESOLVERS.runsList)]);
    if (schemeAnswer.ok) setSchemes(schemeAnswer.data);
    else setMessage({ kind: 'error', text: schemeAnswer.error.message });
    if (runAnswer.ok) setRuns(runAnswer.data.runs);
  }

  useEffect(() => {
    void refresh();
  }, []);

  async function saveKey() {
    const answer = await call(RESOLVERS.settingsSave, { apiKey });
    setMessage(answer.ok ? { kind: 'success', text: 'The API key is saved.' } : { kind: 'error', text: answer.error.message });
    setApiKey('');
  }

  async function testConnection() {
    const answer = await call<{ organization: { name: string } }>(RESOLVERS.connectionTest);
    setMessage(answer.ok ? { kind: 'success', text: `Connected to the organization ${answer.data.organization.name}.` } : { kind: 'error', text: answer.error.message });
  }

  async function runTest(id: string) {
    const answer = await call<RunSummary>(RESOLVERS.schemesRunNow, { id, mode: 'test' });
    setMessage(answer.ok ? { kind: 'success', text: 'A test run started: it reports what it would do and changes nothing.' } : { kind: 'error', text: answer.error.message });
    await refresh();
  }

  return (
    <Stack space="space.300">
      {message && (
        <SectionMessage appearance={message.kind === 'success' ? 'success' : 'error'}>
          <Text>{message.text}</Text>
        </SectionMessage>
      )}
      <Heading as="h2">Organization API key</Heading>
      <Inline space="space.100">
        <Textfield type="password" value={apiKey} placeholder="Paste an org API key" onChange={(event) => setApiKey(event.target.value)} />
        <Button appearance="primary" isDisabled={apiKey.length === 0} onClick={saveKey}>Save key</Button>
        <Button onClick={testConnection}>Test connection</Button>
      </Inline>
      <Heading as="h2">Schemes</Heading>
      {schemes.length === 0 && <Text>No scheme yet.</Text>}
      {schemes.map((scheme) => (
        <Box key={scheme.id}>
          <Inline space="space.100" alignBlock="center">
            <Text>{scheme.name}</Text>
            <Lozenge appearance={scheme.mode === 'live' ? 'removed' : 'default'}>{scheme.mode}</Lozenge>
            <Text>{scheme.schedule}</Text>
            <Button onClick={() => runTest(scheme.id)}>Run in test mode</Button>
          </Inline>
        </Box>
      ))}
      <Heading as="h2">Recent runs</Heading>
      {runs.map((run) => (
        <Text key={run.id}>
          {run.schemeName}: {run.state} ({run.mode}), {run.counts.matched} matched, {run.counts.done} done, started {run.startedAt}
        </Text>
      ))}
    </Stack>
  );
}

ForgeReconciler.render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
