/**
 * Web trigger behind the "restore my access" link emailed after removeAccess. A GET shows whom the link is for and
 * what it does, with a button; only the button's POST spends the token (src/handlers/linkPage.ts).
 */
import { kvs } from '@forge/kvs';
import { redeemRestoreLink } from '../engine/restoreAccess';
import { previewRestoreLink } from '../engine/accessLinks';
import { cloudIdFromInstallContext, createEngineDeps } from '../adapters/engineDeps';
import { tokenSigningKey } from '../adapters/kvsWarningStore';
import { keys } from '../adapters/storageKeys';
import { toPlatformError } from '../adapters/platformErrors';
import { isRetryable } from '../engine/ports';
import type { EngineDeps } from '../engine/ports';
import { claimTokenNonce, nonceUsed } from './keepAccess';
import { BUSY_MESSAGE, MESSAGES, page, problemPage, serveLink, type WebTriggerRequest } from './linkPage';

const RESTORE_MESSAGES = {
  ...MESSAGES,
  unknown: 'There is no open offer for this link any more. Nothing was changed.',
};

export async function restoreAccess(request: WebTriggerRequest, context?: { installContext?: string }) {
  let claimed: string | undefined;
  try {
    const deps = createEngineDeps({ cloudId: cloudIdFromInstallContext(context?.installContext) });
    return await serveLink(request, {
      show: (token) => show(deps, token),
      redeem: (token) => redeem(deps, token, (nonce) => (claimed = nonce)),
    });
  } catch (error) {
    // Storage or Atlassian busy: free the link again (best effort) so the person's next click works.
    if (!isRetryable(toPlatformError(error))) throw error;
    if (claimed) await kvs.delete(keys.usedToken(claimed)).catch(() => undefined);
    return page(503, 'Please try again in a minute', BUSY_MESSAGE);
  }
}

async function show(deps: EngineDeps, token: string) {
  const preview = await previewRestoreLink(
    {
      signingKey: tokenSigningKey,
      nonceUsed,
      now: () => deps.now(),
      offer: (runId, accountId) => deps.restores.get(runId, accountId),
      runSchemeName: async (runId) => (await deps.runs.getRun(runId))?.plan.schemeName ?? null,
    },
    token,
  );
  if (!preview.ok) return problemPage(preview.problem, RESTORE_MESSAGES);
  const scheme = preview.schemeName ? `the scheme "${preview.schemeName}"` : 'a scheme of your administrators';
  return page(
    200,
    'Restore your Confluence access?',
    `${preview.name}, ${scheme} removed your Confluence access on ${preview.offeredAt.slice(0, 10)} because you had not used it for a while. Press the button to ask for it back: it returns at once, or after an administrator approves it when the site is at its seat limit.`,
    { token, button: 'Restore my access' },
  );
}

async function redeem(deps: EngineDeps, token: string, onClaim: (nonce: string) => void) {
  const result = await redeemRestoreLink(
    deps,
    {
      signingKey: tokenSigningKey,
      claimNonce: (nonce, expiresAt) => claimTokenNonce(nonce, expiresAt, onClaim),
    },
    token,
  );
  if (result.ok && result.done === 'restored')
    return page(200, 'Your access is back', `Welcome back, ${result.name}. You can use Confluence again now.`);
  if (result.ok)
    return page(
      200,
      'Your request was sent',
      `Thank you, ${result.name}. The site is at its seat limit, so your administrators will approve your access.`,
    );
  return problemPage(result.problem, RESTORE_MESSAGES);
}
