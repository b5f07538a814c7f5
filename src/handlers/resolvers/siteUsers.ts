/**
 * The site's users as the resolvers need them: names and emails for account ids (the audit log, the pickers'
 * saved values), and a refusal of any id that is not an account of this site (a typed name such as "Joan Allen",
 * a pasted junk string), before anything is saved. Confluence's users-bulk (as the app) answers 250 ids a call
 * and leaves unknown ids out; it needs no org API key, so it works on a freshly installed app.
 */
import { createConfluenceApi } from '../../adapters/confluenceApi';
import { confluenceAsApp } from '../../adapters/forgeTransport';
import { RESOLVERS, type UsersNamesAnswer } from '../../contract';
import { define, RefusedError } from './define';

export interface SiteUserName {
  name: string;
  email: string | null;
}

/** Names and emails of the account ids this site knows; ids it does not know are absent. */
export async function lookUpUsers(accountIds: readonly string[]): Promise<Map<string, SiteUserName>> {
  const ids = [...new Set(accountIds.map((id) => id.trim()).filter((id) => id !== ''))];
  if (ids.length === 0) return new Map();
  const users = await createConfluenceApi({ transport: confluenceAsApp }).getUsersBulk(ids);
  return new Map(users.map((user) => [user.accountId, { name: user.displayName, email: user.email }]));
}

/** A list of account ids the admin picked, with where it sits in the payload and what it is for. */
export interface AccountIdList {
  /** Field path for the form ("exemptions.users", "seatAlertRecipients"). */
  path: string;
  /** What the list holds, with its article: "an exempt user", "a report recipient". */
  what: string;
  ids: readonly string[];
}

/** Per-field messages for every id that is not an account of this site (path of the list's entry → message). */
export async function unknownAccountMessages(lists: readonly AccountIdList[]): Promise<Record<string, string>> {
  const known = await lookUpUsers(lists.flatMap((list) => list.ids));
  const fields: Record<string, string> = {};
  for (const list of lists) {
    list.ids.forEach((id, index) => {
      if (known.has(id.trim())) return;
      fields[`${list.path}[${index}]`] =
        `${JSON.stringify(id)} is not a user of this site, so it cannot be ${list.what}: pick the user by name in the picker`;
    });
  }
  return fields;
}

/** Refuses the whole request, changing nothing, when any id is not an account of this site. */
export async function refuseUnknownAccounts(lists: readonly AccountIdList[]): Promise<void> {
  const fields = await unknownAccountMessages(lists);
  const messages = Object.values(fields);
  if (messages.length === 0) return;
  const message =
    messages.length === 1
      ? `Nothing was saved: ${messages[0]}.`
      : `Nothing was saved: ${messages.length} entries are not users of this site (${messages.join('; ')}).`;
  throw new RefusedError({ code: 'INVALID_INPUT', message, fields });
}

define(RESOLVERS.usersNames, async ({ accountIds }): Promise<UsersNamesAnswer> => {
  const known = await lookUpUsers(accountIds);
  return { users: [...known].map(([accountId, user]) => ({ accountId, ...user })) };
});
