/**
 * Reading a scheme: the file's text or JSON, or a scheme read back from storage, checked in full before anything
 * uses it (shapes, then rules across fields, then defaults) so a bad file changes nothing and lists every problem
 * at once. This is the one way into a `Scheme`.
 */
import { z } from 'zod';
import { formatSchemeIssues, type SchemeIssue } from '../errors';
import { schemeFileSchema } from './fileFormat';
import { fallbackMessage, isPlainObject, toSchemeIssues } from './messages';
import { checkRules } from './checks';
import { applyDefaults, resolveDefaultTimeZone } from './defaults';
import type { ParseOptions, ParseResult, Scheme, StoredScheme } from './types';

/** Validates a scheme file (already JSON-parsed) and applies defaults. */
export function parseScheme(json: unknown, opts: ParseOptions = {}): ParseResult<Scheme> {
  const parsed = schemeFileSchema.safeParse(json, { error: (issue) => fallbackMessage(issue), reportInput: true });
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.flatMap(toSchemeIssues) };

  const defaultZone = resolveDefaultTimeZone(parsed.data, opts);
  const errors = [...defaultZone.errors, ...checkRules(parsed.data)];
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, scheme: applyDefaults(parsed.data, defaultZone.timeZone) };
}

/** Parses the text of a scheme file: JSON syntax errors are reported like any other problem. */
export function parseSchemeText(text: string, opts: ParseOptions = {}): ParseResult<Scheme> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '', message: `the file is not valid JSON (${detail})` }] };
  }
  return parseScheme(json, opts);
}

const metadataShape = z.object({
  id: z.string().min(1, { error: 'must not be empty' }),
  createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  updatedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
});

/** Validates a scheme read back from storage: the scheme rules plus its metadata. */
export function parseStoredScheme(value: unknown, opts: ParseOptions = {}): ParseResult<StoredScheme> {
  const metadata = metadataShape.safeParse(value, { error: (issue) => fallbackMessage(issue) });
  const metadataErrors = metadata.success ? [] : metadata.error.issues.flatMap(toSchemeIssues);
  if (!isPlainObject(value)) return { ok: false, errors: metadataErrors };

  const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...definition } = value;
  const scheme = parseScheme(definition, opts);
  if (!metadata.success || !scheme.ok)
    return { ok: false, errors: [...metadataErrors, ...(scheme.ok ? [] : scheme.errors)] };
  const { id, createdAt, updatedAt } = metadata.data;
  return { ok: true, scheme: { ...scheme.scheme, id, createdAt, updatedAt } };
}

/** One readable block listing every problem, for the UI or a CLI. */
export function formatSchemeErrors(errors: readonly SchemeIssue[], fileName?: string): string {
  return formatSchemeIssues(errors, fileName);
}
