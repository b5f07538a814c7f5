/**
 * Every resolver under generated payloads (issue 17, cases 5 to 7). The resolvers are the ones the app registers
 * (src/handlers/resolver.ts), so a resolver added later is fuzzed without touching this file. For each, at least
 * FUZZ_RUNS payloads from ./fuzzPayloads.ts (shaped by its zod schema, mixed with hostile values), seeded: the seed
 * of a failure is printed and `FUZZ_SEED=<seed> node --import tsx --test test/security/fuzz.test.ts` replays it.
 *
 * Each answer must be a success or a refusal with a known code and a sentence, never INTERNAL, never big; a refusal
 * stores nothing; every call ends inside the resolvers' 25 seconds. A non-admin and an anonymous caller are
 * refused by every resolver, storing nothing. One local installation serves every case: storage is put back from a
 * snapshot after a call that stored something, so cases do not depend on each other.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import { ACCESS_GROUP, ACTIVE, INACTIVE, JIRA_GROUP, smallSite } from '../engine/fixtures';
import { payloads, type Answer } from '../../src/contract';
import { resolver } from '../../src/handlers/resolvers/define';
import '../../src/handlers/resolver';
import { nastyValue, payloadsFor, type KnownIds } from './fuzzPayloads';

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261217);
const RESOLVER_SECONDS = 25;
/** A refusal is a sentence or a short list, not a copy of its input. */
const MAX_ANSWER_BYTES = 64 * 1024;
const CODES = new Set([
  'NOT_SITE_ADMIN',
  'INVALID_INPUT',
  'NOT_FOUND',
  'ALREADY_RUNNING',
  'CONFIRMATION_REQUIRED',
  'TEST_RUN_REQUIRED',
  'API_KEY',
  'ATLASSIAN_API',
  'CHECK_FAILED',
]);

/** The resolvers the app registers, by name: every `define` of src/handlers/resolvers/. */
const registered = Object.keys((resolver as unknown as { functions: Record<string, unknown> }).functions).sort();

const local = new LocalSite({ siteFile: smallSite(), quotas: false });
let ids: KnownIds;
let clean: ReturnType<LocalSite['kvs']['snapshot']>;
const figures = { resolvers: 0, payloads: 0, refused: 0, succeeded: 0, started: performance.now() };

before(async () => {
  // A lived-in installation: email set up, a field, a scheme with a finished test run, a pending "find users".
  await local.call('email/save', {
    provider: 'postmark',
    fromAddress: 'wiki-admin@acme.com',
    apiKey: LOCAL_POSTMARK_TOKEN,
  });
  const fields = await local.call<{ fields: Array<{ id: string }> }>('fields/save', {
    field: { name: 'Team', type: 'text' },
  });
  const scheme = await local.saveScheme({
    name: 'Inactive 90 days',
    filter: { inactiveDays: 90 },
    actions: [{ type: 'removeAccess' }],
  });
  const run = await local.runNow(scheme.id, 'test');
  await local.drain();
  ids = {
    schemeIds: [scheme.id],
    runIds: [run.id],
    fieldIds: fields.fields.map((field) => field.id),
    accountIds: [local.adminAccountId, ...ACTIVE, ...INACTIVE],
    groupIds: [ACCESS_GROUP, JIRA_GROUP],
    groupNames: ['confluence-users', 'jira-users'],
  };
  clean = local.kvs.snapshot();
});

after(() => {
  local.close();
  const seconds = (performance.now() - figures.started) / 1000;
  console.log(
    `fuzz: ${figures.resolvers} resolvers × ${FUZZ_RUNS} payloads = ${figures.payloads} calls ` +
      `(${figures.succeeded} succeeded, ${figures.refused} refused, 0 INTERNAL) in ${seconds.toFixed(1)} s, seed ${SEED}`,
  );
});

