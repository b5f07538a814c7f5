/**
 * The email that warns a user before a scheme acts on them: what will happen, when, and how to keep their access
 * (use Confluence, or click the link). Plain words; names and the admin's message are HTML-escaped.
 */
import type { ActionType } from '../domain/actions';
import { escapeHtml } from './render';

const WHAT_HAPPENS: Record<ActionType, string> = {
  notify: 'you are warned',
  removeAccess: 'your Confluence access will be removed',
  suspend: 'your Atlassian account will be suspended for all products of your organization',
  deactivate: 'your Atlassian account will be deactivated',
  delete: 'your Atlassian account will be deleted',
  addGroups: 'you will be added to other groups',
  removeGroups: 'you will be removed from some groups',
};

export function renderWarningEmail(input: {
  name: string;
  actions: readonly ActionType[];
  actAfter: string;
  keepAccessUrl: string;
  message: string | null;
}): { subject: string; html: string; text: string } {
  const date = input.actAfter.slice(0, 10);
  const changes = input.actions.map((action) => WHAT_HAPPENS[action]);
  const intro = `You have not used Confluence for a while. Unless you use it before ${date}, ${changes.join(', and ')}.`;
  const keep = 'To keep your access, open Confluence before then, or use this link:';
  const text = [
    `Hello ${input.name},`,
    '',
    intro,
    ...(input.message ? ['', input.message] : []),
    '',
    keep,
    input.keepAccessUrl,
    '',
  ].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(input.name)},</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...(input.message ? [`<p>${escapeHtml(input.message)}</p>`] : []),
    `<p>${escapeHtml(keep)}</p>`,
    `<p><a href="${escapeHtml(input.keepAccessUrl)}">Keep my access</a></p>`,
  ].join('\n');
  return { subject: `Your Confluence access will change on ${date}`, html, text };
}
