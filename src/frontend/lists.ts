/**
 * Entries a list asks for at a time (audit log, warnings, pending deletions). Forge bills every stored entry read
 * as at least one storage unit, and a page view's budget is 50 units: "Show more" reads on.
 */
export const LIST_PAGE = 25;
