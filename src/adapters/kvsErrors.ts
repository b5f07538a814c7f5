/** Recognises the Forge KVS answers the stores turn into plain results (a lost race is not an error). */
import { ForgeKvsAPIError } from '@forge/kvs';

function codeOf(error: unknown): string | undefined {
  if (error instanceof ForgeKvsAPIError) return (error as unknown as { code?: string }).code;
  return typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
}

/** `set` with keyPolicy FAIL_IF_EXISTS found the key taken. */
export function isKeyConflict(error: unknown): boolean {
  return codeOf(error) === 'KEY_CONFLICT';
}

/** A transaction's condition did not hold. */
export function isConditionFailed(error: unknown): boolean {
  return codeOf(error) === 'CONDITIONAL_CHECK_FAILED';
}
