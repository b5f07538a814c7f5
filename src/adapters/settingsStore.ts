/**
 * Settings (a plain key, validated on read), the admin page's URL (its own key), and the org API key (a Forge secret,
 * never returned to the page).
 */
import { kvs } from '@forge/kvs';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../engine/settings';
import type { SettingsStore } from '../engine/ports';
import { isKeyConflict } from './kvsErrors';
import { keys } from './storageKeys';
import { rememberSecret } from '../domain/redact';

async function readAdminPageUrl(): Promise<string | null> {
  const stored = await kvs.get<unknown>(keys.adminPageUrl());
  return typeof stored === 'string' ? stored : null;
}

export function createSettingsStore(): SettingsStore & {
  put(settings: Settings): Promise<void>;
  getApiKey(): Promise<string | undefined>;
  setApiKey(apiKey: string): Promise<void>;
  putAdminPageUrl(url: string): Promise<boolean>;
} {
  return {
    async get() {
      const stored = await kvs.get<unknown>(keys.settings());
      if (stored === undefined) return DEFAULT_SETTINGS;
      const parsed = SettingsSchema.safeParse(stored);
      // Stored settings that no longer parse (an older version's shape) fall back to safe defaults for the bad parts.
      return parsed.success
        ? parsed.data
        : { ...DEFAULT_SETTINGS, ...SettingsSchema.partial().catch({}).parse(stored) };
    },
    async put(settings) {
      await kvs.set(keys.settings(), SettingsSchema.parse(settings));
    },
    adminPageUrl: readAdminPageUrl,
    /** Writes only a URL that differs from the stored one (the page reports it on every open); true if written. */
    async putAdminPageUrl(url) {
      if ((await readAdminPageUrl()) === url) return false;
      await kvs.set(keys.adminPageUrl(), url);
      return true;
    },
    async claimKeyExpiryNotice(expiresOn, daysBefore) {
      try {
        await kvs.set(keys.keyExpiryNotice(expiresOn, daysBefore), true, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },
    async getApiKey() {
      const apiKey = await kvs.getSecret<string>(keys.orgApiKey());
      rememberSecret(apiKey); // never quoted from here on (src/domain/redact.ts)
      return apiKey;
    },
    async setApiKey(apiKey) {
      rememberSecret(apiKey);
      await kvs.setSecret(keys.orgApiKey(), apiKey);
    },
  };
}
