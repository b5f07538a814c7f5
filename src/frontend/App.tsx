/** The admin page: tabs, the open tab's notice (under the tabs), and which screen shows. Navigation is a pure reducer (navigation.ts). */
import React, { useEffect, useReducer } from 'react';
import { Heading, Stack, Tab, TabList, TabPanel, Tabs } from '@forge/react';
import { Feedback } from './components/common';
import { INITIAL_NAV, navReducer, TABS, type Notice, type OpenRun } from './navigation';
import { reportPageUrl } from './effects';
import { OverviewScreen } from './screens/OverviewScreen';
import { SchemesScreen } from './screens/SchemesScreen';
import { BulkScreen } from './screens/BulkScreen';
import { RunsScreen } from './screens/RunsScreen';
import { ExemptionsScreen } from './screens/ExemptionsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { FieldsScreen } from './screens/FieldsScreen';
import { WarningsScreen } from './screens/WarningsScreen';
import { AuditScreen } from './screens/AuditScreen';
import { KeyExpiryBanner } from './screens/KeyExpiryBanner';

export function App() {
  const [nav, dispatch] = useReducer(navReducer, INITIAL_NAV);
  // The page's URL goes to the backend for the links in "needs approval" emails.
  useEffect(() => void reportPageUrl(), []);
  const notify = (notice: Notice | null) => dispatch({ type: 'notice', notice });
  const reload = () => dispatch({ type: 'reload' });
  const openRun: OpenRun = (runId, notice) => dispatch({ type: 'openRun', runId, ...(notice ? { notice } : {}) });
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
        return <ExemptionsScreen />;
      case 'Settings':
        return <SettingsScreen />;
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
      <Heading as="h1">User manager</Heading>
      <KeyExpiryBanner reloads={nav.reloads} />
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
          // The tab's notice sits at the top of its own panel, under the tabs, not above them out of sight.
          <TabPanel key={tab}>
            {nav.tab === tab ? (
              <Stack space="space.200">
                <Feedback notice={nav.notice} />
                {screen()}
              </Stack>
            ) : null}
          </TabPanel>
        ))}
      </Tabs>
    </Stack>
  );
}
