/** Which tab and which page within it the admin is looking at, and the page-wide notice. Pure. */
export const TABS = [
  'Overview',
  'Schemes',
  'Bulk actions',
  'Run history',
  'Warnings',
  'Audit log',
  'Exemptions',
  'User fields',
  'Settings',
] as const;
export type TabName = (typeof TABS)[number];

export interface Notice {
  kind: 'success' | 'error' | 'information';
  text: string;
}

export interface NavState {
  tab: TabName;
  /** The run page open in Run history, if any. */
  runId: string | null;
  notice: Notice | null;
  /** Bumped to make the open tab load its data again. */
  reloads: number;
}

/** Opens a run's page, optionally with the notice of what just started it. */
export type OpenRun = (runId: string, notice?: Notice) => void;

export const INITIAL_NAV: NavState = { tab: 'Overview', runId: null, notice: null, reloads: 0 };

export type NavEvent =
  | { type: 'tab'; tab: TabName }
  /** `notice`: what opening the run follows from ("The undo started"), shown on the run's page. */
  | { type: 'openRun'; runId: string; notice?: Notice }
  | { type: 'closeRun' }
  | { type: 'notice'; notice: Notice | null }
  | { type: 'reload' };

export function navReducer(state: NavState, event: NavEvent): NavState {
  switch (event.type) {
    case 'tab':
      return { ...state, tab: event.tab, runId: null, notice: null };
    case 'openRun':
      return { ...state, tab: 'Run history', runId: event.runId, notice: event.notice ?? null };
    case 'closeRun':
      return { ...state, runId: null };
    case 'notice':
      return { ...state, notice: event.notice };
    case 'reload':
      return { ...state, reloads: state.reloads + 1 };
  }
}
