/**
 * "Give me my access back": after a live run removed a user's Confluence access with `{ type: 'removeAccess',
 * offerRestore: true }`, the user gets an email with a signed "restore my access" link (the keep-access token of
 * src/domain/token.ts, with `purpose: 'restoreAccess'` and the run's id). A valid click (signed by this
 * installation, not expired, never used before) either
 * - restores the seat at once: adds the user back to the access groups that run removed (its recorded
 *   `UserOutcome.changes`), when the site is under its seat target (Settings), or when no target is set (nothing to
 *   protect, so nothing to wait for); or
 * - files a request an admin approves or declines in the page, when the site is at or over the target (or no seat
 *   count is known yet).
 * A forged, expired or reused token changes nothing. Every offer, restore, request and decision is audited.
 */
import { verifyRestoreLink } from '../domain/token';
import type { RecordedChanges } from '../domain/undo';
import type { AuditEntry } from '../domain/audit';
import { renderRestoreEmail } from '../reports/restoreEmail';
import type { EngineDeps } from './ports';
import type { RunRecord } from './records';
import type { RestoreOffer } from './ports/restoreStore';
import { classifyMailFailure, MailConfigurationError } from './mailFailure';
import { redact } from '../domain/redact';
import { readOverview } from './snapshot';

/** How long a restore link works: a month covers holidays and parental leave starting right after a run. */
export const RESTORE_LINK_DAYS = 30;
const DAY_MS = 86_400_000;

/** The access groups a removeAccess action of this run took from the user. */
export function removedAccessGroups(changes: RecordedChanges | undefined): string[] {
  return (changes?.actions ?? [])
    .filter((entry) => entry.action === 'removeAccess')
    .flatMap((entry) => entry.steps.flatMap((step) => (step.kind === 'removeFromGroup' ? [step.groupId] : [])));
}

/** Whether a removeAccess action of this run revoked the user's direct Confluence role. */
export function revokedDirectRole(changes: RecordedChanges | undefined): boolean {
  return (changes?.actions ?? []).some(
    (entry) => entry.action === 'removeAccess' && entry.steps.some((step) => step.kind === 'revokeRole'),
  );
}

export function offersRestore(run: Pick<RunRecord, 'plan'>): boolean {
  return run.plan.mode === 'live' && run.plan.actions.some((a) => a.type === 'removeAccess' && a.offerRestore === true);
}

/**
 * Emails each user this batch just removed access from a restore link: a follow-up of the act step (src/engine/act.ts),
 * called after the users' results are recorded. A crash in between leaves the follow-up listed in the batch, so the
 * next attempt sends the offers (a user already offered by this run is not emailed again; a crash between the email
 * and its record sends at most a duplicate). Returns the users whose address the provider refused: a warning on
 * their outcome. A retryable failure is thrown (the follow-up is done later); wrong email settings are a
 * MailConfigurationError.
 */
