/** The admin page: tabs, the page-wide notice, and which screen shows. Navigation is a pure reducer (navigation.ts). */
import React, { useReducer } from 'react';
import { Heading, SectionMessage, Stack, Tab, TabList, TabPanel, Tabs, Text } from '@forge/react';
import { INITIAL_NAV, navReducer, TABS, type Notice } from './navigation';
import { OverviewScreen } from './screens/OverviewScreen';
import { SchemesScreen } from './screens/SchemesScreen';
import { BulkScreen } from './screens/BulkScreen';
import { RunsScreen } from './screens/RunsScreen';
import { ExemptionsScreen } from './screens/ExemptionsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { FieldsScreen } from './screens/FieldsScreen';
import { WarningsScreen } from './screens/WarningsScreen';
import { AuditScreen } from './screens/AuditScreen';

export function App() {
  const [nav, dispatch] = useReducer(navReducer, INITIAL_NAV);
  const notify = (notice: Notice | null) => dispatch({ type: 'notice', notice });
  const reload = () => dispatch({ type: 'reload' });
  const openRun = (runId: string) => dispatch({ type: 'openRun', runId });
  const screen = () => {
    switch (nav.tab) {
      case 'Overview':
        return <OverviewScreen reloads={nav.reloads} notify={notify} reload={reload} openRun={openRun} />;
      case 'Schemes':
        return <SchemesScreen reloads={nav.reloads} notify={notify} reload={reload} openRun={openRun} />;
      case 'Bulk actions':
        return <BulkScreen openRun={openRun} />;
      case 'Run history':
        return (
          <RunsScreen
            runId={nav.runId}
            reloads={nav.reloads}
            openRun={openRun}
            closeRun={() => dispatch({ type: 'closeRun' })}
            notify={notify}
          />
        );
      case 'Exemptions':
        return <ExemptionsScreen notify={notify} />;
      case 'Settings':
        return <SettingsScreen notify={notify} />;
      case 'User fields':
        return <FieldsScreen reloads={nav.reloads} notify={notify} reload={reload} />;
      case 'Warnings':
        return <WarningsScreen reloads={nav.reloads} />;
      case 'Audit log':
        return <AuditScreen reloads={nav.reloads} />;
    }
  };
  return (
    <Stack space="space.200">
      <Heading as="h2">User manager</Heading>
      {nav.notice && (
        <SectionMessage appearance={nav.notice.kind === 'information' ? 'information' : nav.notice.kind}>
          <Text>{nav.notice.text}</Text>
        </SectionMessage>
      )}
      <Tabs
        id="user-manager-tabs"
        selected={TABS.indexOf(nav.tab)}
        onChange={(index: number) => dispatch({ type: 'tab', tab: TABS[index] ?? 'Overview' })}
      >
        <TabList>
          {TABS.map((tab) => (
            <Tab key={tab}>{tab}</Tab>
          ))}
        </TabList>
        {TABS.map((tab) => (
          // Only the open tab renders its screen: each screen loads its data when it opens.
          <TabPanel key={tab}>{nav.tab === tab ? screen() : null}</TabPanel>
        ))}
      </Tabs>
    </Stack>
  );
}
