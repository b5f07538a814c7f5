// Draws a ForgeDoc tree (what @forge/react's reconciler sends over the bridge on every commit) as HTML.
//
// Each ForgeDoc element keeps its `key` across commits, so every element gets one long-lived "view" (its DOM
// node plus any state the host component owns, like a table's page or a tab selection) that is updated in place.
// Reusing DOM nodes matters beyond speed: a re-created input loses focus and caret, and a button re-created between
// mousedown and mouseup (a blur handler re-rendering the page) never receives its click.
import { COMPONENTS, unknownComponent } from './components.js';

const REACT_ELEMENT = Symbol.for('react.element');
const REACT_FRAGMENT = Symbol.for('react.fragment');

/**
 * Props may hold React elements (EmptyState's primaryAction, SectionMessage's actions, a table's emptyView):
 * UI Kit components there are plain strings ('Button'), so they become ForgeDoc-like nodes with keys derived from
 * where they sit, which keeps them stable across commits too.
 */
export function elementToDocs(value, keyBase) {
  if (value === null || value === undefined || typeof value === 'boolean') return [];
  if (typeof value === 'string' || typeof value === 'number') {
    return [{ type: 'String', key: `${keyBase}#text`, props: { text: String(value) }, children: [] }];
  }
  if (Array.isArray(value))
    return value.flatMap((item, index) => elementToDocs(item, `${keyBase}.${item?.key ?? index}`));
  if (value.$$typeof === REACT_ELEMENT) {
    const { children, ...props } = value.props ?? {};
    if (value.type === REACT_FRAGMENT) return elementToDocs(children, keyBase);
    if (typeof value.type === 'function') return elementToDocs(value.type(value.props ?? {}), `${keyBase}>`);
    if (typeof value.type === 'string') {
      const key = `${keyBase}:${value.type}`;
      return [{ type: value.type, key, props, children: elementToDocs(children, `${key}/`) }];
    }
  }
  if (typeof value === 'object' && typeof value.type === 'string' && Array.isArray(value.children)) return [value]; // already a ForgeDoc
  return [{ type: 'String', key: `${keyBase}#text`, props: { text: String(value) }, children: [] }];
}

/** Puts exactly `nodes`, in order, under `parent`, moving rather than re-creating what is already there. */
export function syncChildren(parent, nodes) {
  let index = 0;
  for (const node of nodes) {
    const current = parent.childNodes[index] ?? null;
    if (current !== node) parent.insertBefore(node, current);
    index += 1;
  }
  while (parent.childNodes.length > nodes.length) parent.removeChild(parent.lastChild);
}

export function createRenderer(
  container,
  {
    onHandlerError = (error) => console.error(error),
    onRenderError = (type, error) => console.error(type, error),
  } = {},
) {
  const views = new Map();
  let seen = new Set();
  let lastDoc = null;

  const api = {
    /** The DOM node of one ForgeDoc element, created or updated. */
    node(doc) {
      seen.add(doc.key);
      let view = views.get(doc.key);
      if (!view || view.type !== doc.type) {
        view?.destroy?.();
        const component = COMPONENTS[doc.type] ?? unknownComponent;
        view = { type: doc.type, ...component.create(doc, api) };
        views.set(doc.key, view);
      }
      try {
        view.update(doc, api);
      } catch (error) {
        view.dom.setAttribute?.('data-render-error', String(error?.message ?? error));
        onRenderError(doc.type, error);
      }
      return view.dom;
    },
    nodes(docs) {
      return (docs ?? []).map((doc) => api.node(doc));
    },
    /** Renders a prop that holds React elements or text. */
    prop(value, keyBase) {
      return api.nodes(elementToDocs(value, keyBase));
    },
    /** Calls one of the page's handlers; a handler that throws or rejects is reported, never swallowed. */
    call(handler, ...args) {
      if (typeof handler !== 'function') return undefined;
      try {
        const result = handler(...args);
        if (result && typeof result.then === 'function') result.then(undefined, onHandlerError);
        return result;
      } catch (error) {
        onHandlerError(error);
        return undefined;
      }
    },
    /** Host-side state changed (a tab picked, a table page turned): draw the last tree again. */
    rerender() {
      if (lastDoc) render(lastDoc);
    },
  };

  function render(forgeDoc) {
    lastDoc = forgeDoc;
    seen = new Set();
    syncChildren(container, api.nodes(forgeDoc.children));
    for (const [key, view] of views) {
      if (!seen.has(key)) {
        view.destroy?.();
        views.delete(key);
      }
    }
  }

  return { render, viewCount: () => views.size };
}
