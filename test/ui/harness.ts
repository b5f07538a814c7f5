/**
 * Renders the real admin page (src/frontend/index.tsx) through @forge/react's reconciler, as Confluence would:
 * a bridge (`globalThis.__bridge.callBridge`) receives every `reconcile` with the ForgeDoc tree, and routes every
 * `invoke` to the app's real resolvers on a local installation (LocalSite), JSON-serialised both ways as the
 * real bridge does. Tests find nodes by type and text, call their event handlers (onClick, onChange...) as
 * Atlaskit would, and wait for the tree to show the result.
 *
 * Waits measure real time with performance.now(): the local runtime replaces Date with its virtual clock.
 *
 * One page per process: the page module renders when imported, as it does in Confluence. node's test runner
 * runs each test file in its own process, so each file opens one page.
 */
import type { LocalSite } from '../local/localSite';

export interface ForgeNode {
  type: string;
  props: Record<string, unknown>;
  children: ForgeNode[];
  key?: string;
}

type Handler = (...args: unknown[]) => unknown;

const FIELD_TYPES = new Set(['Textfield', 'TextArea']);
const BUTTON_TYPES = new Set(['Button', 'LoadingButton']);

export function textOf(node: ForgeNode): string {
  if (node.type === 'String') return String(node.props.text ?? '');
  const own = ['label', 'title', 'header', 'description', 'text', 'caption']
    .map((prop) => node.props[prop])
    .filter((value): value is string => typeof value === 'string')
    .join(' ');
  const inner = node.children.map(textOf).join('');
  return [own, inner].filter(Boolean).join(' ');
}

export function walk(
  node: ForgeNode,
  visit: (node: ForgeNode, parent: ForgeNode | null) => void,
  parent: ForgeNode | null = null,
): void {
  visit(node, parent);
  for (const child of node.children) walk(child, visit, node);
}

/** The id the page gave a component: the reconciler prefixes ids with "forge-app-<5 chars>-". */
function idOf(node: ForgeNode): string | undefined {
  const id = node.props.id ?? node.props.name;
  return typeof id === 'string' ? id.replace(/^forge-app-[0-9a-f]{5}-/, '') : undefined;
}

/** The page's URL the test bridge gives by default (a Confluence admin URL's shape; nothing reads its path). */
export const TEST_PAGE_URL = 'https://acme.atlassian.net/wiki/admin/forge/apps/user-manager-admin';

export class Page {
  private root: ForgeNode | null = null;
  private pending = 0;
  private lastActivity = performance.now();
  readonly invoked: string[] = [];
  readonly bridgeErrors: unknown[] = [];
  /** What the page asked `router.getUrl` for. */
  readonly urlRequests: Array<Record<string, unknown>> = [];

  constructor(
    private readonly local: LocalSite,
    private readonly accountId: string,
    /** What `router.getUrl({ target: 'module' })` answers: the page's URL in Confluence (null: the host has none). */
    readonly pageUrl: string | null = TEST_PAGE_URL,
  ) {}

  /** The bridge Forge gives the page's sandbox: reconcile (the tree), invoke (the resolvers) and getUrl. */
  readonly bridge = {
    callBridge: async (command: string, data: Record<string, unknown>): Promise<unknown> => {
      this.lastActivity = performance.now();
      if (command === 'reconcile') {
        this.root = data.forgeDoc as ForgeNode;
        return undefined;
      }
      if (command === 'invoke') {
        const functionKey = String(data.functionKey);
        this.invoked.push(functionKey);
        this.pending += 1;
        try {
          const payload = JSON.parse(JSON.stringify(data.payload ?? {})) as unknown;
          const answer = await this.local.forge.invokeResolver(functionKey, payload, { accountId: this.accountId });
          return JSON.parse(JSON.stringify(answer)) as unknown;
        } finally {
          this.pending -= 1;
          this.lastActivity = performance.now();
        }
      }
      if (command === 'getUrl') {
        this.urlRequests.push(data);
        // Like Forge: a module target has a URL; a target this host cannot place is an error, not a guess.
        if (data.target === 'module') return this.pageUrl;
        throw new Error(`The test bridge has no URL for the target '${String(data.target)}'.`);
      }
      if (command === 'onError') {
        this.bridgeErrors.push(data.error);
        return undefined;
      }
      throw new Error(`The test bridge does not support the command '${command}'.`);
    },
  };

  tree(): ForgeNode {
    if (!this.root) throw new Error('The page has not rendered yet.');
    return this.root;
  }

