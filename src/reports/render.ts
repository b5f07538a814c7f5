/**
 * A run report as an email: subject, HTML and plain-text bodies, and the full per-user table as CSV.
 *
 * A test run's email says what WOULD happen and that nothing changed; a live run's says what happened.
 * Everything from users or Atlassian (names, reasons, warnings, the scheme's name) is escaped in the HTML:
 * a display name is user input. The email is built from the report model alone, so it holds no secret
 * unless one were put into the model; nothing here reads settings or keys.
 * The inline table stops at INLINE_USER_LIMIT rows (mail clients clip long messages); the CSV has everyone.
 */
import { TZDate } from '@date-fns/tz';
import { format, formatDuration, intervalToDuration, isValid } from 'date-fns';
import type { Outcome, UserOutcome } from '../domain/run';
import { outcomesCsv } from './csv';
import { billingSentence, describeSeat, seatFacts } from '../domain/billing';

const UTF8_BOM = '\uFEFF';
import type { RunReportModel } from './model';
import { isPageUrl } from '../domain/pageUrl';

export const INLINE_USER_LIMIT = 500;

export interface RenderedReport {
  subject: string;
  html: string;
  text: string;
  csv: { filename: string; content: string };
}

/** How each action reads in a sentence: what a test run would do, what a live run did (one user / several). */
const ACTION_WORDS: Record<string, { would: string; didOne: string; didMany: string }> = {
  removeAccess: {
    would: 'lose Confluence access',
    didOne: 'lost Confluence access',
    didMany: 'lost Confluence access',
  },
  suspend: { would: 'be suspended', didOne: 'was suspended', didMany: 'were suspended' },
  deactivate: { would: 'be deactivated', didOne: 'was deactivated', didMany: 'were deactivated' },
  delete: { would: 'be deleted', didOne: 'was scheduled for deletion', didMany: 'were scheduled for deletion' },
  addGroups: { would: 'be added to groups', didOne: 'was added to groups', didMany: 'were added to groups' },
  removeGroups: {
    would: 'be removed from groups',
    didOne: 'was removed from groups',
    didMany: 'were removed from groups',
  },
  notify: { would: 'be warned by email', didOne: 'was warned by email', didMany: 'were warned by email' },
};

function actionWords(action: string): { would: string; didOne: string; didMany: string } {
  return ACTION_WORDS[action] ?? { would: `get "${action}"`, didOne: `got "${action}"`, didMany: `got "${action}"` };
}

const OUTCOME_LABELS: Record<Outcome, string> = {
  planned: 'would act (test run)',
  exempt: 'exempt',
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
  pending: 'not reached',
};

/** The inline table shows what needs attention first: failures, then changes, then the rest. */
const OUTCOME_ORDER: Record<Outcome, number> = { failed: 0, done: 1, planned: 2, pending: 3, skipped: 4, exempt: 5 };

const TRIGGER_WORDS: Record<string, string> = {
  schedule: 'its schedule',
  manual: 'an admin (run now)',
  bulk: 'a bulk action',
};

const users = (n: number): string => `${n} ${n === 1 ? 'user' : 'users'}`;

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Distinct values in first-seen order. */
function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The one sentence the subject and the top of the email carry. */
export function reportHeadline(report: RunReportModel): string {
  const headline = plainHeadline(report);
  return report.approval && report.mode === 'test' && report.status === 'done'
    ? `Needs your approval: ${headline}`
    : headline;
}

/**
 * What a "needs approval" run asks of its approvers: how many users it would act on and how, and where to apply it.
 * Null when the run asks nothing (not such a run, or it ended without a complete plan).
 */
export function approvalRequest(report: RunReportModel): string[] | null {
  if (!report.approval || report.mode !== 'test' || report.status !== 'done') return null;
  const planned = report.users.filter((u) => u.outcome === 'planned');
  if (planned.length === 0)
    return ['This scheme needs approval, but this run would act on no one: nothing to approve.'];
  const actions = distinct(planned.flatMap((u) => u.actions)).map((a) => actionWords(a).would);
  const pageUrl = linkablePageUrl(report);
  const where = pageUrl
    ? `on the User manager page, ${pageUrl} (${report.approval.pageRoute})`
    : `in ${report.approval.reviewRoute}`;
  return [
    `This scheme needs approval: its scheduled run ran as a test. Approving it would act on ${users(planned.length)}, who would ${joinWords(actions)}.`,
    `Review and approve it ${where}. You can untick users there; nothing changes until an admin confirms.`,
  ];
}

