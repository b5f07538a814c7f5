/**
 * Secrets are never quoted: tokens and keys are checked before they are used or saved, the Postmark token is tried
 * before it is saved, and what the app answers, stores and logs holds no secret. A configuration error (a token
 * that cannot be used, a key the Admin API rejects) fails a live run at once, with the fix in a sentence, and frees
 * its scheme.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import { DEFAULT_ORG_API_KEY, type ApiKey } from '../local/site';
import type { EmailSettingsAnswer, EmailTestAnswer, SettingsAnswer } from '../../src/contract';
import { smallSite } from './fixtures';

const EMAIL = { provider: 'postmark', fromAddress: 'wiki-admin@acme.com' } as const;
const BROKEN_TOKEN = 'd3adbeef-1111-2222\n3333-444455556666';
const PARTS = [BROKEN_TOKEN, 'd3adbeef-1111-2222', '3333-444455556666'];

function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
  return promise.then(
    () => assert.fail('expected a refusal'),
    (error: { answer?: { code: string; message: string } }) => error.answer!,
  );
}

function quotes(text: string, parts: readonly string[]): string | undefined {
  return parts.find((part) => text.includes(part));
}

test('a Postmark token with a line break is refused on save, unquoted; the previous token is kept', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await local.call('email/save', { ...EMAIL, apiKey: LOCAL_POSTMARK_TOKEN });
    const asked = local.mail.requests.length;
    const answer = await refusal(local.call('email/save', { ...EMAIL, apiKey: BROKEN_TOKEN }));
    assert.equal(answer.code, 'INVALID_INPUT');
    assert.match(answer.message, /line break/);
    assert.match(answer.message, /previous token is kept/);
    assert.equal(quotes(JSON.stringify(answer), PARTS), undefined, 'the refusal quotes no part of the token');
    const kept = await local.call<EmailSettingsAnswer>('email/get');
    assert.equal(kept.apiKey.masked, `••••••••${LOCAL_POSTMARK_TOKEN.slice(-4)}`);
    assert.equal(local.mail.requests.length, asked, 'a malformed token never reached Postmark');
  } finally {
    local.close();
  }
});

test('a Postmark token Postmark rejects is not saved: tried first (GET /server), the page told what failed', async () => {
  const tokens = [LOCAL_POSTMARK_TOKEN];
  const local = new LocalSite({ siteFile: smallSite(), mail: { tokens } });
  try {
    await local.call('email/save', { ...EMAIL, apiKey: LOCAL_POSTMARK_TOKEN });
    const answer = await refusal(local.call('email/save', { ...EMAIL, apiKey: 'a-revoked-postmark-token' }));
    assert.equal(answer.code, 'INVALID_INPUT');
    assert.match(answer.message, /not saved.*previous token is kept.*Postmark rejected the server token \(401\)/);
    assert.ok(!answer.message.includes('a-revoked-postmark-token'));
    assert.equal((await local.call<EmailSettingsAnswer>('email/get')).apiKey.masked?.slice(-4), 'oken');
    assert.deepEqual(local.mail.outbox, [], 'trying a token sends no email');
    // Postmark down: no verdict on the token, nothing saved, safe to try again.
    local.mail.failNext(10, 503);
    const down = await refusal(local.call('email/save', { ...EMAIL, apiKey: 'another-token-to-try-0001' }));
    assert.equal(down.code, 'CHECK_FAILED');
    assert.match(
      down.message,
      /could not check the new Postmark server token: Postmark answered HTTP 503.*safe to try again/,
    );
  } finally {
    local.close();
  }
});

test('an org API key with a line break is refused on save without quoting it', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    const key = 'ATCTT3xFfGN0-first-half-of-a-key\nsecond-half-of-the-key-0000';
    const answer = await refusal(local.call('settings/save', { apiKey: key }));
    assert.equal(answer.code, 'API_KEY');
    assert.match(answer.message, /line break/);
    assert.equal(quotes(JSON.stringify(answer), [key, ...key.split('\n')]), undefined);
    const settings = await local.call<SettingsAnswer>('settings/get');
    assert.equal(settings.apiKey.masked, `••••••••${DEFAULT_ORG_API_KEY.slice(-4)}`, 'the previous key is kept');
  } finally {
    local.close();
  }
});

test('email/sendTest never quotes the token, even one saved before tokens were checked', async () => {
  const tokens = [LOCAL_POSTMARK_TOKEN];
  const local = new LocalSite({ siteFile: smallSite(), mail: { tokens } });
  try {
    await local.call('email/save', { ...EMAIL, apiKey: LOCAL_POSTMARK_TOKEN });
    tokens.length = 0; // revoked in Postmark
    const revoked = await local.call<EmailTestAnswer>('email/sendTest', { to: 'ada@acme.com' });
    assert.equal(revoked.sent, false);
    assert.match(revoked.message, /rejected the API key \(401\)/);
    assert.equal(quotes(JSON.stringify(revoked), [LOCAL_POSTMARK_TOKEN]), undefined);

    local.kvs.handle('/api/v1/secret/set', { key: 'email-api-key', value: BROKEN_TOKEN });
    const broken = await local.call<EmailTestAnswer>('email/sendTest', { to: 'ada@acme.com' });
    assert.equal(broken.sent, false);
    assert.match(broken.message, /line break.*Save the token again/);
    assert.equal(quotes(JSON.stringify(broken), PARTS), undefined);
  } finally {
    local.close();
  }
});

test('a live run with a Postmark token that cannot be used fails once, in virtual minutes, frees its scheme, stores and logs no secret', async () => {
  const logs: string[] = [];
  const local = new LocalSite({ siteFile: smallSite(), log: (line) => logs.push(line) });
  try {
    await local.call('email/save', { ...EMAIL, apiKey: LOCAL_POSTMARK_TOKEN });
    const scheme = await local.saveScheme({
      name: 'Free seats, offer a way back',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess', offerRestore: true }],
    });
    const confirm = await local.liveConfirmation(scheme.id);
    local.kvs.handle('/api/v1/secret/set', { key: 'email-api-key', value: BROKEN_TOKEN });
    const started = local.clock.now();
    const run = await local.runNow(scheme.id, 'live', confirm);
    await local.drain();
    const report = await local.runReport(run.id);
    assert.equal(report.state, 'failed');
    assert.match(report.reason ?? '', /line break.*Settings/s);
    assert.equal(report.errors.length, 1, 'failed once, not retried');
    assert.ok(local.clock.now() - started < 10 * 60_000, 'within virtual minutes');
    assert.ok(report.counts.done > 0, 'the seats it removed are recorded');
    const stored = JSON.stringify(local.kvs.dump());
    assert.equal(quotes(stored, PARTS), undefined, 'no stored run, batch or audit string holds the token');
    assert.equal(quotes(logs.join('\n'), PARTS), undefined, 'no log line holds the token');
    assert.equal(quotes(JSON.stringify(report), PARTS), undefined);
    await local.runNow(scheme.id, 'test'); // the scheme is free again
  } finally {
    local.close();
  }
});

test('a live run whose org API key is revoked fails once, quickly, frees its scheme, and quotes no key', async () => {
  const apiKeys: ApiKey[] = [{ key: DEFAULT_ORG_API_KEY, scopes: 'all' }];
  const logs: string[] = [];
  const local = new LocalSite({ siteFile: smallSite(), apiKeys, log: (line) => logs.push(line) });
  try {
    const scheme = await local.saveScheme({
      name: 'Remove',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
    });
    const started = local.clock.now();
    const run = await local.runNow(scheme.id, 'live');
    apiKeys.length = 0; // revoked in admin.atlassian.com as the run starts
    await local.drain();
    const report = await local.runReport(run.id);
    assert.equal(report.state, 'failed');
    assert.match(report.reason ?? '', /API key/);
    assert.equal(report.errors.length, 1);
    assert.ok(local.clock.now() - started < 10 * 60_000, 'within virtual minutes');
    assert.equal(quotes(JSON.stringify(local.kvs.dump()) + logs.join('\n'), [DEFAULT_ORG_API_KEY]), undefined);
    apiKeys.push({ key: DEFAULT_ORG_API_KEY, scopes: 'all' }); // the admin fixed the key
    await local.runNow(scheme.id, 'test'); // and the scheme is free again
  } finally {
    local.close();
  }
});
