/** Words and dates for the page. Dates show in the admin's own time zone (the browser's), with the zone named. */
import type { RunState } from '../domain/run';

export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

export function day(iso: string | null): string {
  if (!iso) return 'never';
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date(iso));
}

export function duration(startedAt: string, finishedAt: string | null): string {
  if (!finishedAt) return 'running';
  const seconds = Math.max(0, Math.round((Date.parse(finishedAt) - Date.parse(startedAt)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

export function stateAppearance(state: RunState): LozengeAppearance {
  switch (state) {
    case 'done':
      return 'success';
    case 'aborted':
    case 'failed':
      return 'removed';
    case 'cancelled':
      return 'moved';
    case 'queued':
      return 'new';
    default:
      return 'inprogress';
  }
}

export const ACTION_LABELS: Record<string, string> = {
  notify: 'Warn users by email first',
  removeAccess: 'Remove Confluence access (frees the seat)',
  suspend: 'Suspend (all products, all sites of the org)',
  deactivate: 'Deactivate the account (managed accounts only)',
  delete: 'Delete the account (managed accounts only, after 14 days)',
  addGroups: 'Add to groups',
  removeGroups: 'Remove from groups',
};

export const ACTION_UNDO: Record<string, string> = {
  notify: 'a warning email cannot be taken back once sent; the other actions wait for the grace period',
  removeAccess: 'can be undone by adding them back to the group',
  suspend: 'can be undone by restoring them in admin.atlassian.com',
  deactivate: 'can be undone by reactivating them in admin.atlassian.com',
  delete: "CANNOT be undone once Atlassian's 14-day grace period ends",
  addGroups: 'can be undone by removing them from the groups',
  removeGroups: 'can be undone by adding them back',
};

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
