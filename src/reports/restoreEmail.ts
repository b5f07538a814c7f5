/**
 * The email sent after a run removed a user's Confluence access, when its scheme offers a way back: what happened,
 * and the "restore my access" link (src/engine/restoreAccess.ts). Plain words; the name is HTML-escaped.
 */
import { escapeHtml } from './render';

export function renderRestoreEmail(input: { name: string; restoreUrl: string; expiresAt: string }): {
  subject: string;
  html: string;
  text: string;
} {
  const intro =
    'Your Confluence access was removed because you had not used Confluence for a while. Your account and your content are untouched.';
  const back = `If you need Confluence again, use this link before ${input.expiresAt.slice(0, 10)}. It works once: your access comes back at once, or your administrators are asked to approve it.`;
  const text = [`Hello ${input.name},`, '', intro, '', back, input.restoreUrl, ''].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(input.name)},</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<p>${escapeHtml(back)}</p>`,
    `<p><a href="${escapeHtml(input.restoreUrl)}">Restore my access</a></p>`,
  ].join('\n');
  return { subject: 'Your Confluence access was removed', html, text };
}
