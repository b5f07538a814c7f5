/** The engine's Directory port, on the Admin API client: one method per action step. */
import { assertNever, type ActionStep } from '../domain/actions';
import type { Directory } from '../engine/ports';
import type { AdminApi } from './adminApi';

export function directoryFromAdminApi(admin: AdminApi): Directory {
  return {
    searchUsers: (params) => admin.searchUsers(params),
    getLastActive: (accountId) => admin.getLastActive(accountId),
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
