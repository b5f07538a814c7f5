/**
 * Signed, expiring, single-user tokens for the "keep my access" link of a warning email. The token names the
 * scheme and the user and when it expires, signed with HMAC-SHA256 under a key only the app holds (a Forge
 * secret). Single use is enforced by whoever redeems it (the nonce is recorded as used).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface KeepAccessClaim {
  schemeId: string;
  accountId: string;
  /** Epoch ms after which the link no longer works. */
  expiresAt: number;
  nonce: string;
  /**
   * What the link does: absent for a warning's "keep my access"; `restoreAccess` for the "restore my access" link
   * sent after a run removed access (src/engine/restoreAccess.ts), which also names that run.
   */
  purpose?: 'restoreAccess';
  runId?: string;
}

export type TokenCheck =
  { ok: true; claim: KeepAccessClaim } | { ok: false; problem: 'malformed' | 'forged' | 'expired' };

function sign(payload: string, key: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export function createToken(claim: Omit<KeepAccessClaim, 'nonce'>, key: string): string {
  const payload = Buffer.from(JSON.stringify({ ...claim, nonce: randomBytes(12).toString('base64url') })).toString(
    'base64url',
  );
  return `${payload}.${sign(payload, key)}`;
}

export function verifyToken(token: string, key: string, now: number): TokenCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, problem: 'malformed' };
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: 'forged' };
  let claim: KeepAccessClaim;
  try {
    claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as KeepAccessClaim;
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (
    typeof claim.schemeId !== 'string' ||
    typeof claim.accountId !== 'string' ||
    typeof claim.expiresAt !== 'number' ||
    typeof claim.nonce !== 'string' ||
    (claim.purpose !== undefined && claim.purpose !== 'restoreAccess') ||
    (claim.runId !== undefined && typeof claim.runId !== 'string')
  ) {
    return { ok: false, problem: 'malformed' };
  }
  if (claim.expiresAt <= now) return { ok: false, problem: 'expired' };
  return { ok: true, claim };
}

/** A fresh signing key, created once per installation. */
export function newSigningKey(): string {
  return randomBytes(32).toString('base64url');
}

type TokenProblem = Extract<TokenCheck, { ok: false }>;

/**
 * Both kinds of link are signed by the same key, so each is checked as the link it must be: a valid token of the
 * other kind is `forged` (a restore link does nothing as a keep-access link, and the reverse).
 */
export function verifyKeepAccessLink(token: string, key: string, now: number): TokenCheck {
  const check = verifyToken(token, key, now);
  if (check.ok && check.claim.purpose !== undefined) return { ok: false, problem: 'forged' };
  return check;
}

/** A "restore my access" link: its purpose says so and it names the run that removed the access. */
export function verifyRestoreLink(
  token: string,
  key: string,
  now: number,
): { ok: true; claim: KeepAccessClaim & { runId: string } } | TokenProblem {
  const check = verifyToken(token, key, now);
  if (!check.ok) return check;
  const { claim } = check;
  if (claim.purpose !== 'restoreAccess' || !claim.runId) return { ok: false, problem: 'forged' };
  return { ok: true, claim: { ...claim, runId: claim.runId } };
}
