/**
 * The contract between the admin page and the backend: resolver names, payload schemas (validated on every
 * call) and answer shapes. The page and the resolvers both import this module, so they cannot drift apart.
 */
import { z } from 'zod';
import type { RunCounts, RunState, UserOutcome } from './domain/run';
import type { SchemeLastRun } from './engine/records';

export const RESOLVERS = {
  settingsGet: 'settings/get',
  settingsSave: 'settings/save',
  connectionTest: 'connection/test',
  schemesList: 'schemes/list',
  schemesSave: 'schemes/save',
  schemesDelete: 'schemes/delete',
  schemesRunNow: 'schemes/runNow',
  runsList: 'runs/list',
  runsGet: 'runs/get',
  runsCancel: 'runs/cancel',
} as const;

export const payloads = {
  [RESOLVERS.settingsGet]: z.object({}).strict(),
  [RESOLVERS.settingsSave]: z
    .object({
      apiKey: z.string().trim().min(20, 'An organization API key is a long token; this one is too short.').optional(),
      exemptions: z.object({ users: z.array(z.string()), groupIds: z.array(z.string()) }).strict().optional(),
      accessGroupIds: z.array(z.string()).nullable().optional(),
      retentionDays: z.number().int().min(1).max(3650).optional(),
      defaultTimeZone: z.string().optional(),
    })
    .strict(),
  [RESOLVERS.connectionTest]: z.object({}).strict(),
  [RESOLVERS.schemesList]: z.object({}).strict(),
  [RESOLVERS.schemesSave]: z.object({ id: z.string().optional(), scheme: z.unknown() }).strict(),
  [RESOLVERS.schemesDelete]: z.object({ id: z.string() }).strict(),
  [RESOLVERS.schemesRunNow]: z
    .object({ id: z.string(), mode: z.enum(['test', 'live']).default('test'), confirmLive: z.boolean().optional() })
    .strict(),
  [RESOLVERS.runsList]: z.object({ cursor: z.string().optional(), schemeId: z.string().optional(), limit: z.number().int().min(1).max(100).default(25) }).strict(),
  [RESOLVERS.runsGet]: z
    .object({ runId: z.string(), batchCursor: z.string().optional(), outcome: z.enum(['planned', 'exempt', 'done', 'skipped', 'failed', 'pending']).optional() })
    .strict(),
  [RESOLVERS.runsCancel]: z.object({ runId: z.string() }).strict(),
} as const;

export type ResolverName = (typeof RESOLVERS)[keyof typeof RESOLVERS];
export type Payload<N extends ResolverName> = z.input<(typeof payloads)[N]>;

/** Every resolver answers `{ ok: true, data }` or `{ ok: false, error: { code, message, fields? } }`. */
export type Answer<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export interface ResolverError {
  code: 'NOT_SITE_ADMIN' | 'INVALID_INPUT' | 'NOT_FOUND' | 'ALREADY_RUNNING' | 'CONFIRMATION_REQUIRED' | 'API_KEY' | 'ATLASSIAN_API' | 'INTERNAL';
  message: string;
  /** Per-field messages for forms: path → message. */
  fields?: Record<string, string>;
}

export interface SchemeSummary {
  id: string;
  name: string;
  enabled: boolean;
  mode: 'test' | 'live';
  schedule: string;
  nextRunAt: string | null;
  lastRun: SchemeLastRun | null;
}

export interface RunSummary {
  id: string;
  schemeId: string;
  schemeName: string;
  kind: 'scheme' | 'bulk';
  trigger: string;
  mode: 'test' | 'live';
  state: RunState;
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
}

export interface RunDetail extends RunSummary {
  errors: string[];
  users: UserOutcome[];
  nextBatchCursor: string | null;
}
