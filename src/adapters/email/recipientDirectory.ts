/**
 * Where report recipients' addresses come from. The Admin API (org API key) knows every managed account's
 * address and lists group members with their addresses in one search; Confluence's `user/email` endpoint
 * (as the app) is the fallback for accounts the Admin API does not give an address for, and for sites
 * without a usable org key. Addresses seen while listing a group are kept, so members cost no extra call.
 */
import type { RecipientDirectory } from '../../reports/recipients';
import type { AdminApi } from '../adminApi';
import type { ConfluenceApi } from '../confluenceApi';
import { isApiError } from '../http';

export interface RecipientSources {
  /** The Admin API with the saved org key; rejects when none is saved. */
  admin: () => Promise<Pick<AdminApi, 'searchUsers' | 'getUser'>>;
  confluence: Pick<ConfluenceApi, 'listGroupMembers' | 'getUserEmail'>;
}

/** A missing, expired or under-scoped org key: use Confluence instead of failing the report. */
const keyProblem = (error: unknown): boolean =>
  isApiError(error) && (error.kind === 'unauthorized' || error.kind === 'forbidden');

export function recipientDirectoryFrom(sources: RecipientSources): RecipientDirectory {
  const knownEmails = new Map<string, string>();
  let admin: Promise<Pick<AdminApi, 'searchUsers' | 'getUser'> | null> | undefined;

  function adminApi(): Promise<Pick<AdminApi, 'searchUsers' | 'getUser'> | null> {
    admin ??= sources.admin().catch((error: unknown) => {
      if (keyProblem(error)) return null;
      admin = undefined; // a rate limit or outage must not stick for the rest of the invocation
      throw error;
    });
    return admin;
  }

  /** Runs `viaAdmin` when the Admin API is usable, `viaConfluence` when it is not (or rejects the key). */
  async function preferAdmin<T>(
    viaAdmin: (api: Pick<AdminApi, 'searchUsers' | 'getUser'>) => Promise<T>,
    viaConfluence: () => Promise<T>,
  ): Promise<T> {
    const api = await adminApi();
    if (!api) return viaConfluence();
    try {
      return await viaAdmin(api);
    } catch (error) {
      if (!keyProblem(error)) throw error;
      admin = Promise.resolve(null);
      return viaConfluence();
    }
  }

  async function membersViaAdmin(api: Pick<AdminApi, 'searchUsers'>, groupId: string): Promise<string[]> {
    const ids: string[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      // Only active members: a suspended or deactivated admin cannot act on a report.
      const page = await api.searchUsers({ groupIds: [groupId], statuses: ['active'], ...(cursor ? { cursor } : {}) });
      for (const user of page.users) {
        ids.push(user.accountId);
        if (user.email) knownEmails.set(user.accountId, user.email);
      }
      cursor = page.nextCursor && !seen.has(page.nextCursor) ? page.nextCursor : undefined;
      if (cursor) seen.add(cursor);
    } while (cursor);
    return ids;
  }

  async function membersViaConfluence(groupId: string): Promise<string[]> {
    const ids: string[] = [];
    let start: number | null = 0;
    while (start !== null) {
      const page = await sources.confluence.listGroupMembers(groupId, { start });
      for (const member of page.members) {
        ids.push(member.accountId);
        if (member.email) knownEmails.set(member.accountId, member.email);
      }
      start = page.nextStart;
    }
    return ids;
  }

  return {
    groupMemberIds: (groupId) =>
      preferAdmin(
        (api) => membersViaAdmin(api, groupId),
        () => membersViaConfluence(groupId),
      ),
    async emailOf(accountId) {
      const known = knownEmails.get(accountId);
      if (known) return known;
      const fromAdmin = await preferAdmin(
        async (api) => (await api.getUser(accountId))?.email ?? null,
        async () => null,
      );
      const email = fromAdmin ?? (await sources.confluence.getUserEmail(accountId));
      if (email) knownEmails.set(accountId, email);
      return email;
    },
  };
}
