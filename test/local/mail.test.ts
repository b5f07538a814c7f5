import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EmailSettingsAnswer, EmailTestAnswer } from '../../src/contract';
import { createPostmarkSender } from '../../src/adapters/email/postmark';
import type { HttpTransport } from '../../src/adapters/http';
import type { RunReportModel } from '../../src/reports/model';
import { renderReportEmail } from '../../src/reports/render';
import { LocalSite } from './localSite';
import { LOCAL_POSTMARK_TOKEN, POSTMARK_ORIGIN, SimulatedPostmark } from './mail';
import { DEFAULT_ORG_API_KEY, sampleSiteFile, SAMPLE } from './site';

const send = (
  provider: SimulatedPostmark,
  body: unknown,
  headers: Record<string, string> = { 'X-Postmark-Server-Token': LOCAL_POSTMARK_TOKEN },
  path = '/email',
) =>
  provider.handle({
    method: 'POST',
    url: `${POSTMARK_ORIGIN}${path}`,
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const valid = {
  From: 'reports@acme.com',
  To: 'ada@acme.com',
  Subject: 'Hi',
  TextBody: 'Hello',
  MessageStream: 'outbound',
};

describe('the simulated Postmark', () => {
  test('accepts a message as Postmark does and keeps it in the outbox, attachments decoded', async () => {
    const provider = new SimulatedPostmark({ now: () => new Date('2026-11-25T00:00:00Z') });
    const answer = await send(provider, {
      ...valid,
      To: 'Ada <ada@acme.com>, bob@acme.com',
      Attachments: [{ Name: 'r.csv', Content: Buffer.from('a,b\r\n').toString('base64'), ContentType: 'text/csv' }],
    });
    assert.equal(answer.status, 200);
    const body = JSON.parse(answer.body);
    assert.deepEqual(Object.keys(body).sort(), ['ErrorCode', 'Message', 'MessageID', 'SubmittedAt', 'To']);
    assert.equal(body.ErrorCode, 0);
    assert.equal(body.Message, 'OK');
    assert.equal(body.SubmittedAt, '2026-11-25T00:00:00.000Z');
    assert.equal(provider.outbox[0]?.messageId, body.MessageID);
    assert.deepEqual(provider.outbox[0]?.to, ['Ada <ada@acme.com>', 'bob@acme.com']);
    assert.deepEqual(provider.outbox[0]?.attachments, [{ name: 'r.csv', contentType: 'text/csv', content: 'a,b\r\n' }]);
  });

  test('answers 401 with ErrorCode 10 for a missing or unknown token (header names in any case)', async () => {
    const provider = new SimulatedPostmark();
    for (const headers of [{}, { 'X-Postmark-Server-Token': 'nope' }] as Array<Record<string, string>>) {
      const answer = await send(provider, valid, headers);
      assert.equal(answer.status, 401);
      assert.equal(JSON.parse(answer.body).ErrorCode, 10);
    }
    assert.equal((await send(provider, valid, { 'x-postmark-server-token': LOCAL_POSTMARK_TOKEN })).status, 200);
  });

  test('answers 422 with Postmark’s ErrorCodes for what it refuses, and keeps nothing', async () => {
    const provider = new SimulatedPostmark({ senderSignatures: ['@acme.com'] });
    const cases: Array<[unknown, number]> = [
      [{ ...valid, From: 'not an address' }, 300],
      [{ ...valid, To: 'ada@' }, 300],
      [{ ...valid, To: '' }, 300],
      [{ ...valid, TextBody: undefined }, 300],
      [{ ...valid, To: Array.from({ length: 51 }, (_, i) => `u${i}@acme.com`).join(',') }, 300],
      [{ ...valid, From: 'someone@elsewhere.com' }, 400],
      [{ ...valid, MessageStream: 'broadcasts' }, 1235],
      ['{not json', 402],
    ];
    for (const [body, code] of cases) {
      const answer = await send(provider, body);
      assert.equal(answer.status, 422, JSON.stringify(body));
      assert.equal(JSON.parse(answer.body).ErrorCode, code, JSON.stringify(body));
    }
    assert.equal(provider.outbox.length, 0);
  });

  test('a batch answers per message, failures included', async () => {
    const provider = new SimulatedPostmark();
    const answer = await send(provider, [valid, { ...valid, To: 'x' }], undefined, '/email/batch');
    assert.equal(answer.status, 200);
    assert.deepEqual(
      JSON.parse(answer.body).map((m: { ErrorCode: number }) => m.ErrorCode),
      [0, 300],
    );
    assert.equal(provider.outbox.length, 1);
  });

  test('injected faults answer 5xx and keep nothing', async () => {
    const provider = new SimulatedPostmark({ serverErrorRate: 1 });
    assert.equal((await send(provider, valid)).status, 500);
    const flaky = new SimulatedPostmark();
    flaky.failNext(2, 502);
    assert.deepEqual(
      [(await send(flaky, valid)).status, (await send(flaky, valid)).status, (await send(flaky, valid)).status],
      [502, 502, 200],
    );
    assert.equal(provider.outbox.length + flaky.outbox.length, 1);
  });
});

describe('email resolvers on the local installation', () => {
  test('configure Postmark, keep the key secret, and send a test email that lands in the outbox', async () => {
    const local = new LocalSite({ siteFile: sampleSiteFile() });
    try {
      const before = await local.call<EmailSettingsAnswer>('email/get');
      assert.equal(before.provider, null);
      assert.equal(
        before.unavailable,
        'No email provider is configured in Settings; the report is kept in the run history.',
      );
      const notYet = await local.call<EmailTestAnswer>('email/sendTest', { to: 'alan@acme.com' });
      assert.deepEqual([notYet.sent, notYet.message], [false, before.unavailable]);

      const saved = await local.call<EmailSettingsAnswer>('email/save', {
        provider: 'postmark',
        fromAddress: 'reports@acme.com',
        apiKey: LOCAL_POSTMARK_TOKEN,
      });
      assert.deepEqual(saved.apiKey, { saved: true, masked: `••••••••${LOCAL_POSTMARK_TOKEN.slice(-4)}` });
      assert.equal(saved.unavailable, null);
      const read = await local.call<EmailSettingsAnswer>('email/get');
      assert.equal(read.fromAddress, 'reports@acme.com');
      assert.equal(read.messageStream, 'outbound');
      assert.ok(!JSON.stringify(read).includes(LOCAL_POSTMARK_TOKEN), 'the key never goes back to the page');

      const sent = await local.call<EmailTestAnswer>('email/sendTest', { to: 'alan@acme.com' });
      assert.equal(sent.sent, true);
      assert.equal(local.mail.outbox.length, 1);
      const [mail] = local.mail.outbox;
      assert.equal(sent.messageId, mail?.messageId);
      assert.deepEqual(mail?.to, ['alan@acme.com']);
      assert.equal(mail?.from, 'reports@acme.com');
      assert.equal(mail?.subject, '[User manager] Test email');
      assert.ok(!JSON.stringify(mail).includes(LOCAL_POSTMARK_TOKEN));

      // The other settings are untouched by the email section.
      const settings = await local.call<{ settings: { retentionDays: number; email: unknown } }>('settings/get');
      assert.equal(settings.settings.retentionDays, 90);
      assert.deepEqual(settings.settings.email, {
        provider: 'postmark',
        fromAddress: 'reports@acme.com',
        messageStream: 'outbound',
      });
    } finally {
      local.close();
    }
  });

  test('a test email the provider refuses answers exactly what is wrong', async () => {
    const tokens = ['a-revoked-postmark-token', LOCAL_POSTMARK_TOKEN];
    const local = new LocalSite({ siteFile: sampleSiteFile(), mail: { senderSignatures: ['@acme.com'], tokens } });
    try {
      await local.call('email/save', {
        provider: 'postmark',
        fromAddress: 'reports@acme.com',
        apiKey: 'a-revoked-postmark-token',
      });
      tokens.shift(); // revoked in Postmark after it was tried and saved
      const badKey = await local.call<EmailTestAnswer>('email/sendTest', { to: 'alan@acme.com' });
      assert.equal(badKey.sent, false);
      assert.match(badKey.message, /^The email provider rejected the API key \(401\)/);

      await local.call('email/save', {
        provider: 'postmark',
        fromAddress: 'reports@elsewhere.com',
        apiKey: LOCAL_POSTMARK_TOKEN,
      });
      const badFrom = await local.call<EmailTestAnswer>('email/sendTest', { to: 'alan@acme.com' });
      assert.equal(badFrom.code, 'postmark-400');
      assert.match(badFrom.message, /reports@elsewhere\.com is not a sender signature in Postmark/);
      assert.equal(local.mail.outbox.length, 0);
    } finally {
      local.close();
    }
  });

  test('refuses a bad from-address and callers who are not site admins', async () => {
    const local = new LocalSite({ siteFile: sampleSiteFile() });
    try {
      await assert.rejects(
        local.call('email/save', { provider: 'postmark', fromAddress: 'nope' }),
        /INVALID_INPUT: .*fromAddress: Enter the from-address/,
      );
      await assert.rejects(local.call('email/get', {}, SAMPLE.users.ada), /NOT_SITE_ADMIN/);
    } finally {
      local.close();
    }
  });

  test('a report of a real run, sent through the provider, holds neither the org API key nor the email token', async () => {
    const local = new LocalSite({ siteFile: sampleSiteFile() });
    try {
      await local.call('email/save', {
        provider: 'postmark',
        fromAddress: 'reports@acme.com',
        apiKey: LOCAL_POSTMARK_TOKEN,
      });
      const scheme = await local.saveScheme({
        name: 'Inactive',
        filter: { inactiveDays: 90 },
        actions: [{ type: 'removeAccess' }],
      });
      const run = await local.runNow(scheme.id, 'test');
      await local.drain();
      const detail = await local.runReport(run.id);
      assert.ok(detail.users.length > 0, 'the sample site has inactive users');
      const report: RunReportModel = {
        runId: detail.id,
        schemeName: detail.schemeName,
        trigger: detail.trigger,
        mode: detail.mode,
        status: detail.state,
        reason: detail.reason,
        startedAt: detail.startedAt,
        finishedAt: detail.finishedAt,
        counts: detail.counts,
        users: detail.users,
        warnings: detail.errors,
        siteUrl: SAMPLE.siteUrl,
      };
      const email = renderReportEmail(report);
      const transport: HttpTransport = async (url, init) => {
        const answer = await local.mail.handle({
          method: init.method,
          url,
          headers: init.headers ?? {},
          ...(init.body ? { body: init.body } : {}),
        });
        return { status: answer.status, headers: { get: () => null }, text: async () => answer.body };
      };
      const sender = createPostmarkSender({
        serverToken: LOCAL_POSTMARK_TOKEN,
        fromAddress: 'reports@acme.com',
        messageStream: 'outbound',
        transport,
      });
      await sender.send({
        to: ['alan@acme.com'],
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: [{ filename: email.csv.filename, content: email.csv.content, contentType: 'text/csv' }],
      });
      const [mail] = local.mail.outbox.slice(-1);
      assert.ok(mail);
      assert.match(mail.subject, /Test run: \d+ users? would lose Confluence access; nothing was changed/);
      assert.equal(mail.attachments[0]?.content, email.csv.content);
      const everything = JSON.stringify(mail);
      for (const user of detail.users) assert.ok(everything.includes(user.accountId));
      for (const secret of [DEFAULT_ORG_API_KEY, LOCAL_POSTMARK_TOKEN])
        assert.ok(!everything.includes(secret), `the email holds ${secret}`);
    } finally {
      local.close();
    }
  });
});
