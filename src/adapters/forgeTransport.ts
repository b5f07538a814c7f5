/**
 * HTTP transports for the API clients, on Forge:
 *   - Atlassian Admin and user-management APIs: egress `fetch` to https://api.atlassian.com (manifest
 *     permissions.external.fetch.backend), authorised by the org API key the client adds. Forge's own
 *     `asApp()` cannot call these ("Forge and OAuth2 apps cannot access this resource").
 *   - Confluence REST: `asApp().requestConfluence` (background jobs) or `asUser()` (a resolver acting for the admin).
 */
import api, { assumeTrustedRoute, fetch } from '@forge/api';
import type { HttpTransport } from './http';

export const egressTransport: HttpTransport = (url, init) => fetch(url, init);

/** Confluence as the app. The clients build paths from encoded parts only, so they are trusted routes. */
export const confluenceAsApp: HttpTransport = (path, init) =>
  api.asApp().requestConfluence(assumeTrustedRoute(path), init);

export function confluenceAsUser(accountId: string): HttpTransport {
  return (path, init) => api.asUser(accountId).requestConfluence(assumeTrustedRoute(path), init);
}
