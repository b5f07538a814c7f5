/**
 * Scheduled triggers. Forge never retries a trigger that throws, so each one logs what went wrong and
 * returns: the next tick tries again.
 */
import { housekeeping as runHousekeeping } from '../engine/housekeeping';
import { startDueDeletions } from '../engine/stagedDeletions';
import { startDueSchemes } from '../engine/scheduling';
import { startSnapshot } from '../engine/snapshot';
import { cloudIdFromInstallContext, createEngineDeps } from '../adapters/engineDeps';

interface TriggerEvent {
  context?: { cloudId?: string };
}

function cloudIdOf(event: TriggerEvent, context: { installContext?: string } | undefined): string {
  return event.context?.cloudId ?? cloudIdFromInstallContext(context?.installContext);
}

export async function scheduler(event: TriggerEvent, context?: { installContext?: string }): Promise<void> {
  try {
    await startDueSchemes(createEngineDeps({ cloudId: cloudIdOf(event, context) }));
  } catch (error) {
    console.error(JSON.stringify({ app: 'user-manager', step: 'schedule.error', error: (error as Error).message }));
  }
}

export async function housekeeping(event: TriggerEvent, context?: { installContext?: string }): Promise<void> {
  try {
    await runHousekeeping(createEngineDeps({ cloudId: cloudIdOf(event, context) }));
  } catch (error) {
    console.error(JSON.stringify({ app: 'user-manager', step: 'housekeeping.error', error: (error as Error).message }));
  }
  // A staged lifecycle's deletions that are due: their own runs, on their own (a failure waits for the next day).
  try {
    await startDueDeletions(createEngineDeps({ cloudId: cloudIdOf(event, context) }));
  } catch (error) {
    console.error(JSON.stringify({ app: 'user-manager', step: 'deletions.error', error: (error as Error).message }));
  }
  // The day's site snapshot, on its own: a failed clean-up must not cost the day its measurement, nor the reverse.
  try {
    const started = await startSnapshot(createEngineDeps({ cloudId: cloudIdOf(event, context) }), {
      trigger: 'schedule',
    });
    if (!started.ok)
      console.error(JSON.stringify({ app: 'user-manager', step: 'snapshot.refused', error: started.message }));
  } catch (error) {
    console.error(JSON.stringify({ app: 'user-manager', step: 'snapshot.error', error: (error as Error).message }));
  }
}
