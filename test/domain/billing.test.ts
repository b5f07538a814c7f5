import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  billingDate,
  billingDateAfter,
  billingSentence,
  effectiveOn,
  seatAfter,
  summariseBilling,
  type ActedUser,
  type BillingSettings,
  type SeatFacts,
} from '../../src/domain/billing';
import { billingSettingsSchema } from '../../src/engine/billingSettings';

const groupsOnly = (...groups: string[]): SeatFacts => ({
  confluenceAccess: { groups, directRole: false },
  otherProductsOnSite: [],
});
const withJira: SeatFacts = {
  confluenceAccess: { groups: ['confluence-users'], directRole: false },
  otherProductsOnSite: [{ product: 'jira-software', label: 'Jira' }],
};
const directRole: SeatFacts = { confluenceAccess: { groups: [], directRole: true }, otherProductsOnSite: [] };

const monthly = (model: BillingSettings['model'], extra: Partial<BillingSettings> = {}): BillingSettings => ({
  model,
  cycle: 'monthly',
  nextBillingDate: '2026-12-10',
  ...extra,
});

/** The same site and scheme (removeAccess on five users, two of whom also hold Jira on the site). */
const acted: ActedUser[] = [
  { accountId: 'u-1', name: 'Ann', actions: ['removeAccess'], seat: groupsOnly('confluence-users') },
  { accountId: 'u-2', name: 'Bob', actions: ['removeAccess'], seat: groupsOnly('confluence-users', 'staff') },
  { accountId: 'u-3', name: 'Cy', actions: ['removeAccess'], seat: groupsOnly('confluence-users') },
  { accountId: 'u-4', name: 'Di', actions: ['removeAccess'], seat: withJira },
  { accountId: 'u-5', name: 'Ed', actions: ['removeAccess'], seat: withJira },
];

describe('seatAfter', () => {
  test('under a collection, a user who keeps Jira on the site stays billed, and the reason names the product', () => {
    const verdict = seatAfter('collection', ['removeAccess'], withJira);
    assert.equal(verdict.billedAfter, true);
    assert.equal(verdict.reason, 'still billed: holds Jira (jira-software) on this site');
  });

  test('per app, removing Confluence access frees the Confluence seat whatever else the user holds', () => {
    assert.equal(seatAfter('perApp', ['removeAccess'], withJira).billedAfter, false);
  });

  test('suspend, deactivate and delete free the seat under both models, Jira or not', () => {
    for (const action of ['suspend', 'deactivate', 'delete'] as const) {
      assert.equal(seatAfter('collection', [action], withJira).billedAfter, false, action);
      assert.equal(seatAfter('perApp', [action], withJira).billedAfter, false, action);
    }
  });

  test('group-only actions free nothing', () => {
    const verdict = seatAfter('perApp', ['addGroups', 'removeGroups'], groupsOnly('confluence-users'));
    assert.equal(verdict.billedAfter, true);
  });

  test('a seat held through a direct role is freed too: removeAccess revokes the role (issue 16)', () => {
    const verdict = seatAfter('perApp', ['removeAccess'], directRole);
    assert.equal(verdict.billedAfter, false);
    assert.match(verdict.reason, /no Confluence access left/);
  });
});

describe('summariseBilling', () => {
  test('the same users report different seatsFreed under perApp and collection once users hold another product', () => {
    const perApp = summariseBilling(monthly('perApp'), acted, '2026-12-01');
    const collection = summariseBilling(monthly('collection'), acted, '2026-12-01');
    assert.equal(perApp.seatsFreed, 5);
    assert.equal(perApp.stillBilled.count, 0);
    assert.equal(collection.seatsFreed, 3);
    assert.equal(collection.stillBilled.count, 2);
    assert.deepEqual(collection.stillBilled.through, { Jira: 2 });
    assert.deepEqual(
      collection.stillBilled.users.map((user) => [user.accountId, user.reason]),
      [
        ['u-4', 'still billed: holds Jira (jira-software) on this site'],
        ['u-5', 'still billed: holds Jira (jira-software) on this site'],
      ],
    );
  });

  test('the monthly saving is the freed seats times the price, in cents', () => {
    const summary = summariseBilling(
      monthly('collection', { pricePerSeat: 6.05, currency: 'USD' }),
      acted,
      '2026-12-01',
    );
    assert.equal(summary.monthlySaving, 18.15);
    assert.equal(summary.currency, 'USD');
    assert.equal(summary.effectiveOn, '2026-12-10');
  });

  test('without a price there is no saving in money', () => {
    assert.equal(summariseBilling(monthly('perApp'), acted, '2026-12-01').monthlySaving, null);
  });

  test('says it in a sentence, with who keeps a seat and through what', () => {
    const users: ActedUser[] = [
      ...Array.from({ length: 5 }, (_, i) => ({
        accountId: `f-${i}`,
        name: `F${i}`,
        actions: ['removeAccess'] as const,
        seat: groupsOnly('confluence-users'),
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        accountId: `j-${i}`,
        name: `J${i}`,
        actions: ['removeAccess'] as const,
        seat: withJira,
      })),
    ];
    const summary = summariseBilling(
      monthly('collection', { pricePerSeat: 6.05, currency: 'USD' }),
      users,
      '2026-12-01',
    );
    assert.equal(
      billingSentence(summary, 'live'),
      'Frees 5 seats from the bill of 10 Dec 2026: about 30.25 USD a month. 5 users keep a seat through Jira.',
    );
    assert.match(billingSentence(summary, 'test'), /^Would free 5 seats from the bill of 10 Dec 2026/);
  });
});

