/**
 * Where the client calls and what each call is for: the API's origin, the spec's page and batch limits, and one
 * `Operation` per call, whose `does` is the sentence an error quotes ("the app cannot suspend a user's access").
 * The user management (lifecycle) calls name their own service, so their errors say which API refused.
 */
import type { Operation, ServiceProfile } from '../http';

export const API_ORIGIN = 'https://api.atlassian.com';
export const ADMIN_BASE = `${API_ORIGIN}/admin`;
export const MAX_USERS_PAGE = 100;
export const MAX_GROUPS_PAGE = 100;
/** The spec's maxItems for `accountIds` in a directory user search. */
export const MAX_ACCOUNT_IDS_PER_SEARCH = 10;
/** The spec's maxItems for `emails` in a directory user search. */
export const MAX_EMAILS_PER_SEARCH = 100;
/** The spec's maxItems for `groupIds` in a directory user search. */
export const MAX_GROUP_IDS_PER_SEARCH = 10;
export const GROUP_ARI_PREFIX = 'ari:cloud:identity::group/';

export const ADMIN_API: ServiceProfile = { displayName: 'the Atlassian Admin API', credential: 'orgApiKey' };
const LIFECYCLE_API: ServiceProfile = { displayName: 'the Atlassian user management API', credential: 'orgApiKey' };

export const OPS = {
  listOrgs: { id: 'listOrgs', does: 'find the organization the API key belongs to' },
  getOrganization: { id: 'getOrganization', does: 'read the organization' },
  searchUsers: { id: 'searchUsers', does: "search the organization's users" },
  getUser: { id: 'getUser', does: 'look up a user of the organization' },
  getLastActive: { id: 'getLastActive', does: "read a user's last active dates" },
  listUserDirectories: { id: 'listUserDirectories', does: 'find the directories that hold a user' },
  suspend: { id: 'suspend', does: "suspend a user's access" },
  restore: { id: 'restore', does: "restore a user's access" },
  searchGroups: { id: 'searchGroups', does: "search the organization's groups" },
  findGroup: { id: 'findGroup', does: 'look up a group' },
  addToGroup: { id: 'addToGroup', does: 'add a user to a group' },
  removeFromGroup: { id: 'removeFromGroup', does: 'remove a user from a group' },
  getRoleAssignments: { id: 'getRoleAssignments', does: "read a user's role assignments" },
  revokeRole: { id: 'revokeRole', does: "revoke a user's direct Confluence role" },
  assignRole: { id: 'assignRole', does: 'give a user a direct Confluence role' },
  deactivate: { id: 'deactivate', does: 'deactivate a managed account', service: LIFECYCLE_API },
  activate: { id: 'activate', does: 'reactivate a managed account', service: LIFECYCLE_API },
  deleteAccount: { id: 'deleteAccount', does: 'delete a managed account', service: LIFECYCLE_API },
  cancelDelete: { id: 'cancelDelete', does: 'cancel the deletion of a managed account', service: LIFECYCLE_API },
} satisfies Record<string, Operation>;
