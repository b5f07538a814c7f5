/** Names of account ids the page shows (saved exemptions, recipients, audit entries), asked once per new set of ids. */
import { useEffect, useState } from 'react';
import { RESOLVERS, type UserName, type UsersNamesAnswer } from '../contract';
import { call } from './effects';

/** Users by account id; ids the site does not know (or not yet answered) are absent. */
export function useUserNames(accountIds: readonly string[]): Record<string, UserName> {
  const [known, setKnown] = useState<Record<string, UserName>>({});
  const wanted = [...new Set(accountIds)].filter((id) => id.trim() !== '').sort();
  const key = wanted.join(',');
  useEffect(() => {
    const missing = wanted.filter((id) => !(id in known));
    if (missing.length === 0) return;
    let live = true;
    void call<UsersNamesAnswer>(RESOLVERS.usersNames, { accountIds: missing.slice(0, 500) }).then((answer) => {
      if (!live || !answer.ok) return;
      setKnown((previous) => ({
        ...previous,
        ...Object.fromEntries(answer.data.users.map((user) => [user.accountId, user])),
      }));
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return known;
}

/** "Name (email)" when known, else the account id as it is. */
export function personLabel(accountId: string, users: Record<string, UserName>): string {
  const user = users[accountId];
  if (!user) return accountId;
  return user.email ? `${user.name} (${user.email})` : user.name;
}
