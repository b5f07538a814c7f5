import type { UserOutcome } from '../../src/domain/run';
import type { RunReportModel } from '../../src/reports/model';

export function outcome(overrides: Partial<UserOutcome> & Pick<UserOutcome, 'accountId'>): UserOutcome {
  return {
    name: `User ${overrides.accountId}`,
    email: `${overrides.accountId}@acme.com`,
    lastActive: '2026-05-09T10:00:00.000Z',
    outcome: 'planned',
    actions: ['removeAccess'],
    reason: 'inactive for 200 days',
    ...overrides,
  };
}

export function report(overrides: Partial<RunReportModel> = {}): RunReportModel {
  const users = overrides.users ?? [
    outcome({ accountId: 'u-1', name: 'Bob Babbage' }),
    outcome({
      accountId: 'u-2',
      name: 'Eve Hopper',
      email: null,
      lastActive: null,
      reason: 'never active, in the org for 24 days',
    }),
    outcome({ accountId: 'u-3', name: 'Alan Admin', outcome: 'exempt', actions: [], reason: 'org admin' }),
  ];
  return {
    runId: 'run-0123456789',
    schemeName: 'Inactive for 90 days',
    trigger: 'schedule',
    mode: 'test',
    status: 'done',
    reason: null,
    startedAt: '2026-11-25T02:00:00.000Z',
    finishedAt: '2026-11-25T02:03:12.000Z',
    counts: {
      scanned: 120,
      matched: users.length,
      exempt: 1,
      planned: users.length - 1,
      done: 0,
      skipped: 0,
      failed: 0,
    },
    users,
    warnings: [],
    siteUrl: 'https://acme.atlassian.net',
    ...overrides,
  };
}

/** RFC 4180 parsing, written independently of the code under test, to read back what it wrote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
