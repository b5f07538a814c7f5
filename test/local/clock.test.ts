/** The preview's platform clock follows wall time, so a quota's minute passes there as it does on Forge. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followWallTime, VirtualClock } from './clock';

test('a clock that follows wall time moves on by the real time between calls, never back', () => {
  const clock = new VirtualClock('2026-06-01T00:00:00Z');
  let wall = 1_000;
  const keepTime = followWallTime(clock, () => wall);
  wall += 61_000;
  keepTime();
  assert.equal(new Date(clock.now()).toISOString(), '2026-06-01T00:01:01.000Z');
  // A simulation that jumped ahead meanwhile keeps its lead: wall time adds to it.
  clock.advanceBy(3600_000);
  wall += 500;
  keepTime();
  assert.equal(new Date(clock.now()).toISOString(), '2026-06-01T01:01:01.500Z');
});