  text(): string {
    return this.root ? textOf(this.root) : '';
  }

  all(predicate: (node: ForgeNode) => boolean): ForgeNode[] {
    const found: ForgeNode[] = [];
    if (this.root) walk(this.root, (node) => predicate(node) && found.push(node));
    return found;
  }

  /** Nodes of a type whose text contains `text` (the innermost such nodes first: a Text, not the Stack around it). */
  findAll(type: string | Set<string>, text?: string | RegExp): ForgeNode[] {
    const types = typeof type === 'string' ? new Set([type]) : type;
    const matches = (node: ForgeNode) =>
      text === undefined || (typeof text === 'string' ? textOf(node).includes(text) : text.test(textOf(node)));
    return this.all((node) => types.has(node.type) && matches(node));
  }

  findByText(text: string | RegExp, type?: string): ForgeNode {
    const found = type
      ? this.findAll(type, text)
      : this.all(
          (node) =>
            node.type === 'String' &&
            (typeof text === 'string' ? textOf(node).includes(text) : text.test(textOf(node))),
        );
    if (found.length === 0)
      throw new Error(
        `No ${type ?? 'text'} with "${String(text)}" on the page. The page says:\n${this.text().slice(0, 3000)}`,
      );
    return found[0]!;
  }

  byId(id: string, types?: Set<string>): ForgeNode {
    const found = this.all((node) => idOf(node) === id && (!types || types.has(node.type)));
    if (found.length === 0)
      throw new Error(`No component with id "${id}" on the page. The page says:\n${this.text().slice(0, 2000)}`);
    return found[0]!;
  }

  /** The error messages shown beside the field with this id (in the group that holds its label and field). */
  errorsBeside(id: string): string[] {
    const field = this.byId(id);
    let holder: ForgeNode | null = null;
    if (this.root) walk(this.root, (node, parent) => node === field && (holder = parent));
    if (!holder) return [];
    return (holder as ForgeNode).children
      .filter((child) => child.type === 'ErrorMessage')
      .map((child) => textOf(child).trim());
  }

  /**
   * The messages shown right beside the button with this label: section messages among the children of its
   * parent, or of the group one level up (a button in a ButtonGroup). Empty when the message is elsewhere.
   */
  messagesBeside(label: string): string[] {
    const button = this.findAll(BUTTON_TYPES).find((node) => textOf(node).trim() === label);
    if (!button || !this.root) return [];
    const parents = new Map<ForgeNode, ForgeNode | null>();
    walk(this.root, (node, parent) => parents.set(node, parent));
    const found: string[] = [];
    let holder = parents.get(button) ?? null;
    for (let level = 0; holder && level < 2 && found.length === 0; level += 1) {
      for (const child of holder.children) if (child.type === 'SectionMessage') found.push(textOf(child).trim());
      holder = parents.get(holder) ?? null;
    }
    return found;
  }

  private handler(node: ForgeNode, name: string): Handler {
    const handler = node.props[name];
    if (typeof handler !== 'function') throw new Error(`The ${node.type} "${textOf(node)}" has no ${name} handler.`);
    return handler as Handler;
  }

  /** Clicks the button whose text is exactly `label` (or the given node), then lets the page settle. */
  async click(target: string | ForgeNode, index = 0): Promise<void> {
    const node =
      typeof target === 'string'
        ? this.findAll(BUTTON_TYPES).filter((button) => textOf(button).trim() === target)[index]
        : target;
    if (!node) {
      const labels = this.findAll(BUTTON_TYPES).map((button) => textOf(button).trim());
      throw new Error(`No button "${String(target)}" on the page; buttons: ${JSON.stringify(labels)}`);
    }
    if (node.props.isDisabled === true) throw new Error(`The button "${textOf(node)}" is disabled.`);
    await this.handler(node, 'onClick')({ type: 'click' });
    await this.settle();
  }

  /** Types into the text field with this id (replacing its value), as Atlaskit's onChange reports it. */
  async type(id: string, value: string): Promise<void> {
    const node = this.byId(id, FIELD_TYPES);
    await this.handler(node, 'onChange')({ type: 'change', target: { value } });
    await this.settle();
  }

  /** Picks a day in the DatePicker with this id: UI Kit hands the page the day as "YYYY-MM-DD". */
  async pickDate(id: string, day: string): Promise<void> {
    const node = this.byId(id, new Set(['DatePicker']));
    await this.handler(node, 'onChange')(day);
    await this.settle();
  }

