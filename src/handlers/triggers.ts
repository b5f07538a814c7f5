/**
 * Scheduled triggers. Forge never retries a trigger that throws, so each one logs what went wrong and
 * returns: the next tick tries again.
 */
import { housekeeping as runHousekeeping } from '../engine/housekeeping';
import { startDueSchemes } from '../engine/scheduling';
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
}
