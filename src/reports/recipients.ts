/**
 * Who gets a run report: the scheme's `emailUsers` plus the members of its `emailGroups`, each once, with the
 * address the directory knows. A recipient without a known address is named in a warning rather than failing
 * the report; so is a group that cannot be read. A retryable failure (rate limit, outage) is thrown instead,
 * so the engine retries the reporting step later rather than sending to half the list.
 */
import { isRetryable } from '../domain/retryable';

export interface RecipientDirectory {
  groupMemberIds(groupId: string): Promise<string[]>;
  emailOf(accountId: string): Promise<string | null>;
}

export interface Recipient {
  accountId: string;
  email: string;
}

export const noEmailWarning = (accountId: string): string =>
  `No email address is known for ${accountId}; they get no report.`;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function resolveRecipients(
  request: { userIds: string[]; groupIds: string[] },
  directory: RecipientDirectory,
): Promise<{ recipients: Recipient[]; warnings: string[] }> {
  const warnings: string[] = [];
  const accountIds = new Set(request.userIds.filter((id) => id.trim() !== ''));
  for (const groupId of new Set(request.groupIds)) {
    try {
      for (const id of await directory.groupMemberIds(groupId)) accountIds.add(id);
    } catch (error) {
      if (isRetryable(error)) throw error;
      warnings.push(`The members of group ${groupId} could not be read, so they get no report: ${describe(error)}`);
    }
  }

  const recipients: Recipient[] = [];
  const addresses = new Set<string>();
  for (const accountId of accountIds) {
    let email: string | null;
    try {
      email = await directory.emailOf(accountId);
    } catch (error) {
      if (isRetryable(error)) throw error;
      warnings.push(`The email address of ${accountId} could not be read, so they get no report: ${describe(error)}`);
      continue;
    }
    const address = email?.trim() ?? '';
    if (address === '') {
      warnings.push(noEmailWarning(accountId));
      continue;
    }
    // Two accounts can share an address (an admin's second account): one copy is enough.
    if (addresses.has(address.toLowerCase())) continue;
    addresses.add(address.toLowerCase());
    recipients.push({ accountId, email: address });
  }
  return { recipients, warnings };
}
