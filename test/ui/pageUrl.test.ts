/**
 * Opening the admin page tells the backend the page's URL (Forge's router, for the admin page's module), for the
 * link in "needs approval" emails. It is stored once: the page reporting the same URL again writes nothing, and a
 * URL that is not https (or http on this machine) is refused with a reason and changes nothing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { loadManifest } from '../local/manifest';
import { smallSite } from '../engine/fixtures';
import { RESOLVERS, type Answer, type PageUrlAnswer } from '../../src/contract';
import { openPage, type Page } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

const PAGE_URL = 'https://acme.atlassian.net/wiki/admin/forge/apps/user-manager-admin?env=production';
const storedUrl = () => local.kvs.dump().kvs['admin-page-url'];

/** The resolver call the page makes, through the page's own bridge (JSON both ways, as the page's `invoke`). */
async function report(page: Page, url: string): Promise<Answer<PageUrlAnswer>> {
  return (await page.bridge.callBridge('invoke', {
    functionKey: RESOLVERS.pageUrlSave,
    payload: { url },
  })) as Answer<PageUrlAnswer>;
}

test('opening the page stores its URL once; the same URL again writes nothing; a bad one is refused', async () => {
  assert.equal(storedUrl(), undefined);
  const page = await openPage(local, { pageUrl: PAGE_URL });
  await page.waitFor(() => storedUrl() !== undefined);
  await page.settle();

  // The page asked for its own module's URL (the globalSettings module of manifest.yml), once.
  const [adminPage] = [...loadManifest().resolvers.keys()];
  assert.deepEqual(page.urlRequests, [{ target: 'module', moduleKey: adminPage }]);
  assert.equal(storedUrl(), PAGE_URL);
  assert.equal(page.invoked.filter((name) => name === RESOLVERS.pageUrlSave).length, 1);

  // The next open reports the same URL: read, not written.
  const writesBefore = local.kvs.metrics.writes;
  assert.deepEqual(await report(page, PAGE_URL), { ok: true, data: { saved: false } });
  assert.equal(local.kvs.metrics.writes, writesBefore);

  for (const [url, reason] of [
    ['javascript:alert(1)', /The page URL must be an https URL/],
    ['http://acme.atlassian.net/wiki', /The page URL must be an https URL/],
    ['not a url', /The page URL must be an https URL/],
    [`https://acme.atlassian.net/${'a'.repeat(2000)}`, /The page URL is longer than 2000 characters/],
  ] as const) {
    const answer = await report(page, url);
    assert.equal(answer.ok, false, url);
    assert.ok(!answer.ok && answer.error.code === 'INVALID_INPUT', JSON.stringify(answer));
    assert.match(answer.error.message, reason);
    assert.match(answer.error.message, /^The request was not valid: url: /);
    assert.equal(storedUrl(), PAGE_URL, 'the stored URL is unchanged');
    assert.equal(local.kvs.metrics.writes, writesBefore, 'nothing was written');
  }

  // A new URL (the app moved to another environment) replaces the old one; the local preview's http URL is accepted.
  assert.deepEqual(await report(page, 'http://127.0.0.1:4173/'), { ok: true, data: { saved: true } });
  assert.equal(storedUrl(), 'http://127.0.0.1:4173/');
});
