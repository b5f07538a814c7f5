/**
 * `limits.untilSeatsAtMost`: a live run acts on the longest-inactive users first, only as many as it takes to
 * bring the site's billed seats down to the target.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import { chooseForSeatTarget } from '../../src/domain/seatTarget';
import { parseScheme } from '../../src/domain/scheme';
import { INACTIVE, UNMANAGED, SCHEME_EXEMPT, smallSite } from './fixtures';

test('the longest-inactive go first: never active before the oldest activity, ties by account id', () => {
  const chosen = chooseForSeatTarget(
    [
      { accountId: 'b', lastActive: '2026-03-01T00:00:00Z' },
      { accountId: 'a', lastActive: '2026-01-01T00:00:00Z' },
      { accountId: 'z', lastActive: null },
      { accountId: 'c', lastActive: '2026-01-01T00:00:00Z' },
    ],
    10,
    7,
  );
  assert.deepEqual([...chosen], ['z', 'a', 'c']);
  assert.equal(chooseForSeatTarget([{ accountId: 'a', lastActive: null }], 5, 9).size, 0, 'under the target: nobody');
});

test('a seat target needs an action that frees seats', () => {
  const parsed = parseScheme({
    name: 'x',
    filter: { inactiveDays: 30 },
    actions: [{ type: 'addGroups', groups: ['g'] }],
    limits: { untilSeatsAtMost: 10 },
  });
  assert.equal(parsed.ok, false);
  if (!parsed.ok) assert.equal(parsed.errors[0]!.path, 'limits.untilSeatsAtMost');
});

test('a live run with a seat target frees only as many seats as needed, longest-inactive first', async () => {
  const file = smallSite();
  // Distinct last-active dates so the order is visible: acc-inactive-1 oldest ... acc-inactive-4 newest.
  for (const [index, id] of INACTIVE.entries())
    file.users.find((user) => user.accountId === id)!.lastActive = `2025-0${index + 1}-15`;
  file.users.find((user) => user.accountId === UNMANAGED)!.lastActive = '2025-12-01';
  file.users.find((user) => user.accountId === SCHEME_EXEMPT)!.lastActive = '2025-12-02';
  const local = new LocalSite({ siteFile: file });
  try {
    const seatsBefore = local.site.seatCount();
    const scheme = await local.saveScheme({
      name: 'Stay under the tier',
      filter: { inactiveDays: 90 },
      actions: [{ type: 'removeAccess' }],
      limits: { untilSeatsAtMost: seatsBefore - 2 },
    });
    const run = await local.runNow(scheme.id, 'live');
    await local.drain();
    assert.equal(local.site.seatCount(), seatsBefore - 2);
    const report = await local.runReport(run.id);
    const done = report.users
      .filter((user) => user.outcome === 'done')
      .map((user) => user.accountId)
      .sort();
    assert.deepEqual(done, [INACTIVE[0], INACTIVE[1]].sort(), 'the two longest-inactive');
    const skipped = report.users.filter((user) => user.outcome === 'skipped');
    assert.ok(skipped.length >= 2);
    for (const user of skipped) assert.match(user.reason, /not needed/);
  } finally {
    local.close();
  }
});
