/**
 * What every part of the simulated Admin API shares: the role ids the spec lists, the API's base URL, the checks that
 * an org, a directory and a directory user exist (with the 404s they answer), and the mapping of a site user's status
 * to the Admin API's three status fields. The decisions where the spec is silent are listed in ../adminApi.ts.
 */
import { z } from 'zod';
import type { HandlerContext, Reply } from '../http';
import type { SiteUser } from '../siteFile';
import type { RoleAssignment } from '../state';

export const ROLE_IDS = [
  'atlassian/user',
  'atlassian/admin',
  'atlassian/guest',
  'atlassian/customer',
  'atlassian/user-access-admin',
  'atlassian/contributor',
  'atlassian/basic',
  'atlassian/stakeholder',
  'atlassian/org-admin',
  'atlassian/site-admin',
  'atlassian/ai-access',
] as const;

export const ADMIN = 'https://api.atlassian.com/admin';

export const list = (max: number) => z.array(z.string()).min(1).max(max);

// ---- shared checks ----

export function orgProblem(context: HandlerContext): Reply | undefined {
  const { orgId } = context.params;
  if (orgId !== context.state.org.id)
    return context.error(
      404,
      'ADMIN-404-2',
      `Organization '${orgId}' not found: this API key belongs to organization '${context.state.org.id}'.`,
    );
  return undefined;
}

export function directoryProblem(context: HandlerContext): Reply | undefined {
  const org = orgProblem(context);
  if (org) return org;
  const { directoryId } = context.params;
  if (directoryId !== '-' && directoryId !== context.state.directoryId) {
    return context.error(
      404,
      'ADMIN-404-1',
      `Directory '${directoryId}' not found; this organization has one directory, '${context.state.directoryId}' (or use '-').`,
    );
  }
  return undefined;
}

/** Directory users are the org's Atlassian accounts; apps and customers are not in the directory. */
export function directoryUser(context: HandlerContext, accountId: string): SiteUser | undefined {
  const user = context.state.user(accountId);
  return user?.accountType === 'atlassian' ? user : undefined;
}

export function userNotFound(context: HandlerContext, accountId: string): Reply {
  return context.error(404, 'ADMIN-404-8', `User '${accountId}' not found in this organization's directory.`);
}

/** A cursor the API did not hand out (or one that lost its fields): the same 400 for every paged operation. */
export function invalidCursor(context: HandlerContext): Reply {
  return context.error(
    400,
    'ADMIN-400-1',
    'Invalid page cursor: pass back exactly the links.next value of the previous page.',
  );
}

export function isoTime(dateLike: string): string {
  return new Date(dateLike).toISOString();
}

export function accountStatusOf(user: SiteUser): string {
  return user.status === 'deactivated' ? 'inactive' : 'active';
}

export function membershipStatusOf(user: SiteUser): string {
  return user.status === 'suspended' ? 'suspended' : 'active';
}

/** The composite status: `for_deletion` while a deletion's grace period runs. */
export function statusOf(user: SiteUser): string {
  return user.deletionScheduledAt !== undefined ? 'for_deletion' : user.status;
}

export function emailDomain(email: string | null): string | undefined {
  if (email === null) return undefined;
  const at = email.lastIndexOf('@');
  return at < 0 ? undefined : email.slice(at + 1).toLowerCase();
}

export function distinctResources(assignments: RoleAssignment[]): number {
  return new Set(assignments.map((assignment) => assignment.resourceId)).size;
}
