/**
 * The preview serves the app's web triggers: a restore link in the outbox opens on the preview's own address (the
 * local runtime's trigger URLs, local-forge.invalid, are never fetched), shows its page with a button, and the
 * button's POST restores the seat once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../localSite';
import { LOCAL_POSTMARK_TOKEN } from '../mail';
import { INACTIVE, smallSite } from '../../engine/fixtures';
import { startPreview } from './server';

test('an outbox link opens on the preview: GET shows the button, its POST restores the seat once', async () => {
  const local = new LocalSite({ siteFile: smallSite() });
  const preview = await startPreview({ local, port: 0, log: () => undefined });
  try {
    await local.call('email/save', {
      provider: 'postmark',
      fromAddress: 'wiki-admin@acme.com',
      apiKey: LOCAL_POSTMARK_TOKEN,
    });
    const scheme = await local.saveScheme({
      name: 'Free seats, offer a way back',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess', offerRestore: true }],
    });
    await local.runNow(scheme.id, 'live');
    await local.drain();
    const user = INACTIVE[0]!;
    assert.equal(local.site.hasConfluenceSeat(user), false);

    const outbox = await (await fetch(`${preview.url}outbox`)).text();
    const links = [...outbox.matchAll(/<a href="(\/x1\/[^"]+)">/g)].map((match) => match[1]!);
    assert.ok(links.length >= INACTIVE.length, 'the restore links are links to the preview');
    const mail = local.mail.outbox.find((message) => message.to.includes(`${user}@acme.com`))!;
    const token = /[?&]t=([^\s&]+)/.exec(mail.text)![1]!;
    const link = links.find((candidate) => candidate.includes(token))!;
    const url = new URL(link, preview.url).href;

    const opened = await fetch(url);
    assert.equal(opened.status, 200);
    assert.equal(opened.headers.get('x-frame-options'), 'DENY');
    assert.match(await opened.text(), />Restore my access<\/button>/);
    assert.equal(local.site.hasConfluenceSeat(user), false, 'opening the link restores nothing');

    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    const pressed = await fetch(url, { ...form, body: `t=${token}` });
    assert.equal(pressed.status, 200);
    assert.match(await pressed.text(), /access is back/);
    assert.equal(local.site.hasConfluenceSeat(user), true);
    assert.equal((await fetch(url, { ...form, body: `t=${token}` })).status, 410, 'once only');
    assert.equal((await fetch(url, { method: 'PUT' })).status, 405);
  } finally {
    await preview.close();
    local.close();
  }
});
