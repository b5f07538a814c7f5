/**
 * A warned user's "keep my access" link: a valid token (signed by this installation, not expired, never used
 * before) exempts the user from that scheme for the configured time and is recorded in the audit log. A forged,
 * expired or reused token changes nothing.
 */
import { addDays } from 'date-fns';
import { verifyKeepAccessLink } from '../domain/token';
import type { AuditStore, SettingsStore } from './ports';
import type { WarningStore } from './ports/warningStore';

export interface KeepAccessDeps {
  warnings: WarningStore;
  audit: AuditStore;
  settings: SettingsStore;
  signingKey(): Promise<string>;
  /** Records the token's nonce as used; false if it was used already. */
  claimNonce(nonce: string, expiresAt: number): Promise<boolean>;
  now(): Date;
}

export type KeepAccessResult =
  | { ok: true; until: string; name: string }
  | { ok: false; problem: 'malformed' | 'forged' | 'expired' | 'reused' | 'unknown' };

export async function redeemKeepAccess(deps: KeepAccessDeps, token: string): Promise<KeepAccessResult> {
  const now = deps.now();
  const check = verifyKeepAccessLink(token, await deps.signingKey(), now.getTime());
  if (!check.ok) return check;
  const { claim } = check;
  // Used once, whatever happens next: a second click says so rather than something vaguer.
  if (!(await deps.claimNonce(claim.nonce, claim.expiresAt))) return { ok: false, problem: 'reused' };
  const warning = await deps.warnings.get(claim.schemeId, claim.accountId);
  if (!warning || warning.status !== 'pending') return { ok: false, problem: 'unknown' };
  const settings = await deps.settings.get();
  const until = addDays(now, settings.keepAccessDays).toISOString();
  await deps.warnings.put({ ...warning, status: 'keptAccess', keepAccessUntil: until });
  await deps.audit.append({
    at: now.toISOString(),
    kind: 'user.keptAccess',
    actor: claim.accountId,
    subject: claim.accountId,
    summary: `${warning.name} asked to keep their access; exempt from this scheme until ${until.slice(0, 10)}`,
    details: { schemeId: claim.schemeId, until },
  });
  return { ok: true, until, name: warning.name };
}
