/**
 * Client for the Atlassian Admin (organizations) API and the user management (lifecycle) API, both at
 * https://api.atlassian.com with the organization API key as a bearer token. Requests, answers and quirks
 * follow test/local/site/specs/admin-org.json and user-management.json.
 *
 * This index is the folder's public surface, so importers keep writing `adapters/adminApi`. client.ts puts the client
 * together from one module per concern: directorySearch.ts, lifecycle.ts, groups.ts and roles.ts, over the calls
 * (operations.ts), the answers' schemas (responses.ts), the reading of a directory user (userMapping.ts) and the
 * paging and read-back shared by all (calls.ts).
 *
 * Decisions worth knowing:
 * - Directory user `status` (a composite of accountStatus and membershipStatus) maps to UserStatus:
 *   `for_deletion` reads as `deactivated` (the account is blocked during its 14-day grace period);
 *   `not_invited` users are left out (no membership in any directory of the org: they hold no seat and
 *   nothing here can act on them); users with a status this code does not know are left out too.
 * - `suspend`, `restore` and group memberships need a real directory id (the spec allows `-` only on
 *   reads): the client looks up the user's directories, or the group's directory, before writing.
 * - `productAccess[]` lists every product and site the user holds: this site's Confluence entry says the user holds
 *   Confluence here (`siteAccess`), the others are `otherAccess`. Whether the Confluence role is (also) direct is
 *   in the user's role assignments (`getRoleAssignments`), read only where it matters (before removing access).
 * - Repeated actions are safe: when a write is refused in a way that could mean "already so"
 *   (400/409, or 404 for a removal), the client reads the user back and answers `already` when the
 *   wanted state holds; otherwise the original error stands.
 */
export { createAdminApi } from './client';
export { MAX_ACCOUNT_IDS_PER_SEARCH, MAX_EMAILS_PER_SEARCH, MAX_GROUP_IDS_PER_SEARCH } from './operations';
export { bareGroupId } from './userMapping';
export type { AdminApi, AdminApiConfig, DirectoryStatusFilter, SearchGroupsParams, SearchUsersParams } from './types';
