/**
 * Schemes: the admin's rule "who is acted on, how, and when", in the JSON file form admins export and import. This
 * index is the folder's public surface, so importers keep writing `domain/scheme`; each concern has its own file:
 * types.ts (the parsed scheme), fileFormat.ts (the file's shapes), defaults.ts, checks.ts and scheduleCheck.ts (rules
 * across fields), messages.ts and names.ts (the sentences and "did you mean"), parse.ts, resolve.ts (names → site
 * groups and fields), export.ts, and rules.ts (the limits the page shows, free of zod: the page imports it directly).
 *
 * Parsing is strict: an unknown key is an error (a typo such as "noneof" must never silently widen who is acted
 * on), and every message names the path of the problem in the file. Defaults are applied in one place
 * (`SCHEME_DEFAULTS`); `mode` defaults to "test" so nothing is ever changed unless the file says "live".
 *
 * Decisions:
 * - Group names are matched against the site case-insensitively (an exact-case match wins if the site has several).
 * - `exemptions.users` and `report.emailUsers` hold Atlassian account ids.
 * - Email domains are compared exactly, after lowercasing and dropping a leading "@": "acme.com" does not cover
 *   "eu.acme.com"; list subdomains explicitly.
 * - `schedule.dayOfWeek` is a lowercase English day name ("monday"…"sunday"; any case is accepted and lowercased).
 * - `removeGroups` must name at least one group, like `addGroups`: an action that does nothing is a mistake.
 * - `filter.accountTypes` may name "app", but app accounts are always protected (see matching.ts): naming it only
 *   makes them appear in reports as protected.
 * - Hourly schedules take an `every` that divides 24; see schedule.ts for what `at` means for them.
 * - The stored form is the scheme plus `id`, `createdAt`, `updatedAt` (`StoredScheme`); the file form never carries them.
 */
export { InvalidSchemeError, type SchemeIssue } from '../errors';
export {
  ACCOUNT_TYPES,
  ACTION_TYPES,
  SCHEME_MODES,
  USER_STATUSES,
  type Action,
  type ActionType,
  type NameCondition,
  type ParseOptions,
  type ParseResult,
  type Scheme,
  type SchemeFilter,
  type SchemeMetadata,
  type SchemeMode,
  type StoredScheme,
} from './types';
export { SCHEME_DEFAULTS } from './defaults';
export { schemeFileSchema, type SchemeInput } from './fileFormat';
export { formatSchemeErrors, parseScheme, parseSchemeText, parseStoredScheme } from './parse';
export { exportScheme } from './export';
export {
  resolveFieldNames,
  resolveGroupNames,
  type FieldResolveResult,
  type ResolveResult,
  type ResolvedAction,
  type ResolvedScheme,
} from './resolve';
