/** Loading data for a component through the effects module, again whenever `deps` change. */
import { useEffect, useState } from 'react';
import type { Answer } from '../contract';

/** `retry` loads again (a storage quota error, Atlassian busy: the next minute usually works). */
export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; message: string; code: string; retry?: () => void };

export function useLoad<T>(load: () => Promise<Answer<T>>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    void load().then((answer) => {
      if (!live) return;
      setState(
        answer.ok
          ? { status: 'ready', data: answer.data }
          : {
              status: 'error',
              message: answer.error.message,
              code: answer.error.code,
              retry: () => setAttempt((count) => count + 1),
            },
      );
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  return state;
}
