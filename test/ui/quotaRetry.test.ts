/**
 * Over Forge's storage quota, a tab says what it could not load and offers Retry; once the quota's minute has
 * passed, Retry loads it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { smallSite } from '../engine/fixtures';
import { openPage } from './harness';

/** A quota small enough that a few page loads spend it. */
const local = new LocalSite({ siteFile: smallSite(), quotas: { kvs: { readUnitsPerMinute: 12 } } });
after(() => local.close());

test('a tab over the storage quota says what it was loading and loads it on Retry once the minute has passed', async () => {
  const page = await openPage(local);
  // Spend the minute's read units, then open the run history.
  for (let read = 0; read < 20; read += 1) local.kvs.handle('/api/v1/get', { key: 'settings' });
  await page.openTab('Run history');
  await page.waitFor('Could not load the run history');
  assert.match(page.text(), /quota/i);
  assert.ok(page.findAll('Button', 'Retry').length > 0, 'a Retry button');
  local.clock.advanceBy(60_000);
  await page.click(page.findByText('Retry', 'Button'));
  await page.waitFor(() => !page.text().includes('Could not load the run history'));
  assert.doesNotMatch(page.text(), /quota/i);
});
