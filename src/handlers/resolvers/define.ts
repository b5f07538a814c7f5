/**
 * What every resolver shares. On every call: the caller must be a Confluence site admin (checked here, never
 * trusted from the page), the payload must pass its zod schema (src/contract.ts), and any failure comes back
 * as `{ ok: false, error: { code, message } }` in words an admin can act on.
 * Lists are paged: no resolver reads the whole site or all runs inside its 25 seconds.
 */
import Resolver from '@forge/resolver';
import type { z } from 'zod';
import { payloads, type Answer } from '../../contract';
import { createConfluenceApi } from '../../adapters/confluenceApi';
import { confluenceAsUser } from '../../adapters/forgeTransport';
import { createAdminApiFromSettings } from '../../adapters/engineDeps';
import { answerFor, invalidInput, RefusedError } from './boundary';

interface CallContext {
  accountId?: string;
  cloudId?: string;
  installContext?: string;
}

export { RefusedError };

export const resolver = new Resolver();

/**
 * A Confluence site admin: a member of a group Confluence lists as site-admin, or an org admin (who administers
 * every site of the org without being in those groups; only the Admin API can tell, once an org key is saved).
 */
async function isSiteAdmin(accountId: string, cloudId: string): Promise<boolean> {
  if (await createConfluenceApi({ transport: confluenceAsUser(accountId) }).isSiteAdmin(accountId)) return true;
  try {
    const user = await (await createAdminApiFromSettings(cloudId)).getUser(accountId);
    return user?.orgAdmin === true && user.status === 'active';
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
        if (!parsed.success) throw invalidInput(parsed.error.issues);
        return { ok: true, data: await handle(parsed.data as z.output<(typeof payloads)[N]>, { accountId, cloudId }) };
      } catch (caught) {
        // Refusals cut to size, Atlassian's and Forge's busy answers kept, storage errors never quoted raw.
        return { ok: false, error: answerFor(caught, name) };
      }
    },
  );
}
