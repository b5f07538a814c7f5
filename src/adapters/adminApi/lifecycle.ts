/**
 * A user's lifecycle: suspending and restoring access (per directory, since a user may sit in several), and the
 * user management API's deactivate, reactivate, delete and cancel-delete of managed accounts. A write refused in a
 * way that could mean "already so" reads the user back and answers `already` when the wanted state holds.
 */
import { ApiError, type ActionOutcome, type Operation } from '../http';
import { API_ORIGIN, OPS } from './operations';
import type { RawDirectoryUser } from './responses';
import { accountState, compositeStatus, type AccountState } from './userMapping';
import { settle } from './calls';
import type { AdminContext, DirectoryStatusFilter } from './types';

export function createLifecycle(
  context: AdminContext,
  reads: {
    getRawUser: (accountId: string) => Promise<RawDirectoryUser | null>;
    userDirectoryIds: (accountId: string) => Promise<string[]>;
  },
) {
  const { caller, orgBase } = context;
  const { getRawUser, userDirectoryIds } = reads;
  const enc = encodeURIComponent;

  /** Suspend and restore act per directory; the user may sit in several. */
  async function changeAccess(accountId: string, action: 'suspend' | 'restore'): Promise<ActionOutcome> {
    const op = OPS[action];
    const wanted: DirectoryStatusFilter = action === 'suspend' ? 'suspended' : 'active';
    const statusHolds = async () => {
      const user = await getRawUser(accountId);
      return user !== null && compositeStatus(user) === wanted;
    };
    const directoryIds = await userDirectoryIds(accountId);
    if (directoryIds.length === 0) {
      // No directory holds the user: they reach nothing through this org, so there is nothing to suspend.
      // An active user without a directory means the two searches disagree: better to stop than guess.
      const user = await getRawUser(accountId);
      if (action === 'suspend' && (user === null || compositeStatus(user) !== 'active')) return 'already';
      throw new ApiError({
        kind: 'notFound',
        operation: op.id,
        retryable: false,
        message: `The Atlassian Admin API shows no directory holding user ${accountId}, so the app cannot ${op.does}.`,
      });
    }
    const base = await orgBase();
    const outcomes: ActionOutcome[] = [];
    for (const directoryId of directoryIds) {
      const url = `${base}/directories/${enc(directoryId)}/users/${enc(accountId)}/${action}`;
      outcomes.push(
        await settle(() => caller.send(op, { method: 'POST', url }), ['badRequest', 'conflict'], statusHolds),
      );
    }
    return outcomes.includes('done') ? 'done' : 'already';
  }

  /** The lifecycle API answers 409 "not eligible" for accounts already in the target state, among others. */
  function lifecycle(
    op: Operation,
    action: 'disable' | 'enable' | 'delete' | 'cancel-delete',
    accountId: string,
    wanted: AccountState[],
    body?: unknown,
  ): Promise<ActionOutcome> {
    const url = `${API_ORIGIN}/users/${enc(accountId)}/manage/lifecycle/${action}`;
    return settle(
      () => caller.send(op, { method: 'POST', url, ...(body !== undefined ? { body } : {}) }),
      ['badRequest', 'conflict'],
      async () => {
        const user = await getRawUser(accountId);
        const state = user ? accountState(user) : null;
        return state !== null && wanted.includes(state);
      },
    );
  }

  return {
    suspend: (accountId: string) => changeAccess(accountId, 'suspend'),
    restore: (accountId: string) => changeAccess(accountId, 'restore'),
    deactivate: (accountId: string, message?: string) =>
      lifecycle(
        OPS.deactivate,
        'disable',
        accountId,
        ['blocked', 'pendingDeletion', 'closed'],
        message === undefined ? {} : { message },
      ),
    activate: (accountId: string) => lifecycle(OPS.activate, 'enable', accountId, ['active']),
    deleteAccount: (accountId: string) =>
      lifecycle(OPS.deleteAccount, 'delete', accountId, ['pendingDeletion', 'closed']),
    cancelDelete: (accountId: string) => lifecycle(OPS.cancelDelete, 'cancel-delete', accountId, ['active', 'blocked']),
  };
}
