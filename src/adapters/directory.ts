/** The engine's Directory port, on the Admin API client: one method per action step. */
import { assertNever, type ActionStep } from '../domain/actions';
import type { Directory } from '../engine/ports';
import type { AdminApi } from './adminApi';
import { ApiError } from './http';

/**
 * Per-user last-active reads are limited (200 a minute per org). When the last answer said none are left
 * until the window resets, waiting for the reset costs nothing, while asking anyway costs a refused call.
 */
function waitBeforeLastActive(admin: AdminApi, now: Date): number {
  const limit = admin.lastRateLimit;
  if (!limit || limit.operation !== 'getLastActive' || limit.remaining !== 0 || !limit.reset) return 0;
  const resetAt = Date.parse(limit.reset);
  return Number.isNaN(resetAt) ? 0 : Math.ceil((resetAt - now.getTime()) / 1000);
}

export function directoryFromAdminApi(admin: AdminApi): Directory {
  return {
    searchUsers: (params) => admin.searchUsers(params),
    getLastActive(accountId) {
      const wait = waitBeforeLastActive(admin, new Date());
      if (wait > 0) {
        return Promise.reject(
          new ApiError({
            kind: 'rateLimited',
            operation: 'getLastActive',
            retryable: true,
            retryAfterSeconds: wait,
            message: `The per-user activity check is at its rate limit until ${admin.lastRateLimit?.reset}; continuing then.`,
          }),
        );
      }
      return admin.getLastActive(accountId);
    },
    listAllGroups: () => admin.listAllGroups(),
    listAccessGroups: () => admin.listAccessGroups(),
    perform(accountId: string, step: ActionStep) {
      switch (step.kind) {
        case 'removeFromGroup':
          return admin.removeFromGroup(step.groupId, accountId);
        case 'addToGroup':
          return admin.addToGroup(step.groupId, accountId);
        case 'suspend':
          return admin.suspend(accountId);
        case 'deactivate':
          return admin.deactivate(accountId, step.message);
        case 'delete':
          return admin.deleteAccount(accountId);
        default:
          return assertNever(step);
      }
    },
  };
}
