/** Settings: the org API key (a secret, only ever shown masked), access groups, retention, time zone, connection test. */
import { RESOLVERS, type ConnectionAnswer, type PageUrlAnswer, type SettingsAnswer } from '../../contract';
import { canonicalTimeZone } from '../../domain/schedule';
import { keyExpiryBanner, keyExpiryProblem } from '../../engine/keyExpiry';
import { createAdminApiFromSettings, createEngineDeps } from '../../adapters/engineDeps';
import type { EngineDeps } from '../../engine/ports';
import { rescheduleBillingSchemes } from '../../engine/scheduling';
import { createAdminApi } from '../../adapters/adminApi';
import { egressTransport } from '../../adapters/forgeTransport';
import { isApiError } from '../../adapters/http';
import { rememberSecret, secretProblem } from '../../domain/redact';
import { CheckFailedError, checkWithRetries, retryingTransport } from '../../adapters/checks';
import { directoryFromAdminApi } from '../../adapters/directory';
import { createSettingsStore } from '../../adapters/settingsStore';
import { define, RefusedError } from './define';
import { recordSettingsChange } from './settingsAudit';
import { refuseUnknownAccounts } from './siteUsers';

const settingsStore = createSettingsStore();

function mask(apiKey: string | undefined): string | null {
  return apiKey ? `••••••••${apiKey.slice(-4)}` : null;
}

async function keyState(): Promise<SettingsAnswer['apiKey']> {
  const apiKey = await settingsStore.getApiKey();
  return { saved: apiKey !== undefined, masked: mask(apiKey) };
}

define(RESOLVERS.settingsGet, async (): Promise<SettingsAnswer> => {
  const settings = await settingsStore.get();
  return { settings, apiKey: await keyState(), keyExpiry: keyExpiryBanner(settings, new Date()) };
});

/**
 * What is wrong with a new org API key, in a sentence, or null when it works: it must reach its organization, read
 * the organization's users, and the organization must hold this site (a group there grants access to it).
 */
async function problemWithKey(apiKey: string, cloudId: string): Promise<string | null> {
  const admin = createAdminApi({ apiKey, cloudId, transport: retryingTransport(egressTransport) });
  try {
    // A 429 or 5xx is no verdict on the key: tried again, then "could not check" (CHECK_FAILED), nothing saved.
    return await checkWithRetries('the new organization API key', 'the Atlassian Admin API', async () => {
      const organization = await admin.getOrganization();
      await admin.searchUsers({ limit: 1 });
      if ((await admin.listAccessGroups()).length === 0) {
        return `The key belongs to the organization "${organization.name}", which does not hold this Confluence site (none of its groups grants access here): create the key in the organization that owns this site.`;
      }
      return null;
    });
  } catch (error) {
    if (error instanceof CheckFailedError) throw error;
    if (isApiError(error)) return error.message;
    throw error;
  }
}

