/** Web trigger behind the "restore my access" link emailed after removeAccess. Answers a plain page either way. */
import { kvs } from '@forge/kvs';
import { redeemRestoreLink } from '../engine/restoreAccess';
import { cloudIdFromInstallContext, createEngineDeps } from '../adapters/engineDeps';
import { tokenSigningKey } from '../adapters/kvsWarningStore';
import { keys } from '../adapters/storageKeys';
import { toPlatformError } from '../adapters/platformErrors';
import { isRetryable } from '../engine/ports';
import { BUSY_MESSAGE, claimTokenNonce, MESSAGES, page } from './keepAccess';

interface WebTriggerRequest {
  queryParameters?: Record<string, string[] | undefined>;
}

export async function restoreAccess(request: WebTriggerRequest, context?: { installContext?: string }) {
  const token = request.queryParameters?.t?.[0] ?? '';
  let claimed: string | undefined;
  try {
    const deps = createEngineDeps({ cloudId: cloudIdFromInstallContext(context?.installContext) });
    const result = await redeemRestoreLink(
      deps,
      {
        signingKey: tokenSigningKey,
        claimNonce: (nonce, expiresAt) => claimTokenNonce(nonce, expiresAt, (used) => (claimed = used)),
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
    return page(
      result.problem === 'expired' || result.problem === 'reused' ? 410 : 400,
      'Nothing was changed',
      result.problem === 'unknown'
        ? 'There is no open offer for this link any more. Nothing was changed.'
        : MESSAGES[result.problem],
    );
  } catch (error) {
    // Storage or Atlassian busy: free the link again (best effort) so the person's next click works.
    if (!isRetryable(toPlatformError(error))) throw error;
    if (claimed) await kvs.delete(keys.usedToken(claimed)).catch(() => undefined);
    return page(503, 'Please try again in a minute', BUSY_MESSAGE);
  }
}
