/**
 * The preview's local outbox (`/outbox`): every email the simulated Postmark accepted (test emails, run reports,
 * warnings), newest first, as one small readable HTML page. The app's HTML bodies are shown as text, not run:
 * the page shows what was sent, and a message from a user's name must not be able to script the preview.
 */
import type { OutboxMessage } from '../mail';
import { WEB_TRIGGER_ORIGIN } from '../runtime';

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/**
 * The emails' links to the app's web triggers (keep my access, restore my access), made links to this preview,
 * which serves them: the local runtime's trigger URLs (local-forge.invalid) are never fetched over the network.
 */
function linkWebTriggers(escapedText: string): string {
  const origin = escape(WEB_TRIGGER_ORIGIN).replace(/[.]/g, '\\.');
  return escapedText.replace(
    new RegExp(`${origin}(/x1/[^\\s<>"']+)`, 'g'),
    (_match, path: string) => `<a href="${path}">${path.replace(/\?.*/, '')}…</a>`,
  );
}

function messageHtml(message: OutboxMessage, index: number): string {
  const attachments = message.attachments
    .map(
      (a) =>
        `<details><summary>Attachment ${escape(a.name)} (${escape(a.contentType)}, ${a.content.length} characters)</summary><pre>${escape(a.content)}</pre></details>`,
    )
    .join('');
  return `<article class="mail" id="mail-${index + 1}">
  <h2>${escape(message.subject || '(no subject)')}</h2>
  <dl>
    <dt>To</dt><dd>${escape(message.to.join(', '))}</dd>
    <dt>From</dt><dd>${escape(message.from)}</dd>
    <dt>Sent</dt><dd>${escape(message.submittedAt)} (site clock) · stream ${escape(message.messageStream)} · id ${escape(message.messageId)}</dd>
  </dl>
  <pre class="body">${linkWebTriggers(escape(message.text || message.html))}</pre>
  ${attachments}
</article>`;
}

export function outboxPage(outbox: readonly OutboxMessage[]): string {
  const newestFirst = outbox.map((message, index) => ({ message, index })).reverse();
  const list =
    newestFirst.length === 0
      ? '<p class="empty">No email yet. Set up Postmark in Settings → Email reports (the local server token is <code>local-postmark-server-token</code>) and send a test email, or run a scheme that reports.</p>'
      : newestFirst.map(({ message, index }) => messageHtml(message, index)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Outbox · local preview</title>
  <link rel="stylesheet" href="/host.css">
  <link rel="stylesheet" href="/preview.css">
  <style>
    main { max-width: 900px; margin: 24px auto; padding: 0 16px; }
    .mail { border: 1px solid var(--ds-border, #0b120e24); border-radius: 3px; padding: 12px 16px; margin-bottom: 16px; }
    .mail h2 { font-size: 16px; margin: 0 0 8px; }
    .mail dl { display: grid; grid-template-columns: 48px 1fr; gap: 2px 8px; margin: 0 0 8px; color: var(--ds-text-subtle, #505258); }
    .mail dt { font-weight: 600; margin: 0; }
    .mail dd { margin: 0; }
    .mail pre { white-space: pre-wrap; font-size: 13px; background: #F7F8F9; padding: 8px; border-radius: 3px; max-height: 320px; overflow: auto; }
  </style>
</head>
<body>
  <header class="product-bar">
    <span class="product-name">Local outbox</span>
    <span class="product-crumbs">${outbox.length} ${outbox.length === 1 ? 'email' : 'emails'} received by the simulated Postmark · <a href="/">back to the admin page</a></span>
  </header>
  <main>
${list}
  </main>
</body>
</html>
`;
}
