/**
 * Every resolver the page calls answers well inside Forge's 25 s on a 10,000-user site, and none reads the
 * site's users itself: scans happen in queued runs; resolvers read stored runs, settings and groups.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { LocalSite } from '../local/localSite';
import { generatedSite } from '../engine/fixtures';
import { resolversUsedByPage } from './pageResolvers';
import { RESOLVERS, type BulkResultsAnswer, type RunSummary, type SchemeSummary } from '../../src/contract';

const RESOLVER_BUDGET_MS = 25_000;
/** "Well under": a resolver that needs more than this locally would be at risk on Forge. */
const WELL_UNDER_MS = 5_000;

let local: LocalSite;
before(() => {
  local = new LocalSite({ siteFile: generatedSite(10_000, 7) });
});
after(() => local.close());

const timings = new Map<string, number>();

/** Calls a resolver as the page does, timing it and counting the user-search requests it made to the site. */
async function timed<T>(
  name: string,
  payload: unknown,
): Promise<{ answer: { ok: boolean; data?: T; error?: { code: string } }; searches: number }> {
  const before = local.site.requestLog.length;
  const started = performance.now();
  const answer = (await local.forge.invokeResolver(name, payload, { accountId: local.adminAccountId })) as {
    ok: boolean;
    data?: T;
    error?: { code: string };
  };
  const elapsed = performance.now() - started;
  timings.set(name, Math.max(timings.get(name) ?? 0, elapsed));
  const searches = local.site.requestLog
    .slice(before)
    .filter((entry) => entry.operation === 'admin.searchUsers').length;
  return { answer, searches };
}

