/**
 * The admin page (Confluence admin settings → User manager): Overview, Schemes (with the four-step editor),
 * Bulk actions, Run history, Exemptions and Settings. Layout: App.tsx; view state: navigation.ts, editor.ts,
 * bulk.ts (pure reducers); backend calls: effects.ts; rendering: components/; wiring: screens/.
 */
import React from 'react';
import ForgeReconciler from '@forge/react';
import { App } from './App';

ForgeReconciler.render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
