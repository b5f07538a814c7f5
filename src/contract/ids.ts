/**
 * The shapes of what a payload names (ids, cursors, search text), shared by every topic's payload schemas.
 */
import { z } from 'zod';
import { hasControlCharacters } from '../domain/text';

/**
 * The shapes of the ids a payload names, checked before anything reaches storage (an id becomes part of a storage
 * key). App ids (schemes, runs, fields) are the app's own `randomUUID()`s, and the local site's fixtures use short
 * words: letters, digits and `. _ : -`, starting with a letter or digit. Atlassian account ids are
 * `557058:f58131cb-b67d-43c7-b30d-6b58d40bd077` or 24 hex digits: letters, digits and `: _ -`. Both at most 128
 * characters. An id of the right shape that names nothing answers NOT_FOUND from its resolver.
 */
export const ID_MAX_LENGTH = 128;
export const APP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_-]*$/;
export { hasControlCharacters };

export function appId(what: string) {
  return z
    .string({ error: `Give the ${what} id as text.` })
    .min(1, `Name the ${what}: its id is empty.`)
    .max(ID_MAX_LENGTH, `A ${what} id has at most ${ID_MAX_LENGTH} characters; this is not one.`)
    .regex(APP_ID_PATTERN, `A ${what} id has only letters, digits and . _ : - ; this is not one.`);
}

export function accountId() {
  return z
    .string({ error: 'Give the account id as text.' })
    .trim()
    .min(1, 'Enter an account id.')
    .max(ID_MAX_LENGTH, `An Atlassian account id has at most ${ID_MAX_LENGTH} characters; this is not one.`)
    .regex(ACCOUNT_ID_PATTERN, 'An Atlassian account id has only letters, digits and : _ - ; this is not one.');
}

/**
 * An account id the resolver looks up on the site before saving it as a value (exemptions, seat-alert recipients):
 * bounded and without control characters here, so the site check can name a typed name ("Joan Allen is not a user
 * of this site: pick the user by name") rather than its shape. It never becomes part of a storage key.
 */
export function pickedAccountId() {
  return z
    .string({ error: 'Give the account id as text.' })
    .trim()
    .min(1, 'Enter an account id.')
    .max(ID_MAX_LENGTH, `An Atlassian account id has at most ${ID_MAX_LENGTH} characters; this is not one.`)
    .refine((value) => !hasControlCharacters(value), 'An account id has no line breaks or control characters.');
}

/** A user named by account id or email (undo takes either). */
export function accountIdOrEmail() {
  return z
    .string({ error: 'Give the account id or email as text.' })
    .trim()
    .min(1, 'Enter an account id or an email.')
    .max(254, 'An account id or email has at most 254 characters; this is neither.')
    .refine(
      (value) => !/\s/.test(value) && !hasControlCharacters(value),
      'An account id or email has no spaces or control characters.',
    );
}

/** Group ids come from the site's group list (a UUID on Confluence, an ARI in the Admin API): no control characters. */
export function groupId() {
  return z
    .string({ error: 'Give the group id as text.' })
    .min(1, 'A group id is empty.')
    .max(255, 'A group id has at most 255 characters; this is not one.')
    .refine(
      (value) => !hasControlCharacters(value) && value.trim() === value,
      'A group id has no control characters or surrounding spaces.',
    );
}

/** What a name or email must contain (bulk find): a few words, no control characters. */
export function searchText() {
  return z
    .string({ error: 'Give the text to search for as text.' })
    .trim()
    .max(200, 'Search for at most 200 characters.')
    .refine((value) => !hasControlCharacters(value), 'The search text has control characters.');
}

/** A page cursor the app handed out (Forge storage's, opaque): text without control characters. */
export function cursor() {
  return z
    .string({ error: 'Give the page cursor as text.' })
    .max(4000, 'This page cursor is not one the app gave; reload the list.')
    .refine((value) => !hasControlCharacters(value), 'This page cursor is not one the app gave; reload the list.');
}
