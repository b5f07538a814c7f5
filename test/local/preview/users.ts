/**
 * The people a UserPicker in the preview finds: the simulated site's users, as Confluence's people search would
 * answer (active, human accounts first; matched on name or email). Avatars are drawn here as initials, so the
 * preview asks nothing of the network.
 */
import type { SiteUser } from '../site/siteFile';

export interface PickerUser {
  id: string;
  name: string;
  email: string;
  avatarUrl: string;
}

/** At most this many people per search, as a people search pages its answers. */
export const SEARCH_LIMIT = 20;

const COLOURS = ['#1868DB', '#1F845A', '#E06C00', '#803FA5', '#C9372C', '#0B7A86'];

function avatar(user: SiteUser): string {
  const initials = user.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
  const colour = COLOURS[[...user.accountId].reduce((sum, char) => sum + char.charCodeAt(0), 0) % COLOURS.length];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" rx="24" fill="${colour}"/><text x="24" y="30" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">${initials.replace(/[<&>"]/g, '')}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

function toPickerUser(user: SiteUser): PickerUser {
  return { id: user.accountId, name: user.name, email: user.email ?? '', avatarUrl: avatar(user) };
}

export function searchSiteUsers(users: readonly SiteUser[], query: string): PickerUser[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = users.filter((user) => {
    const text = `${user.name} ${user.email ?? ''}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  const rank = (user: SiteUser) => (user.status === 'active' ? 0 : 1) + (user.accountType === 'atlassian' ? 0 : 2);
  return [...matches]
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .slice(0, SEARCH_LIMIT)
    .map(toPickerUser);
}

export function siteUsersById(users: readonly SiteUser[], ids: readonly string[]): PickerUser[] {
  const byId = new Map(users.map((user) => [user.accountId, user]));
  return ids.flatMap((id) => {
    const user = byId.get(id);
    return user ? [toPickerUser(user)] : [{ id, name: id, email: '', avatarUrl: '' }];
  });
}