/**
 * The admin page's URL when it is safe to put in an email (isPageUrl, as the resolver that stores it checks, and
 * nothing that could end the link's attribute): this guards the email against anything else in storage.
 */
function linkablePageUrl(report: RunReportModel): string | null {
  const url = report.approval?.pageUrl;
  return url && isPageUrl(url) && !/[\s"'<>]/.test(url) ? url : null;
}

/** The approval request in HTML: the page's URL as a link (named "User manager", its title in Confluence). */
function approvalHtml(report: RunReportModel): string {
  const lines = approvalRequest(report);
  if (!lines) return '';
  const pageUrl = linkablePageUrl(report);
  return lines
    .map((line) => {
      const escaped = escapeHtml(line);
      if (!pageUrl || !report.approval) return `<p><strong>${escaped}</strong></p>`;
      const link = `<a href="${escapeHtml(pageUrl)}">User manager page</a>`;
      const linked = escaped.replace(`User manager page, ${escapeHtml(pageUrl)}`, link);
      return `<p><strong>${linked}</strong></p>`;
    })
    .join('\n');
}

function plainHeadline(report: RunReportModel): string {
  const { counts, mode, status } = report;
  const runKind = mode === 'test' ? 'Test run' : 'Live run';
  if (status !== 'done') {
    const why = report.reason ? `: ${report.reason}` : '';
    const unchanged =
      mode === 'test' || counts.done === 0
        ? '; nothing was changed'
        : `; ${users(counts.done)} changed before it stopped`;
    return `${runKind} ${status}${why}${unchanged}`;
  }
  if (mode === 'test') {
    const planned = report.users.filter((u) => u.outcome === 'planned');
    if (planned.length === 0) return 'Test run: no user would be changed; nothing was changed';
    const actions = distinct(planned.flatMap((u) => u.actions)).map((a) => actionWords(a).would);
    return `Test run: ${users(planned.length)} would ${joinWords(actions)}; nothing was changed`;
  }
  const done = report.users.filter((u) => u.outcome === 'done');
  const extra = [
    counts.skipped > 0 ? `${counts.skipped} skipped` : null,
    counts.failed > 0 ? `${counts.failed} failed` : null,
  ].filter((part): part is string => part !== null);
  const tail = extra.length > 0 ? ` (${extra.join(', ')})` : '';
  if (done.length === 0) return `Live run: no user was changed${tail}`;
  const actions = distinct(
    done.flatMap((u) => (u.results ? u.results.filter((r) => r.result === 'done').map((r) => r.action) : u.actions)),
  ).map((a) => (done.length === 1 ? actionWords(a).didOne : actionWords(a).didMany));
  return `Live run: ${users(done.length)} ${joinWords(actions)}${tail}`;
}

function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new TZDate(iso, 'UTC');
  return isValid(date) ? format(date, "yyyy-MM-dd HH:mm 'UTC'") : iso;
}

function formatDay(iso: string | null): string {
  if (!iso) return 'never';
  const date = new TZDate(iso, 'UTC');
  return isValid(date) ? format(date, 'yyyy-MM-dd') : iso;
}

function formatRunDuration(startedAt: string, finishedAt: string | null): string {
  if (!finishedAt) return 'still running';
  const start = new Date(startedAt);
  const end = new Date(finishedAt);
  if (!isValid(start) || !isValid(end) || end < start) return '—';
  return formatDuration(intervalToDuration({ start, end })) || 'under a second';
}

