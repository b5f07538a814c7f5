/**
 * Roles on this site: how a user holds Confluence (a direct `atlassian/user` role, apart from one through a group)
 * and whether they are a site admin, read from their role assignments; and the direct Confluence role revoked or
 * given back, which is how "remove access" frees a seat held directly rather than through a group.
 */
import type { ActionOutcome } from '../http';
import { ADMIN_BASE, OPS } from './operations';
import { userRoleAssignmentsSchema } from './responses';
import { followCursors, settle } from './calls';
import type { AdminContext } from './types';

export function createRoles(context: AdminContext) {
  const { caller, config, orgId, orgBase, siteResourceId } = context;
  const enc = encodeURIComponent;

  async function getRoleAssignments(accountId: string): Promise<{ directConfluence: boolean; siteAdmin: boolean }> {
    const url = `${await orgBase()}/directories/-/users/${enc(accountId)}/role-assignments`;
    const result = { directConfluence: false, siteAdmin: false };
    await followCursors(async (cursor) => {
      const { body } = await caller.send(OPS.getRoleAssignments, {
        method: 'GET',
        url,
        ...(cursor ? { query: { cursor } } : {}),
      });
      const page = caller.parse(OPS.getRoleAssignments, userRoleAssignmentsSchema, body);
      for (const entry of page.data ?? []) {
        const assignments =
          entry.roleAssignments ?? (entry.roles ?? []).map((role) => ({ role, roleAssignmentMethods: [] }));
        for (const assignment of assignments) {
          if (
            assignment.role === 'atlassian/site-admin' &&
            entry.resourceId === `ari:cloud:platform::site/${config.cloudId}`
          )
            result.siteAdmin = true;
          if (
            assignment.role === 'atlassian/user' &&
            entry.resourceId === siteResourceId &&
            (assignment.roleAssignmentMethods ?? []).includes('direct')
          )
            result.directConfluence = true;
        }
      }
      return page.links?.next || null;
    });
    return result;
  }

  async function changeConfluenceRole(accountId: string, grant: boolean): Promise<ActionOutcome> {
    const op = grant ? OPS.assignRole : OPS.revokeRole;
    const url = `${ADMIN_BASE}/v1/orgs/${enc(await orgId())}/users/${enc(accountId)}/roles/${grant ? 'assign' : 'revoke'}`;
    return settle(
      () => caller.send(op, { method: 'POST', url, body: { resource: siteResourceId, role: 'atlassian/user' } }),
      ['badRequest', 'conflict', 'notFound'],
      async () => (await getRoleAssignments(accountId)).directConfluence === grant,
    );
  }

  return {
    getRoleAssignments,
    revokeConfluenceRole: (accountId: string) => changeConfluenceRole(accountId, false),
    grantConfluenceRole: (accountId: string) => changeConfluenceRole(accountId, true),
  };
}
