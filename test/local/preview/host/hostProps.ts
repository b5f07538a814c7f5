/**
 * What the preview's host components share: the props a UI Kit element arrives with, picking the ones a component
 * documents, calling the page's handlers through the host, and a text field's value as the page controls it.
 */
import React, { useCallback, useReducer, useRef } from 'react';
import { serialiseEvent } from './forgeDoc';
import { useHost } from './render';

export type Props = Record<string, any>;

/** Only the props a component documents, so a stray prop never reaches the DOM. */
export function pick(props: Props, names: readonly string[]): Props {
  const out: Props = {};
  for (const name of names) if (props[name] !== undefined) out[name] = props[name];
  return out;
}

/** A handler of the page, called through the host (errors reported); undefined stays undefined. */
export function useHandler(handler: unknown): ((...args: unknown[]) => unknown) | undefined {
  const host = useHost();
  if (typeof handler !== 'function') return undefined;
  return (...args: unknown[]) => host.call(handler, ...args);
}

export function fieldHandlers(props: Props) {
  const onChange = useHandler(props.onChange);
  const onBlur = useHandler(props.onBlur);
  const onFocus = useHandler(props.onFocus);
  return {
    ...(onChange ? { onChange: (event: React.SyntheticEvent) => onChange(serialiseEvent(event, 'change')) } : {}),
    ...(onBlur ? { onBlur: (event: React.SyntheticEvent) => onBlur(serialiseEvent(event, 'blur')) } : {}),
    ...(onFocus ? { onFocus: (event: React.SyntheticEvent) => onFocus(serialiseEvent(event, 'focus')) } : {}),
  };
}

/**
 * A text value the page controls with `value`. The page's state reaches the host one commit later, so a commit
 * still carrying an earlier value must not undo what was typed since: values this field sent are not written back
 * while they are in flight, and any other value from the page wins.
 */
export function useTypedValue(props: Props): [string | undefined, (value: string) => void] {
  const controlled = props.value !== undefined && props.value !== null;
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const local = useRef<string | undefined>(controlled ? String(props.value) : undefined);
  const sent = useRef<string[]>([]);
  const lastFromPage = useRef<string | undefined>(local.current);
  if (controlled) {
    const fromPage = String(props.value);
    if (fromPage !== lastFromPage.current) {
      lastFromPage.current = fromPage;
      const inFlight = sent.current.indexOf(fromPage);
      if (inFlight >= 0) sent.current = sent.current.slice(inFlight + 1);
      else {
        local.current = fromPage;
        sent.current = [];
      }
    }
  }
  const typed = useCallback(
    (value: string) => {
      if (!controlled) return;
      sent.current.push(value);
      local.current = value;
      redraw();
    },
    [controlled],
  );
  return [controlled ? local.current : undefined, typed];
}
