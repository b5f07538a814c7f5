/** Web trigger behind the "keep my access" link of warning emails. Answers a plain page either way. */
import { kvs } from '@forge/kvs';
import { redeemKeepAccess, type KeepAccessResult } from '../engine/keepAccess';
import { createKvsAuditStore } from '../adapters/kvsAuditStore';
import { createKvsWarningStore, tokenSigningKey } from '../adapters/kvsWarningStore';
import { createSettingsStore } from '../adapters/settingsStore';
import { keys } from '../adapters/storageKeys';
import { isKeyConflict } from '../adapters/kvsErrors';
import { toPlatformError } from '../adapters/platformErrors';
import { isRetryable } from '../engine/ports';
import { escapeHtml } from '../reports/render';

interface WebTriggerRequest {
  method?: string;
  queryParameters?: Record<string, string[] | undefined>;
}

export const MESSAGES: Record<Exclude<KeepAccessResult, { ok: true }>['problem'], string> = {
  malformed: 'This link is incomplete. Open it again from your email, exactly as it was sent.',
  forged: 'This link is not valid. Nothing was changed.',
  expired: 'This link has expired. Nothing was changed; if you still need Confluence, ask your administrator.',
  reused: 'This link was already used, and it works only once. Nothing more was changed.',
  unknown: 'There is no pending warning for this link any more. Nothing was changed.',
};

export function page(statusCode: number, title: string, message: string) {
  return {
    statusCode,
    headers: { 'Content-Type': ['text/html; charset=utf-8'] },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui;margin:3rem;color:#172B4D"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
  };
}

export async function keepAccess(request: WebTriggerRequest) {
  const token = request.queryParameters?.t?.[0] ?? '';
  let claimed: string | undefined;
  try {
    return await redeem(token, (nonce) => (claimed = nonce));
  } catch (error) {
    // Forge storage over its quota: free the link again (best effort) so the person's next click works.
    if (!isRetryable(toPlatformError(error))) throw error;
    if (claimed) await kvs.delete(keys.usedToken(claimed)).catch(() => undefined);
    return page(503, 'Please try again in a minute', BUSY_MESSAGE);
  }
}

export const BUSY_MESSAGE = 'The app is busy right now and changed nothing. Open the link again in a minute.';

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
  return page(
    result.problem === 'expired' || result.problem === 'reused' ? 410 : 400,
    'Nothing was changed',
    MESSAGES[result.problem],
  );
}
