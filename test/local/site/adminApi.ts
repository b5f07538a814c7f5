/**
 * The Atlassian Admin ("Organizations") API, base https://api.atlassian.com/admin, as admin-org.json
 * describes it: orgs, directory user search with last Confluence activity, last-active dates, suspend,
 * restore and remove, group search, group details, group role assignments and group memberships.
 * This file owns the route table (each operation's path, scope and rate-limit bucket) and the decisions below; the
 * handlers live in ./admin/ by concern: orgs.ts, userSearch.ts, users.ts (last-active dates and lifecycle), groups.ts,
 * roles.ts (role assignments and product access), and shared.ts (the checks and status mapping they share).
 *
 * Decisions where the spec is silent (the app must cope with these answers):
 * - Only `atlassian` accounts are directory users: app and customer accounts never appear in a user search,
 *   and every per-user Admin operation answers 404 for them (the spec's `AccountType` enum is `atlassian` only).
 * - Users are returned in ascending accountId order (a stable order; Atlassian sorts by nickname).
 *   A cursor carries the filters, limit and expand of the first request: as the spec says of cursors,
 *   other parameters sent with one are ignored.
 * - Status mapping: active → status/accountStatus/membershipStatus `active`; suspended → `suspended`/`active`/
 *   `suspended`; deactivated → `deactivated`/`inactive`/`active`; scheduled for deletion → `for_deletion`/
 *   `inactive`/`active`.
 * - Suspend of a suspended user and restore of an active user answer 204 (the spec lists no conflict for
 *   them, unlike memberships). Suspend or restore of a deactivated user answers 400 `INVALID_USER_STATE`.
 * - Adding a member twice answers 409 (as the spec says); removing a non-member answers 404.
 * - `last-active-dates` identifies the site by its cloudId in `product_access[].id`; the search's
 *   `productAccess[].id` is the site's Confluence ARI (`ari:cloud:confluence::site/<cloudId>`), as the spec's example.
 * - Roles come from groups (`grantsConfluenceAccess` → `atlassian/user` on the Confluence ARI, `grantsSiteAdmin`
 *   → `atlassian/site-admin` on `ari:cloud:platform::site/<cloudId>`) and org admin, whatever the user's status.
 * - `emails` are whole addresses, compared case-insensitively (as addresses are); repeating one answers 400 (the
 *   spec's uniqueItems). `accountIds` and `emails` narrow the search like every other filter (AND).
 * - `mfaEnabled` and user `sortBy` are not simulated: sending them answers 400 rather than a silently wrong page.
 * - `productAccess[]` (search) lists every product and site the user holds: this site's Confluence when the user
 *   holds `atlassian/user` there (through an access group or directly), then each `users[].activity` entry, with
 *   `lastActiveTimestamp` only when activity is visible (older than `site.activityLagHours`; see state.ts).
 *   `last-active-dates` lists the same activity, only products with a visible date.
 * - A direct role (`users[].directAccess`) shows in `role-assignments` with method `direct`, a group's with
 *   `group_direct`; `roles/revoke` of a role the user holds only through groups answers 400 (the groups still
 *   grant it), of a role not held 404; `roles/assign` of a held direct role answers 204 (nothing to change).
 * - A group synced from an identity provider (`groups[].synced`) is `externalSynced: true, managedBy: external`;
 *   adding or removing its members answers 403 "You can't add a user to a group synced from an identity
 *   provider" (admin-org.json, Add user to group), other groups are `managedBy: admins`.
 */
import type { Route } from './http';
import { addGroupMember, getGroup, groupRoleAssignments, removeGroupMember, searchGroups } from './admin/groups';
import { getOrg, getOrgs, listDirectories } from './admin/orgs';
import { changeUserRole, userRoleAssignments } from './admin/roles';
import { searchUsers } from './admin/userSearch';
import { lastActiveDates, removeUser, restoreUser, suspendUser } from './admin/users';

const V2_USERS = '/admin/v2/orgs/{orgId}/directories/{directoryId}/users';
const V2_GROUPS = '/admin/v2/orgs/{orgId}/directories/{directoryId}/groups';

// ---- routes ----

type AdminRoute = Omit<Route, 'family' | 'spec' | 'errorStyle' | 'bucket'> & { bucket?: Route['bucket'] };

