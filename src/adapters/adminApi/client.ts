/**
 * The Admin API client put together: one JSON caller with the org API key, the organization (named in settings or
 * discovered once from the key, a failed discovery not sticking), and the concerns that share them (directory
 * search, lifecycle, groups, roles), each in its own module. One client per org key; pass `groupDirectories` to
 * share what group searches learnt between clients.
 */
import { ApiError, createJsonCaller } from '../http';
import { ADMIN_API, ADMIN_BASE, OPS } from './operations';
import { orgByIdSchema, orgListSchema } from './responses';
import { createDirectorySearch } from './directorySearch';
import { createGroups } from './groups';
import { createLifecycle } from './lifecycle';
import { createRoles } from './roles';
import type { AdminApi, AdminApiConfig, AdminContext } from './types';

export function createAdminApi(config: AdminApiConfig): AdminApi {
  const caller = createJsonCaller({
    transport: config.transport,
    service: ADMIN_API,
    headers: { Authorization: `Bearer ${config.apiKey}` },
    ...(config.now ? { now: config.now } : {}),
  });
  const siteResourceId = `ari:cloud:confluence::site/${config.cloudId}`;
  const enc = encodeURIComponent;
  const groupDirectories = config.groupDirectories ?? new Map<string, string>();

  let discovered: Promise<{ id: string; name: string }> | null = null;

  function discoverOrganization(): Promise<{ id: string; name: string }> {
    discovered ??= (async () => {
      const { body } = await caller.send(OPS.listOrgs, { method: 'GET', url: `${ADMIN_BASE}/v1/orgs` });
      const orgs = caller.parse(OPS.listOrgs, orgListSchema, body).data ?? [];
      const [org] = orgs;
      if (!org) {
        throw new ApiError({
          kind: 'forbidden',
          operation: OPS.listOrgs.id,
          retryable: false,
          message:
            'The organization API key does not give access to any organization. Create the key from the ' +
            "organization in admin.atlassian.com → Settings → API keys and save it in the app's settings.",
        });
      }
      if (orgs.length > 1) {
        throw new ApiError({
          kind: 'badRequest',
          operation: OPS.listOrgs.id,
          retryable: false,
          message:
            `The API key gives access to ${orgs.length} organizations ` +
            `(${orgs.map((o) => o.attributes?.name ?? o.id).join(', ')}): enter the organization id in the app's settings.`,
        });
      }
      return { id: org.id, name: org.attributes?.name ?? org.id };
    })();
    // A failed discovery (expired key, outage) must not stick: the next call asks again.
    discovered.catch(() => {
      discovered = null;
    });
    return discovered;
  }

  async function orgId(): Promise<string> {
    return config.orgId ?? (await discoverOrganization()).id;
  }

  async function orgBase(): Promise<string> {
    return `${ADMIN_BASE}/v2/orgs/${enc(await orgId())}`;
  }

  async function getOrganization(): Promise<{ id: string; name: string }> {
    if (!config.orgId) return discoverOrganization();
    const { body } = await caller.send(OPS.getOrganization, {
      method: 'GET',
      url: `${ADMIN_BASE}/v1/orgs/${enc(config.orgId)}`,
    });
    const org = caller.parse(OPS.getOrganization, orgByIdSchema, body).data;
    return { id: org.id, name: org.attributes?.name ?? org.id };
  }

  const context: AdminContext = { config, caller, siteResourceId, groupDirectories, orgId, orgBase };
  const directory = createDirectorySearch(context);

  return {
    siteResourceId,
    metrics: caller.metrics,
    get lastRateLimit() {
      return caller.lastRateLimit;
    },
    getOrganization,
    searchUsers: directory.searchUsers,
    getUser: directory.getUser,
    getLastActive: directory.getLastActive,
    ...createLifecycle(context, directory),
    ...createGroups(context, directory.getRawUser),
    ...createRoles(context),
  };
}
