import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdminApi } from '../../src/adapters/adminApi';
import { createConfluenceApi } from '../../src/adapters/confluenceApi';
import { createEmailSender, EMAIL_UNAVAILABLE, isEmailSender, type EmailMessage } from '../../src/adapters/email';
import { createPostmarkSender, POSTMARK_ORIGIN } from '../../src/adapters/email/postmark';
import { recipientDirectoryFrom } from '../../src/adapters/email/recipientDirectory';
import { ApiError, type HttpTransport } from '../../src/adapters/http';
import { resolveRecipients } from '../../src/reports/recipients';
import { VirtualClock } from '../local/clock';
import { LOCAL_POSTMARK_TOKEN, SimulatedPostmark } from '../local/mail';
import {
  DEFAULT_ORG_API_KEY,
  parseSiteFile,
  SAMPLE,
  sampleSiteFile,
  SimulatedSite,
  type SiteResponse,
} from '../local/site/index';

/** A transport to an in-process handler, as the Forge runtime's egress fetch would deliver it. */
function transportTo(
  handle: (request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
  }) => Promise<SiteResponse>,
  extraHeaders: Record<string, string> = {},
  prefix = '',
): HttpTransport {
  return async (url, init) => {
    const answer = await handle({
      method: init.method,
      url: prefix + url,
      headers: { ...(init.headers ?? {}), ...extraHeaders },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const headers = new Map(Object.entries(answer.headers).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      status: answer.status,
      headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
      text: async () => answer.body,
    };
  };
}

const FROM = 'reports@acme.com';
const message = (overrides: Partial<EmailMessage> = {}): EmailMessage => ({
  to: ['ada@acme.com'],
  subject: 'Run report',
  html: '<p>Hello</p>',
  text: 'Hello',
  ...overrides,
});

function postmark(options: ConstructorParameters<typeof SimulatedPostmark>[0] = {}, token = LOCAL_POSTMARK_TOKEN) {
  const provider = new SimulatedPostmark(options);
  const sender = createPostmarkSender({
    serverToken: token,
    fromAddress: FROM,
    messageStream: 'outbound',
    transport: transportTo((r) => provider.handle(r)),
  });
  return { provider, sender };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the send to be refused');
}

describe('Postmark sender', () => {
  test('sends one message with its attachment, and answers the message id Postmark gave', async () => {
    const { provider, sender } = postmark();
    const csv = 'Name,Email\r\nZoë,zoe@acme.com\r\n';
    const { messageId } = await sender.send(
      message({
        to: ['ada@acme.com', 'bob@acme.com'],
        attachments: [{ filename: 'report.csv', content: csv, contentType: 'text/csv' }],
      }),
    );
    assert.equal(provider.outbox.length, 1);
    const [sent] = provider.outbox;
    assert.equal(sent?.messageId, messageId);
    assert.equal(sent?.from, FROM);
    assert.deepEqual(sent?.to, ['ada@acme.com', 'bob@acme.com']);
    assert.equal(sent?.messageStream, 'outbound');
    assert.deepEqual(sent?.attachments, [{ name: 'report.csv', contentType: 'text/csv', content: csv }]);
    assert.deepEqual(provider.requests, [{ path: '/email', status: 200 }]);
  });

  test('a rejected token is an API-key error that names the fix and never repeats the token', async () => {
    const { provider, sender } = postmark({}, 'wrong-token-123456');
    const error = await refusal(sender.send(message()));
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.retryable, false);
    assert.match(
      error.message,
      /^The email provider rejected the API key \(401\): check the Postmark server API token/,
    );
    assert.ok(!error.message.includes('wrong-token-123456'));
    assert.equal(provider.outbox.length, 0);
  });

  test('an invalid recipient is refused with Postmark’s 422 explained', async () => {
    const { sender } = postmark();
    const error = await refusal(sender.send(message({ to: ['not-an-address'] })));
    assert.equal(error.status, 422);
    assert.equal(error.code, 'postmark-300');
    assert.match(
      error.message,
      /Postmark refused the email as invalid \(error 300\).*Illegal email address 'not-an-address'/,
    );
  });

  test('a from-address that is not a sender signature says where to add it', async () => {
    const { sender } = postmark({ senderSignatures: ['@other.com'] });
    const error = await refusal(sender.send(message()));
    assert.equal(error.code, 'postmark-400');
    assert.match(
      error.message,
      /^The from-address reports@acme\.com is not a sender signature in Postmark \(error 400\): add it/,
    );
  });

  test('an unknown message stream is named', async () => {
    const provider = new SimulatedPostmark();
    const sender = createPostmarkSender({
      serverToken: LOCAL_POSTMARK_TOKEN,
      fromAddress: FROM,
      messageStream: 'reports',
      transport: transportTo((r) => provider.handle(r)),
    });
    const error = await refusal(sender.send(message()));
    assert.match(error.message, /no message stream 'reports'/);
  });

  test('a provider outage is retryable; the next attempt goes through', async () => {
    const { provider, sender } = postmark();
    provider.failNext(1, 503);
    const error = await refusal(sender.send(message()));
    assert.equal(error.kind, 'unavailable');
    assert.equal(error.retryable, true);
    assert.equal(provider.outbox.length, 0);
    await sender.send(message());
    assert.equal(provider.outbox.length, 1);
  });

  test('an unreachable provider is a retryable network error', async () => {
    const sender = createPostmarkSender({
      serverToken: LOCAL_POSTMARK_TOKEN,
      fromAddress: FROM,
      messageStream: 'outbound',
      transport: async () => {
        throw new Error('getaddrinfo ENOTFOUND api.postmarkapp.com');
      },
    });
    const error = await refusal(sender.send(message()));
    assert.equal(error.kind, 'network');
    assert.equal(error.retryable, true);
    assert.match(error.message, /Could not reach the email provider \(Postmark\)/);
  });

  test('more than 50 recipients go out as a batch of messages of at most 50', async () => {
    const { provider, sender } = postmark();
    const to = Array.from({ length: 120 }, (_, i) => `admin${i}@acme.com`);
    const { messageId } = await sender.send(message({ to: [...to, 'admin0@acme.com'] }));
    assert.deepEqual(provider.requests, [{ path: '/email/batch', status: 200 }]);
    assert.deepEqual(
      provider.outbox.map((m) => m.to.length),
      [50, 50, 20],
    );
    assert.deepEqual(
      provider.outbox.flatMap((m) => m.to),
      to,
    );
    assert.equal(messageId.split(', ').length, 3);
  });

  test('a batch refused for some recipients says who got nothing and is not retried', async () => {
    const { provider, sender } = postmark();
    const to = [...Array.from({ length: 50 }, (_, i) => `admin${i}@acme.com`), 'broken@@acme.com'];
    const error = await refusal(sender.send(message({ to })));
    assert.equal(error.retryable, false);
    assert.match(error.message, /^Postmark sent 1 of 2 messages but refused 1: to broken@@acme\.com \(error 300/);
    assert.equal(provider.outbox.length, 1);
  });

  test('talks to Postmark’s origin with the server token header', async () => {
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const provider = new SimulatedPostmark();
    const sender = createPostmarkSender({
      serverToken: LOCAL_POSTMARK_TOKEN,
      fromAddress: FROM,
      messageStream: 'outbound',
      transport: (url, init) => {
        seen.push({ url, headers: init.headers ?? {} });
        return transportTo((r) => provider.handle(r))(url, init);
      },
    });
    await sender.send(message());
    assert.equal(seen[0]?.url, `${POSTMARK_ORIGIN}/email`);
    assert.equal(seen[0]?.headers['X-Postmark-Server-Token'], LOCAL_POSTMARK_TOKEN);
  });
});

describe('createEmailSender', () => {
  const transport: HttpTransport = async () => assert.fail('no request expected');
  const complete = { provider: 'postmark' as const, fromAddress: FROM, messageStream: 'outbound' };

  test('says in a sentence why no email can go out', () => {
    const unavailable = (
      email: typeof complete | { provider: null; fromAddress: null; messageStream: string },
      key?: string,
    ) => {
      const sender = createEmailSender(email, key, transport);
      return isEmailSender(sender) ? null : sender.unavailable;
    };
    assert.equal(
      unavailable({ provider: null, fromAddress: null, messageStream: 'outbound' }, 'k'),
      'No email provider is configured in Settings; the report is kept in the run history.',
    );
    assert.equal(unavailable({ ...complete, fromAddress: null } as never, 'k'), EMAIL_UNAVAILABLE.noFromAddress);
    assert.equal(unavailable(complete), EMAIL_UNAVAILABLE.noApiKey);
    assert.equal(unavailable(complete, 'k'), null);
  });
});

describe('recipient directory (Admin API first, Confluence as fallback)', () => {
  function simulated() {
    const clock = new VirtualClock(SAMPLE.now);
    const site = SimulatedSite.fromSiteFile(parseSiteFile(sampleSiteFile()), { clock });
    const admin = createAdminApi({
      apiKey: DEFAULT_ORG_API_KEY,
      orgId: SAMPLE.orgId,
      cloudId: SAMPLE.cloudId,
      transport: transportTo((r) => site.handle(r)),
    });
    const confluence = createConfluenceApi({
      transport: transportTo((r) => site.handle(r), { 'x-local-forge-principal': 'app' }, SAMPLE.siteUrl),
    });
    return { site, admin, confluence };
  }

  test('reads a group’s active members with their addresses in one search, and other users one by one', async () => {
    const { site, admin, confluence } = simulated();
    const directory = recipientDirectoryFrom({ admin: async () => admin, confluence });
    const result = await resolveRecipients(
      { userIds: [SAMPLE.users.bob], groupIds: [SAMPLE.groups.siteAdmins, SAMPLE.groups.engineering] },
      directory,
    );
    assert.deepEqual(result.recipients, [
      { accountId: SAMPLE.users.bob, email: 'bob@acme.com' },
      { accountId: SAMPLE.users.admin, email: 'alan@acme.com' },
      { accountId: SAMPLE.users.ada, email: 'ada@acme.com' },
    ]);
    assert.deepEqual(result.warnings, []);
    assert.equal(site.countRequests({ operation: 'admin.searchUsers' }), 3, 'one search per group, one for bob');
    assert.equal(site.countRequests({ operation: 'confluence.getUserEmail' }), 0);
  });

  test('leaves out suspended and deactivated group members', async () => {
    const { admin, confluence } = simulated();
    const directory = recipientDirectoryFrom({ admin: async () => admin, confluence });
    const ids = await directory.groupMemberIds(SAMPLE.groups.access);
    assert.ok(ids.includes(SAMPLE.users.ada));
    for (const gone of [SAMPLE.users.cy, SAMPLE.users.dee, SAMPLE.users.pending]) assert.ok(!ids.includes(gone), gone);
  });

  test('without a usable org API key, asks Confluence (members, then the email endpoint as the app)', async () => {
    const { site, confluence } = simulated();
    const noKey = async () => {
      throw new ApiError({
        kind: 'unauthorized',
        operation: 'readApiKey',
        retryable: false,
        message: 'No organization API key is saved.',
      });
    };
    const directory = recipientDirectoryFrom({ admin: noKey, confluence });
    const result = await resolveRecipients(
      { userIds: [SAMPLE.users.app], groupIds: [SAMPLE.groups.siteAdmins] },
      directory,
    );
    assert.deepEqual(result.recipients, [{ accountId: SAMPLE.users.admin, email: 'alan@acme.com' }]);
    assert.deepEqual(result.warnings, [`No email address is known for ${SAMPLE.users.app}; they get no report.`]);
    assert.equal(site.countRequests({ operation: 'admin.searchUsers' }), 0);
    assert.ok(site.countRequests({ operation: 'confluence.getGroupMembers' }) >= 1);
  });

  test('an org key the Admin API rejects falls back to Confluence too', async () => {
    const clock = new VirtualClock(SAMPLE.now);
    const site = SimulatedSite.fromSiteFile(parseSiteFile(sampleSiteFile()), { clock });
    const expired = createAdminApi({
      apiKey: 'revoked-key',
      orgId: SAMPLE.orgId,
      cloudId: SAMPLE.cloudId,
      transport: transportTo((r) => site.handle(r)),
    });
    const confluence = createConfluenceApi({
      transport: transportTo((r) => site.handle(r), { 'x-local-forge-principal': 'app' }, SAMPLE.siteUrl),
    });
    const directory = recipientDirectoryFrom({ admin: async () => expired, confluence });
    assert.equal(await directory.emailOf(SAMPLE.users.bob), 'bob@acme.com');
    assert.equal(site.countRequests({ operation: 'confluence.getUserEmail' }), 1);
  });
});
