/** Schemes: list, save (validated, group names checked against the site), delete, run now. */
import { randomUUID } from 'node:crypto';
import { RESOLVERS, type SchemeSummary } from '../../contract';
import { formatSchemeErrors, parseScheme, resolveGroupNames } from '../../domain/scheme';
import { describeSchedule } from '../../domain/schedule';
import { computeNextRunAt } from '../../engine/scheduling';
import { startRun } from '../../engine/startRun';
import type { SchemeRecord } from '../../engine/records';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';
import { toSummary } from './runs';

function summarise(record: SchemeRecord, lastRun: SchemeSummary['lastRun']): SchemeSummary {
  return {
    id: record.id,
    name: record.name,
    enabled: record.enabled,
    mode: record.mode,
    schedule: record.schedule ? describeSchedule(record.schedule) : 'On demand only',
    nextRunAt: record.nextRunAt ? new Date(record.nextRunAt).toISOString() : null,
    lastRun,
  };
}

define(RESOLVERS.schemesList, async (_payload, { cloudId }) => {
  const deps = createEngineDeps({ cloudId });
  const records = await deps.schemes.list();
  const lastRuns = await deps.schemes.getLastRuns(records.map((record) => record.id));
  return records.map((record) => summarise(record, lastRuns.get(record.id) ?? null));
});

define(RESOLVERS.schemesSave, async ({ id, scheme: input }, { cloudId }) => {
  const deps = createEngineDeps({ cloudId });
  const settings = await deps.settings.get();
  const parsed = parseScheme(input, { defaultTimeZone: settings.defaultTimeZone });
  if (!parsed.ok) {
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: formatSchemeErrors(parsed.errors),
      fields: Object.fromEntries(parsed.errors.map((issue) => [issue.path, issue.message])),
    });
  }
  const groups = await (await deps.directory()).listAllGroups();
  const resolved = resolveGroupNames(parsed.scheme, groups);
  if (!resolved.ok) {
    throw new RefusedError({ code: 'INVALID_INPUT', message: formatSchemeErrors(resolved.errors), fields: Object.fromEntries(resolved.errors.map((i) => [i.path, i.message])) });
  }
  const existing = id ? await deps.schemes.get(id) : undefined;
  if (id && !existing) throw new RefusedError({ code: 'NOT_FOUND', message: 'This scheme no longer exists; it may have been deleted.' });
  const now = deps.now();
  const stored = { ...parsed.scheme, id: existing?.id ?? randomUUID(), createdAt: existing?.createdAt ?? now.toISOString(), updatedAt: now.toISOString() };
  const record: SchemeRecord = { ...stored, nextRunAt: computeNextRunAt(stored, now) };
  await deps.schemes.put(record);
  return summarise(record, null);
});

define(RESOLVERS.schemesDelete, async ({ id }, { cloudId }) => {
  const deps = createEngineDeps({ cloudId });
  if (await deps.schemes.lockHolder(id)) {
    throw new RefusedError({ code: 'ALREADY_RUNNING', message: 'This scheme is running. Cancel the run or wait for it to end before deleting the scheme.' });
  }
  await deps.schemes.delete(id);
  return { deleted: id };
});

define(RESOLVERS.schemesRunNow, async ({ id, mode, confirmLive }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const record = await deps.schemes.get(id);
  if (!record) throw new RefusedError({ code: 'NOT_FOUND', message: 'This scheme no longer exists; it may have been deleted.' });
  if (mode === 'live' && confirmLive !== true) {
    throw new RefusedError({ code: 'CONFIRMATION_REQUIRED', message: 'A live run changes users on the site. Confirm it explicitly to start it.' });
  }
  const result = await startRun(deps, { kind: 'scheme', trigger: 'manual', schemeId: id, scheme: record, mode, requestedBy: accountId });
  if (!result.ok) throw new RefusedError({ code: result.code === 'ALREADY_RUNNING' ? 'ALREADY_RUNNING' : 'INVALID_INPUT', message: result.message });
  return toSummary(result.run);
});

