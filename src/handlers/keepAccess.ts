/**
 * Web trigger behind the "keep my access" link of warning emails. A GET shows whom the link is for and what it
 * does, with a button; only the button's POST spends the token (src/handlers/linkPage.ts).
 */
import { kvs } from '@forge/kvs';
import { redeemKeepAccess } from '../engine/keepAccess';
import { previewKeepAccess } from '../engine/accessLinks';
import { createKvsAuditStore } from '../adapters/kvsAuditStore';
import { createKvsSchemeStore } from '../adapters/kvsSchemeStore';
import { createKvsWarningStore, tokenSigningKey } from '../adapters/kvsWarningStore';
import { createSettingsStore } from '../adapters/settingsStore';
import { keys } from '../adapters/storageKeys';
import { isKeyConflict } from '../adapters/kvsErrors';
import { toPlatformError } from '../adapters/platformErrors';
import { isRetryable } from '../engine/ports';
import { BUSY_MESSAGE, page, problemPage, serveLink, type WebTriggerRequest } from './linkPage';

export async function keepAccess(request: WebTriggerRequest) {
  let claimed: string | undefined;
  try {
    return await serveLink(request, { show, redeem: (token) => redeem(token, (nonce) => (claimed = nonce)) });
  } catch (error) {
    // Forge storage over its quota: free the link again (best effort) so the person's next click works.
    if (!isRetryable(toPlatformError(error))) throw error;
    if (claimed) await kvs.delete(keys.usedToken(claimed)).catch(() => undefined);
    return page(503, 'Please try again in a minute', BUSY_MESSAGE);
  }
}

/** Whether a link's nonce was spent (read only: what a GET may do). */
export async function nonceUsed(nonce: string): Promise<boolean> {
  return (await kvs.get(keys.usedToken(nonce))) !== undefined;
}

/** Records a link's nonce as used (kept until the link expires): true the first time only. */
export async function claimTokenNonce(
  nonce: string,
  expiresAt: number,
  onClaim: (nonce: string) => void,
): Promise<boolean> {
  const seconds = Math.max(1, Math.ceil((expiresAt - Date.now()) / 1000));
  try {
    await kvs.set(keys.usedToken(nonce), true, {
      keyPolicy: 'FAIL_IF_EXISTS',
      ttl: { value: Math.min(seconds, 365 * 86_400), unit: 'SECONDS' },
    });
    onClaim(nonce);
    return true;
  } catch (error) {
    if (isKeyConflict(error)) return false;
    throw error;
  }
}

async function show(token: string) {
  const warnings = createKvsWarningStore();
  const preview = await previewKeepAccess(
    {
      signingKey: tokenSigningKey,
      nonceUsed,
      now: () => new Date(),
      warning: (schemeId, accountId) => warnings.get(schemeId, accountId),
      schemeName: async (schemeId) => (await createKvsSchemeStore().get(schemeId))?.name ?? null,
      keepAccessDays: async () => (await createSettingsStore().get()).keepAccessDays,
    },
    token,
  );
  if (!preview.ok) return problemPage(preview.problem);
  const scheme = preview.schemeName ? `the scheme "${preview.schemeName}"` : 'a scheme of your administrators';
  return page(
    200,
    'Keep your Confluence access?',
    `${preview.name}, ${scheme} would change your Confluence access after ${preview.actAfter.slice(0, 10)} because you have not used Confluence for a while. Press the button to keep your access: the scheme leaves you alone for ${preview.keepAccessDays} days.`,
    { token, button: 'Keep my access' },
  );
}

async function redeem(token: string, onClaim: (nonce: string) => void) {
  const result = await redeemKeepAccess(
    {
      warnings: createKvsWarningStore(),
      audit: createKvsAuditStore(),
      settings: createSettingsStore(),
      signingKey: tokenSigningKey,
      claimNonce: (nonce, expiresAt) => claimTokenNonce(nonce, expiresAt, onClaim),
      now: () => new Date(),
    },
    token,
  );
  if (result.ok) {
    return page(
      200,
      'You keep your access',
      `Thank you, ${result.name}. Your Confluence access stays as it is until at least ${result.until.slice(0, 10)}.`,
    );
  }
  return problemPage(result.problem);
}
