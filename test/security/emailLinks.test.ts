/**
 * Links a machine can open safely (issue 17, case 3). Mail gateways open every link of an email with GET or HEAD
 * before the person does: a GET shows whom the link is for and what it does, with a button, and changes nothing;
 * only the button's POST (the token in the form's body) spends the single-use token. Every answer carries the
 * headers that keep the page out of caches, frames and referrers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { INACTIVE, REMOVE_OFFERING_RESTORE, WARN_THEN_REMOVE, smallSite, withEmail } from '../engine/fixtures';

type Answer = { statusCode: number; headers: Record<string, string[]>; body: string };

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

function assertSafeHeaders(answer: Answer, what: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.deepEqual(answer.headers[name], [value], what);
  const csp = answer.headers['Content-Security-Policy']?.[0] ?? '';
  for (const directive of ["default-src 'none'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"])
    assert.ok(csp.includes(directive), `${what}: CSP has ${directive}`);
}

function linkIn(local: LocalSite, subject: RegExp, accountId: string): string {
  const mail = local.mail.outbox.find(
    (message) => subject.test(message.subject) && message.to.includes(`${accountId}@acme.com`),
  );
  assert.ok(mail, `${accountId} got an email`);
  return /https:\/\/local-forge\.invalid\/\S+/.exec(mail.text)![0];
}

function tokenOf(link: string): string {
  return new URL(link).searchParams.get('t')!;
}

function post(local: LocalSite, link: string, token: string): Promise<Answer> {
  return local.forge.openWebTrigger(link, 'POST', {
    body: new URLSearchParams({ t: token }).toString(),
    headers: { 'content-type': ['application/x-www-form-urlencoded'] },
  });
}

/** Opens a fresh link every way a machine might, then as the person would; checks what each changed. */
async function checkLink(
  local: LocalSite,
  link: string,
  expect: { shows: RegExp[]; button: RegExp; done: RegExp; changed: () => Promise<boolean> },
): Promise<void> {
  const stored = JSON.stringify(local.kvs.dump());
  const answers: Answer[] = [];

  const head = await local.forge.openWebTrigger(link, 'HEAD');
  const get = await local.forge.openWebTrigger(link, 'GET');
  answers.push(head, get);
  assert.equal(get.statusCode, 200);
  for (const shown of expect.shows) assert.match(get.body, shown);
  assert.match(get.body, expect.button);
  assert.match(get.body, /<form method="post"><input type="hidden" name="t" value="[^"]+">/);
  assert.equal(head.statusCode, 200, 'HEAD answers as GET');
  assert.equal(head.body, '', 'without a body');

  // A scanner that posts to the link (the token in the URL, none in the body), or uses another method.
  const bare = await local.forge.openWebTrigger(link, 'POST');
  answers.push(bare);
  assert.equal(bare.statusCode, 400);
  assert.match(bare.body, /incomplete/);
  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const refused = await local.forge.openWebTrigger(link, method);
    answers.push(refused);
    assert.equal(refused.statusCode, 405, method);
    assert.deepEqual(refused.headers.Allow, ['GET, HEAD, POST']);
  }
  assert.equal(JSON.stringify(local.kvs.dump()), stored, 'opening the link stored nothing');
  assert.equal(await expect.changed(), false, 'opening the link changed nothing on the site');

  // The person presses the button: the token is spent once.
  const done = await post(local, link, tokenOf(link));
  answers.push(done);
  assert.equal(done.statusCode, 200);
  assert.match(done.body, expect.done);
  assert.equal(await expect.changed(), true);
  const again = await post(local, link, tokenOf(link));
  answers.push(again);
  assert.equal(again.statusCode, 410);
  assert.match(again.body, /already used/);
  // Opened again after use: the plain page, no button.
  const after = await local.forge.openWebTrigger(link);
  answers.push(after);
  assert.equal(after.statusCode, 410);
  assert.doesNotMatch(after.body, /<form/);

  // Forged: a plain page that changes nothing.
  const forgedLink = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  const before = JSON.stringify(local.kvs.dump());
  const forged = [await local.forge.openWebTrigger(forgedLink), await post(local, forgedLink, tokenOf(forgedLink))];
  answers.push(...forged);
  for (const answer of forged) {
    assert.equal(answer.statusCode, 400);
    assert.doesNotMatch(answer.body, /<form/);
  }
  assert.equal(JSON.stringify(local.kvs.dump()), before, 'a forged link stores nothing');

  answers.forEach((answer, index) => assertSafeHeaders(answer, `answer ${index}`));
}

test('a keep-access link opened by GET and HEAD keeps nothing; its button keeps access once', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme(WARN_THEN_REMOVE);
    await local.runNow(scheme.id, 'live');
    await local.drain();
    const keeper = INACTIVE[1]!;
    const status = async () =>
      (await local.call<{ warnings: Array<{ accountId: string; status: string }> }>('warnings/list', {})).warnings.find(
        (warning) => warning.accountId === keeper,
      )?.status;
    await checkLink(local, linkIn(local, /access will change/, keeper), {
      shows: [/User inactive-2/, /Warn then remove/],
      button: />Keep my access<\/button>/,
      done: /You keep your access/,
      changed: async () => (await status()) === 'keptAccess',
    });
  } finally {
    local.close();
  }
});

test('a restore link opened by GET and HEAD restores nothing; its button restores the seat once', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  try {
    await withEmail(local);
    const scheme = await local.saveScheme(REMOVE_OFFERING_RESTORE);
    await local.runNow(scheme.id, 'live');
    await local.drain();
    const user = INACTIVE[0]!;
    assert.equal(local.site.hasConfluenceSeat(user), false);
    await checkLink(local, linkIn(local, /access was removed/, user), {
      shows: [/User inactive-1/, /Free seats, offer a way back/],
      button: />Restore my access<\/button>/,
      done: /access is back/,
      changed: async () => local.site.hasConfluenceSeat(user),
    });
  } finally {
    local.close();
  }
});
