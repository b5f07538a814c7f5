/**
 * The plain rules of the scheme format that the page shows beside its fields: the sane ranges of a scheme's numbers
 * and the order rules of its actions. fileFormat.ts enforces them with its zod schemas; they live here, free of zod, so
 * the admin page can import them without bundling the schemas (`npm run bundle` fails if zod reaches the page).
 */

/**
 * The sane ranges of a scheme's numbers, with the sentence that says why (the page shows it beside the field).
 * Beyond these a number is a typo that would silently match nobody, or lift a safety limit that must hold.
 */
export const LIMITS = {
  /** Ten years of inactivity: far beyond any real policy, so a bigger number is a typo (99999999 days). */
  maxDays: 3650,
  /** Confluence Cloud's largest licence tier (150,000 users): no site has more, so no run can act on more. */
  maxUsers: 150_000,
} as const;

export const LIMIT_REASONS = {
  days: `must be a whole number of days from 1 to ${LIMITS.maxDays} (10 years): a longer wait is a typo that would match nobody`,
  users: `must be a whole number from 1 to ${LIMITS.maxUsers.toLocaleString('en-US')} (Confluence Cloud's largest licence tier): a bigger number is a typo`,
} as const;

/**
 * The order rules of a scheme's actions, as the editor explains them beside its up/down buttons: actions run in
 * the order listed, so "notify" comes first (users are warned before anything happens), and the actions that end
 * an account come last, "deactivate" and then "delete": once an account is gone, no group can be changed for it.
 * Group and access changes may come in any order among themselves, before those.
 */
export const ACTION_ORDER_RULES = [
  'Actions run from top to bottom, one user at a time.',
  '"Warn users first" always comes before everything else.',
  'Deactivate and delete end the account, so they come last (deactivate before delete): change groups and access before them.',
] as const;

/** What "Needs approval" does, as the scheme editor says it under its toggle (and the README). */
export const NEEDS_APPROVAL_SENTENCE =
  'Needs approval: scheduled runs run as test runs even when the scheme is live, and the report recipients get an email asking them to review the run and apply it (Run history → the run → Apply this test run). Nothing changes until an admin confirms.';