export async function sendRestoreOffers(
  deps: EngineDeps,
  run: RunRecord,
  users: ReadonlyArray<{ accountId: string; name: string; email: string | null; changes?: RecordedChanges }>,
): Promise<Array<{ accountId: string; problem: string }>> {
  if (!offersRestore(run)) return [];
  const due = users.filter(
    (user) => user.email && (removedAccessGroups(user.changes).length > 0 || revokedDirectRole(user.changes)),
  );
  if (due.length === 0) return [];
  const sender = await deps.mail.sender();
  if ('unavailable' in sender) {
    deps.log.step({ step: 'restore.offer', runId: run.id, skipped: due.length, reason: sender.unavailable });
    return due.map((user) => ({
      accountId: user.accountId,
      problem: `No "restore my access" email was sent: ${sender.unavailable}`,
    }));
  }
  const now = deps.now();
  const refused: Array<{ accountId: string; problem: string }> = [];
  for (const user of due) {
    if (await deps.restores.get(run.id, user.accountId)) continue;
    const expiresAt = new Date(now.getTime() + RESTORE_LINK_DAYS * DAY_MS);
    const link = await deps.restores.restoreUrl({
      schemeId: run.schemeId,
      runId: run.id,
      accountId: user.accountId,
      expiresAt: expiresAt.getTime(),
    });
    const email = renderRestoreEmail({ name: user.name, restoreUrl: link, expiresAt: expiresAt.toISOString() });
    try {
      await sender.send({ to: [user.email!], subject: email.subject, html: email.html, text: email.text });
    } catch (error) {
      const failure = classifyMailFailure(error);
      if (failure === 'retry') throw error;
      if (failure === 'configuration') throw new MailConfigurationError('The "restore my access" emails', error);
      const problem = redact(
        `The "restore my access" email to ${user.email} could not be sent: ${(error as Error).message}`,
      );
      deps.log.step({ step: 'restore.offer', runId: run.id, accountId: user.accountId, refused: problem });
      refused.push({ accountId: user.accountId, problem });
      continue;
    }
    await deps.restores.put({
      runId: run.id,
      schemeId: run.schemeId,
      accountId: user.accountId,
      name: user.name,
      email: user.email!,
      groupIds: removedAccessGroups(user.changes),
      ...(revokedDirectRole(user.changes) ? { directRole: true as const } : {}),
      offeredAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      status: 'offered',
      requestedAt: null,
      decidedBy: null,
      decidedAt: null,
    });
    await deps.audit.append({
      at: now.toISOString(),
      kind: 'user.restoreOffered',
      actor: run.requestedBy ?? 'app',
      subject: user.accountId,
      summary: `${user.name} emailed a "restore my access" link, valid until ${expiresAt.toISOString().slice(0, 10)}`,
      details: { runId: run.id, schemeId: run.schemeId, expiresAt: expiresAt.toISOString() },
    });
  }
  return refused;
}

export interface RestoreLinkDeps {
  signingKey(): Promise<string>;
  /** Records the token's nonce as used; false if it was used already. */
  claimNonce(nonce: string, expiresAt: number): Promise<boolean>;
}

export type RestoreLinkResult =
  | { ok: true; done: 'restored' | 'requested'; name: string }
  | { ok: false; problem: 'malformed' | 'forged' | 'expired' | 'reused' | 'unknown' };

/** A click on a "restore my access" link. */
export async function redeemRestoreLink(
  deps: EngineDeps,
  link: RestoreLinkDeps,
  token: string,
): Promise<RestoreLinkResult> {
  const now = deps.now();
  const check = verifyRestoreLink(token, await link.signingKey(), now.getTime());
  if (!check.ok) return check;
  const { claim } = check;
  if (!(await link.claimNonce(claim.nonce, claim.expiresAt))) return { ok: false, problem: 'reused' };
  const offer = await deps.restores.get(claim.runId, claim.accountId);
  if (!offer || offer.status !== 'offered') return { ok: false, problem: 'unknown' };
  if (await underSeatTarget(deps)) {
    await restoreSeat(deps, offer, claim.accountId);
    return { ok: true, done: 'restored', name: offer.name };
  }
  await deps.restores.put({ ...offer, status: 'requested', requestedAt: now.toISOString() });
  await deps.audit.append(
    entry(deps, offer, 'user.restoreRequested', claim.accountId, `${offer.name} asked for their access back`),
  );
  return { ok: true, done: 'requested', name: offer.name };
}

/** An admin's decision on a filed request; refused (a sentence) if it is no longer waiting. */
export async function decideRestoreRequest(
  deps: EngineDeps,
  request: { runId: string; accountId: string; approve: boolean },
  admin: string,
): Promise<{ ok: true; offer: RestoreOffer } | { ok: false; message: string }> {
  const offer = await deps.restores.get(request.runId, request.accountId);
  if (!offer || offer.status !== 'requested')
    return { ok: false, message: 'This request is no longer waiting: another admin has decided it already.' };
  if (request.approve) return { ok: true, offer: await restoreSeat(deps, offer, admin) };
  const declined: RestoreOffer = {
    ...offer,
    status: 'declined',
    decidedBy: admin,
    decidedAt: deps.now().toISOString(),
  };
  await deps.restores.put(declined);
  await deps.audit.append(
    entry(deps, offer, 'user.restoreDeclined', admin, `Request of ${offer.name} for their access back declined`),
  );
  return { ok: true, offer: declined };
}