async function call(name: string, payload: unknown, accountId: string | undefined): Promise<Answer<unknown>> {
  // The bridge answers the rate limiters of the simulated site with time: 200 ms between calls keeps under them.
  local.clock.advanceBy(200);
  return (await local.forge.invokeResolver(name, payload, { accountId: accountId as string })) as Answer<unknown>;
}

function describe(payload: unknown): string {
  const text = JSON.stringify(payload) ?? String(payload);
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
}

/** One call checked: an answer with a code and a sentence, no INTERNAL, small, quick; a refusal stores nothing. */
async function check(name: string, payload: unknown): Promise<void> {
  const writes = local.kvs.writesCarriedOut;
  const started = performance.now();
  const answer = await call(name, payload, local.adminAccountId);
  const seconds = (performance.now() - started) / 1000;
  const stored = local.kvs.writesCarriedOut !== writes;
  try {
    assert.ok(seconds < RESOLVER_SECONDS, `answered within ${RESOLVER_SECONDS} s (took ${seconds.toFixed(1)} s)`);
    assert.equal(typeof answer, 'object');
    if (answer.ok) {
      figures.succeeded += 1;
      return;
    }
    figures.refused += 1;
    assert.ok(CODES.has(answer.error.code), `code ${answer.error.code}: ${answer.error.message}`);
    assert.equal(typeof answer.error.message, 'string');
    assert.ok(answer.error.message.trim().length >= 10, `a sentence: "${answer.error.message}"`);
    const size = Buffer.byteLength(JSON.stringify(answer));
    assert.ok(size <= MAX_ANSWER_BYTES, `a refusal of ${size} bytes`);
    assert.equal(stored, false, `the refusal ${answer.error.code} stored nothing: ${answer.error.message}`);
  } finally {
    if (stored) {
      // Back to the seeded installation: its storage, and no queued steps of runs that no longer exist.
      local.kvs.restore(clean);
      local.forge.queues.clear();
    }
  }
}

test('the fuzz suite covers every resolver the app registers, each with a payload schema', () => {
  assert.ok(registered.length >= 52, `${registered.length} resolvers`);
  for (const name of registered) assert.ok(name in payloads, `${name} has a payload schema in src/contract/`);
});

registered.forEach((name, index) => {
  test(`${name}: ${FUZZ_RUNS} generated payloads answer a code and a sentence, never INTERNAL, storing nothing when refused`, async () => {
    const seed = SEED + index;
    const arbitrary = payloadsFor(payloads[name as keyof typeof payloads], ids);
    const outcome = await fc.check(
      fc.asyncProperty(arbitrary, (payload) => check(name, payload)),
      { numRuns: FUZZ_RUNS, seed, endOnFailure: true },
    );
    figures.resolvers += 1;
    figures.payloads += outcome.numRuns;
    if (outcome.failed) {
      const error = outcome.errorInstance as Error | undefined;
      assert.fail(
        `${name} failed with seed ${seed} (FUZZ_SEED=${SEED}) after ${outcome.numRuns} payloads:\n` +
          `payload: ${describe(outcome.counterexample?.[0])}\n${error?.message ?? String(outcome.errorInstance)}`,
      );
    }
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false, 'no prototype pollution');
  });
});

test('every resolver refuses a non-admin and an anonymous caller, whatever the payload, storing nothing', async () => {
  const samples = fc.sample(nastyValue, { numRuns: 5, seed: SEED });
  for (const name of registered) {
    for (const caller of [ACTIVE[0]!, undefined]) {
      for (const payload of [{}, ...samples]) {
        const writes = local.kvs.writesCarriedOut;
        const answer = await call(name, payload, caller);
        assert.equal(answer.ok, false, `${name} as ${caller ?? 'anonymous'}`);
        if (!answer.ok) assert.equal(answer.error.code, 'NOT_SITE_ADMIN', `${name}: ${answer.error.message}`);
        assert.equal(local.kvs.writesCarriedOut, writes, `${name} as ${caller ?? 'anonymous'} stored nothing`);
      }
    }
  }
});
