/**
 * The host side of the Forge bridge, as Confluence provides it to a UI Kit app: `window.__bridge.callBridge(cmd,
 * data)`. 'reconcile' draws the ForgeDoc tree with Atlaskit (./render, ./components); 'invoke' goes to the
 * preview server, which calls the resolver on the local site as the site admin; 'showFlag' shows an Atlaskit flag;
 * 'getUrl' gives this preview's own page for the app's module.
 * The app's bundle (/app.js) is loaded only once the bridge exists: @forge/bridge looks it up when it loads.
 */
import '@atlaskit/css-reset';
import React, { useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { IntlProvider } from 'react-intl';
import Flag, { FlagGroup } from '@atlaskit/flag';
import StatusErrorIcon from '@atlaskit/icon/core/status-error';
import StatusInformationIcon from '@atlaskit/icon/core/status-information';
import StatusSuccessIcon from '@atlaskit/icon/core/status-success';
import StatusWarningIcon from '@atlaskit/icon/core/status-warning';
import { token } from '@atlaskit/tokens';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { COMPONENTS } from './components';
import type { ForgeDoc } from './forgeDoc';
import { ForgeDocRoot, type HostServices, type SiteUserOption } from './render';

void setGlobalTheme({ colorMode: 'light' });

const errors = document.getElementById('host-errors')!;

function showHostError(text: string): void {
  // A failure repeated on every commit is shown once.
  if (Array.from(errors.children).some((item) => item.textContent === text)) return;
  const item = document.createElement('div');
  item.className = 'host-error';
  item.setAttribute('role', 'alert');
  item.textContent = text;
  errors.append(item);
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

function onHandlerError(error: unknown): void {
  console.error('An event handler of the page failed', error);
  showHostError(`An event handler of the page failed: ${describe(error)}`);
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The preview server answered ${response.status} to ${url}.`);
  return (await response.json()) as T;
}

const services: HostServices = {
  call(handler, ...args) {
    if (typeof handler !== 'function') return undefined;
    try {
      const result = handler(...args);
      if (result && typeof (result as Promise<unknown>).then === 'function')
        (result as Promise<unknown>).then(undefined, onHandlerError);
      return result;
    } catch (error) {
      onHandlerError(error);
      return undefined;
    }
  },
  searchUsers: (query) => getJson<SiteUserOption[]>(`/api/users?query=${encodeURIComponent(query)}`),
  usersById: (ids) => getJson<SiteUserOption[]>(`/api/users?ids=${encodeURIComponent(ids.join(','))}`),
  onRenderError(type, error) {
    console.error(`The preview could not draw a ${type}`, error);
    showHostError(`The preview could not draw a ${type}: ${describe(error)}`);
  },
};

// ---- the page's tree -------------------------------------------------------------------------------------------

let latest: { doc: ForgeDoc; commit: number } | null = null;
const listeners = new Set<() => void>();

function Page() {
  const [, redraw] = useState(0);
  useLayoutEffect(() => {
    const listener = () => redraw((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  const commit = latest?.commit ?? 0;
  useLayoutEffect(() => {
    // A test waits for this to stop changing before it reads the page.
    document.body.dataset.commits = String(commit);
  });
  return latest ? <ForgeDocRoot doc={latest.doc} components={COMPONENTS} services={services} /> : null;
}

// ---- flags -----------------------------------------------------------------------------------------------------

interface FlagOptions {
  id?: string | number;
  title?: string;
  description?: string;
  type?: 'info' | 'success' | 'warning' | 'error';
  appearance?: 'info' | 'success' | 'warning' | 'error';
  isAutoDismiss?: boolean;
}
let flags: Array<FlagOptions & { id: string }> = [];
const flagListeners = new Set<() => void>();
const setFlags = (next: typeof flags) => {
  flags = next;
  for (const listener of flagListeners) listener();
};
let flagIds = 0;

/** Confluence shows an app's flags as normal (white) flags with the type's coloured icon. */
const FLAG_ICONS = {
  info: <StatusInformationIcon label="Information" color={token('color.icon.information')} />,
  success: <StatusSuccessIcon label="Success" color={token('color.icon.success')} />,
  warning: <StatusWarningIcon label="Warning" color={token('color.icon.warning')} />,
  error: <StatusErrorIcon label="Error" color={token('color.icon.danger')} />,
};

function Flags() {
  const [, redraw] = useState(0);
  useLayoutEffect(() => {
    const listener = () => redraw((n) => n + 1);
    flagListeners.add(listener);
    return () => void flagListeners.delete(listener);
  }, []);
  const dismiss = (id: string | number) => setFlags(flags.filter((flag) => flag.id !== String(id)));
  return (
    <FlagGroup onDismissed={dismiss}>
      {flags.map((flag) => (
        <Flag
          key={flag.id}
          id={flag.id}
          icon={FLAG_ICONS[flag.type ?? flag.appearance ?? 'info'] ?? FLAG_ICONS.info}
          title={flag.title ?? ''}
          {...(flag.description ? { description: flag.description } : {})}
        />
      ))}
    </FlagGroup>
  );
}

function showFlag(options: FlagOptions = {}) {
  const id = String(options.id ?? `flag-${(flagIds += 1)}`);
  setFlags([{ ...options, id }, ...flags.filter((flag) => flag.id !== id)]);
  if (options.isAutoDismiss) setTimeout(() => setFlags(flags.filter((flag) => flag.id !== id)), 8000);
  return { id };
}

// ---- the bridge ------------------------------------------------------------------------------------------------

const contextPromise = getJson<Record<string, unknown>>('/api/context');

// How many invokes are on their way, on <body data-pending-invokes>: a test waits for 0 before it reads the page.
let pendingInvokes = 0;
function countInvoke(delta: number): void {
  pendingInvokes += delta;
  document.body.dataset.pendingInvokes = String(pendingInvokes);
}

async function invoke({ functionKey, payload }: { functionKey: string; payload?: unknown }): Promise<unknown> {
  countInvoke(1);
  try {
    const response = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ functionKey, payload: payload ?? {} }),
    });
    const answer = (await response.json()) as { body?: unknown; error?: string };
    // A resolver that throws rejects the page's invoke in Confluence too.
    if (!response.ok)
      throw new Error(answer.error ?? `The preview server answered ${response.status} to ${functionKey}.`);
    return answer.body;
  } finally {
    // The page's state update from this answer commits after the answer's promise settles.
    setTimeout(() => countInvoke(-1), 0);
  }
}

/**
 * In Confluence the tree crosses from the app's iframe by postMessage, so it arrives after the event that caused
 * it has finished: Atlaskit relies on that (a table's own page state would be overwritten by a re-render nested
 * in its onSetPage). The page's reconciler commits synchronously, so the host waits for a message here too;
 * several commits before it arrives draw once, with the latest tree.
 */
const deliverTree = (() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    for (const listener of listeners) listener();
  };
  return channel.port2;
})();

let commits = 0;
const handlers: Record<string, (data: any) => unknown> = {
  reconcile: ({ forgeDoc }: { forgeDoc: ForgeDoc }) => {
    commits += 1;
    latest = { doc: forgeDoc, commit: commits };
    deliverTree.postMessage(null);
  },
  invoke,
  getContext: () => contextPromise,
  enableTheming: () => undefined,
  emitReadyEvent: () => undefined,
  changeWindowTitle: ({ title }: { title?: string } = {}) => {
    document.title = `${title} · preview`;
  },
  showFlag,
  closeFlag: ({ id }: { id?: string } = {}) => setFlags(flags.filter((flag) => flag.id !== String(id))),
  on: () => ({ unsubscribe: () => undefined }),
  onPublic: () => ({ unsubscribe: () => undefined }),
  emit: () => undefined,
  emitPublic: () => undefined,
  initFeatureFlags: () => undefined,
  emitFrontendCustomMetric: () => undefined,
  open: ({ url }: { url?: string } = {}) => window.open(url, '_blank', 'noopener'),
  navigate: ({ url }: { url?: string } = {}) => window.open(url, '_blank', 'noopener'),
  reload: () => window.location.reload(),
  // router.getUrl: the app's own module is this preview page (so an emailed "needs approval" link opens it here).
  // Other targets are Confluence's pages, which the preview lacks: refused, as Forge refuses what it cannot place.
  getUrl: ({ target }: { target?: string } = {}) => {
    if (target === 'module') return new URL('/', window.location.href).href;
    throw new Error(`The local preview has no URL for the target '${String(target)}'.`);
  },
  refresh: () => undefined,
  onError: ({ error }: { error?: unknown } = {}) => showHostError(`The page failed to render: ${describe(error)}`),
};

(window as unknown as { __bridge: unknown }).__bridge = {
  async callBridge(command: string, data: unknown) {
    const handler = handlers[command];
    if (!handler) {
      const message = `The local preview does not provide the bridge command '${command}' (Confluence does): add it to test/local/preview/host/index.tsx if the page needs it.`;
      console.warn(message);
      showHostError(message);
      throw new Error(message);
    }
    return handler(data);
  },
};

window.addEventListener('error', (event) => showHostError(`Page error: ${event.message}`));
window.addEventListener('unhandledrejection', (event) =>
  showHostError(`Unhandled rejection in the page: ${describe(event.reason)}`),
);

countInvoke(0);
// Confluence's pages sit inside an IntlProvider; Atlaskit's user picker needs one for its messages.
createRoot(document.getElementById('app')!).render(
  <IntlProvider locale="en">
    <Page />
  </IntlProvider>,
);
createRoot(document.getElementById('flags')!).render(<Flags />);
const app = document.createElement('script');
app.src = '/app.js';
app.onerror = () => showHostError('The page bundle /app.js did not load: see the preview server output.');
document.body.append(app);