/** Header fields must stay on one line, whatever a scheme's name holds. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function summaryRows(report: RunReportModel): Array<[string, string]> {
  const { counts } = report;
  const rows: Array<[string, string]> = [
    ['Scheme', report.schemeName],
    ['Mode', report.mode === 'test' ? 'Test (nothing on the site was changed)' : 'Live'],
    ['Started by', TRIGGER_WORDS[report.trigger] ?? report.trigger],
    ['Status', report.reason ? `${report.status}: ${report.reason}` : report.status],
    ['Started', formatTime(report.startedAt)],
    ['Finished', formatTime(report.finishedAt)],
    ['Duration', formatRunDuration(report.startedAt, report.finishedAt)],
    ['Users scanned', String(counts.scanned)],
    ['Users matched', String(counts.matched)],
    ['Exempt', String(counts.exempt)],
  ];
  if (report.mode === 'test' || counts.planned > 0)
    rows.push([report.mode === 'test' ? 'Would be acted on' : 'Not acted on', String(counts.planned)]);
  if (report.mode === 'live')
    rows.push(['Done', String(counts.done)], ['Skipped', String(counts.skipped)], ['Failed', String(counts.failed)]);
  if (report.billing) rows.push(['Bill', billingSentence(report.billing, report.mode)]);
  return rows;
}

/** This site's Confluence date, and beside it the latest activity anywhere in the org when that is later. */
function lastActiveWords(user: UserOutcome): string {
  const here = formatDay(user.lastActive);
  const anywhere = user.lastActiveAnywhere;
  if (anywhere === undefined || anywhere === null || anywhere === user.lastActive) return here;
  return `${here} (anywhere: ${formatDay(anywhere)})`;
}

/**
 * The users whose Confluence access groups synced from the identity provider hold: the app cannot change those
 * groups, so the admin removes the users there. By group, each with its users.
 */
function heldByIdentityProvider(report: RunReportModel): Array<{ group: string; users: UserOutcome[] }> {
  const byGroup = new Map<string, UserOutcome[]>();
  for (const user of report.users)
    for (const group of user.heldByIdentityProvider ?? []) byGroup.set(group, [...(byGroup.get(group) ?? []), user]);
  return [...byGroup].map(([group, users]) => ({ group, users }));
}

const IDP_INTRO =
  'These users keep their Confluence access through groups synced from your identity provider: the app cannot ' +
  'change those groups, so it left them alone. To free their seats, remove them from these groups in your identity provider.';

function idpHtml(report: RunReportModel): string {
  const groups = heldByIdentityProvider(report);
  if (groups.length === 0) return '';
  const person = (user: UserOutcome) => escapeHtml(user.email ? `${user.name} <${user.email}>` : user.name);
  return [
    '<h3>Held by your identity provider</h3>',
    `<p>${escapeHtml(IDP_INTRO)}</p>`,
    ...groups.map(
      ({ group, users }) =>
        `<p><strong>${escapeHtml(group)}</strong></p>\n<ul>\n${users.map((user) => `<li>${person(user)}</li>`).join('\n')}\n</ul>`,
    ),
  ].join('\n');
}

function idpText(report: RunReportModel): string[] {
  const groups = heldByIdentityProvider(report);
  if (groups.length === 0) return [];
  return [
    '',
    'Held by your identity provider:',
    IDP_INTRO,
    ...groups.flatMap(({ group, users }) => [
      `${group}:`,
      ...users.map((user) => `- ${user.name}${user.email ? ` <${user.email}>` : ''}`),
    ]),
  ];
}

function userCells(user: UserOutcome): string[] {
  return [
    user.name,
    user.email ?? '',
    lastActiveWords(user),
    OUTCOME_LABELS[user.outcome] ?? user.outcome,
    user.actions.join(', '),
    user.reason,
    user.seat ? describeSeat(seatFacts(user.seat)) : '',
  ];
}

const TABLE_HEADINGS = ['Name', 'Email', 'Last active', 'Outcome', 'Actions', 'Reason', 'Seat held through'];

