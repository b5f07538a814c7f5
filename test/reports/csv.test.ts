import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, outcomesCsv } from '../../src/reports/csv';
import { outcome, parseCsv } from './fixtures';

describe('outcomesCsv', () => {
  test('writes a header and one CRLF-terminated row per user, in the given order', () => {
    const csv = outcomesCsv([
      outcome({
        accountId: 'u-1',
        name: 'Bob',
        actions: ['removeAccess', 'addGroups'],
        seat: { groups: ['confluence-users'] },
      }),
      outcome({
        accountId: 'u-2',
        name: 'Eve',
        email: null,
        lastActive: null,
        outcome: 'exempt',
        actions: [],
        reason: 'org admin',
      }),
    ]);
    assert.ok(csv.endsWith('\r\n'));
    assert.deepEqual(parseCsv(csv), [
      ['Name', 'Email', 'Account ID', 'Last active', 'Outcome', 'Actions', 'Reason', 'Seat held through'],
      [
        'Bob',
        'u-1@acme.com',
        'u-1',
        '2026-05-09T10:00:00.000Z',
        'planned',
        'removeAccess; addGroups',
        'inactive for 200 days',
        'group confluence-users',
      ],
      ['Eve', '', 'u-2', 'never', 'exempt', '', 'org admin', ''],
    ]);
  });

  test('quotes commas, quotes and line breaks so every cell reads back exactly', () => {
    const name = 'Babbage, Charles "Chuck"';
    const reason = 'removeAccess: failed\r\nsecond line\nthird';
    const csv = outcomesCsv([outcome({ accountId: 'u-1', name, reason })]);
    assert.ok(csv.includes('"Babbage, Charles ""Chuck"""'));
    const rows = parseCsv(csv);
    assert.equal(rows.length, 2);
    assert.equal(rows[1]?.[0], name);
    assert.equal(rows[1]?.[6], reason);
  });

  test('keeps spreadsheet formulas inert by prefixing an apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const name = `${start}HYPERLINK("http://evil.example","click")`;
      const [, row] = parseCsv(outcomesCsv([outcome({ accountId: 'u-1', name })]));
      assert.equal(row?.[0], `'${name}`, `a name starting with ${JSON.stringify(start)}`);
    }
    // Formula characters later in a cell are harmless and left alone.
    assert.equal(csvCell('a=b+c'), 'a=b+c');
    assert.equal(csvCell("'=1"), "'=1");
    // Reasons and emails are guarded too, not only names.
    const [, row] = parseCsv(outcomesCsv([outcome({ accountId: 'u-1', email: '@x.com', reason: '-1 day' })]));
    assert.equal(row?.[1], "'@x.com");
    assert.equal(row?.[6], "'-1 day");
  });

  test('keeps unicode names intact', () => {
    const names = ['Zoë Ångström', '山田 太郎', 'Ñandú 🦤', 'محمد'];
    const rows = parseCsv(outcomesCsv(names.map((name, i) => outcome({ accountId: `u-${i}`, name }))));
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      names,
    );
  });

  test('an empty run is just the header', () => {
    assert.equal(outcomesCsv([]), 'Name,Email,Account ID,Last active,Outcome,Actions,Reason,Seat held through\r\n');
  });
});
