/**
 * Builds the engine's ports for one invocation, on Forge: storage, the run-steps queue, the Admin API
 * with the org key from the secret store, the invocation's remaining time, structured logs.
 */
import { getAppContext } from '@forge/api';
import type { EngineDeps, Invocation } from '../engine/ports';
import { createAdminApi, type AdminApi } from './adminApi';
import { directoryFromAdminApi } from './directory';
import { egressTransport } from './forgeTransport';
import { ApiError } from './http';
import { createKvsRunStore } from './kvsRunStore';
import { createKvsSchemeStore } from './kvsSchemeStore';
import { createSettingsStore } from './settingsStore';
import { createStepQueue } from './forgeQueue';

/** The org an API key belongs to, learned once per key and kept for the life of this function instance. */
const orgIdByKey = new Map<string, string>();

export const NO_API_KEY_MESSAGE =
  'No organization API key is saved. Create one in admin.atlassian.com → Settings → API keys and save it in the app\'s Settings.';

export async function createAdminApiFromSettings(cloudId: string): Promise<AdminApi> {
  const apiKey = await createSettingsStore().getApiKey();
  if (!apiKey) {
    throw new ApiError({ kind: 'unauthorized', operation: 'readApiKey', message: NO_API_KEY_MESSAGE, retryable: false });
  }
  const knownOrgId = orgIdByKey.get(apiKey);
  const admin = createAdminApi({ apiKey, cloudId, transport: egressTransport, ...(knownOrgId ? { orgId: knownOrgId } : {}) });
  if (!knownOrgId) orgIdByKey.set(apiKey, (await admin.getOrganization()).id);
  return admin;
}

/** `ari:cloud:confluence::site/<cloudId>` → `<cloudId>` */
export function cloudIdFromInstallContext(installContext: string | undefined): string {
  const cloudId = installContext?.split('/').pop();
  if (!cloudId) throw new Error(`The invocation carries no installation context (got ${String(installContext)}).`);
  return cloudId;
}

export function createEngineDeps(opts: { cloudId: string; retryCount?: number }): EngineDeps {
  const context = getAppContext();
  const budgetMs = context.invocationRemainingTimeInMillis();
  const invocation: Invocation = {
    id: context.invocationId,
    budgetMs,
    remainingMs: () => context.invocationRemainingTimeInMillis(),
    retryCount: opts.retryCount ?? 0,
  };
  let directory: ReturnType<EngineDeps['directory']> | undefined;
  return {
    runs: createKvsRunStore(),
    schemes: createKvsSchemeStore(),
    settings: createSettingsStore(),
    queue: createStepQueue(),
    directory: () => (directory ??= createAdminApiFromSettings(opts.cloudId).then(directoryFromAdminApi)),
    invocation,
    log: { step: (fields) => console.log(JSON.stringify({ app: 'user-manager', at: new Date().toISOString(), ...fields })) },
    now: () => new Date(),
  };
}
