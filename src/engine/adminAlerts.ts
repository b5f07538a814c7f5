/**
 * Emails to the admins named in Settings (`seatAlertRecipients`): the seat alert and the API key's expiry notices.
 * One place decides who gets them and why none went out, so both alerts say it the same way.
 */
import { resolveRecipients } from '../reports/recipients';
import type { EngineDeps } from './ports';

export interface AdminAlertEmail {
  subject: string;
  html: string;
  text: string;
}

export interface AdminAlertSent {
  recipients: string[];
  /** Why nothing went out: no admin named, no email provider, or no known address. */
  notSent?: string;
  /** Named admins left out (no known address). */
  warnings?: string[];
}

export async function emailSettingsAdmins(
  deps: EngineDeps,
  recipientIds: string[],
  email: AdminAlertEmail,
): Promise<AdminAlertSent> {
  if (recipientIds.length === 0) return { recipients: [], notSent: 'Settings name no admin to alert.' };
  const sender = await deps.mail.sender();
  if ('unavailable' in sender) return { recipients: [], notSent: sender.unavailable };
  const { recipients, warnings } = await resolveRecipients(
    { userIds: recipientIds, groupIds: [] },
    deps.mail.recipients(),
  );
  if (recipients.length === 0)
    return { recipients: [], notSent: 'No admin named in settings has a known email address.', warnings };
  await sender.send({ to: recipients.map((recipient) => recipient.email), ...email });
  return { recipients: recipients.map((recipient) => recipient.email), warnings };
}
