/**
 * Two ways of calling the API that every concern shares: walking a cursor-paged answer to its end (a cursor seen
 * before ends the walk instead of looping), and settling a write that was refused in a way that could mean "already
 * so" by reading the wanted state back, so a repeated action answers `already` instead of failing.
 */
import { isApiError, type ActionOutcome, type ApiError, type ApiErrorKind } from '../http';

/** Fetches pages while the API names a next cursor; a cursor seen before ends the walk instead of looping. */
export async function followCursors(fetchPage: (cursor: string | undefined) => Promise<string | null>): Promise<void> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const next = await fetchPage(cursor);
    cursor = next !== null && !seen.has(next) ? next : undefined;
    if (cursor) seen.add(cursor);
  } while (cursor);
}

/**
 * Runs a write; when it is refused with one of `ambiguous` kinds, reads the user back and answers
 * `already` if the wanted state holds, else lets the refusal stand.
 */
export async function settle(
  write: () => Promise<unknown>,
  ambiguous: ApiErrorKind[],
  holds: () => Promise<boolean>,
  explainRefusal?: (error: ApiError) => ApiError,
): Promise<ActionOutcome> {
  try {
    await write();
    return 'done';
  } catch (error) {
    if (!isApiError(error) || !ambiguous.includes(error.kind)) throw error;
    if (await holds()) return 'already';
    throw explainRefusal ? explainRefusal(error) : error;
  }
}