function inlineUsers(report: RunReportModel): { shown: UserOutcome[]; note: string | null } {
  const sorted = report.users
    .map((user, index) => ({ user, index }))
    .sort((a, b) => (OUTCOME_ORDER[a.user.outcome] ?? 9) - (OUTCOME_ORDER[b.user.outcome] ?? 9) || a.index - b.index)
    .map(({ user }) => user);
  const shown = sorted.slice(0, INLINE_USER_LIMIT);
  const note =
    sorted.length > INLINE_USER_LIMIT
      ? `Showing ${INLINE_USER_LIMIT} of ${sorted.length} users (failures and changes first); the attached CSV lists all ${sorted.length}.`
      : null;
  return { shown, note };
}

function csvFilename(report: RunReportModel): string {
  const slug =
    report.schemeName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'run';
  const day = formatDay(report.startedAt).replace(/[^0-9-]/g, '') || 'undated';
  const id = report.runId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8);
  return `${slug}-${day}-${report.mode}-${id}.csv`;
}

function renderHtml(report: RunReportModel, headline: string): string {
  const { shown, note } = inlineUsers(report);
  const cell = 'style="border:1px solid #dfe1e6;padding:4px 8px;text-align:left;vertical-align:top"';
  const summary = summaryRows(report)
    .map(([label, value]) => `<tr><th ${cell}>${escapeHtml(label)}</th><td ${cell}>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const warnings =
    report.warnings.length > 0
      ? `<h3>Warnings</h3>\n<ul>\n${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('\n')}\n</ul>`
      : '';
  const head = `<tr>${TABLE_HEADINGS.map((h) => `<th ${cell}>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const rows = shown
    .map(
      (user) =>
        `<tr>${userCells(user)
          .map((c) => `<td ${cell}>${escapeHtml(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const table =
    report.users.length > 0
      ? `<h3>Users</h3>\n${note ? `<p>${escapeHtml(note)}</p>\n` : ''}<table style="border-collapse:collapse">\n${head}\n${rows}\n</table>`
      : '<p>No user matched this scheme.</p>';
  const site =
    report.siteUrl && /^https:\/\/[^\s"'<>]+$/.test(report.siteUrl)
      ? `<p>Site: <a href="${escapeHtml(report.siteUrl)}">${escapeHtml(report.siteUrl)}</a> · run ${escapeHtml(report.runId)}</p>`
      : `<p>Run ${escapeHtml(report.runId)}</p>`;
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"></head>',
    '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:14px;color:#172b4d">',
    `<h2>${escapeHtml(headline)}</h2>`,
    approvalHtml(report),
    `<table style="border-collapse:collapse">\n${summary}\n</table>`,
    warnings,
    idpHtml(report),
    table,
    '<p>The attached CSV lists every matched user.</p>',
    site,
    '</body></html>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function renderText(report: RunReportModel, headline: string): string {
  const { shown, note } = inlineUsers(report);
  const approval = approvalRequest(report);
  const lines = [
    headline,
    '',
    ...(approval ? [...approval, ''] : []),
    ...summaryRows(report).map(([label, value]) => `${label}: ${value}`),
  ];
  if (report.warnings.length > 0) lines.push('', 'Warnings:', ...report.warnings.map((w) => `- ${w}`));
  lines.push(...idpText(report));
  lines.push('');
  if (report.users.length === 0) lines.push('No user matched this scheme.');
  else {
    lines.push('Users (name | email | last active | outcome | actions | reason):');
    if (note) lines.push(note);
    lines.push(...shown.map((user) => `- ${userCells(user).map(oneLine).join(' | ')}`));
  }
  lines.push(
    '',
    'The attached CSV lists every matched user.',
    report.siteUrl ? `Site: ${report.siteUrl} · run ${report.runId}` : `Run ${report.runId}`,
  );
  return lines.join('\n');
}

export function renderReportEmail(report: RunReportModel): RenderedReport {
  const headline = reportHeadline(report);
  const subject = oneLine(`[User manager] ${report.schemeName}: ${headline}`).slice(0, 250);
  return {
    subject,
    html: renderHtml(report, headline),
    text: renderText(report, headline),
    // The byte-order mark tells Excel the file is UTF-8, so accented names open correctly.
    csv: { filename: csvFilename(report), content: `${UTF8_BOM}${outcomesCsv(report.users)}` },
  };
}
