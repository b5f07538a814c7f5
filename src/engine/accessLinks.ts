/**
 * What an emailed link offers, read without spending it: the page a GET of a "keep my access" or "restore my access"
 * link shows before the person presses its button (src/handlers/linkPage.ts). The same checks as redeeming
 * (signed by this installation, not expired, not used, still pending), but nothing is written: a mail scanner that
 * opens the link changes nothing, and the person's click still works.
 */
import { verifyKeepAccessLink, verifyRestoreLink } from '../domain/token';
import type { RestoreOffer } from './ports/restoreStore';
import type { WarningRecord } from './ports/warningStore';

export type LinkProblem = 'malformed' | 'forged' | 'expired' | 'reused' | 'unknown';

export interface LinkPreviewDeps {
  signingKey(): Promise<string>;
  /** Whether the token's nonce was spent already (read only). */
  nonceUsed(nonce: string): Promise<boolean>;
  now(): Date;
}

export type KeepAccessPreview =
  | { ok: true; name: string; schemeName: string | null; actAfter: string; keepAccessDays: number }
  | { ok: false; problem: LinkProblem };

export async function previewKeepAccess(
  deps: LinkPreviewDeps & {
    warning(schemeId: string, accountId: string): Promise<WarningRecord | undefined>;
    schemeName(schemeId: string): Promise<string | null>;
    keepAccessDays(): Promise<number>;
  },
  token: string,
): Promise<KeepAccessPreview> {
  const check = verifyKeepAccessLink(token, await deps.signingKey(), deps.now().getTime());
  if (!check.ok) return check;
  const { claim } = check;
  if (await deps.nonceUsed(claim.nonce)) return { ok: false, problem: 'reused' };
  const warning = await deps.warning(claim.schemeId, claim.accountId);
  if (!warning || warning.status !== 'pending') return { ok: false, problem: 'unknown' };
  return {
    ok: true,
    name: warning.name,
    schemeName: await deps.schemeName(claim.schemeId),
    actAfter: warning.actAfter,
    keepAccessDays: await deps.keepAccessDays(),
  };
}

export type RestorePreview =
  { ok: true; name: string; schemeName: string | null; offeredAt: string } | { ok: false; problem: LinkProblem };

export async function previewRestoreLink(
  deps: LinkPreviewDeps & {
    offer(runId: string, accountId: string): Promise<RestoreOffer | undefined>;
    /** The name of the scheme the run ran, as the run recorded it. */
    runSchemeName(runId: string): Promise<string | null>;
  },
  token: string,
): Promise<RestorePreview> {
  const check = verifyRestoreLink(token, await deps.signingKey(), deps.now().getTime());
  if (!check.ok) return check;
  const { claim } = check;
  if (await deps.nonceUsed(claim.nonce)) return { ok: false, problem: 'reused' };
  const offer = await deps.offer(claim.runId, claim.accountId);
  if (!offer || offer.status !== 'offered') return { ok: false, problem: 'unknown' };
  return { ok: true, name: offer.name, schemeName: await deps.runSchemeName(claim.runId), offeredAt: offer.offeredAt };
}
