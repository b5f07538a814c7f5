/**
 * Errors the domain throws when a caller breaks a contract it could have checked (a schedule that was never
 * validated, a scheme file that does not parse). Each carries a stable code for boundaries to map and a
 * sentence a site admin or developer can act on.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** One problem in a scheme, located by its path in the file form (`filter.inactiveDays`, `actions[1].groups[0]`). */
export interface SchemeIssue {
  path: string;
  message: string;
}

/** Thrown by use cases that receive an invalid scheme; the message is the full, readable list of issues. */
export class InvalidSchemeError extends DomainError {
  constructor(
    readonly issues: SchemeIssue[],
    fileName?: string,
  ) {
    super('INVALID_SCHEME', formatSchemeIssues(issues, fileName));
    this.name = 'InvalidSchemeError';
  }
}

/** One readable block listing every problem (exported by scheme/parse.ts as `formatSchemeErrors`). */
export function formatSchemeIssues(issues: readonly SchemeIssue[], fileName?: string): string {
  const subject = fileName ? `The scheme file "${fileName}"` : 'The scheme';
  const count = issues.length === 1 ? 'a problem' : `${issues.length} problems`;
  const lines = issues.map(({ path, message }) => `  - ${path === '' ? '(whole file)' : path}: ${message}`);
  return [`${subject} has ${count}:`, ...lines].join('\n');
}