describe('billing dates', () => {
  test('a monthly plan bills on the same day every month, on the last day of shorter months', () => {
    const plan = { cycle: 'monthly' as const, nextBillingDate: '2027-01-31' };
    assert.deepEqual(
      [0, 1, 2, 3, -2].map((k) => billingDate(plan, k)),
      ['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2026-11-30'],
    );
  });

  test('an annual plan renews on the same date every year (29 February on the 28th in common years)', () => {
    const plan = { cycle: 'annual' as const, nextBillingDate: '2028-02-29' };
    assert.deepEqual(
      [0, 1, -1].map((k) => billingDate(plan, k)),
      ['2028-02-29', '2029-02-28', '2027-02-28'],
    );
  });

  test('the next billing date is strictly after the day, from a stored date in the past or the future', () => {
    const plan = { cycle: 'monthly' as const, nextBillingDate: '2026-12-10' };
    assert.equal(billingDateAfter(plan, '2027-03-09').date, '2027-03-10');
    assert.equal(billingDateAfter(plan, '2027-03-10').date, '2027-04-10');
    assert.equal(billingDateAfter(plan, '2026-01-01').date, '2026-01-10');
  });
});

describe('effectiveOn', () => {
  const plan = { cycle: 'monthly' as const, nextBillingDate: '2026-12-10' };

  test('monthly: a removal before the period’s last day shows on the next bill', () => {
    assert.equal(effectiveOn(plan, '2026-12-08'), '2026-12-10');
    assert.equal(effectiveOn(plan, '2026-11-11'), '2026-12-10');
  });

  test('monthly: a removal on the last day or on the billing day shows a bill later', () => {
    assert.equal(effectiveOn(plan, '2026-12-09'), '2027-01-10');
    assert.equal(effectiveOn(plan, '2026-12-10'), '2027-01-10');
  });

  test('annual: the next renewal', () => {
    assert.equal(effectiveOn({ cycle: 'annual', nextBillingDate: '2027-03-01' }, '2026-12-06'), '2027-03-01');
    assert.equal(effectiveOn({ cycle: 'annual', nextBillingDate: '2027-03-01' }, '2027-02-28'), '2027-03-01');
  });
});

describe('billing settings', () => {
  const parse = (value: unknown) => billingSettingsSchema().safeParse(value);
  const messages = (value: unknown) => {
    const result = parse(value);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  test('model defaults to perApp', () => {
    const result = parse({ cycle: 'monthly', nextBillingDate: '2026-12-10' });
    assert.ok(result.success);
    assert.equal(result.data.model, 'perApp');
  });

  test('refuses an unknown key, naming it', () => {
    assert.deepEqual(messages({ cycle: 'monthly', nextBillingDate: '2026-12-10', prize: 3 }), [
      'Billing has no setting "prize"; it knows model, cycle, nextBillingDate, pricePerSeat and currency.',
    ]);
  });

  test('refuses a date that is not a calendar day, and a price without its currency', () => {
    assert.deepEqual(messages({ cycle: 'monthly', nextBillingDate: '2026-02-30' }), [
      'The next billing date is a date written YYYY-MM-DD, e.g. "2026-12-10"',
    ]);
    assert.deepEqual(messages({ cycle: 'annual', nextBillingDate: '2026-12-10', pricePerSeat: 5 }), [
      'Give the currency with the price per seat, e.g. "USD".',
    ]);
    assert.deepEqual(messages({ cycle: 'weekly', nextBillingDate: '2026-12-10' }), [
      'The billing cycle is "monthly" or "annual".',
    ]);
  });
});