  /** Picks options of the Select with this id by label (several for a multi-select). */
  async select(id: string, labels: string | string[]): Promise<void> {
    const node = this.byId(id, new Set(['Select']));
    const options = (node.props.options ?? []) as Array<{ label: string; value: unknown }>;
    const wanted = Array.isArray(labels) ? labels : [labels];
    const chosen = wanted.map((label) => {
      const option = options.find((candidate) => candidate.label === label);
      if (!option)
        throw new Error(
          `The select "${id}" has no option "${label}"; options: ${options.map((o) => o.label).join(', ')}`,
        );
      return option;
    });
    await this.handler(node, 'onChange')(node.props.isMulti ? chosen : chosen[0]);
    await this.settle();
  }

  /** Flips the Checkbox or Toggle with this id. */
  async toggle(id: string): Promise<void> {
    const node = this.byId(id, new Set(['Checkbox', 'Toggle']));
    await this.handler(node, 'onChange')({ type: 'change', target: { checked: node.props.isChecked !== true } });
    await this.settle();
  }

  async radio(name: string, value: string): Promise<void> {
    const node = this.byId(name, new Set(['RadioGroup']));
    await this.handler(node, 'onChange')({ type: 'change', target: { value } });
    await this.settle();
  }

  async pickUser(name: string, user: { id: string; name: string }): Promise<void> {
    const node = this.all((candidate) => candidate.type === 'UserPicker' && candidate.props.name === name)[0];
    if (!node) throw new Error(`No user picker "${name}" on the page.`);
    await this.handler(node, 'onChange')({ ...user, type: 'user', email: '', avatarUrl: '' });
    await this.settle();
  }

  /** Picks users in a multi UserPicker: its onChange gets the whole selection, a list. */
  async pickUsers(name: string, users: Array<{ id: string; name: string }>): Promise<void> {
    const node = this.all((candidate) => candidate.type === 'UserPicker' && candidate.props.name === name)[0];
    if (!node) throw new Error(`No user picker "${name}" on the page.`);
    await this.handler(node, 'onChange')(users.map((user) => ({ ...user, type: 'user', email: '', avatarUrl: '' })));
    await this.settle();
  }

  async openTab(label: string): Promise<void> {
    const tabs = this.findAll('Tab').map((tab) => textOf(tab).trim());
    const index = tabs.indexOf(label);
    if (index < 0) throw new Error(`No tab "${label}"; tabs: ${tabs.join(', ')}`);
    await this.handler(this.findAll('Tabs')[0]!, 'onChange')(index);
    await this.settle();
  }

  /** Waits until no resolver call is in flight and the page has been quiet a moment. */
  async settle(quietMs = 15, timeoutMs = 10_000): Promise<void> {
    const started = performance.now();
    while (this.pending > 0 || performance.now() - this.lastActivity < quietMs) {
      if (performance.now() - started > timeoutMs) throw new Error('The page never settled: a resolver call hangs.');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Waits until the page shows `text` (or the predicate holds), or fails saying what the page shows instead. */
  async waitFor(condition: string | RegExp | (() => boolean), timeoutMs = 15_000): Promise<void> {
    const holds =
      typeof condition === 'function'
        ? condition
        : () => (typeof condition === 'string' ? this.text().includes(condition) : condition.test(this.text()));
    const started = performance.now();
    for (;;) {
      if (this.root && holds()) return;
      if (performance.now() - started > timeoutMs) {
        throw new Error(`Timed out waiting for ${String(condition)}. The page says:\n${this.text().slice(0, 4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

let opened: Page | null = null;

/**
 * Opens the real page for `accountId` (default: the local site's admin). Sets the sandbox globals Forge's UI
 * runtime provides, before the page module (and @forge/bridge, which reads the bridge at import) is loaded.
 */
export async function openPage(
  local: LocalSite,
  opts: { accountId?: string; pollMs?: number; pageUrl?: string | null } = {},
): Promise<Page> {
  if (opened) throw new Error('One page per test process: put another page in another test file.');
  const page = new Page(local, opts.accountId ?? local.adminAccountId, opts.pageUrl);
  opened = page;
  const globals = globalThis as unknown as { self: unknown; __bridge: unknown };
  globals.self = globalThis;
  globals.__bridge = page.bridge;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const effects = require('../../src/frontend/effects') as typeof import('../../src/frontend/effects');
  effects.polling.intervalMs = opts.pollMs ?? 25;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../src/frontend/index');
  await page.waitFor(() => page.findAll('Tab').length > 0);
  await page.settle();
  return page;
}
