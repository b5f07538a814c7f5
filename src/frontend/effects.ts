/**
 * The page's only door to the backend: typed `invoke` calls (names and payloads from the UI contract), and
 * watching a run until it ends. Components never call `invoke` themselves.
 */
import { invoke, router } from '@forge/bridge';
import type { Answer, PageUrlAnswer, Payload, ResolverName, RunProgress } from '../contract';
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

/** This page's module key in manifest.yml (confluence:globalSettings): Forge's router gives its URL by this key. */
export const ADMIN_PAGE_MODULE_KEY = 'user-manager-admin';

let pageUrlReported: Promise<void> | null = null;

/**
 * Tells the backend the page's URL, so "needs approval" emails can link here (Forge documents no URL for a
 * globalSettings page; only the router knows it). Once per page load: React's StrictMode runs effects twice. The
 * resolver writes only a changed URL. A router or resolver failure only costs the link (emails fall back to words),
 * so it is dropped without a message to the admin.
 */
export function reportPageUrl(): Promise<void> {
  pageUrlReported ??= (async () => {
    try {
      const url = await router.getUrl({ target: 'module', moduleKey: ADMIN_PAGE_MODULE_KEY });
      if (url) await call<PageUrlAnswer>(RESOLVERS.pageUrlSave, { url: url.href });
    } catch {
      // No URL from the router (an older Confluence, a host without it): the emails keep naming the way in words.
    }
  })();
  return pageUrlReported;
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
