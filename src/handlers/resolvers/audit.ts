/** The audit log (read-only here: nothing in the page can change it) and the pending warnings of notify schemes. */
import type { z } from 'zod';
import { RESOLVERS, type payloads } from '../../contract';
import {
  auditActor,
  auditNames,
  auditSentence,
  auditSubject,
  type AuditEntry,
  type AuditNames,
} from '../../domain/audit';
import { csvLine } from '../../reports/csv';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define } from './define';
import { lookUpUsers } from './siteUsers';
import type { EngineDeps } from '../../engine/ports';
import type { AuditPage } from '../../contract';

/** The people and schemes a page of entries names, so the page can write sentences with names, not ids. */
async function namesFor(deps: EngineDeps, entries: AuditEntry[]): Promise<Pick<AuditPage, 'people' | 'schemeNames'>> {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.actor !== 'app') ids.add(entry.actor);
    if (entry.kind.startsWith('user.')) ids.add(entry.subject);
  }
  const [users, schemes] = await Promise.all([lookUpUsers([...ids]), deps.schemes.list()]);
  return {
    people: Object.fromEntries([...users].map(([accountId, user]) => [accountId, { accountId, ...user }])),
    schemeNames: Object.fromEntries(schemes.map((scheme) => [scheme.id, scheme.name])),
  };
}

/** The audit log's filters as the page sends them (dates as ISO text), one page of entries. */
type AuditQuery = z.output<(typeof payloads)[typeof RESOLVERS.auditList]>;

/** One page of the log for the page's filters (the list and the CSV export read it the same way). */
function readAuditPage(deps: EngineDeps, { cursor, limit, kind, actor, subject, from, to }: AuditQuery) {
  return deps.audit.list({
    limit,
    ...(cursor ? { cursor } : {}),
    ...(kind ? { kind } : {}),
    ...(actor ? { actor } : {}),
    ...(subject ? { subject } : {}),
    ...(from ? { from: Date.parse(from) } : {}),
    ...(to ? { to: Date.parse(to) } : {}),
  });
}

define(RESOLVERS.auditList, async (query, { cloudId }): Promise<AuditPage> => {
  const deps = createEngineDeps({ cloudId });
  const page = await readAuditPage(deps, query);
  return { entries: page.entries, nextCursor: page.nextCursor ?? null, ...(await namesFor(deps, page.entries)) };
});

/** The raw columns first (as before), then the page's readable ones: who and about whom by name, the sentence. */
const CSV_HEADER = ['time', 'kind', 'actor', 'subject', 'summary', 'details', 'who', 'about', 'sentence'];

function csvRow(entry: AuditEntry, names: AuditNames): string {
  return csvLine([
    entry.at,
    entry.kind,
    entry.actor,
    entry.subject,
    entry.summary,
    JSON.stringify(entry.details),
    auditActor(entry, names),
    auditSubject(entry, names),
    auditSentence(entry, names),
  ]);
}

/** One page of the log as CSV lines; the page asks page after page and joins them (the header comes with the first). */
define(RESOLVERS.auditExport, async (query, { cloudId }) => {
  const deps = createEngineDeps({ cloudId });
  const page = await readAuditPage(deps, query);
  const { people, schemeNames } = await namesFor(deps, page.entries);
  const names = auditNames(people, schemeNames);
  const lines = page.entries.map((entry) => csvRow(entry, names));
  return {
    csv: (query.cursor ? '' : `${csvLine(CSV_HEADER)}\r\n`) + lines.map((line) => `${line}\r\n`).join(''),
    nextCursor: page.nextCursor ?? null,
  };
});

define(RESOLVERS.warningsList, async ({ cursor, limit }, { cloudId }) => {
  const page = await createEngineDeps({ cloudId }).warnings.list({ limit, ...(cursor ? { cursor } : {}) });
  return { warnings: page.warnings, nextCursor: page.nextCursor ?? null };
});
