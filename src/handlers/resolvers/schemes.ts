/**
 * Schemes: list, load (as its file, for edit, duplicate and export), validate a draft, save, import, enable or
 * disable, delete, run now, and the editor's live preview (a test run of the draft).
 */
import { randomUUID } from 'node:crypto';
import {
  RESOLVERS,
  type ImportAnswer,
  type LiveReview,
  type SchemeFileAnswer,
  type SchemeSummary,
  type ValidationAnswer,
} from '../../contract';
import { exportScheme, formatSchemeErrors, parseSchemeText, type Scheme } from '../../domain/scheme';
import { describeSchedule } from '../../domain/schedule';
import { describeFilter } from '../../domain/matching';
import { computeNextRunAt } from '../../engine/scheduling';
import { decidedAsOf, startRun } from '../../engine/startRun';
import type { EngineDeps } from '../../engine/ports';
import type { SchemeRecord } from '../../engine/records';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';
import { recordChange } from '../../engine/changes';
import { toSummary } from './runViews';
import { checkScheme, issuesToFields, schemeOrRefuse } from './schemeInput';
import { requireFreshTest, reviewLive, savingNeedsTest } from './liveGate';
import { definitionFingerprint } from '../../domain/liveGate';

const GONE = 'This scheme no longer exists; it may have been deleted.';

function summarise(record: SchemeRecord, lastRun: SchemeSummary['lastRun'], defaultTimeZone: string): SchemeSummary {
  return {
    id: record.id,
    name: record.name,
    enabled: record.enabled,
    mode: record.mode,
    schedule: record.schedule ? describeSchedule(record.schedule) : 'On demand only',
    nextRunAt: record.enabled && record.nextRunAt ? new Date(record.nextRunAt).toISOString() : null,
    timeZone: record.schedule?.timeZone ?? defaultTimeZone,
    filter: describeFilter(record),
    actions: record.actions.map((action) => action.type),
    maxUsersPerRun: record.limits.maxUsersPerRun,
    lastRun,
    ...(record.needsApproval ? { needsApproval: true as const } : {}),
  };
}

/** Saves a scheme (new, or replacing `id`) and records the change, before → after, in the audit log. */
async function store(deps: EngineDeps, scheme: Scheme, id: string | undefined, actor: string): Promise<SchemeRecord> {
  const existing = id ? await deps.schemes.get(id) : undefined;
  if (id && !existing) throw new RefusedError({ code: 'NOT_FOUND', message: GONE });
  const now = deps.now();
  const stored = {
    ...scheme,
    id: existing?.id ?? randomUUID(),
    createdAt: existing?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const billing = stored.schedule?.unit === 'billing' ? (await deps.settings.get()).billing : null;
  const record: SchemeRecord = { ...stored, nextRunAt: computeNextRunAt(stored, now, billing) };
  await deps.schemes.put(record);
  await recordChange(deps, {
    kind: 'scheme.saved',
    actor,
    subject: record.id,
    summary: `Scheme "${record.name}" ${existing ? 'changed' : 'created'}`,
    before: existing ? exportScheme(existing) : null,
    after: exportScheme(record),
  });
  return record;
}

async function found(deps: EngineDeps, id: string): Promise<SchemeRecord> {
  const record = await deps.schemes.get(id);
  if (!record) throw new RefusedError({ code: 'NOT_FOUND', message: GONE });
  return record;
}

define(RESOLVERS.schemesList, async (_payload, { cloudId }) => {
  const deps = createEngineDeps({ cloudId });
  const [records, settings] = await Promise.all([deps.schemes.list(), deps.settings.get()]);
  const lastRuns = await deps.schemes.getLastRuns(records.map((record) => record.id));
  return records
    .map((record) => summarise(record, lastRuns.get(record.id) ?? null, settings.defaultTimeZone))
    .sort((a, b) => a.name.localeCompare(b.name));
});

define(RESOLVERS.schemesGet, async ({ id }, { cloudId }): Promise<SchemeFileAnswer> => {
  const record = await found(createEngineDeps({ cloudId }), id);
  const file = exportScheme(record) as Record<string, unknown>;
  return { id, file, json: JSON.stringify(file, null, 2) };
});

define(RESOLVERS.schemesValidate, async ({ scheme }, { cloudId }): Promise<ValidationAnswer> => {
  const checked = await checkScheme(createEngineDeps({ cloudId }), scheme);
  if (!checked.ok) return { valid: false, fields: issuesToFields(checked.issues), filter: null };
  return { valid: true, fields: {}, filter: describeFilter(checked.scheme) };
});

/** The stored scheme without its storage fields: the scheme as the rules see it. */
function definitionOf(record: SchemeRecord): Scheme {
  const { nextRunAt: _next, id: _id, createdAt: _c, updatedAt: _u, ...scheme } = record;
  return scheme;
}

define(RESOLVERS.schemesSave, async ({ id, scheme: input, confirm }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const scheme = await schemeOrRefuse(deps, input);
  const before = id ? await deps.schemes.get(id) : undefined;
  if (savingNeedsTest(before, scheme)) {
    await requireFreshTest(deps, scheme, confirm, {
      ...(id ? { schemeId: id } : {}),
      ...(before ? { storedFingerprint: definitionFingerprint(definitionOf(before)) } : {}),
      what: 'be saved as live',
    });
  }
  const record = await store(deps, scheme, id, accountId);
  return summarise(
    record,
    id ? ((await deps.schemes.getLastRuns([record.id])).get(record.id) ?? null) : null,
    (await deps.settings.get()).defaultTimeZone,
  );
});

define(RESOLVERS.schemesImport, async ({ text }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const settings = await deps.settings.get();
  const parsed = parseSchemeText(text, { defaultTimeZone: settings.defaultTimeZone });
  if (!parsed.ok) {
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: formatSchemeErrors(parsed.errors),
      fields: issuesToFields(parsed.errors),
    });
  }
  // Group names are checked against this site: a file from another site naming a group this one lacks is refused.
  const scheme = await schemeOrRefuse(deps, exportScheme(parsed.scheme));
  // Import never makes a scheme live: this site has no test run of it yet. The admin tests it, then makes it live.
  const landedInTestMode = scheme.mode === 'live';
  const record = await store(deps, { ...scheme, mode: 'test' }, undefined, accountId);
  const answer: ImportAnswer = { ...summarise(record, null, settings.defaultTimeZone), landedInTestMode };
  return answer;
});