test('each resolver answers well inside 25 s on a 10,000-user site without scanning it', async (t) => {
  const { answer: saved } = await timed<SchemeSummary>(RESOLVERS.schemesSave, {
    scheme: {
      name: 'Inactive 90',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
      limits: { maxUsersPerRun: 10000 },
    },
  });
  assert.ok(saved.ok, JSON.stringify(saved));
  const schemeId = saved.data!.id;

  // Starting runs: each only queues work.
  const starters: Array<[string, unknown]> = [
    [RESOLVERS.schemesRunNow, { id: schemeId, mode: 'test' }],
    [RESOLVERS.bulkFind, { filter: { inactiveDays: 30 } }],
    [RESOLVERS.overviewMeasure, {}],
    [RESOLVERS.schemesPreview, { scheme: { name: 'Draft', filter: { neverActiveAfterDays: 30 } } }],
  ];
  const runIds: string[] = [];
  for (const [name, payload] of starters) {
    const { answer, searches } = await timed<RunSummary>(name, payload);
    assert.ok(answer.ok, `${name}: ${JSON.stringify(answer)}`);
    assert.equal(searches, 0, `${name} must not read the site's users`);
    runIds.push(answer.data!.id);
  }
  await local.drain();
  const [schemeRun, findRun] = runIds as [string, string];

  const readers: Array<[string, unknown]> = [
    [RESOLVERS.overviewGet, {}],
    [RESOLVERS.snapshotsExport, {}],
    [RESOLVERS.settingsGet, {}],
    // Called on every page open: one read, and a write only for a new URL.
    [RESOLVERS.pageUrlSave, { url: 'https://acme.atlassian.net/wiki/admin/forge/apps/user-manager-admin' }],
    [RESOLVERS.groupsList, {}],
    [RESOLVERS.usersNames, { accountIds: [local.adminAccountId] }],
    [RESOLVERS.exemptionsGet, {}],
    [RESOLVERS.schemesList, {}],
    [RESOLVERS.schemesGet, { id: schemeId }],
    [
      RESOLVERS.schemesValidate,
      { scheme: { name: 'x', filter: { inactiveDays: 30 }, actions: [{ type: 'suspend' }] } },
    ],
    [RESOLVERS.runsList, {}],
    [RESOLVERS.runsList, { state: 'done' }],
    [RESOLVERS.runsGet, { runId: schemeRun }],
    [RESOLVERS.runsOutcomes, { runId: schemeRun, outcome: 'planned', page: 20 }],
    [RESOLVERS.runsProgress, { runId: schemeRun }],
    [RESOLVERS.bulkResults, { runId: findRun, sortKey: 'lastActive', sortOrder: 'DESC', page: 3 }],
    [
      RESOLVERS.bulkRun,
      { filter: { inactiveDays: 30 }, actions: [{ type: 'removeAccess' }], selection: { kind: 'allMatching' } },
    ],
    // The go-live confirmations: quoting a test run of 10,000 users reads its stored outcomes, never the site.
    [RESOLVERS.schemesReview, { id: schemeId }],
    [
      RESOLVERS.bulkReview,
      { findRunId: findRun, actions: [{ type: 'removeAccess' }], selection: { kind: 'allMatching' } },
    ],
    [RESOLVERS.auditList, { limit: 50 }],
    [RESOLVERS.auditList, { kind: 'run.ended', limit: 50 }],
    [RESOLVERS.auditExport, { limit: 100 }],
    [RESOLVERS.warningsList, { limit: 50 }],
    [RESOLVERS.deletionsList, { limit: 50 }],
    [RESOLVERS.restoresList, { limit: 100 }],
    // Review and approve reads the test run's stored batches (100 for 10,000 users), never the site.
    [RESOLVERS.runsApplyPreview, { runId: schemeRun }],
    [RESOLVERS.runsApply, { runId: schemeRun }],
    [RESOLVERS.emailGet, {}],
    [RESOLVERS.emailSendTest, { to: 'someone@acme.com' }],
  ];
  for (const [name, payload] of readers) {
    const { answer, searches } = await timed(name, payload);
    assert.ok(
      answer.ok || answer.error?.code === 'CONFIRMATION_REQUIRED',
      `${name}: ${JSON.stringify(answer).slice(0, 300)}`,
    );
    assert.equal(searches, 0, `${name} must not read the site's users`);
  }
  // Custom fields: an import looks up only its own emails (≤ 100 a search), never the whole directory.
  assert.ok((await timed(RESOLVERS.fieldsSave, { field: { name: 'Cost centre', type: 'text' } })).answer.ok);
  const emails = local.site
    .toSiteFile()
    .users.flatMap((user) => (user.email ? [user.email] : []))
    .slice(0, 100);
  const csv = ['email,Cost centre', ...emails.map((email, index) => `${email},CC-${index}`)].join('\n');
  for (const [name, payload, maxSearches] of [
    [RESOLVERS.fieldsList, {}, 0],
    [RESOLVERS.fieldsImportPreview, { text: csv }, 1],
    [RESOLVERS.fieldsImportApply, { text: csv, skipInvalidRows: true }, 1],
    [RESOLVERS.fieldsGetValues, { accountId: local.adminAccountId }, 0],
    // By email: one exact-email search, never a scan.
    [RESOLVERS.fieldsGetValues, { email: emails[0] }, 1],
    [RESOLVERS.fieldsSetValues, { accountId: local.adminAccountId, values: {} }, 0],
    [RESOLVERS.fieldsExport, {}, 0],
  ] as Array<[string, unknown, number]>) {
    const { answer, searches: fieldSearches } = await timed(name, payload);
    assert.ok(answer.ok, `${name}: ${JSON.stringify(answer).slice(0, 300)}`);
    assert.ok(fieldSearches <= maxSearches, `${name} made ${fieldSearches} user searches`);
  }

  const { answer: connection, searches } = await timed(RESOLVERS.connectionTest, {});
  assert.ok(connection.ok);
  assert.ok(searches <= 1, 'the connection test reads at most one page of users');

  // The runs really covered the site: the reads above worked on 10,000 users' results.
  const results = (await timed<BulkResultsAnswer>(RESOLVERS.bulkResults, { runId: findRun })).answer.data!;
  assert.ok(results.total > 1000, `the search found ${results.total} users`);
  // The scan read the whole directory (the generated site also holds accounts its user search does not return).
  assert.ok(results.run.counts.scanned > 9_000, `the search scanned ${results.run.counts.scanned} users`);

  // Undo reads the original run's stored batches (one per 100 users scanned), never the site: a live bulk run on
  // three of the users found, then the undo's review and its unconfirmed start.
  const page = (await timed<BulkResultsAnswer>(RESOLVERS.bulkResults, { runId: findRun, pageSize: 3 })).answer.data!;
  const { answer: bulkLive } = await timed<RunSummary>(RESOLVERS.bulkRun, {
    findRunId: findRun,
    filter: { inactiveDays: 30 },
    actions: [{ type: 'removeAccess' }],
    selection: { kind: 'some', accountIds: page.users.map((user) => user.accountId) },
    confirm: true,
  });
  assert.ok(bulkLive.ok, JSON.stringify(bulkLive));
  await local.drain();
  for (const [name, payload] of [
    [RESOLVERS.runsUndoPreview, { runId: bulkLive.data!.id }],
    [RESOLVERS.runsUndo, { runId: bulkLive.data!.id }],
  ] as Array<[string, unknown]>) {
    const { answer, searches: undoSearches } = await timed(name, payload);
    assert.ok(answer.ok || answer.error?.code === 'CONFIRMATION_REQUIRED', `${name}: ${JSON.stringify(answer)}`);
    assert.equal(undoSearches, 0, `${name} must not read the site's users`);
  }

  const slowest = [...timings.entries()].sort((a, b) => b[1] - a[1]);
  t.diagnostic(
    `slowest resolvers (ms): ${slowest
      .slice(0, 5)
      .map(([name, ms]) => `${name} ${Math.round(ms)}`)
      .join(', ')}`,
  );
  for (const [name, ms] of slowest) {
    assert.ok(ms < RESOLVER_BUDGET_MS, `${name} took ${Math.round(ms)} ms`);
    assert.ok(ms < WELL_UNDER_MS, `${name} took ${Math.round(ms)} ms: too close to the 25 s limit`);
  }
  // Every resolver the page calls was timed here, except those that only write one record (exercised by the
  // click-through tests).
  const writesOnly = new Set<string>([
    RESOLVERS.exemptionsSave,
    RESOLVERS.runsCancel,
    RESOLVERS.deletionsCancel,
    RESOLVERS.restoresDecide,
    RESOLVERS.schemesDelete,
    RESOLVERS.schemesImport,
    RESOLVERS.schemesSetEnabled,
    RESOLVERS.settingsSave,
    RESOLVERS.emailSave,
    RESOLVERS.fieldsDelete,
  ]);
  const untimed = resolversUsedByPage().filter((name) => !timings.has(name) && !writesOnly.has(name));
  assert.deepEqual(untimed, []);
});