const route = ({ bucket = 'admin', ...definition }: AdminRoute): Route => ({
  ...definition,
  family: 'admin',
  bucket,
  errorStyle: definition.path.startsWith('/admin/v1/') ? 'adminV1' : 'adminV2',
  spec: { file: 'admin-org.json', path: definition.path.slice('/admin'.length) },
});

export const ADMIN_ROUTES: ReadonlyArray<Route> = [
  route({
    operation: 'admin.getOrgs',
    method: 'GET',
    path: '/admin/v1/orgs',
    write: false,
    scope: 'read:org:admin',
    scopeDeniedStatus: 401,
    handle: getOrgs,
  }),
  route({
    operation: 'admin.getOrg',
    method: 'GET',
    path: '/admin/v1/orgs/{orgId}',
    write: false,
    scope: 'read:org:admin',
    scopeDeniedStatus: 401,
    handle: getOrg,
  }),
  route({
    operation: 'admin.listDirectories',
    method: 'GET',
    path: '/admin/v2/orgs/{orgId}/directories',
    write: false,
    scope: 'read:user:admin',
    handle: listDirectories,
  }),
  route({
    operation: 'admin.getLastActiveDates',
    method: 'GET',
    path: '/admin/v1/orgs/{orgId}/directory/users/{accountId}/last-active-dates',
    bucket: 'lastActive',
    write: false,
    scope: 'read:user:admin',
    handle: lastActiveDates,
  }),
  route({
    operation: 'admin.searchUsers',
    method: 'POST',
    path: `${V2_USERS}/search`,
    write: false,
    scope: 'read:user:admin',
    handle: searchUsers,
  }),
  route({
    operation: 'admin.suspendUser',
    method: 'POST',
    path: `${V2_USERS}/{accountId}/suspend`,
    write: true,
    scope: 'write:user:admin',
    handle: suspendUser,
  }),
  route({
    operation: 'admin.restoreUser',
    method: 'POST',
    path: `${V2_USERS}/{accountId}/restore`,
    write: true,
    scope: 'write:user:admin',
    handle: restoreUser,
  }),
  route({
    operation: 'admin.removeUser',
    method: 'DELETE',
    path: `${V2_USERS}/{accountId}`,
    write: true,
    scope: 'write:user:admin',
    handle: removeUser,
  }),
  route({
    operation: 'admin.getUserRoleAssignments',
    method: 'GET',
    path: `${V2_USERS}/{accountId}/role-assignments`,
    write: false,
    scope: 'read:directories:admin',
    handle: userRoleAssignments,
  }),
  route({
    operation: 'admin.assignRole',
    method: 'POST',
    path: '/admin/v1/orgs/{orgId}/users/{userId}/roles/assign',
    write: true,
    scope: 'write:user:admin',
    handle: (context) => changeUserRole(context, true),
  }),
  route({
    operation: 'admin.revokeRole',
    method: 'POST',
    path: '/admin/v1/orgs/{orgId}/users/{userId}/roles/revoke',
    write: true,
    scope: 'write:user:admin',
    handle: (context) => changeUserRole(context, false),
  }),
  route({
    operation: 'admin.searchGroups',
    method: 'POST',
    path: `${V2_GROUPS}/search`,
    write: false,
    scope: 'read:group:admin',
    handle: searchGroups,
  }),
  route({
    operation: 'admin.getGroup',
    method: 'GET',
    path: `${V2_GROUPS}/{groupId}`,
    write: false,
    scope: 'read:group:admin',
    scopeDeniedStatus: 401,
    handle: getGroup,
  }),
  route({
    operation: 'admin.getGroupRoleAssignments',
    method: 'GET',
    path: `${V2_GROUPS}/{groupId}/role-assignments`,
    write: false,
    scope: 'read:group:admin',
    handle: groupRoleAssignments,
  }),
  route({
    operation: 'admin.addGroupMember',
    method: 'POST',
    path: `${V2_GROUPS}/{groupId}/memberships`,
    write: true,
    scope: 'write:group:admin',
    handle: addGroupMember,
  }),
  route({
    operation: 'admin.removeGroupMember',
    method: 'DELETE',
    path: `${V2_GROUPS}/{groupId}/memberships/{accountId}`,
    write: true,
    scope: 'write:group:admin',
    handle: removeGroupMember,
  }),
];
