import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvLine, csvValue, parseCsv } from '../../src/domain/csv';

test('formula-like values are written as text and read back unchanged', () => {
  const values = ['=HYPERLINK("http://x","y")', '+1', '-2', '@cmd', 'plain', "'quoted already", 'a,b', 'line\nbreak'];
  const line = csvLine(values);
  assert.ok(!/(^|,)=/.test(line), 'no cell starts with =');
  const [read] = parseCsv(`${line}\r\n`);
  assert.deepEqual(read!.map(csvValue), values);
});

test('a leading apostrophe is kept when it does not guard a formula', () => {
  assert.equal(csvValue("'hello"), "'hello");
  assert.equal(csvValue("'=1"), '=1');
});
