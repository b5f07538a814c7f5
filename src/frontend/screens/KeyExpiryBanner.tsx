/**
 * The page's banner about the org API key's expiry: from 14 days before it (a warning) and after it (runs have
 * stopped). The backend words it (src/engine/keyExpiry.ts); the page only shows it.
 */
import React from 'react';
import { SectionMessage, Text } from '@forge/react';
import { RESOLVERS, type SettingsAnswer } from '../../contract';
import { call } from '../effects';
import { useLoad } from '../hooks';

export function KeyExpiryBanner({ reloads }: { reloads: number }) {
  const loaded = useLoad(() => call<SettingsAnswer>(RESOLVERS.settingsGet, {}), [reloads]);
  const banner = loaded.status === 'ready' ? loaded.data.keyExpiry : undefined;
  if (!banner) return null;
  return (
    <SectionMessage
      appearance={banner.expired ? 'error' : 'warning'}
      title={banner.expired ? 'The organization API key has expired' : 'The organization API key expires soon'}
    >
      <Text>{banner.message}</Text>
    </SectionMessage>
  );
}
