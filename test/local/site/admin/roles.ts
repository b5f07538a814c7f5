/**
 * A user's roles and product access in the simulated Admin API: the user's role assignments on every resource (direct
 * or through groups), and assigning or revoking `atlassian/user` on this site's Confluence, the one role the simulated
 * site changes (any other role or resource answers 400 rather than pretend).
 */
import { z } from 'zod';
import { readBody, type HandlerContext, type Reply } from '../http';
import { directoryProblem, directoryUser, membershipStatusOf, orgProblem, ROLE_IDS, userNotFound } from './shared';

/** `GET /v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/role-assignments`: one page, every resource. */
export function userRoleAssignments(context: HandlerContext): Reply {
  const problem = directoryProblem(context);
  if (problem) return problem;
  const accountId = context.params.accountId ?? '';
  const user = directoryUser(context, accountId);
  if (!user) return userNotFound(context, accountId);
  const state = context.state;
  const wanted = (name: string) => {
    const values = context.query
      .getAll(name)
      .flatMap((value) => value.split(','))
      .filter((value) => value !== '');
    return values.length > 0 ? new Set(values) : undefined;
  };
  const resources = wanted('resourceIds');
  const roles = wanted('roleIds');
  const owners = wanted('resourceOwners');
  const byResource = new Map<string, Record<string, unknown> & { roleAssignments: unknown[]; roles: string[] }>();
  for (const assignment of state.userRoleAssignments(user)) {
    if (
      (resources && !resources.has(assignment.resourceId)) ||
      (roles && !roles.has(assignment.role)) ||
      (owners && !owners.has(assignment.resourceOwner))
    )
      continue;
    const platform = assignment.resourceOwner === 'platform';
    const entry = byResource.get(assignment.resourceId) ?? {
      resourceId: assignment.resourceId,
      resourceOwner: assignment.resourceOwner,
      directoryId: platform ? null : state.directoryId,
      userDirectoryStatus: platform ? null : membershipStatusOf(user),
      roles: [],
      roleAssignments: [],
    };
    entry.roles.push(assignment.role);
    entry.roleAssignments.push({ role: assignment.role, roleAssignmentMethods: assignment.methods });
    byResource.set(assignment.resourceId, entry);
  }
  return { status: 200, json: { data: [...byResource.values()], links: {} } };
}

const roleRequestSchema = z.object({ resource: z.string().min(1).optional(), role: z.enum(ROLE_IDS) }).strict();

/**
 * `POST /v1/orgs/{orgId}/users/{userId}/roles/assign|revoke`. The simulated site changes one role: `atlassian/user` on
 * this site's Confluence (`users[].directAccess`); any other role or resource answers 400 rather than pretend.
 */
export function changeUserRole(context: HandlerContext, grant: boolean): Reply {
  const problem = orgProblem(context);
  if (problem) return problem;
  const body = readBody(context, roleRequestSchema, { required: true, code: 'ADMIN-UAM-400-1' });
  if (!body.ok) return body.reply;
  const accountId = context.params.userId ?? '';
  const user = directoryUser(context, accountId);
  if (!user) return context.error(404, 'ADMIN-UAM-404-3', `User '${accountId}' not found in this organization.`);
  const state = context.state;
  if (body.value.role !== 'atlassian/user' || body.value.resource !== state.confluenceResourceId) {
    return context.error(
      400,
      'ADMIN-UAM-400-3',
      `The simulated site ${grant ? 'assigns' : 'revokes'} only atlassian/user on ${state.confluenceResourceId}.`,
    );
  }
  if (grant) {
    if (state.setDirectAccess(accountId, true))
      context.recordAction('assignRole', accountId, { role: body.value.role });
    return { status: 204 };
  }
  if (!user.directAccess) {
    return state.hasConfluenceGroup(user)
      ? context.error(
          400,
          'ADMIN-UAM-400-3',
          `User '${accountId}' holds atlassian/user on this site only through groups: remove them from those groups instead.`,
        )
      : context.error(404, 'ADMIN-UAM-404-3', `User '${accountId}' holds no atlassian/user role on this site.`);
  }
  state.setDirectAccess(accountId, false);
  context.recordAction('revokeRole', accountId, { role: body.value.role });
  return { status: 204 };
}
