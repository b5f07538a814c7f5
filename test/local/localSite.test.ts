import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalSite } from './localSite';
import type { SchemeSummary } from '../../src/contract';
import { generateSite } from './site';

test('a local installation with a storage file keeps its schemes and runs between commands', async () => {
  const kvsFile = path.join(mkdtempSync(path.join(tmpdir(), 'local-')), '.local', 'kvs.json');
  const siteFile = generateSite({ users: 50, seed: 3 });
  const first = new LocalSite({ siteFile, kvsFile });
  const scheme = await first.saveScheme({
    name: 'Kept',
    filter: { inactiveDays: 30 },
    actions: [{ type: 'removeAccess' }],
  });
  const run = await first.runNow(scheme.id, 'test');
  await first.drain();
  first.close();

  const second = new LocalSite({ siteFile, kvsFile, withApiKey: false });
  try {
    const schemes = await second.call<SchemeSummary[]>('schemes/list');
    assert.deepEqual(
      schemes.map((s) => s.name),
      ['Kept'],
    );
    assert.equal((await second.runReport(run.id)).state, 'done');
  } finally {
    second.close();
  }
});