define(RESOLVERS.schemesSetEnabled, async ({ id, enabled, confirm }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const record = await found(deps, id);
  const scheme = definitionOf(record);
  if (enabled && !record.enabled && record.mode === 'live') {
    await requireFreshTest(deps, scheme, confirm, { schemeId: id, what: 'be enabled while live' });
  }
  const saved = await store(deps, { ...scheme, enabled }, id, accountId);
  return summarise(
    saved,
    (await deps.schemes.getLastRuns([id])).get(id) ?? null,
    (await deps.settings.get()).defaultTimeZone,
  );
});

define(RESOLVERS.schemesDelete, async ({ id }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  if (await deps.schemes.lockHolder(id)) {
    throw new RefusedError({
      code: 'ALREADY_RUNNING',
      message: 'This scheme is running. Cancel the run or wait for it to end before deleting the scheme.',
    });
  }
  const existing = await deps.schemes.get(id);
  await deps.schemes.delete(id);
  await deps.billing.deleteLatestTest(id);
  if (existing) {
    await recordChange(deps, {
      kind: 'scheme.deleted',
      actor: accountId,
      subject: id,
      summary: `Scheme "${existing.name}" deleted`,
      before: exportScheme(existing),
      after: null,
    });
  }
  return { deleted: id };
});

define(RESOLVERS.schemesRunNow, async ({ id, mode, confirm }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const record = await found(deps, id);
  const confirmed =
    mode === 'live'
      ? await requireFreshTest(deps, definitionOf(record), confirm, { schemeId: id, what: 'run live' })
      : undefined;
  const result = await startRun(deps, {
    kind: 'scheme',
    trigger: 'manual',
    schemeId: id,
    scheme: record,
    mode,
    requestedBy: accountId,
    // The admin confirmed what that test run found: the live run decides as of the same instant, so its numbers
    // can only shrink from the quote (a user active since is skipped), never grow (nobody crosses a limit meanwhile).
    ...(confirmed ? { asOf: decidedAsOf(confirmed) } : {}),
  });
  if (!result.ok)
    throw new RefusedError({
      code:
        result.code === 'ALREADY_RUNNING'
          ? 'ALREADY_RUNNING'
          : result.code === 'API_KEY_EXPIRED'
            ? 'API_KEY'
            : 'INVALID_INPUT',
      message: result.message,
    });
  return toSummary(result.run);
});

/**
 * The editor's "would match N users now": a test run of the draft as it stands (a bulk run, so it needs no saved
 * scheme and takes no scheme's lock). Before the Actions step the draft has none yet; a test run changes nothing,
 * so a placeholder action stands in.
 */
define(RESOLVERS.schemesPreview, async ({ scheme: input }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: 'Send the draft scheme as an object, as the scheme file writes it.',
      fields: { '(scheme)': 'must be an object' },
    });
  const draft = input as Record<string, unknown>;
  if (draft.name !== undefined && typeof draft.name !== 'string')
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: 'The scheme has a problem:\n  - name: must be text',
      fields: { name: 'must be text' },
    });
  const hasActions = Array.isArray(draft.actions) && draft.actions.length > 0;
  // A preview reports to no one (the report is not part of what it tests) and is always a test.
  const { report: _report, ...definition } = draft;
  const scheme = await schemeOrRefuse(deps, {
    ...definition,
    mode: 'test',
    name: `Preview: ${String(draft.name ?? '').trim() || 'new scheme'}`.slice(0, 100),
    ...(hasActions ? {} : { actions: [{ type: 'removeAccess' }] }),
  });
  const result = await startRun(deps, {
    kind: 'bulk',
    trigger: 'manual',
    mode: 'test',
    scheme,
    requestedBy: accountId,
  });
  if (!result.ok) throw new RefusedError({ code: 'INVALID_INPUT', message: result.message });
  return toSummary(result.run);
});

/**
 * What going live needs and what the test run found, for the confirmation: a stored scheme (`id`) as it is, or a
 * draft (`scheme`, with the `id` it edits). Changes nothing.
 */
define(RESOLVERS.schemesReview, async ({ id, scheme: input, testRunId }, { cloudId }): Promise<LiveReview> => {
  const deps = createEngineDeps({ cloudId });
  const stored = id !== undefined ? await found(deps, id) : undefined;
  if (input === undefined && !stored)
    throw new RefusedError({ code: 'INVALID_INPUT', message: 'Name a scheme (id) or send a draft (scheme).' });
  const scheme = input !== undefined ? await schemeOrRefuse(deps, input) : definitionOf(stored!);
  // A stored scheme under review is about to go live as it is (enable, run live): the test is always needed then.
  const needed = input !== undefined ? savingNeedsTest(stored && definitionOf(stored), scheme) : true;
  return reviewLive(deps, scheme, {
    ...(id ? { schemeId: id } : {}),
    ...(testRunId ? { testRunId } : {}),
    ...(stored ? { storedFingerprint: definitionFingerprint(definitionOf(stored)) } : {}),
    needed,
  });
});
