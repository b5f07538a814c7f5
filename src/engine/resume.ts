/**
 * Forge cuts a tree of queue pushes at 1,000 ("cyclic invocation limit": every push made by the invocations that
 * descend from one initial invocation counts) and refuses pushes past 500 events a minute. The queue keeps the
 * steps of a refused push (src/adapters/forgeQueue.ts); the scheduler's tick, an initial invocation of its own,
 * pushes them again here, so the run carries on in a new tree.
 */
import type { EngineDeps } from './ports';

export async function resumeDeferredSteps(deps: EngineDeps): Promise<number> {
  const pushed = (await deps.queue.pushDeferred?.()) ?? 0;
  if (pushed > 0) deps.log.step({ step: 'queue.resumed', pushes: pushed });
  return pushed;
}
