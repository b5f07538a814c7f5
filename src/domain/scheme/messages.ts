/**
 * Zod's issues turned into the sentences a site admin editing JSON reads: one issue per problem, each with the dotted
 * path of the key it is about, and "did you mean" for an unknown key (judged by the keys its object, or its action
 * type, takes). Messages a schema gives itself (fileFormat.ts) pass through; `fallbackMessage` words the rest.
 */
import type { z } from 'zod';
import type { SchemeIssue } from '../errors';
import { CONDITION_KEYS } from '../customFields';
import { ACTION_KEYS, KNOWN_KEYS } from './fileFormat';
import { ACTION_TYPES, type ActionType } from './types';
import { closest } from './names';

type ZodIssue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** Messages for issues the schema gives no message of its own; written for a site admin editing JSON. */
export function fallbackMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${describeExpected(String(issue.expected))}, not ${describeValue(issue.input)}`;
    case 'invalid_value': {
      const allowed = issue.values.map((value) => JSON.stringify(value)).join(', ');
      return `${describeValue(issue.input)} is not allowed here; use one of ${allowed}`;
    }
    case 'invalid_union': {
      // The only union is the action list: a missing or unknown "type".
      const input = issue.input;
      const type = isPlainObject(input) ? input['type'] : undefined;
      const allowed = ACTION_TYPES.join(', ');
      if (type === undefined) return `an action needs a "type": one of ${allowed}`;
      return `${describeValue(type)} is not an action; use one of ${allowed}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `must list at least ${issue.minimum}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `has at most ${issue.maximum} characters`;
      return `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

/** Zod issues → one issue per problem, with a dotted path; unknown keys get one issue each, with a spelling hint. */
export function toSchemeIssues(issue: ZodIssue): SchemeIssue[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: path === '' ? key : `${path}.${key}`,
      message: `unknown key (${unknownKeyHint(key, issue)}): unknown keys are refused so that a typo cannot change who is acted on`,
    }));
  }
  // A discriminator failure is reported on the action's "type", where the admin has to look.
  if (issue.code === 'invalid_union' && !path.endsWith('.type') && issue.path.length > 0) {
    return [{ path: `${path}.type`, message: issue.message }];
  }
  return [{ path, message: issue.message }];
}

function unknownKeyHint(key: string, issue: ZodIssue): string {
  const pattern = pathPattern(issue.path);
  if (pattern === 'actions[]') {
    const type = isPlainObject(issue.input) ? issue.input['type'] : undefined;
    const known = ACTION_KEYS[type as ActionType] ?? ['type'];
    const owners = ACTION_TYPES.filter((action) => ACTION_KEYS[action].includes(key)).map((action) => `"${action}"`);
    const hint = closest(
      key,
      known.filter((name) => name !== 'type'),
    );
    if (hint) return `did you mean "${hint}"?`;
    if (owners.length > 0) return `only ${owners.join(' and ')} ${owners.length === 1 ? 'takes' : 'take'} "${key}"`;
    return `a "${String(type)}" action takes ${known.map((name) => `"${name}"`).join(' and ')}`;
  }
  const known = KNOWN_KEYS[pattern] ?? (pattern.startsWith('filter.fields.') ? CONDITION_KEYS : []);
  const hint = closest(key, known);
  return hint ? `did you mean "${hint}"?` : `expected one of ${known.join(', ')}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const name = String(segment);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}

function pathPattern(path: readonly PropertyKey[]): string {
  return formatPath(path.map((segment) => (typeof segment === 'number' ? -1 : segment))).replace(/\[-1\]/g, '[]');
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text in quotes';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list in [ ]';
    case 'object':
      return 'an object in { }';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
