/**
 * The admin page's backend. Every call: the caller must be a Confluence site admin (checked here, on every
 * call, never trusted from the page), the payload must pass its zod schema (src/contract.ts), and any failure
 * comes back as `{ ok: false, error: { code, message } }` in words an admin can act on.
 * Lists are paged: no resolver reads the whole site or all runs inside its 25 seconds.
 */
import Resolver from '@forge/resolver';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { payloads, RESOLVERS, type Answer, type ResolverError, type RunDetail, type RunSummary, type SchemeSummary } from '../contract';
import { parseScheme, resolveGroupNames, formatSchemeErrors } from '../domain/scheme';
import { describeSchedule } from '../domain/schedule';
import { cancelRun, startRun } from '../engine/startRun';
import { computeNextRunAt } from '../engine/scheduling';
import type { RunRecord, SchemeRecord } from '../engine/records';
import { createConfluenceApi } from '../adapters/confluenceApi';
import { confluenceAsUser } from '../adapters/forgeTransport';
import { createAdminApiFromSettings, createEngineDeps } from '../adapters/engineDeps';
import { createSettingsStore } from '../adapters/settingsStore';
import { isApiError } from '../adapters/http';

interface CallContext {
  accountId?: string;
  cloudId?: string;
  installContext?: string;
}

class RefusedError extends Error {
  constructor(readonly answer: ResolverError) {
    super(answer.message);
  }
}

const resolver = new Resolver();

/** Defines a resolver with the shared checks: site admin, payload schema, errors as answers. */
function define<N extends keyof typeof payloads>(
  name: N,
  handle: (payload: z.output<(typeof payloads)[N]>, call: { accountId: string; cloudId: string }) => Promise<unknown>,
): void {
  resolver.define(name, async ({ payload, context }: { payload: unknown; context: CallContext }): Promise<Answer<unknown>> => {
    try {
      const accountId = context.accountId;
      const cloudId = context.cloudId ?? context.installContext?.split('/').pop();
      if (!accountId || !cloudId) throw new RefusedError({ code: 'NOT_SITE_ADMIN', message: 'Only a signed-in Confluence site admin can use this app.' });
      const isAdmin = await createConfluenceApi({ transport: confluenceAsUser(accountId) }).isSiteAdmin(accountId);
      if (!isAdmin) throw new RefusedError({ code: 'NOT_SITE_ADMIN', message: 'Only Confluence site admins can manage users with this app.' });
      const parsed = payloads[name].safeParse(payload ?? {});
      if (!parsed.success) {
        const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.') || '(payload)', issue.message]));
        throw new RefusedError({ code: 'INVALID_INPUT', message: `The request was not valid: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, fields });
      }
      return { ok: true, data: await handle(parsed.data as z.output<(typeof payloads)[N]>, { accountId, cloudId }) };
    } catch (error) {
      if (error instanceof RefusedError) return { ok: false, error: error.answer };
      if (isApiError(error)) {
        const code = error.kind === 'unauthorized' || error.kind === 'forbidden' ? 'API_KEY' : 'ATLASSIAN_API';
        return { ok: false, error: { code, message: error.message } };
      }
      console.error(JSON.stringify({ app: 'user-manager', step: 'resolver.error', resolver: name, error: (error as Error).stack }));
      return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong in the app: ${(error as Error).message}` } };
    }
  });
}

const settingsStore = createSettingsStore();

function mask(apiKey: string | undefined): string | null {
  return apiKey ? `••••••••${apiKey.slice(-4)}` : null;
}

define(RESOLVERS.settingsGet, async () => {
  const [settings, apiKey] = await Promise.all([settingsStore.get(), settingsStore.getApiKey()]);
  return { settings, apiKey: { saved: apiKey !== undefined, masked: mask(apiKey) } };
});

define(RESOLVERS.settingsSave, async ({ apiKey, ...changes }) => {
  const current = await settingsStore.get();
  const next = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
  await settingsStore.put(next);
  if (apiKey) await settingsStore.setApiKey(apiKey);
  return { settings: next, apiKey: { saved: Boolean(apiKey ?? (await settingsStore.getApiKey())), masked: mask(apiKey ?? (await settingsStore.getApiKey())) } };
});

define(RESOLVERS.connectionTest, async (_payload, { cloudId }) => {
  const admin = await createAdminApiFromSettings(cloudId);
  const organization = await admin.getOrganization();
  const accessGroups = await admin.listAccessGroups();
  return { organization, accessGroups };
});

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

function toSummary(run: RunRecord): RunSummary {
  return {
    id: run.id,
    schemeId: run.schemeId,
    schemeName: run.plan.schemeName,
    kind: run.kind,
    trigger: run.trigger,
    mode: run.plan.mode,
    state: run.state,
    reason: run.reason,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    counts: run.counts,
  };
}

define(RESOLVERS.runsList, async ({ cursor, schemeId, limit }, { cloudId }) => {
  const deps = createEngineDeps({ cloudId });
  const page = await deps.runs.listRuns({ limit, ...(cursor ? { cursor } : {}), ...(schemeId ? { schemeId } : {}) });
  return { runs: page.runs.map(toSummary), nextCursor: page.nextCursor ?? null };
});

define(RESOLVERS.runsGet, async ({ runId, batchCursor, outcome }, { cloudId }): Promise<RunDetail> => {
  const deps = createEngineDeps({ cloudId });
  const run = await deps.runs.getRun(runId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: 'This run no longer exists; runs older than the retention period are deleted.' });
  const page = await deps.runs.listBatches(runId, batchCursor ? { cursor: batchCursor } : {});
  const users = page.batches.flatMap((batch) => batch.users).filter((user) => !outcome || user.outcome === outcome);
  return { ...toSummary(run), errors: run.errors, users, nextBatchCursor: page.nextCursor ?? null };
});

define(RESOLVERS.runsCancel, async ({ runId }, { cloudId, accountId }) => {
  const deps = createEngineDeps({ cloudId });
  const run = await cancelRun(deps, runId, accountId);
  if (!run) throw new RefusedError({ code: 'NOT_FOUND', message: 'This run no longer exists.' });
  return toSummary(run);
});

export const handler = resolver.getDefinitions();
