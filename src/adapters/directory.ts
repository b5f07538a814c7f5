/** The engine's Directory port, on the Admin API client: one method per action step. */
import { assertNever, type ActionStep } from '../domain/actions';
import type { DirectoryUser } from '../domain/user';
import type { Directory } from '../engine/ports';
import { MAX_ACCOUNT_IDS_PER_SEARCH, MAX_EMAILS_PER_SEARCH, type AdminApi } from './adminApi';
import { ApiError } from './http';

/** Which of Atlassian's rate-limit counters an operation of the client counts against. */
function bucketOf(operation: string): 'lastActive' | 'lifecycle' | 'admin' {
  if (operation === 'getLastActive') return 'lastActive';
  if (['deactivate', 'activate', 'deleteAccount', 'cancelDelete'].includes(operation)) return 'lifecycle';
  return 'admin';
}

/**
 * When the last answer of the same rate-limit counter said none are left until the window resets, waiting for the
 * reset costs nothing, while asking anyway costs a refused call. Returns the refusal to throw instead, or null.
 */
function atLimit(admin: AdminApi, bucket: ReturnType<typeof bucketOf>, now: Date): ApiError | null {
  const limit = admin.lastRateLimit;
  if (!limit || bucketOf(limit.operation) !== bucket || limit.remaining !== 0 || !limit.reset) return null;
  const resetAt = Date.parse(limit.reset);
  if (Number.isNaN(resetAt) || resetAt <= now.getTime()) return null;
  return new ApiError({
    kind: 'rateLimited',
    operation: limit.operation,
    retryable: true,
    retryAfterSeconds: Math.ceil((resetAt - now.getTime()) / 1000),
    message: `Atlassian's rate limit for these calls is used up until ${limit.reset}; continuing then.`,
  });
}

export function directoryFromAdminApi(admin: AdminApi): Directory {
  const guarded = <T>(bucket: ReturnType<typeof bucketOf>, call: () => Promise<T>): Promise<T> => {
    const refusal = atLimit(admin, bucket, new Date());
    return refusal ? Promise.reject(refusal) : call();
  };

  /** Every page of one filtered search (one page unless two accounts share an address). */
  async function allPages(filter: { emails?: string[]; accountIds?: string[] }): Promise<DirectoryUser[]> {
    const users: DirectoryUser[] = [];
    let cursor: string | undefined;
    do {
      const page = await guarded('admin', () =>
        admin.searchUsers({ ...filter, limit: 100, ...(cursor ? { cursor } : {}) }),
      );
      users.push(...page.users);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return users;
  }

  return {
    searchUsers: (params) => guarded('admin', () => admin.searchUsers(params)),

    async findUsers(wanted, options = {}) {
      const found = new Map<string, DirectoryUser>();
      const ids = new Set(wanted.map((user) => user.accountId));
      const keep = (users: DirectoryUser[]) => {
        for (const user of users) if (ids.has(user.accountId)) found.set(user.accountId, user);
      };
      // Exact addresses, 100 a search (the spec's maxItems, unique items): one call for a whole batch.
      const emails = [...new Set(wanted.flatMap((user) => (user.email ? [user.email] : [])))];
      for (let i = 0; i < emails.length; i += MAX_EMAILS_PER_SEARCH)
        keep(await allPages({ emails: emails.slice(i, i + MAX_EMAILS_PER_SEARCH) }));
      // Without an address, or whose address did not come back (changed since the scan): by account id, 10 a search.
      const rest = [...ids].filter((accountId) => !found.has(accountId));
      for (let i = 0; i < rest.length; i += MAX_ACCOUNT_IDS_PER_SEARCH)
        keep(await allPages({ accountIds: rest.slice(i, i + MAX_ACCOUNT_IDS_PER_SEARCH) }));
      // How each asked-for user holds their roles: one call a user, so only where the caller needs it.
      for (const [accountId, user] of found) {
        if (!options.rolesOf?.(user)) continue;
        const roles = await guarded('admin', () => admin.getRoleAssignments(accountId));
        found.set(accountId, { ...user, directRole: roles.directConfluence, siteAdmin: roles.siteAdmin });
      }
      return found;
    },

    listAllGroups: () => admin.listAllGroups(),
    listAccessGroups: () => admin.listAccessGroups(),
    perform(accountId: string, step: ActionStep) {
      switch (step.kind) {
        case 'removeFromGroup':
          return guarded('admin', () => admin.removeFromGroup(step.groupId, accountId));
        case 'addToGroup':
          return guarded('admin', () => admin.addToGroup(step.groupId, accountId));
        case 'revokeRole':
          return guarded('admin', () => admin.revokeConfluenceRole(accountId));
        case 'grantRole':
          return guarded('admin', () => admin.grantConfluenceRole(accountId));
        case 'suspend':
          return guarded('admin', () => admin.suspend(accountId));
        case 'deactivate':
          return guarded('lifecycle', () => admin.deactivate(accountId, step.message));
        case 'delete':
          return guarded('lifecycle', () => admin.deleteAccount(accountId));
        case 'restore':
          return guarded('admin', () => admin.restore(accountId));
        case 'enable':
          return guarded('lifecycle', () => admin.activate(accountId));
        case 'cancelDelete':
          return guarded('lifecycle', () => admin.cancelDelete(accountId));
        default:
          return assertNever(step);
      }
    },
  };
}
