/**
 * What every resolver shares. On every call: the caller must be a Confluence site admin (checked here, never
 * trusted from the page), the payload must pass its zod schema (src/contract.ts), and any failure comes back
 * as `{ ok: false, error: { code, message } }` in words an admin can act on.
 * Lists are paged: no resolver reads the whole site or all runs inside its 25 seconds.
 */
import Resolver from '@forge/resolver';
import type { z } from 'zod';
import { payloads, type Answer, type ResolverError } from '../../contract';
import { createConfluenceApi } from '../../adapters/confluenceApi';
import { confluenceAsUser } from '../../adapters/forgeTransport';
import { isApiError } from '../../adapters/http';
import { toPlatformError } from '../../adapters/platformErrors';
import { createAdminApiFromSettings } from '../../adapters/engineDeps';

interface CallContext {
  accountId?: string;
  cloudId?: string;
  installContext?: string;
}

export class RefusedError extends Error {
  constructor(readonly answer: ResolverError) {
    super(answer.message);
  }
}

export const resolver = new Resolver();

/**
 * A Confluence site admin: a member of a group Confluence lists as site-admin, an org admin (who administers every
 * site of the org without being in those groups), or a user holding `atlassian/site-admin` on this site directly (a
 * role assignment, no group). Only the Admin API can tell the last two, once an org key is saved.
 */
async function isSiteAdmin(accountId: string, cloudId: string): Promise<boolean> {
  if (await createConfluenceApi({ transport: confluenceAsUser(accountId) }).isSiteAdmin(accountId)) return true;
  try {
    const admin = await createAdminApiFromSettings(cloudId);
    const user = await admin.getUser(accountId);
    if (user?.status !== 'active') return false;
    if (user.orgAdmin) return true;
    // platformRoles says site admin somewhere in the org; the role assignments say whether on this site.
    return user.siteAdmin === true && (await admin.getRoleAssignments(accountId)).siteAdmin;
  } catch {
    return false; // no key saved, or the Admin API cannot say: not proven an admin
  }
}

/** Defines a resolver with the shared checks: site admin, payload schema, errors as answers. */
export function define<N extends keyof typeof payloads>(
  name: N,
  handle: (payload: z.output<(typeof payloads)[N]>, call: { accountId: string; cloudId: string }) => Promise<unknown>,
): void {
  resolver.define(
    name,
    async ({ payload, context }: { payload: unknown; context: CallContext }): Promise<Answer<unknown>> => {
      try {
        const accountId = context.accountId;
        const cloudId = context.cloudId ?? context.installContext?.split('/').pop();
        if (!accountId || !cloudId)
          throw new RefusedError({
            code: 'NOT_SITE_ADMIN',
            message: 'Only a signed-in Confluence site admin can use this app.',
          });
        if (!(await isSiteAdmin(accountId, cloudId)))
          throw new RefusedError({
            code: 'NOT_SITE_ADMIN',
            message: 'Only Confluence site admins can manage users with this app.',
          });
        const parsed = payloads[name].safeParse(payload ?? {});
        if (!parsed.success) {
          const fields = Object.fromEntries(
            parsed.error.issues.map((issue) => [issue.path.join('.') || '(payload)', issue.message]),
          );
          throw new RefusedError({
            code: 'INVALID_INPUT',
            message: `The request was not valid: ${Object.entries(fields)
              .map(([k, v]) => `${k}: ${v}`)
              .join('; ')}`,
            fields,
          });
        }
        return { ok: true, data: await handle(parsed.data as z.output<(typeof payloads)[N]>, { accountId, cloudId }) };
      } catch (caught) {
        // Forge's own quotas (storage 429s, queue limits) read like an Atlassian 429: busy, try again shortly.
        const error = toPlatformError(caught);
        if (error instanceof RefusedError) return { ok: false, error: error.answer };
        if (isApiError(error)) {
          const code = error.kind === 'unauthorized' || error.kind === 'forbidden' ? 'API_KEY' : 'ATLASSIAN_API';
          return { ok: false, error: { code, message: error.message } };
        }
        console.error(
          JSON.stringify({
            app: 'user-manager',
            step: 'resolver.error',
            resolver: name,
            error: (error as Error).stack,
          }),
        );
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `Something went wrong in the app: ${(error as Error).message}` },
        };
      }
    },
  );
}
