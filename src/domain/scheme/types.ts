/**
 * The scheme as the engine sees it once parsed (defaults applied): its types and the fixed lists its file names
 * (modes, account types, statuses, action types). Free of zod, so every layer can name a scheme's shape without
 * building the file schemas; the file form itself is in fileFormat.ts.
 */
import type { AccountType, UserStatus } from '../user';
import type { SchemeIssue } from '../errors';
import type { Schedule } from '../schedule';
import type { FieldCondition } from '../customFields';
import { ACTION_TYPES, type ActionType } from '../actionTypes';

export const SCHEME_MODES = ['test', 'live'] as const;
export type SchemeMode = (typeof SCHEME_MODES)[number];

export const ACCOUNT_TYPES = ['atlassian', 'app', 'customer'] as const satisfies readonly AccountType[];
export const USER_STATUSES = ['active', 'suspended', 'deactivated'] as const satisfies readonly UserStatus[];
/** The action names live in a leaf module (../actionTypes.ts) so the scheme, the bill and the org model share them without a circle. */
export { ACTION_TYPES, type ActionType };

/** A condition on a list of names: member of at least one of `anyOf` (when given) and of none of `noneOf`. */
export interface NameCondition {
  anyOf?: string[];
  noneOf?: string[];
}

export interface SchemeFilter {
  /** Users whose last Confluence activity is at least this many days ago. */
  inactiveDays?: number;
  /** Users who never used Confluence and were added to the org at least this many days ago. */
  neverActiveAfterDays?: number;
  /** Group names. */
  groups?: NameCondition;
  /** Lowercase domains without "@". */
  emailDomains?: NameCondition;
  accountTypes: AccountType[];
  statuses: UserStatus[];
  /** Conditions on custom user fields (src/domain/customFields.ts), by field name; all must hold. */
  fields?: Record<string, FieldCondition>;
}

export type Action =
  /**
   * `offerRestore`: each user whose access was removed gets an email with a signed "restore my access" link
   * (src/engine/restoreAccess.ts). Off unless set.
   */
  | { type: 'removeAccess'; offerRestore?: boolean }
  | { type: 'suspend' }
  /**
   * `deleteAfterDays`: a staged lifecycle; the users deactivated now are deleted once they have stayed deactivated
   * this many days (src/engine/stagedDeletions.ts), each re-checked first.
   */
  | { type: 'deactivate'; message?: string; deleteAfterDays?: number }
  | { type: 'delete' }
  | { type: 'addGroups'; groups: string[] }
  | { type: 'removeGroups'; groups: string[] }
  /** Warn the user by email first; the other actions happen only after `graceDays`, if they are still inactive. */
  | { type: 'notify'; graceDays: number; message?: string };

export interface Scheme {
  name: string;
  enabled: boolean;
  mode: SchemeMode;
  /** null: runs only on demand. */
  schedule: Schedule | null;
  filter: SchemeFilter;
  exemptions: { users: string[]; groups: string[] };
  actions: Action[];
  /**
   * `untilSeatsAtMost`: act on the longest-inactive users first, only as many as it takes to bring the site's
   * seats down to this number (e.g. to stay under a licence tier).
   */
  limits: { maxUsersPerRun: number; untilSeatsAtMost?: number };
  report: { emailUsers: string[]; emailGroups: string[]; onlyWhenUsersMatched: boolean };
  /**
   * "Needs approval": the scheme's scheduled runs run as test runs even when it is live, and their report goes to
   * the report recipients (the approvers) asking them to review it and apply it. Absent means false.
   */
  needsApproval?: boolean;
}

export interface SchemeMetadata {
  id: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/** The form kept in storage. */
export type StoredScheme = Scheme & SchemeMetadata;

export type ParseResult<T> = { ok: true; scheme: T } | { ok: false; errors: SchemeIssue[] };

export interface ParseOptions {
  /** The site's default time zone (from settings), used when the schedule names none. Falls back to UTC. */
  defaultTimeZone?: string;
}
