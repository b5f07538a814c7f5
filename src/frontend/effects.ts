/**
 * The page's only door to the backend: typed `invoke` calls (names and payloads from the UI contract), and
 * watching a run until it ends. Components never call `invoke` themselves.
 */
import { invoke } from '@forge/bridge';
import type { Answer, Payload, ResolverName, RunProgress } from '../contract';
import { RESOLVERS } from '../contract';

export async function call<T, N extends ResolverName = ResolverName>(name: N, payload: Payload<N>): Promise<Answer<T>> {
  try {
    return (await invoke(name, payload as Record<string, unknown>)) as Answer<T>;
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `The app's backend could not be reached: ${(error as Error).message}. Reload the page to try again.`,
      },
    };
  }
}

/** How often a running run is read again. A test may shorten it; Forge limits resolver calls to 500 per 25 s. */
export const polling = { intervalMs: 2000 };

const ENDED = new Set(['done', 'aborted', 'failed', 'cancelled']);

export function hasEnded(run: { state: string }): boolean {
  return ENDED.has(run.state);
}

/**
 * Reads the run's progress until it ends, reporting each reading. Returns a stop function (for unmounting).
 * An error ends the watch and is reported: the admin can refresh to try again.
 */
export function watchRun(
  runId: string,
  onProgress: (progress: RunProgress) => void,
  onError: (message: string) => void,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    const answer = await call<RunProgress>(RESOLVERS.runsProgress, { runId });
    if (stopped) return;
    if (!answer.ok) return onError(answer.error.message);
    onProgress(answer.data);
    if (!hasEnded(answer.data)) timer = setTimeout(() => void tick(), polling.intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
