/**
 * The ForgeDoc tree @forge/react's reconciler sends over the bridge (`callBridge('reconcile', { forgeDoc })`), and
 * the plain-data event objects UI Kit hands the page's handlers. In Confluence the tree crosses an iframe, so a
 * handler never receives a DOM node or a React synthetic event: only `SerialisableEvent`-shaped data (see
 * @atlaskit/forge-react-types' types.codegen), which is what the host builds here too.
 */
import type React from 'react';

export interface ForgeDoc {
  type: string;
  key: string;
  props: Record<string, unknown>;
  children: ForgeDoc[];
}

const REACT_ELEMENT = Symbol.for('react.element');
const REACT_FRAGMENT = Symbol.for('react.fragment');

function textDoc(text: string, key: string): ForgeDoc {
  return { type: 'String', key: `${key}#text`, props: { text }, children: [] };
}

/**
 * A prop that holds React elements (EmptyState's primaryAction, SectionMessage's actions, a table's emptyView) as
 * ForgeDoc nodes: UI Kit components are plain strings ('Button'), so such an element is a ForgeDoc in all but
 * name. Keys come from where the element sits, so they stay stable across commits.
 */
export function elementToDocs(value: unknown, keyBase: string): ForgeDoc[] {
  if (value === null || value === undefined || typeof value === 'boolean') return [];
  if (typeof value === 'string' || typeof value === 'number') return [textDoc(String(value), keyBase)];
  if (Array.isArray(value))
    return value.flatMap((item, index) =>
      elementToDocs(item, `${keyBase}.${(item as { key?: string } | null)?.key ?? index}`),
    );
  const element = value as { $$typeof?: symbol; type?: unknown; props?: Record<string, unknown>; children?: unknown };
  if (element.$$typeof === REACT_ELEMENT) {
    const { children, ...props } = element.props ?? {};
    if (element.type === REACT_FRAGMENT) return elementToDocs(children, keyBase);
    if (typeof element.type === 'function')
      return elementToDocs((element.type as (p: unknown) => unknown)(element.props ?? {}), `${keyBase}>`);
    if (typeof element.type === 'string') {
      const key = `${keyBase}:${element.type}`;
      return [{ type: element.type, key, props, children: elementToDocs(children, `${key}/`) }];
    }
  }
  if (typeof element.type === 'string' && Array.isArray(element.children)) return [value as ForgeDoc];
  return [textDoc(String(value), keyBase)];
}

export interface SerialisableTarget {
  value?: unknown;
  checked?: boolean;
  name?: string;
  id?: string;
  type?: string;
  tagName?: string;
  selectionStart?: number | null;
  selectionEnd?: number | null;
}

export interface SerialisableEvent {
  bubbles: boolean;
  cancelable: boolean;
  defaultPrevented: boolean;
  eventPhase: number;
  isTrusted: boolean;
  target: SerialisableTarget;
  timeStamp: number;
  type: string;
}

/** What UI Kit sends a field's handler: the element's state as data, never the element. */
export function serialiseEvent(event: React.SyntheticEvent | Event | undefined, type?: string): SerialisableEvent {
  const element = (event?.target ?? null) as
    (HTMLInputElement & { selectionStart?: number | null; selectionEnd?: number | null }) | null;
  const target: SerialisableTarget = element
    ? {
        value: element.value,
        checked: element.checked,
        name: element.name,
        id: element.id,
        type: element.tagName === 'TEXTAREA' ? 'textarea' : element.type,
        tagName: element.tagName,
        selectionStart: safeSelection(element, 'selectionStart'),
        selectionEnd: safeSelection(element, 'selectionEnd'),
      }
    : {};
  return {
    bubbles: Boolean(event?.bubbles),
    cancelable: Boolean(event?.cancelable),
    defaultPrevented: Boolean(event?.defaultPrevented),
    eventPhase: event?.eventPhase ?? 0,
    isTrusted: Boolean(event?.isTrusted),
    target,
    timeStamp: event?.timeStamp ?? Date.now(),
    type: type ?? event?.type ?? 'change',
  };
}

/** A plain event for a component that has no field behind it (a dialog closing, a button without a DOM event). */
export function plainEvent(type: string, target: SerialisableTarget = {}): SerialisableEvent {
  return {
    bubbles: false,
    cancelable: false,
    defaultPrevented: false,
    eventPhase: 0,
    isTrusted: true,
    target,
    timeStamp: Date.now(),
    type,
  };
}

function safeSelection(element: HTMLInputElement, name: 'selectionStart' | 'selectionEnd'): number | null {
  try {
    return element[name] ?? null;
  } catch {
    // Reading the selection of a checkbox throws in some browsers.
    return null;
  }
}
