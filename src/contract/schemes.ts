/** Schemes: list, edit, validate, import and export, run now, and the review before a scheme goes live. */
import { z } from 'zod';
import type { TestRunQuote } from '../domain/liveGate';
import type { SchemeLastRun } from '../engine/records';
import { appId } from './ids';
import { RESOLVERS } from './resolvers';
import type { RunSummary } from './runs';

/**
 * What the admin saw and confirmed before a scheme goes live: the definition's fingerprint and the test run the
 * confirmation quoted. A resolver called without it, or with a stale one (the scheme changed since), refuses.
 */
const liveConfirmation = /* @__PURE__ */ (() =>
  z
    .object({
      testRunId: appId('run'),
      fingerprint: z
        .string()
        .min(1, 'Give the fingerprint of the scheme the confirmation showed.')
        .max(200, 'This is not a fingerprint the app gave; review the scheme again.'),
    })
    .strict())();

/** Scheme payloads. */
export const schemePayloads = /* @__PURE__ */ (() => ({
  [RESOLVERS.schemesList]: z.object({}).strict(),
  [RESOLVERS.schemesGet]: z.object({ id: appId('scheme') }).strict(),
  [RESOLVERS.schemesValidate]: z.object({ scheme: z.unknown() }).strict(),
  [RESOLVERS.schemesSave]: z
    .object({ id: appId('scheme').optional(), scheme: z.unknown(), confirm: liveConfirmation.optional() })
    .strict(),
  [RESOLVERS.schemesImport]: z.object({ text: z.string().min(1, 'Paste a scheme file (JSON).').max(200_000) }).strict(),
  [RESOLVERS.schemesSetEnabled]: z
    .object({ id: appId('scheme'), enabled: z.boolean(), confirm: liveConfirmation.optional() })
    .strict(),
  [RESOLVERS.schemesDelete]: z.object({ id: appId('scheme') }).strict(),
  [RESOLVERS.schemesRunNow]: z
    .object({
      id: appId('scheme'),
      mode: z.enum(['test', 'live']).default('test'),
      /** Kept for older pages; a live run needs `confirm`. */
      confirmLive: z.boolean().optional(),
      confirm: liveConfirmation.optional(),
    })
    .strict(),
  [RESOLVERS.schemesPreview]: z.object({ scheme: z.unknown() }).strict(),
  /** A stored scheme (`id`), or a draft (`scheme`, with `id` when it edits a stored one); `testRunId` to quote that run. */
  [RESOLVERS.schemesReview]: z
    .object({ id: appId('scheme').optional(), scheme: z.unknown().optional(), testRunId: appId('run').optional() })
    .strict()
    .refine((payload) => payload.id !== undefined || payload.scheme !== undefined, {
      error: 'Name a scheme (id) or send a draft (scheme).',
    }),
}))();

/** An import's answer: a file that said "live" lands in test mode (`landedInTestMode`), and the page says so. */
export interface ImportAnswer extends SchemeSummary {
  landedInTestMode: boolean;
}

export interface SchemeSummary {
  id: string;
  name: string;
  enabled: boolean;
  mode: 'test' | 'live';
  schedule: string;
  nextRunAt: string | null;
  /** The schedule's time zone (or the site default), for showing the next run in local time. */
  timeZone: string;
  filter: string;
  actions: string[];
  maxUsersPerRun: number;
  lastRun: SchemeLastRun | null;
  /** "Needs approval": its scheduled runs are test runs that its report recipients review and apply. */
  needsApproval?: true;
}

/** Live needs a fresh test (src/domain/liveGate.ts): what the confirmation of going live shows. */
export interface LiveReview {
  /** The definition's fingerprint: sent back in `confirm` so that a confirmation of another definition is refused. */
  fingerprint: string;
  /** False when nothing new goes live (an edit of a live scheme that keeps its filter, exemptions and actions). */
  needed: boolean;
  /** Why going live is refused now, in a sentence (no test run, a stale one, another definition); null when ready. */
  problem: string | null;
  testRun: RunSummary | null;
  /** The test run's numbers and names, when it vouches for the definition. */
  quote: TestRunQuote | null;
  freshTestHours: number;
  /** The scheme's safety limit: a live run that would act on more acts on nobody. */
  maxUsersPerRun: number;
}

export type { TestRunQuote };

/** A scheme as its file: what the editor loads, export shows and import reads. */
export interface SchemeFileAnswer {
  id: string;
  file: Record<string, unknown>;
  json: string;
}

/** The editor's check of a draft: per-field messages keyed by the scheme file's path ("filter.inactiveDays"). */
export interface ValidationAnswer {
  valid: boolean;
  fields: Record<string, string>;
  /** The filter in words, when it is valid. */
  filter: string | null;
}
