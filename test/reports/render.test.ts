import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { INLINE_USER_LIMIT, renderReportEmail } from '../../src/reports/render';
import { outcome, parseCsv, report } from './fixtures';
import { OUTCOMES_CSV_HEADER } from '../../src/reports/csv';

describe('renderReportEmail', () => {
  test('a test run says what would happen and that nothing changed', () => {
    const email = renderReportEmail(report());
    assert.equal(
      email.subject,
      '[User manager] Inactive for 90 days: Test run: 2 users would lose Confluence access; nothing was changed',
    );
    assert.match(email.html, /Test run: 2 users would lose Confluence access; nothing was changed/);
    assert.match(email.text, /^Test run: 2 users would lose Confluence access; nothing was changed$/m);
    assert.match(email.text, /^Mode: Test \(nothing on the site was changed\)$/m);
    assert.match(email.text, /^Would be acted on: 2$/m);
    assert.doesNotMatch(email.text, /^Done:/m);
  });

  test('a live run says what happened, with skips and failures', () => {
    const users = [
      outcome({
        accountId: 'u-1',
        outcome: 'done',
        actions: ['removeAccess', 'addGroups'],
        results: [
          { action: 'removeAccess', result: 'done' },
          { action: 'addGroups', result: 'done' },
        ],
      }),
      outcome({
        accountId: 'u-2',
        outcome: 'done',
        actions: ['removeAccess', 'addGroups'],
        results: [
          { action: 'removeAccess', result: 'done' },
          { action: 'addGroups', result: 'skipped' },
        ],
      }),
      outcome({ accountId: 'u-3', outcome: 'skipped', reason: 'active again' }),
      outcome({ accountId: 'u-4', outcome: 'failed', reason: 'removeAccess: 403' }),
    ];
    const email = renderReportEmail(
      report({
        mode: 'live',
        trigger: 'manual',
        users,
        counts: { scanned: 50, matched: 4, exempt: 0, planned: 0, done: 2, skipped: 1, failed: 1 },
      }),
    );
    assert.equal(
      email.subject,
      '[User manager] Inactive for 90 days: Live run: 2 users lost Confluence access and were added to groups (1 skipped, 1 failed)',
    );
    assert.doesNotMatch(email.html, /would/);
    assert.match(email.text, /^Done: 2$/m);
    assert.match(email.text, /^Failed: 1$/m);
    assert.match(email.text, /^Started by: an admin \(run now\)$/m);
    // Failures lead the inline table.
    const failedAt = email.text.indexOf('removeAccess: 403');
    const doneAt = email.text.indexOf('u-1@acme.com');
    assert.ok(failedAt > 0 && failedAt < doneAt);
  });

  test('an aborted run gives its status and reason', () => {
    const reason = 'The run would act on 700 users, more than the safety limit of 500: nobody was changed.';
    const email = renderReportEmail(report({ mode: 'live', status: 'aborted', reason }));
    assert.match(email.subject, /Live run aborted: The run would act on 700 users/);
    assert.match(email.text, new RegExp(`^Status: aborted: ${reason.replace(/[.()]/g, '\\$&')}$`, 'm'));
  });

  test('holds the summary: scheme, trigger, duration, counts, and the per-user columns', () => {
    const email = renderReportEmail(report({ warnings: ['No email address is known for u-9; they get no report.'] }));
    for (const line of [
      'Scheme: Inactive for 90 days',
      'Started by: its schedule',
      'Started: 2026-11-25 02:00 UTC',
      'Duration: 3 minutes 12 seconds',
      'Users scanned: 120',
      'Users matched: 3',
      'Exempt: 1',
    ]) {
      assert.ok(email.text.includes(line), `text has "${line}"`);
    }
    assert.match(email.html, /<li>No email address is known for u-9; they get no report\.<\/li>/);
    assert.match(email.html, /<td[^>]*>Eve Hopper<\/td><td[^>]*><\/td><td[^>]*>never<\/td>/);
    assert.match(
      email.html,
      /<td[^>]*>Bob Babbage<\/td><td[^>]*>u-1@acme.com<\/td><td[^>]*>2026-05-09<\/td><td[^>]*>would act \(test run\)<\/td>/,
    );
  });

  test('escapes names, reasons, warnings and the scheme name in the HTML', () => {
    const hostile = '<script>alert("x")</script>';
    const email = renderReportEmail(
      report({
        schemeName: `Scheme <b>&</b>\r\nBcc: evil@example.com`,
        users: [outcome({ accountId: 'u-1', name: hostile, reason: `<img src=x onerror=alert(1)>` })],
        warnings: [`group <i>x</i>`],
      }),
    );
    assert.ok(!email.html.includes('<script>'));
    assert.ok(!email.html.includes('<img'));
    assert.ok(!email.html.includes('<i>x'));
    assert.ok(!email.html.includes('<b>&'));
    assert.ok(email.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    assert.ok(email.html.includes('Scheme &lt;b&gt;&amp;&lt;/b&gt;'));
    // The subject stays on one line.
    assert.doesNotMatch(email.subject, /[\r\n]/);
    // The CSV keeps the name as written (it is data, not markup).
    assert.equal(parseCsv(email.csv.content)[1]?.[0], hostile);
  });

  test('caps the inline table at 500 rows and points to the CSV, which has everyone', () => {
    const users = Array.from({ length: INLINE_USER_LIMIT + 20 }, (_, i) =>
      outcome({ accountId: `u-${String(i).padStart(4, '0')}` }),
    );
    const email = renderReportEmail(
      report({
        users,
        counts: {
          scanned: 900,
          matched: users.length,
          exempt: 0,
          planned: users.length,
          done: 0,
          skipped: 0,
          failed: 0,
        },
      }),
    );
    assert.equal((email.html.match(/<tr><td/g) ?? []).length, INLINE_USER_LIMIT);
    assert.ok(email.html.includes(`Showing 500 of 520 users`));
    assert.ok(email.text.includes('the attached CSV lists all 520'));
    assert.ok(!email.html.includes('u-0519@acme.com'));
    assert.equal(parseCsv(email.csv.content).length, 521);
    assert.ok(
      email.csv.content.startsWith('\uFEFFName,'),
      'a UTF-8 byte-order mark, then the header, so Excel reads accents',
    );
    assert.match(email.csv.filename, /^inactive-for-90-days-2026-11-25-test-run01234\.csv$/);
  });

  test("a needs-approval email links the admin page's URL, escaped, and refuses to link anything but https", () => {
    const approval = {
      reviewRoute: 'Confluence → Settings → User manager → Run history → run of 2026-11-25 02:00 UTC',
      pageRoute: 'Run history → run of 2026-11-25 02:00 UTC',
    };
    const linked = renderReportEmail(
      report({ approval: { ...approval, pageUrl: 'https://acme.atlassian.net/wiki/admin?a=1&b=2' } }),
    );
    assert.ok(
      linked.html.includes('<a href="https://acme.atlassian.net/wiki/admin?a=1&amp;b=2">User manager page</a>'),
    );
    assert.ok(linked.text.includes('on the User manager page, https://acme.atlassian.net/wiki/admin?a=1&b=2 (Run'));
    for (const pageUrl of ['javascript:alert(1)', 'http://acme.atlassian.net/wiki', 'not a url', null]) {
      const email = renderReportEmail(report({ approval: { ...approval, pageUrl } }));
      for (const body of [email.html, email.text]) {
        assert.ok(body.includes(`Review and approve it in ${approval.reviewRoute}.`), body);
        assert.ok(!body.includes('User manager page'), body);
      }
    }
  });
});

describe('a real org in the report (issue 16)', () => {
  const users = [
    outcome({ accountId: 'u-1', name: 'Bob Babbage', lastActiveAnywhere: '2026-11-20T10:00:00.000Z' }),
    outcome({
      accountId: 'u-2',
      name: 'Ida Provider',
      outcome: 'skipped',
      reason:
        "Confluence access is held by group 'sso-confluence', synced from your identity provider: change it there (the app cannot)",
      heldByIdentityProvider: ['sso-confluence'],
    }),
  ];

  test('users an identity provider holds are gathered in a section to act on there, by group', () => {
    const email = renderReportEmail(report({ users }));
    assert.match(email.html, /<h3>Held by your identity provider<\/h3>/);
    assert.match(
      email.html,
      /<p><strong>sso-confluence<\/strong><\/p>\n<ul>\n<li>Ida Provider &lt;u-2@acme.com&gt;<\/li>/,
    );
    assert.ok(email.text.includes('Held by your identity provider:\n'));
    assert.ok(email.text.includes('sso-confluence:\n- Ida Provider <u-2@acme.com>'));
    const without = renderReportEmail(report());
    assert.ok(!without.html.includes('identity provider') && !without.text.includes('identity provider'));
  });

  test('the last activity anywhere stands beside this site’s date, in the table and as a last CSV column', () => {
    const email = renderReportEmail(report({ users }));
    assert.ok(email.text.includes('| 2026-05-09 (anywhere: 2026-11-20) |'), email.text);
    const [header, bob, ida] = parseCsv(email.csv.content.replace(/^\uFEFF/, ''));
    assert.equal(header?.at(-1), 'Last active anywhere');
    assert.equal(bob?.at(-1), '2026-11-20T10:00:00.000Z');
    assert.equal(ida?.at(-1), '');
    const [oldHeader] = parseCsv(renderReportEmail(report()).csv.content.replace(/^\uFEFF/, ''));
    assert.equal(oldHeader?.length, OUTCOMES_CSV_HEADER.length, 'runs without it keep the columns they had');
  });
});