define(RESOLVERS.settingsSave, async ({ apiKey, ...changes }, { accountId, cloudId }): Promise<SettingsAnswer> => {
  if (apiKey) {
    rememberSecret(apiKey); // never quoted, whatever fails below (src/domain/redact.ts)
    // Tested before anything is saved: a key that does not work never replaces one that does. Its characters
    // first, so a pasted line break never reaches a request header.
    const problem = secretProblem(apiKey, 'organization API key') ?? (await problemWithKey(apiKey, cloudId));
    if (problem) {
      const kept = (await settingsStore.getApiKey()) !== undefined;
      const message = `The new API key was not saved${kept ? '; the previous key is kept' : ''}. ${problem}`;
      throw new RefusedError({ code: 'API_KEY', message, fields: { apiKey: message } });
    }
  }
  if (changes.defaultTimeZone !== undefined) {
    const zone = canonicalTimeZone(changes.defaultTimeZone);
    if (!zone) {
      const message = `"${changes.defaultTimeZone}" is not a known time zone; write it like "Europe/Berlin", "America/New_York" or "UTC".`;
      throw new RefusedError({ code: 'INVALID_INPUT', message, fields: { defaultTimeZone: message } });
    }
    changes.defaultTimeZone = zone;
  }
  if (changes.seatAlertRecipients) {
    await refuseUnknownAccounts([
      { path: 'seatAlertRecipients', what: 'a seat alert recipient', ids: changes.seatAlertRecipients },
    ]);
  }
  if (changes.apiKeyExpiresOn) {
    const problem = keyExpiryProblem(changes.apiKeyExpiresOn, new Date());
    if (problem)
      throw new RefusedError({ code: 'INVALID_INPUT', message: problem, fields: { apiKeyExpiresOn: problem } });
  }
  // A new key without its expiry date: the old key's date says nothing about it.
  if (apiKey && changes.apiKeyExpiresOn === undefined) changes.apiKeyExpiresOn = null;
  const current = await settingsStore.get();
  const next = {
    ...current,
    ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
  };
  if (next.seatTarget !== null && next.seatWarningThreshold !== null && next.seatWarningThreshold > next.seatTarget) {
    const message = `The warning threshold (${next.seatWarningThreshold}) must not be above the seat target (${next.seatTarget}): the warning is meant to come before the target is passed.`;
    throw new RefusedError({ code: 'INVALID_INPUT', message, fields: { seatWarningThreshold: message } });
  }
  const deps = createEngineDeps({ cloudId });
  if (changes.billing === null && current.billing !== null) await refuseClearingBillingUnderSchemes(deps);
  await settingsStore.put(next);
  if (JSON.stringify(current.billing) !== JSON.stringify(next.billing))
    await rescheduleBillingSchemes(deps, next.billing);
  if (apiKey) await settingsStore.setApiKey(apiKey);
  await recordSettingsChange(accountId, 'Settings', current, next, apiKey ? ['orgApiKey'] : []);
  return { settings: next, apiKey: await keyState(), keyExpiry: keyExpiryBanner(next, new Date()) };
});

/** Schemes that run before the bill need its dates: billing is not cleared under them. */
async function refuseClearingBillingUnderSchemes(deps: EngineDeps): Promise<void> {
  const named = (await deps.schemes.list())
    .filter((scheme) => scheme.enabled && scheme.schedule?.unit === 'billing')
    .map((scheme) => `"${scheme.name}"`);
  if (named.length === 0) return;
  const message = `Billing is not cleared: ${named.join(', ')} ${named.length === 1 ? 'runs' : 'run'} before each bill and need${named.length === 1 ? 's' : ''} its dates. Give ${named.length === 1 ? 'it' : 'them'} another schedule or disable ${named.length === 1 ? 'it' : 'them'} first.`;
  throw new RefusedError({ code: 'INVALID_INPUT', message, fields: { billing: message } });
}

// The page reports its URL each time it opens; only a changed one is written (see putAdminPageUrl).
define(RESOLVERS.pageUrlSave, async ({ url }): Promise<PageUrlAnswer> => {
  return { saved: await settingsStore.putAdminPageUrl(url) };
});

define(RESOLVERS.connectionTest, async (_payload, { cloudId }): Promise<ConnectionAnswer> => {
  // Each call below fails with an ApiError that says exactly what is wrong (expired key, missing permission...).
  const admin = await createAdminApiFromSettings(cloudId);
  const organization = await admin.getOrganization();
  const accessGroups = await admin.listAccessGroups();
  await directoryFromAdminApi(admin).searchUsers({ limit: 1 });
  return {
    organization,
    accessGroups: accessGroups.map(({ id, name }) => ({ id, name })),
    canDo: [
      `Reach the organization "${organization.name}"`,
      "Read the organization's users with their last Confluence activity",
      `Read groups: ${accessGroups.length} ${accessGroups.length === 1 ? 'group grants' : 'groups grant'} Confluence access on this site`,
    ],
  };
});
