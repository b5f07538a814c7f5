/** The UserPicker's people search in the preview: what /api/users answers from the simulated site's users. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSite } from '../site';
import { SEARCH_LIMIT, searchSiteUsers, siteUsersById } from './users';

const users = generateSite({ users: 200, seed: 4 }).users;

test('every word must match the name or the email; active human accounts come first; at most a page of them', () => {
  const someone = users.find((user) => user.status === 'active' && user.accountType === 'atlassian')!;
  const [first, last] = someone.name.split(' ');
  const found = searchSiteUsers(users, `${last!.toLowerCase()} ${first}`);
  assert.ok(found.some((user) => user.id === someone.accountId && user.name === someone.name));
  for (const user of found) assert.match(`${user.name} ${user.email}`.toLowerCase(), new RegExp(last!.toLowerCase()));

  const everyone = searchSiteUsers(users, '');
  assert.equal(everyone.length, SEARCH_LIMIT);
  const byId = new Map(users.map((user) => [user.accountId, user]));
  assert.ok(
    everyone.every((user) => byId.get(user.id)!.status === 'active' && byId.get(user.id)!.accountType === 'atlassian'),
    'a site of 200 has 20 active people to show before anyone else',
  );
  assert.deepEqual(searchSiteUsers(users, 'no-such-person-anywhere'), []);
});

test('account ids are shown as the people they are; an unknown id stays as it is', () => {
  const someone = users[3]!;
  assert.deepEqual(
    siteUsersById(users, [someone.accountId, 'acc-gone']).map(({ id, name, email }) => ({ id, name, email })),
    [
      { id: someone.accountId, name: someone.name, email: someone.email ?? '' },
      { id: 'acc-gone', name: 'acc-gone', email: '' },
    ],
  );
  assert.match(siteUsersById(users, [someone.accountId])[0]!.avatarUrl, /^data:image\/svg\+xml,/);
});
