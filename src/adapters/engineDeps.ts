/**
 * Builds the engine's ports for one invocation, on Forge: storage, the run-steps queue, the Admin API
 * with the org key from the secret store, the invocation's remaining time, structured logs.
 */
import { createKvsDeletionStore } from './kvsDeletionStore';
import { getAppContext } from '@forge/api';
import type { EngineDeps, Invocation } from '../engine/ports';
import { createAdminApi, type AdminApi } from './adminApi';
import { directoryFromAdminApi } from './directory';
import { confluenceAsApp, egressTransport } from './forgeTransport';
import { ApiError, type HttpTransport } from './http';
import { redact, secretProblem } from '../domain/redact';
import { createKvsRunStore } from './kvsRunStore';
import { createKvsSchemeStore } from './kvsSchemeStore';
import { createSettingsStore } from './settingsStore';
import { createStepQueue } from './forgeQueue';
import { createKvsPauseStore } from './kvsPauseStore';
import { createKvsAuditStore } from './kvsAuditStore';
import { createKvsWarningStore } from './kvsWarningStore';
import { createKvsFieldStore } from './kvsFieldStore';
import { createKvsBillingStore } from './kvsBillingStore';
import { createKvsSnapshotStore } from './kvsSnapshotStore';
import { createKvsRestoreStore } from './kvsRestoreStore';
import { createEmailSenderFromSettings } from './email';
import { recipientDirectoryFrom } from './email/recipientDirectory';
import { createConfluenceApi } from './confluenceApi';
import type { RecipientDirectory } from '../reports/recipients';
import { toPlatformError, withPlatformErrors } from './platformErrors';

/**
 * What a client learns about the org (its id, its groups' directories), kept for the life of this function
 * instance, per site and key: Forge reuses warm instances, so most invocations skip these look-ups.
 */
const orgKnowledge = new Map<string, { orgId?: string; groupDirectories: Map<string, string> }>();

export const NO_API_KEY_MESSAGE =
  "No organization API key is saved. Create one in admin.atlassian.com → Settings → API keys and save it in the app's Settings.";

/** `transport`: egress by default; a check passes one that tries a 429 or 5xx again (src/adapters/checks.ts). */
export async function createAdminApiFromSettings(
  cloudId: string,
  transport: HttpTransport = egressTransport,
): Promise<AdminApi> {
  const apiKey = await createSettingsStore().getApiKey();
  if (!apiKey) {
    throw new ApiError({
      kind: 'unauthorized',
      operation: 'readApiKey',
      message: NO_API_KEY_MESSAGE,
      retryable: false,
    });
  }
  // A key saved before keys were checked never reaches a header: a configuration error, reported at once.
  const problem = secretProblem(apiKey, 'saved organization API key');
  if (problem) {
    throw new ApiError({
      kind: 'unauthorized',
      operation: 'checkApiKey',
      message: `${problem} Save the key again in the app's Settings.`,
      retryable: false,
    });
  }
  const cacheKey = `${cloudId}:${apiKey}`;
  const known = orgKnowledge.get(cacheKey) ?? { groupDirectories: new Map<string, string>() };
  orgKnowledge.set(cacheKey, known);
  const admin = createAdminApi({
    apiKey,
    cloudId,
    transport,
    groupDirectories: known.groupDirectories,
    ...(known.orgId ? { orgId: known.orgId } : {}),
  });
  known.orgId ??= (await admin.getOrganization()).id;
  return admin;
}

/** `ari:cloud:confluence::site/<cloudId>` → `<cloudId>` */
export function cloudIdFromInstallContext(installContext: string | undefined): string {
  const cloudId = installContext?.split('/').pop();
  if (!cloudId) throw new Error(`The invocation carries no installation context (got ${String(installContext)}).`);
  return cloudId;
}

/** Report recipients: group members through the Admin API (the org key), addresses through Confluence as the app. */
export function createRecipientDirectory(cloudId: string): RecipientDirectory {
  return recipientDirectoryFrom({
    admin: () => createAdminApiFromSettings(cloudId),
    confluence: createConfluenceApi({ transport: confluenceAsApp }),
  });
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
  const retryCount = opts.retryCount ?? 0;
  // Every port meets Forge's quotas (storage 429s, queue limits) as retryable errors the engine knows how to wait for.
  const mapped = <T extends object>(port: T): T => withPlatformErrors(port, retryCount);
  return {
    runs: mapped(createKvsRunStore()),
    schemes: mapped(createKvsSchemeStore()),
    settings: mapped(createSettingsStore()),
    pauses: mapped(createKvsPauseStore()),
    audit: mapped(createKvsAuditStore()),
    warnings: mapped(createKvsWarningStore()),
    restores: mapped(createKvsRestoreStore()),
    fields: mapped(createKvsFieldStore()),
    deletions: mapped(createKvsDeletionStore()),
    snapshots: mapped(createKvsSnapshotStore()),
    billing: mapped(createKvsBillingStore()),
    mail: mapped({ sender: createEmailSenderFromSettings, recipients: () => createRecipientDirectory(opts.cloudId) }),
    queue: mapped(createStepQueue()),
    directory: () =>
      (directory ??= createAdminApiFromSettings(opts.cloudId)
        .then(directoryFromAdminApi)
        .catch((error: unknown) => {
          directory = undefined;
          throw toPlatformError(error, retryCount);
        })),
    invocation,
    log: {
      // Secrets are never quoted: every log line passes the one redaction step (src/domain/redact.ts).
      step: (fields) =>
        console.log(redact(JSON.stringify({ app: 'user-manager', at: new Date().toISOString(), ...fields }))),
    },
    now: () => new Date(),
  };
}
