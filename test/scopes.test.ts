/**
 * The manifest's scopes against what the app's Confluence calls need, per Atlassian's OpenAPI files
 * (test/local/site/specs). The calls are recorded by running every function of the Confluence client, and the
 * client's source is read to prove every path it names was reached.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createConfluenceApi, type ConfluenceApi } from '../src/adapters/confluenceApi';
import type { HttpTransport } from '../src/adapters/http';
import { REPO_ROOT } from './local/manifest';
import { checkScopes, findOperation, type ConfluenceCall, type PlatformScope } from './local/scopes';

const SRC = path.join(REPO_ROOT, 'src');
const CLIENT = path.join(SRC, 'adapters', 'confluenceApi.ts');

type ClientFunction = {
  [K in keyof ConfluenceApi]: ConfluenceApi[K] extends (...args: never[]) => unknown ? K : never;
}[keyof ConfluenceApi];

/** One call of each client function, with arguments that reach every request it can make. */
const EXERCISE: Record<ClientFunction, (api: ConfluenceApi) => Promise<unknown>> = {
  listGroupMembers: (api) => api.listGroupMembers('g 1'),
  getUsersBulk: (api) => api.getUsersBulk(['u1']),
  getUserEmail: (api) => api.getUserEmail('u1'),
  isSiteAdmin: (api) => api.isSiteAdmin('u1'),
};

/** A 200 body every schema of the client accepts: one group that is an admin group, one member, one address. */
const ANY_ANSWER = {
  results: [{ id: 'g1', name: 'site-admins', accountId: 'u1' }],
  accountId: 'u1',
  email: 'u1@example.com',
  _links: {},
};

async function recordCalls(): Promise<ConfluenceCall[]> {
  const calls: ConfluenceCall[] = [];
  for (const [via, exercise] of Object.entries(EXERCISE)) {
    const transport: HttpTransport = async (url, init) => {
      calls.push({ method: init.method, path: url.split('?')[0] ?? url, via });
      return { status: 200, headers: { get: () => null }, text: async () => JSON.stringify(ANY_ANSWER) };
    };
    await exercise(createConfluenceApi({ transport }));
  }
  return calls;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.join(dir, file));
}

/** The `/wiki/...` path literals in a source file's code (not its comments), `${...}` parts as `{}`. */
function wikiPathLiterals(file: string): string[] {
  const source = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  return [...source.matchAll(/['`](\/wiki\/[^'`]*)['`]/g)].map((m) => (m[1] ?? '').replace(/\$\{[^}]*\}/g, '{}'));
}

const templateMatches = (template: string, requestPath: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\}/g, '[^/]+')}$`).test(requestPath);

function declaredScopes(manifestFile: string): string[] {
  const manifest = parse(readFileSync(manifestFile, 'utf8')) as { permissions?: { scopes?: string[] } };
  return manifest.permissions?.scopes ?? [];
}

/** storage:app covers Forge storage, which the app reaches through @forge/kvs. */
function platformScopes(): PlatformScope[] {
  const usesKvs = sourceFiles(SRC).some((file) => /from '@forge\/kvs'/.test(readFileSync(file, 'utf8')));
  return [{ scope: 'storage:app', why: 'Forge storage', used: usesKvs }];
}

describe('the Confluence calls the app makes', () => {
  test('every function of the Confluence client is exercised, and so is every path its source names', async () => {
    const api = createConfluenceApi({ transport: () => Promise.reject(new Error('not called')) });
    const functions = Object.keys(api).filter((key) => typeof api[key as keyof ConfluenceApi] === 'function');
    assert.deepEqual(functions.sort(), Object.keys(EXERCISE).sort());

    const calls = await recordCalls();
    const literals = wikiPathLiterals(CLIENT);
    assert.ok(literals.length >= 4, `found only ${literals.join(', ')} in ${CLIENT}`);
    const unreached = literals.filter((template) => !calls.some((call) => templateMatches(template, call.path)));
    assert.deepEqual(unreached, [], 'paths in the client that no exercised call reached');
  });

  test('only the Confluence client names Confluence paths, and only the Forge transport calls Confluence', () => {
    const files = sourceFiles(SRC);
    const withPaths = files.filter((file) => file !== CLIENT && wikiPathLiterals(file).length > 0);
    assert.deepEqual(withPaths, []);
    const callers = files.filter((file) => readFileSync(file, 'utf8').includes('requestConfluence('));
    assert.deepEqual(
      callers.map((file) => path.relative(REPO_ROOT, file)),
      [path.join('src', 'adapters', 'forgeTransport.ts')],
    );
  });

  test('each call is an operation in the specs, the most literal template winning', async () => {
    for (const call of await recordCalls()) {
      assert.ok(findOperation(call), `${call.method} ${call.path} (from ${call.via}) is in no spec`);
    }
    assert.equal(
      findOperation({ method: 'GET', path: '/wiki/rest/api/user/email' })?.operationId,
      'getPrivacyUnsafeUserEmail',
    );
    assert.deepEqual(findOperation({ method: 'GET', path: '/wiki/rest/api/group/g%201/membersByGroupId' }), {
      file: 'confluence-v1.json',
      template: '/wiki/rest/api/group/{groupId}/membersByGroupId',
      operationId: 'getGroupMembersByGroupId',
      scopeAlternatives: [['read:confluence-groups'], ['read:group:confluence', 'read:user:confluence']],
    });
    assert.equal(
      findOperation({ method: 'POST', path: '/wiki/api/v2/users-bulk' })?.operationId,
      'createBulkUserLookup',
    );
    assert.equal(findOperation({ method: 'GET', path: '/wiki/rest/api/no-such-thing' }), undefined);
  });
});

describe('manifest.yml scopes', () => {
  test('declare a scope the spec requires for every call, and none that nothing uses', async () => {
    const problems = checkScopes(
      declaredScopes(path.join(REPO_ROOT, 'manifest.yml')),
      await recordCalls(),
      platformScopes(),
    );
    assert.deepEqual(problems, []);
  });

  test('a manifest missing a scope fails, naming the call and the scopes that would allow it', async () => {
    const fixture = path.join(__dirname, 'fixtures', 'manifest-missing-scope.yml');
    const problems = checkScopes(declaredScopes(fixture), await recordCalls(), platformScopes());
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', /^GET \/wiki\/rest\/api\/user\/memberof \(from isSiteAdmin\)/);
    assert.match(problems[0] ?? '', /needs read:confluence-user or read:user:confluence \+ read:group:confluence/);
  });

  test('a manifest declaring a scope nothing uses fails, naming it', async () => {
    const fixture = path.join(__dirname, 'fixtures', 'manifest-unused-scope.yml');
    const problems = checkScopes(declaredScopes(fixture), await recordCalls(), platformScopes());
    assert.deepEqual(problems, ['manifest.yml declares write:confluence-groups, which no call the app makes needs.']);
  });

  test('storage:app is needed while the app uses Forge storage, and refused when it does not', () => {
    assert.deepEqual(platformScopes(), [{ scope: 'storage:app', why: 'Forge storage', used: true }]);
    assert.deepEqual(checkScopes(['storage:app'], [], [{ scope: 'storage:app', why: 'Forge storage', used: false }]), [
      'manifest.yml declares storage:app (Forge storage), but the app does not use it.',
    ]);
  });
});
