/** Wires the audit log: filtered pages of entries, "show older", and the CSV export (asked page after page, joined). */
import React, { useEffect, useState } from 'react';
import {
  RESOLVERS,
  type Answer,
  type AuditExportPage,
  type AuditPage,
  type Payload,
  type SettingsAnswer,
} from '../../contract';
import type { AuditEntry } from '../../domain/audit';
import { auditNames, auditQuery, csvRowCount, EMPTY_AUDIT_FILTERS, type AuditFilters } from '../audit';
import { call } from '../effects';
import { LIST_PAGE } from '../lists';
import { useLoad } from '../hooks';
import { WhenLoaded } from '../components/common';
import { AuditLog, type AuditExport } from '../components/Audit';

type Query = Payload<typeof RESOLVERS.auditList>;

/** The export's pages: far more than any retention period holds at 100 a page, so a loop can never run away. */
const MAX_EXPORT_PAGES = 500;

export function AuditScreen(props: { reloads: number }) {
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_AUDIT_FILTERS);
  const [pages, setPages] = useState<{
    entries: AuditEntry[];
    cursor: string | null;
    people: AuditPage['people'];
    schemeNames: AuditPage['schemeNames'];
  }>({ entries: [], cursor: null, people: {}, schemeNames: {} });
  const [exported, setExported] = useState<AuditExport>({ busy: false, csv: null, rows: 0, error: null });
  const settings = useLoad(() => call<SettingsAnswer>(RESOLVERS.settingsGet, {}), []);
  const { query, fields } = auditQuery(filters);
  const valid = Object.keys(fields).length === 0;
  // While a date is half typed the last valid query stays on screen.
  const [applied, setApplied] = useState<Query>({});
  useEffect(() => {
    if (valid) setApplied(query as Query);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(query), valid]);
  const first = useLoad(
    () => call<AuditPage>(RESOLVERS.auditList, { ...applied, limit: LIST_PAGE }),
    [JSON.stringify(applied), props.reloads],
  );
  useEffect(() => {
    if (first.status === 'ready')
      setPages({
        entries: first.data.entries,
        cursor: first.data.nextCursor,
        people: first.data.people,
        schemeNames: first.data.schemeNames,
      });
  }, [first]);
  // A new filter makes the last export stale.
  const appliedKey = JSON.stringify(applied);
  useEffect(() => setExported({ busy: false, csv: null, rows: 0, error: null }), [appliedKey]);

  const more = async () => {
    if (!pages.cursor) return;
    const answer = await call<AuditPage>(RESOLVERS.auditList, { ...applied, limit: LIST_PAGE, cursor: pages.cursor });
    if (answer.ok)
      setPages({
        entries: [...pages.entries, ...answer.data.entries],
        cursor: answer.data.nextCursor,
        people: { ...pages.people, ...answer.data.people },
        schemeNames: { ...pages.schemeNames, ...answer.data.schemeNames },
      });
  };
  const exportCsv = async () => {
    setExported({ busy: true, csv: null, rows: 0, error: null });
    const parts: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_EXPORT_PAGES; page += 1) {
      const answer: Answer<AuditExportPage> = await call<AuditExportPage>(RESOLVERS.auditExport, {
        ...applied,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      if (!answer.ok) return setExported({ busy: false, csv: null, rows: 0, error: answer.error.message });
      parts.push(answer.data.csv);
      cursor = answer.data.nextCursor;
      if (!cursor) break;
    }
    if (cursor) {
      return setExported({
        busy: false,
        csv: null,
        rows: 0,
        error: `The log holds more than ${MAX_EXPORT_PAGES * 100} matching entries; narrow the dates and export it in parts.`,
      });
    }
    const csv = parts.join('');
    setExported({ busy: false, csv, rows: csvRowCount(csv), error: null });
  };
  return (
    <WhenLoaded loaded={first} what="the audit log">
      {() => (
        <AuditLog
          entries={pages.entries}
          names={auditNames(pages.people, pages.schemeNames)}
          hasMore={pages.cursor !== null}
          filters={filters}
          fields={fields}
          retentionDays={settings.status === 'ready' ? settings.data.settings.auditRetentionDays : null}
          exported={exported}
          handlers={{ onFilters: setFilters, onMore: () => void more(), onExport: () => void exportCsv() }}
        />
      )}
    </WhenLoaded>
  );
}