/**
 * Whether a restore may happen without an admin: no seat target, or the latest seat count (the daily snapshot) plus
 * the seats restored since (at or after the count: on the safe side) is below the target. No count yet with a target
 * set: an admin decides.
 */
async function underSeatTarget(deps: EngineDeps): Promise<boolean> {
  const { seatTarget } = await deps.settings.get();
  if (seatTarget === null) return true;
  const latest = (await readOverview(deps))?.latest;
  if (!latest) return false;
  let restoredSince = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.restores.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    restoredSince += page.offers.filter(
      (offer) => offer.status === 'restored' && (offer.decidedAt ?? '') >= latest.measuredAt,
    ).length;
    cursor = page.nextCursor;
  } while (cursor);
  return latest.seats + restoredSince < seatTarget;
}

/**
 * Adds the user back to the groups the run removed (a group they are in already counts) and gives back a direct role
 * it revoked, then records it.
 */
async function restoreSeat(deps: EngineDeps, offer: RestoreOffer, actor: string): Promise<RestoreOffer> {
  const directory = await deps.directory();
  for (const groupId of offer.groupIds) await directory.perform(offer.accountId, { kind: 'addToGroup', groupId });
  if (offer.directRole) await directory.perform(offer.accountId, { kind: 'grantRole' });
  const restored: RestoreOffer = {
    ...offer,
    status: 'restored',
    decidedBy: actor,
    decidedAt: deps.now().toISOString(),
  };
  await deps.restores.put(restored);
  await deps.audit.append(
    entry(
      deps,
      offer,
      'user.accessRestored',
      actor,
      `Confluence access of ${offer.name} restored (${offer.groupIds.length} group${offer.groupIds.length === 1 ? '' : 's'})`,
    ),
  );
  return restored;
}

function entry(
  deps: EngineDeps,
  offer: RestoreOffer,
  kind: AuditEntry['kind'],
  actor: string,
  summary: string,
): Omit<AuditEntry, 'id'> {
  return {
    at: deps.now().toISOString(),
    kind,
    actor,
    subject: offer.accountId,
    summary,
    details: { runId: offer.runId, schemeId: offer.schemeId, groupIds: offer.groupIds },
  };
}

/** Offers read a day by the one-time copy of waiting requests: 20 pages of 100, well inside a minute's storage quota. */
const REQUEST_COPY_PAGES_A_DAY = 20;

/**
 * Requests filed before the access-request list read its own copies (restore-request:…) have no copy, so the list
 * would never show them. Daily housekeeping copies them once, a bounded number of pages a day, keeping its place in
 * storage so a day's quota or a crash only delays it. Each copy is checked against the offer after it is written: a
 * request an admin decided in between loses its copy again, so the list never shows a decided request.
 */
export async function copyWaitingRequests(deps: EngineDeps): Promise<number> {
  let progress = await deps.restores.requestCopyProgress();
  let copied = 0;
  for (let page = 0; page < REQUEST_COPY_PAGES_A_DAY && progress !== 'done'; page += 1) {
    const { offers, nextCursor } = await deps.restores.list({ limit: 100, ...(progress ? { cursor: progress } : {}) });
    for (const offer of offers.filter((read) => read.status === 'requested')) {
      await deps.restores.putRequestCopy(offer);
      const now = await deps.restores.get(offer.runId, offer.accountId);
      if (now && now.status !== 'requested') await deps.restores.putRequestCopy(now);
      else copied += 1;
    }
    progress = nextCursor ?? 'done';
    await deps.restores.setRequestCopyProgress(progress);
  }
  return copied;
}
