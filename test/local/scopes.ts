/**
 * Which OAuth scopes the app's Confluence REST calls need, according to Atlassian's OpenAPI files, against the
 * scopes manifest.yml declares: a missing scope fails at run time on a real site (403), an unused one makes
 * every admin consent to more than the app does.
 *
 * An operation lists its alternatives in `x-atlassian-oauth2-scopes` (the classic scopes, state "Current", and
 * the granular ones, state "Beta"); the manifest satisfies it by declaring every scope of one alternative.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SPEC_DIR } from './site/openapi';

export interface ConfluenceCall {
  method: string;
  /** The path as sent, without the query. */
  path: string;
  /** The client function that made it. */
  via: string;
}

export interface SpecOperation {
  file: 'confluence-v1.json' | 'confluence-v2.json';
  /** The path template as the file writes it. */
  template: string;
  operationId: string;
  /** Each alternative is a set of scopes that together allow the call. */
  scopeAlternatives: string[][];
}

type Json = Record<string, unknown>;

const specs = new Map<string, Json>();
function spec(file: SpecOperation['file']): Json {
  let doc = specs.get(file);
  if (!doc) {
    doc = JSON.parse(readFileSync(path.join(DEFAULT_SPEC_DIR, file), 'utf8')) as Json;
    specs.set(file, doc);
  }
  return doc;
}

/** v1 paths carry `/wiki` in the file; v2 paths are relative to the server `https://{domain}/wiki/api/v2`. */
function locate(requestPath: string): { file: SpecOperation['file']; path: string } {
  const v2 = '/wiki/api/v2';
  return requestPath.startsWith(`${v2}/`)
    ? { file: 'confluence-v2.json', path: requestPath.slice(v2.length) }
    : { file: 'confluence-v1.json', path: requestPath };
}

/** A template's literal segments must equal the path's; `{param}` segments match one non-empty segment. */
function literalSegmentsMatched(template: string, requestPath: string): number | null {
  const want = template.split('/');
  const got = requestPath.split('/');
  if (want.length !== got.length) return null;
  let literal = 0;
  for (const [i, segment] of want.entries()) {
    if (/^\{[^}]+\}$/.test(segment)) {
      if (got[i] === '') return null;
    } else if (segment === got[i]) literal += 1;
    else return null;
  }
  return literal;
}

/** The operation a call reaches: the matching template with the most literal segments (`user/email` over `user/{id}`). */
export function findOperation(call: Pick<ConfluenceCall, 'method' | 'path'>): SpecOperation | undefined {
  const { file, path: filePath } = locate(call.path);
  const paths = (spec(file).paths ?? {}) as Record<string, Json>;
  let best: { template: string; literal: number } | undefined;
  for (const [template, item] of Object.entries(paths)) {
    if (!(call.method.toLowerCase() in item)) continue;
    const literal = literalSegmentsMatched(template, decodeURI(filePath));
    if (literal !== null && (best === undefined || literal > best.literal)) best = { template, literal };
  }
  if (!best) return undefined;
  const operation = (paths[best.template] as Json)[call.method.toLowerCase()] as Json;
  return {
    file,
    template: best.template,
    operationId: String(operation.operationId ?? `${call.method} ${best.template}`),
    scopeAlternatives: scopeAlternatives(operation),
  };
}

function scopeAlternatives(operation: Json): string[][] {
  const declared = operation['x-atlassian-oauth2-scopes'] as Array<{ scopes?: string[] }> | undefined;
  if (declared?.length) return declared.map((entry) => entry.scopes ?? []);
  // Operations without the extension list their OAuth scopes in `security` only.
  const security = (operation.security ?? []) as Array<Record<string, string[]>>;
  return security.flatMap((requirement) => (requirement.oAuthDefinitions ? [requirement.oAuthDefinitions] : []));
}

/** A scope no REST call needs but the platform does, with whether the app uses that part of it. */
export interface PlatformScope {
  scope: string;
  why: string;
  used: boolean;
}

/**
 * Every problem with the declared scopes, as sentences: a call whose operation is not in the specs, a call
 * the manifest declares no alternative for, a declared scope nothing needs. Empty when all is well.
 */
export function checkScopes(
  declared: readonly string[],
  calls: readonly ConfluenceCall[],
  platform: readonly PlatformScope[],
): string[] {
  const have = new Set(declared);
  const problems: string[] = [];
  const needed = new Set<string>();
  for (const call of calls) {
    const operation = findOperation(call);
    const where = `${call.method} ${call.path} (from ${call.via})`;
    if (!operation) {
      problems.push(`${where} is no operation in confluence-v1.json or confluence-v2.json.`);
      continue;
    }
    const satisfied = operation.scopeAlternatives.filter((scopes) => scopes.every((scope) => have.has(scope)));
    for (const scopes of satisfied) for (const scope of scopes) needed.add(scope);
    if (satisfied.length === 0) {
      const options = operation.scopeAlternatives.map((scopes) => scopes.join(' + ')).join(' or ');
      problems.push(
        `${where} is ${operation.operationId} in ${operation.file}, which needs ${options || 'a scope the file does not name'}; manifest.yml declares none of them.`,
      );
    }
  }
  for (const { scope, why, used } of platform) {
    if (used) needed.add(scope);
    else if (have.has(scope)) problems.push(`manifest.yml declares ${scope} (${why}), but the app does not use it.`);
  }
  for (const scope of declared) {
    if (!needed.has(scope) && !platform.some((p) => p.scope === scope)) {
      problems.push(`manifest.yml declares ${scope}, which no call the app makes needs.`);
    }
  }
  return problems;
}
