/**
 * What every resolver shares. On every call: the caller must be a Confluence site admin (checked here, never
 * trusted from the page), the payload must pass its zod schema (src/contract/), and any failure comes back
 * as `{ ok: false, error: { code, message } }` in words an admin can act on.
 * Lists are paged: no resolver reads the whole site or all runs inside its 25 seconds.
 */
import Resolver from '@forge/resolver';
import type { z } from 'zod';
import { payloads, type Answer } from '../../contract';
import { holdsSecret, redactDeep } from '../../domain/redact';
import { createConfluenceApi } from '../../adapters/confluenceApi';
import { confluenceAsUser, egressTransport } from '../../adapters/forgeTransport';
import { createAdminApiFromSettings } from '../../adapters/engineDeps';
import { isApiError } from '../../adapters/http';
import { CheckFailedError, checkWithRetries, retryingTransport } from '../../adapters/checks';
import { answerFor, invalidInput, RefusedError } from './boundary';

interface CallContext {
  accountId?: string;
  cloudId?: string;
  installContext?: string;
}

export { RefusedError };

export const resolver = new Resolver();

/**
 * A Confluence site admin: a member of a group Confluence lists as site-admin, an org admin (who administers every
 * site of the org without being in those groups), or a user holding `atlassian/site-admin` on this site directly (a
 * role assignment, no group). Only the Admin API can tell the last two, once an org key is saved.
 * Unknown is not no (src/adapters/checks.ts): a 429 or 5xx is tried again, then a CheckFailedError ("could not
 * check"), never a refusal. A caller Confluence does not know, or a suspended or deactivated one, is no admin.
 */
async function isSiteAdmin(accountId: string, cloudId: string): Promise<boolean> {
  const confluence = createConfluenceApi({ transport: retryingTransport(confluenceAsUser(accountId)) });
  let confluenceUnknown: CheckFailedError | undefined;
  try {
    const inAdminGroup = await checkWithRetries('that you are a Confluence site admin', 'Confluence', () =>
      confluence.isSiteAdmin(accountId),
    );
    if (inAdminGroup) return true;
  } catch (error) {
    // Confluence refusing to list the caller's groups (401/403/404) says it does not know them as a site admin.
    if (error instanceof CheckFailedError) confluenceUnknown = error;
    else if (!isApiError(error)) throw error;
  }
  // Confluence could not say: an org admin is still let in; anyone else hears that the check did not complete.
  if (!confluenceUnknown) return isAdminThroughOrg(accountId, cloudId);
  if (await isAdminThroughOrg(accountId, cloudId).catch(() => false)) return true;
  throw confluenceUnknown;
}

/**
 * An active org admin, or an active user holding `atlassian/site-admin` on this site directly: known through the
 * Admin API with the saved org key (false when none is saved).
 */
async function isAdminThroughOrg(accountId: string, cloudId: string): Promise<boolean> {
  try {
    return await checkWithRetries('whether you are an org or site admin', 'the Atlassian Admin API', async () => {
      const admin = await createAdminApiFromSettings(cloudId, retryingTransport(egressTransport));
      const user = await admin.getUser(accountId);
      if (user?.status !== 'active') return false;
      if (user.orgAdmin) return true;
      // platformRoles says site admin somewhere in the org; the role assignments say whether on this site.
      return user.siteAdmin === true && (await admin.getRoleAssignments(accountId)).siteAdmin;
    });
  } catch (error) {
    if (error instanceof CheckFailedError || !isApiError(error)) throw error;
    if (error.operation === 'readApiKey') return false; // no org key saved: only site-admin groups make an admin
    if (error.kind === 'unauthorized' || error.kind === 'forbidden')
      // The key is refused: whether the caller is an org admin cannot be known; a site admin can fix the key.
      throw new CheckFailedError(
        'whether you are an org admin, because the Atlassian Admin API refused the organization API key',
        'the Atlassian Admin API',
        error.status !== undefined ? `HTTP ${error.status}` : 'with a refusal',
      );
    if (error.kind === 'notFound') return false; // not a user of the organization
    throw error;
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
        const data = await handle(parsed.data as z.output<(typeof payloads)[N]>, { accountId, cloudId });
        // Secrets are never quoted (src/domain/redact.ts): an answer holding one (e.g. a provider's error that
        // quoted a header) goes out redacted.
        return { ok: true, data: holdsSecret(JSON.stringify(data) ?? '') ? redactDeep(data) : data };
      } catch (caught) {
        // Refusals cut to size, could-not-check and busy answers kept, storage errors never quoted raw, and
        // no secret in any of them.
        return { ok: false, error: redactDeep(answerFor(caught, name)) };
      }
    },
  );
}
