/**
 * The org API key expires within a year (admin.atlassian.com shows the date when the key is created; the admin
 * keeps it in Settings). So that the app runs unattended until the bill: the admins named in Settings (the seat
 * alert recipients) get one email 14 days and one 3 days before it, from the daily housekeeping, and after it runs
 * stop with the reason and the fix instead of failing on the Admin API's 401.
 */
import { differenceInCalendarDays } from 'date-fns';
import { calendarDayAt, formatBillDate } from '../domain/billing';
import { emailSettingsAdmins } from './adminAlerts';
import { escapeHtml } from '../reports/render';
import type { EngineDeps } from './ports';
import type { Settings } from './settings';

/** Days before the expiry on which the admins are warned, most urgent last. */
export const KEY_EXPIRY_NOTICES = [14, 3] as const;

const FIX = 'create a new one in admin.atlassian.com → Settings → API keys and paste it in Settings';

/** Days are counted in UTC: Atlassian's expiry date carries no time zone. */
function today(now: Date): string {
  return calendarDayAt(now, 'UTC');
}

function daysLeft(expiresOn: string, now: Date): number {
  return differenceInCalendarDays(new Date(`${expiresOn}T12:00:00Z`), new Date(`${today(now)}T12:00:00Z`));
}

/** Why a key expiry date cannot be saved, or null: a date already past describes a key that no longer works. */
export function keyExpiryProblem(expiresOn: string, now: Date): string | null {
  if (daysLeft(expiresOn, now) > 0) return null;
  return `The API key expiry date ${formatBillDate(expiresOn)} is not in the future: that key no longer works; ${FIX}.`;
}

/** The reason runs stop once the key has expired (its expiry day included), or null while it works. */
export function expiredKeyReason(settings: Pick<Settings, 'apiKeyExpiresOn'>, now: Date): string | null {
  const expiresOn = settings.apiKeyExpiresOn;
  if (expiresOn === null || daysLeft(expiresOn, now) > 0) return null;
  return `The organization API key expired on ${formatBillDate(expiresOn)}; ${FIX}.`;
}

/** What the page's banner says: from 14 days before the expiry, and after it. */
export function keyExpiryBanner(
  settings: Pick<Settings, 'apiKeyExpiresOn'>,
  now: Date,
): { expired: boolean; message: string } | null {
  const expired = expiredKeyReason(settings, now);
  if (expired) return { expired: true, message: `${expired} Until then no scheme runs.` };
  const expiresOn = settings.apiKeyExpiresOn;
  if (expiresOn === null) return null;
  const left = daysLeft(expiresOn, now);
  if (left > KEY_EXPIRY_NOTICES[0]) return null;
  return {
    expired: false,
    message: `The organization API key expires on ${formatBillDate(expiresOn)} (in ${left} ${left === 1 ? 'day' : 'days'}): ${FIX}, or runs stop then.`,
  };
}

/** The notice due now (14, or 3 once within 3 days), or null: a late housekeeping sends the most urgent one only. */
export function dueKeyExpiryNotice(expiresOn: string, now: Date): number | null {
  const left = daysLeft(expiresOn, now);
  if (left <= 0) return null;
  const due = KEY_EXPIRY_NOTICES.filter((days) => left <= days);
  return due.length > 0 ? due[due.length - 1]! : null;
}

/**
 * Called by the daily housekeeping: sends the due notice once. The claim is written before the email goes, so two
 * housekeeping invocations (a duplicated trigger) send it once; one that dies after the claim sends none.
 */
export async function warnAboutKeyExpiry(deps: EngineDeps): Promise<{ sentNotice: number | null }> {
  const settings = await deps.settings.get();
  const expiresOn = settings.apiKeyExpiresOn;
  if (expiresOn === null) return { sentNotice: null };
  const notice = dueKeyExpiryNotice(expiresOn, deps.now());
  if (notice === null) return { sentNotice: null };
  if (!(await deps.settings.claimKeyExpiryNotice(expiresOn, notice))) return { sentNotice: null };
  const sent = await emailSettingsAdmins(
    deps,
    settings.seatAlertRecipients,
    renderKeyExpiryEmail(expiresOn, daysLeft(expiresOn, deps.now())),
  );
  await deps.audit.append({
    at: deps.now().toISOString(),
    kind: 'apiKey.expiring',
    actor: 'app',
    subject: 'settings',
    summary: `The organization API key expires on ${formatBillDate(expiresOn)}: ${
      sent.recipients.length > 0 ? `warned ${sent.recipients.join(', ')}` : `no email sent (${sent.notSent ?? ''})`
    }`,
    details: { expiresOn, daysBefore: notice, ...sent },
  });
  return { sentNotice: notice };
}

export function renderKeyExpiryEmail(expiresOn: string, left: number): { subject: string; html: string; text: string } {
  const date = formatBillDate(expiresOn);
  const lines = [
    `The organization API key that User manager uses expires on ${date}, in ${left} ${left === 1 ? 'day' : 'days'}.`,
    `After that no scheme runs: no seat is freed before the next bill. To keep it running, ${FIX}, with its new expiry date.`,
  ];
  return {
    subject: `User manager: the organization API key expires on ${date}`,
    text: lines.join('\n\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}
