/** The audit log (append-only, filtered, exported as CSV) and the warnings of notify schemes. */
import { z } from 'zod';
import { AUDIT_KINDS, type AuditEntry, type AuditKind } from '../domain/audit';
import type { WarningRecord } from '../engine/ports/warningStore';
import { appId, cursor } from './ids';
import { RESOLVERS } from './resolvers';
import type { UserName } from './settings';

/** Audit log filters: a date range (ISO), the actor, the user (subject) and the kind; paged newest first. */
const auditQuery = /* @__PURE__ */ (() =>
  z
    .object({
      cursor: cursor().optional(),
      limit: z.number().int().min(1).max(100).default(50),
      kind: z.enum(AUDIT_KINDS as unknown as [AuditKind, ...AuditKind[]]).optional(),
      actor: appId('actor').optional(),
      subject: appId('subject').optional(),
      from: z.string().datetime({ offset: true, message: 'Enter the start date as an ISO date-time.' }).optional(),
      to: z.string().datetime({ offset: true, message: 'Enter the end date as an ISO date-time.' }).optional(),
    })
    .strict())();

/** Audit log and warnings payloads. */
export const auditPayloads = /* @__PURE__ */ (() => ({
  [RESOLVERS.auditList]: auditQuery,
  [RESOLVERS.auditExport]: auditQuery,
  [RESOLVERS.warningsList]: z
    .object({ cursor: cursor().optional(), limit: z.number().int().min(1).max(100).default(50) })
    .strict(),
}))();

/** One page of the audit log, newest first. */
export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
  /** The people the entries name (actors and users acted on), by account id, for sentences with names. */
  people: Record<string, UserName>;
  /** Scheme names by scheme id, for the schemes the entries name that still exist. */
  schemeNames: Record<string, string>;
}

/** One page of the audit log as CSV lines (the first page starts with the header); the page joins them. */
export interface AuditExportPage {
  csv: string;
  nextCursor: string | null;
}

/** Warning records as the engine keeps them; the page names them through the contract, never from the engine. */
export type { WarningRecord };

/** Warnings of notify schemes, pending and past. */
export interface WarningsPage {
  warnings: WarningRecord[];
  nextCursor: string | null;
}
