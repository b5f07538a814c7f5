/** Bulk actions: find users with a filter, pick some or all, review, and run the same machinery as a scheme. */
import { z } from 'zod';
import type { UserOutcome } from '../domain/run';
import { accountId, appId, searchText } from './ids';
import { RESOLVERS } from './resolvers';
import type { RunSummary } from './runs';

/**
 * A bulk action's filter: the scheme editor's filter form, as the scheme file writes it (validated by parseScheme).
 * Passed on as it came (a zod record would drop a `__proto__` key silently), so parseScheme names every key it
 * does not know, `__proto__` included.
 */
const bulkFilter = /* @__PURE__ */ (() =>
  z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'The filter must be an object of conditions, as the scheme file writes it.',
  ))();

const bulkSelection = /* @__PURE__ */ (() =>
  z.discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('some'),
        accountIds: z.array(accountId()).min(1, 'Select at least one user.').max(10_000),
      })
      .strict(),
    z.object({ kind: z.literal('allMatching') }).strict(),
  ]))();

/** Bulk action payloads. */
export const bulkPayloads = /* @__PURE__ */ (() => ({
  [RESOLVERS.bulkFind]: z.object({ filter: bulkFilter, nameOrEmailContains: searchText().optional() }).strict(),
  [RESOLVERS.bulkResults]: z
    .object({
      runId: appId('run'),
      sortKey: z.enum(['name', 'email', 'lastActive', 'outcome']).default('name'),
      sortOrder: z.enum(['ASC', 'DESC']).default('ASC'),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(100).default(25),
      /** Where the page starts in a search too big to sort: the previous page's `nextCursor`. */
      cursor: z.string().max(40).optional(),
    })
    .strict(),
  [RESOLVERS.bulkReview]: z
    .object({
      findRunId: appId('run'),
      actions: z.array(z.unknown()).min(1, 'Pick at least one action.'),
      selection: bulkSelection,
    })
    .strict(),
  [RESOLVERS.bulkRun]: z
    .object({
      filter: bulkFilter,
      nameOrEmailContains: searchText().optional(),
      actions: z.array(z.unknown()).min(1, 'Pick at least one action.'),
      selection: bulkSelection,
      /** The "find users" run whose results the admin selected from and confirmed: the live run acts on them only. */
      findRunId: appId('run').optional(),
      confirm: z.boolean().optional(),
      /** The count the admin confirmed for "all matching": the live run acts on no more (the safety limit). */
      confirmedCount: z.number().int().min(1).optional(),
    })
    .strict(),
}))();

export interface BulkUser {
  accountId: string;
  name: string;
  email: string | null;
  lastActive: string | null;
  outcome: UserOutcome['outcome'];
  reason: string;
}

export interface BulkResultsAnswer {
  run: RunSummary;
  users: BulkUser[];
  total: number;
  selectable: number;
  page: number;
  pageSize: number;
  /** False for a search too big to sort in one view: its users come in the order found, a page from `nextCursor`. */
  sorted?: boolean;
  /** The next page's `cursor` (unsorted results); null after the last user found. */
  nextCursor?: string | null;
}
