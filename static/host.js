// The host side of the Forge bridge, as Confluence provides it to a UI Kit app: `window.__bridge.callBridge(cmd,
// data)`. The app's bundle (/app.js) is loaded only once the bridge exists, because @forge/bridge looks it up when
// its modules load. 'reconcile' draws the ForgeDoc tree; 'invoke' goes to the preview server, which calls the
// resolver on the local site as the site admin.
import { createRenderer } from './renderer.js';

const root = document.getElementById('app');
const errors = document.getElementById('host-errors');
const flags = document.getElementById('flags');

function showHostError(text) {
  // A failure repeated on every commit is shown once.
  if ([...errors.children].some((item) => item.textContent === text)) return;
  const item = document.createElement('div');
  item.className = 'host-error';
  item.setAttribute('role', 'alert');
  item.textContent = text;
  errors.append(item);
}

const renderer = createRenderer(root, {
  onHandlerError: (error) => {
    console.error('An event handler of the page failed', error);
    showHostError(`An event handler of the page failed: ${error?.message ?? error}`);
  },
  onRenderError: (type, error) => {
    console.error(`The preview could not draw a ${type}`, error);
    showHostError(`The preview could not draw a ${type} (a gap in static/components.js): ${error?.message ?? error}`);
  },
});

// Several commits in one task draw once, with the tree as the last commit left it.
let pendingDoc = null;
let commits = 0;
function scheduleRender(forgeDoc) {
  commits += 1;
  const first = pendingDoc === null;
  pendingDoc = forgeDoc;
  if (!first) return;
  queueMicrotask(() => {
    const doc = pendingDoc;
    pendingDoc = null;
    renderer.render(doc);
    document.body.dataset.commits = String(commits);
  });
}

const contextPromise = fetch('/api/context').then((response) => response.json());

// How many invokes are on their way, on <body data-pending-invokes>: a test waits for 0 before it reads the page.
let pendingInvokes = 0;
function countInvoke(delta) {
  pendingInvokes += delta;
  document.body.dataset.pendingInvokes = String(pendingInvokes);
}

async function invoke({ functionKey, payload }) {
  countInvoke(1);
  try {
    const response = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ functionKey, payload: payload ?? {} }),
    });
    const answer = await response.json();
    // A resolver that throws rejects the page's invoke in Confluence too.
    if (!response.ok)
      throw new Error(answer.error ?? `The preview server answered ${response.status} to ${functionKey}.`);
    return answer.body;
  } finally {
    // The page's state update from this answer commits after the answer's promise settles.
    setTimeout(() => countInvoke(-1), 0);
  }
}

let flagIds = 0;
function showFlag(options = {}) {
  const id = options.id ?? `flag-${(flagIds += 1)}`;
  const flag = document.createElement('div');
  flag.className = `flag flag-${options.type ?? options.appearance ?? 'info'}`;
  flag.setAttribute('role', 'status');
  flag.dataset.flagId = String(id);
  const title = document.createElement('strong');
  title.textContent = options.title ?? '';
  const description = document.createElement('div');
  description.textContent = options.description ?? '';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'flag-close';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => flag.remove());
  flag.append(title, description, close);
  flags.append(flag);
  if (options.isAutoDismiss) setTimeout(() => flag.remove(), 8000);
  return { id };
}

const handlers = {
  reconcile: ({ forgeDoc }) => scheduleRender(forgeDoc),
  invoke,
  getContext: () => contextPromise,
  enableTheming: () => undefined,
  emitReadyEvent: () => undefined,
  changeWindowTitle: ({ title } = {}) => {
    document.title = `${title} · preview`;
  },
  showFlag,
  closeFlag: ({ id } = {}) => document.querySelector(`[data-flag-id="${CSS.escape(String(id))}"]`)?.remove(),
  on: () => ({ unsubscribe: () => undefined }),
  onPublic: () => ({ unsubscribe: () => undefined }),
  emit: () => undefined,
  emitPublic: () => undefined,
  initFeatureFlags: () => undefined,
  emitFrontendCustomMetric: () => undefined,
  open: ({ url } = {}) => window.open(url, '_blank', 'noopener'),
  navigate: ({ url } = {}) => window.open(url, '_blank', 'noopener'),
  reload: () => window.location.reload(),
  refresh: () => undefined,
  onError: ({ error } = {}) => showHostError(`The page failed to render: ${error?.message ?? error}`),
};

window.__bridge = {
  async callBridge(command, data) {
    const handler = handlers[command];
    if (!handler) {
      const message = `The local preview does not provide the bridge command '${command}' (Confluence does): add it to static/host.js if the page needs it.`;
      console.warn(message);
      showHostError(message);
      throw new Error(message);
    }
    return handler(data);
  },
};

window.addEventListener('error', (event) => showHostError(`Page error: ${event.message}`));
window.addEventListener('unhandledrejection', (event) =>
  showHostError(`Unhandled rejection in the page: ${event.reason?.message ?? event.reason}`),
);

countInvoke(0);
const app = document.createElement('script');
app.src = '/app.js';
app.onerror = () => showHostError('The page bundle /app.js did not load: see the preview server output.');
document.body.append(app);
