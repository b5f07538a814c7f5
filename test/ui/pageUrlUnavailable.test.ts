/**
 * A host whose router gives no URL for the page (the bridge answers null, which @forge/bridge turns into an error):
 * the page works as before, says nothing about it, and nothing is stored, so the emails keep naming the way in words.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite } from '../engine/fixtures';
import { RESOLVERS } from '../../src/contract';
import { openPage } from './harness';

const local = new LocalSite({ siteFile: smallSite() });
after(() => local.close());

test('without a URL from the router the page opens as usual and stores nothing', async () => {
  const page = await openPage(local, { pageUrl: null });
  await page.settle();
  assert.equal(page.urlRequests.length, 1);
  assert.ok(!page.invoked.includes(RESOLVERS.pageUrlSave));
  assert.equal(local.kvs.dump().kvs['admin-page-url'], undefined);
  assert.deepEqual(page.bridgeErrors, []);
  await page.openTab('Run history');
  await page.settle();
  assert.doesNotMatch(page.text(), /URL/);
});
