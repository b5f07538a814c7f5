/** Settings: the org API key (a secret, only ever shown masked), exemptions, access groups, retention, time zone. */
import { RESOLVERS } from '../../contract';
import { createAdminApiFromSettings } from '../../adapters/engineDeps';
import { createSettingsStore } from '../../adapters/settingsStore';
import { define } from './define';

const settingsStore = createSettingsStore();

function mask(apiKey: string | undefined): string | null {
  return apiKey ? `••••••••${apiKey.slice(-4)}` : null;
}

define(RESOLVERS.settingsGet, async () => {
  const [settings, apiKey] = await Promise.all([settingsStore.get(), settingsStore.getApiKey()]);
  return { settings, apiKey: { saved: apiKey !== undefined, masked: mask(apiKey) } };
});

define(RESOLVERS.settingsSave, async ({ apiKey, ...changes }) => {
  const current = await settingsStore.get();
  const next = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
  await settingsStore.put(next);
  if (apiKey) await settingsStore.setApiKey(apiKey);
  return { settings: next, apiKey: { saved: Boolean(apiKey ?? (await settingsStore.getApiKey())), masked: mask(apiKey ?? (await settingsStore.getApiKey())) } };
});

define(RESOLVERS.connectionTest, async (_payload, { cloudId }) => {
  const admin = await createAdminApiFromSettings(cloudId);
  const organization = await admin.getOrganization();
  const accessGroups = await admin.listAccessGroups();
  return { organization, accessGroups };
});

