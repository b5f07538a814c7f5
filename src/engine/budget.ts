/**
 * How much work an invocation takes on. A step stops starting new work once half of its function's budget
 * (manifest timeoutSeconds) is spent, or when less is left than one more unit of work might need, so it ends
 * well inside its time budget even when Atlassian answers slowly.
 */
import type { Invocation } from './ports';

/** Worst-case real time for one unit of work: a page of the directory, one user's re-check and actions, a batch to start. */
const UNIT_MS = { page: 15_000, user: 10_000, batch: 30_000 } as const;

export function hasTimeFor(invocation: Invocation, unit: keyof typeof UNIT_MS): boolean {
  const remaining = invocation.remainingMs();
  return remaining > invocation.budgetMs / 2 && remaining > Math.min(UNIT_MS[unit], invocation.budgetMs / 4);
}
