/**
 * Custom user fields end to end on a local site: fields defined and values imported through the resolvers, a live
 * scheme filtering on them, the site as the run leaves it. The example: "contract end date before today
 * → remove access and add to former-contractors".
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSite } from '../local/localSite';
import type { SiteFile, SiteUser } from '../local/site';
import type { FieldImportPreview, FieldImportResult, FieldsAnswer, RunDetail } from '../../src/contract';

const NOW = '2026-06-01T00:00:00Z';
const ACCESS = 'g-confluence';
const ADMINS = 'g-site-admins';
const FORMER = 'g-former';

function person(accountId: string, lastActive: string): SiteUser {
  return {
    accountId,
    name: accountId,
    email: `${accountId}@acme.com`,
    accountType: 'atlassian',
    managed: true,
    status: 'active',
    orgAdmin: false,
    groups: [ACCESS],
    addedToOrg: '2024-01-01',
    lastActive,
  };
}

/** Contractors whose contracts ended (one still active in Confluence: the contract decides), one running, one without a date. */
export function contractorSite(): SiteFile {
  return {
    now: NOW,
    org: { id: 'org-1', name: 'Acme' },
    site: { cloudId: 'cloud-1', url: 'https://acme.atlassian.net' },
    groups: [
      { id: ACCESS, name: 'confluence-users', grantsConfluenceAccess: true },
      { id: ADMINS, name: 'site-admins', grantsSiteAdmin: true },
      { id: FORMER, name: 'former-contractors' },
    ],
    users: [
      { ...person('admin', '2026-05-30'), groups: [ACCESS, ADMINS], orgAdmin: true },
      person('ended-long-ago', '2026-01-10'),
      person('ended-yesterday', '2026-05-31'),
      person('ends-next-month', '2026-05-20'),
      person('no-contract', '2025-01-01'),
    ],
  };
}

export const CONTRACT_CSV = [
  'email,Contract end date',
  'ended-long-ago@acme.com,2026-01-31',
  'ended-yesterday@acme.com,2026-05-31',
  'ends-next-month@acme.com,2026-07-15',
].join('\n');

export const CONTRACT_SCHEME = {
  name: 'Contract ended',
  filter: { fields: { 'Contract end date': { before: 'today' } } },
  actions: [{ type: 'removeAccess' }, { type: 'addGroups', groups: ['former-contractors'] }],
};

async function withSite<T>(body: (local: LocalSite) => Promise<T>): Promise<T> {
  const local = new LocalSite({ siteFile: contractorSite() });
  try {
    return await body(local);
  } finally {
    local.close();
  }
}

async function defineContractField(local: LocalSite): Promise<void> {
  await local.call<FieldsAnswer>('fields/save', { field: { name: 'Contract end date', type: 'date' } });
  const result = await local.call<FieldImportResult>('fields/importApply', { text: CONTRACT_CSV });
  assert.equal(result.saved, 3);
}

async function run(local: LocalSite, mode: 'test' | 'live'): Promise<RunDetail> {
  const scheme = await local.saveScheme(CONTRACT_SCHEME);
  const started = await local.runNow(scheme.id, mode);
  await local.drain();
  return local.runReport(started.id);
}

describe('custom fields in a live run', () => {
  test('contract end date before today: removes access and adds to former-contractors, only for ended contracts', async () => {
    await withSite(async (local) => {
      await defineContractField(local);
      const planned = await run(local, 'test');
      assert.deepEqual(planned.users.map((user) => user.reason).sort(), [
        'no activity condition (last active 1 day ago); Contract end date before today',
        'no activity condition (last active 142 days ago); Contract end date before today',
      ]);
      const report = await run(local, 'live');
      assert.equal(report.state, 'done');
      assert.deepEqual(report.users.map((user) => [user.accountId, user.outcome]).sort(), [
        ['ended-long-ago', 'done'],
        ['ended-yesterday', 'done'],
      ]);
      const after = local.site.toSiteFile().users;
      const groupsOf = (id: string) => after.find((user) => user.accountId === id)!.groups;
      assert.deepEqual(groupsOf('ended-long-ago'), [FORMER]);
      assert.deepEqual(groupsOf('ended-yesterday'), [FORMER]);
      assert.deepEqual(groupsOf('ends-next-month'), [ACCESS]);
      assert.deepEqual(groupsOf('no-contract'), [ACCESS]);
    });
  });

  test('a contract extended after the scan keeps the user: the act step reads the current values', async () => {
    await withSite(async (local) => {
      await defineContractField(local);
      const scheme = await local.saveScheme(CONTRACT_SCHEME);
      const started = await local.runNow(scheme.id, 'live');
      // Deliver the scan only, then extend one contract before the act step runs.
      await local.forge.drainQueues({ maxDeliveries: 1 });
      assert.equal((await local.call<{ state: string }>('runs/progress', { runId: started.id })).state, 'acting');
      const fields = await local.call<FieldsAnswer>('fields/list');
      const contract = fields.fields[0]!.id;
      await local.call('fields/setValues', { accountId: 'ended-yesterday', values: { [contract]: '2027-01-01' } });
      await local.drain();
      const report = await local.runReport(started.id);
      const outcome = (id: string) => report.users.find((user) => user.accountId === id)?.outcome;
      assert.equal(outcome('ended-long-ago'), 'done');
      const extended = report.users.find((user) => user.accountId === 'ended-yesterday');
      assert.equal(extended?.outcome, 'skipped');
      assert.match(extended.reason, /no longer matches the scheme \(changed since the scan\)/);
      const groups = local.site.toSiteFile().users.find((user) => user.accountId === 'ended-yesterday')!.groups;
      assert.deepEqual(groups, [ACCESS]);
    });
  });

  test('a scheme naming a field nobody defined is refused, naming the field', async () => {
    await withSite(async (local) => {
      await local.call<FieldsAnswer>('fields/save', { field: { name: 'Contract end date', type: 'date' } });
      await assert.rejects(
        local.saveScheme({ ...CONTRACT_SCHEME, filter: { fields: { 'Contract end dat': { before: 'today' } } } }),
        (error: Error) =>
          /filter\.fields\.Contract end dat/.test(JSON.stringify((error as { answer?: unknown }).answer)) &&
          /did you mean "Contract end date"/.test(error.message),
      );
      await assert.rejects(
        local.saveScheme({ ...CONTRACT_SCHEME, filter: { fields: { 'Contract end date': { contains: '2026' } } } }),
        /"contains" does not apply to the date field/,
      );
    });
  });

  test('a field a scheme filters on cannot be deleted', async () => {
    await withSite(async (local) => {
      await defineContractField(local);
      await local.saveScheme(CONTRACT_SCHEME);
      const field = (await local.call<FieldsAnswer>('fields/list')).fields[0]!;
      await assert.rejects(local.call('fields/delete', { id: field.id }), /cannot be deleted: "Contract ended"/);
    });
  });
});

describe('custom field values: import and export', () => {
  test('the preview reports every bad row and saves nothing; apply refuses while rows are bad unless told to skip them', async () => {
    await withSite(async (local) => {
      await local.call('fields/save', { field: { name: 'Team', type: 'choice', options: ['Red', 'Blue'] } });
      const csv = [
        'email,Team',
        'ended-long-ago@acme.com,red',
        'nobody@acme.com,Blue',
        'no-contract@acme.com,Green',
        'not-an-email,Red',
      ].join('\n');
      const preview = await local.call<FieldImportPreview>('fields/importPreview', { text: csv });
      assert.equal(preview.valid, 1);
      assert.deepEqual(preview.sample[0]?.values, { Team: 'Red' });
      assert.deepEqual(
        preview.errors.map((error) => error.line),
        [3, 4, 5],
      );
      assert.match(preview.errors[0]!.message, /no user of this organization has the email "nobody@acme.com"/);
      assert.match(preview.errors[1]!.message, /"Green" is not one of "Red", "Blue"/);
      const exported = await local.call<{ csv: string }>('fields/export', {});
      assert.equal(exported.csv, 'accountId,email,Team\r\n');

      await assert.rejects(local.call('fields/importApply', { text: csv }), /Nothing was saved: 3 rows have problems/);
      const applied = await local.call<FieldImportResult>('fields/importApply', { text: csv, skipInvalidRows: true });
      assert.equal(applied.saved, 1);
      const after = await local.call<{ csv: string; nextCursor: string | null }>('fields/export', {});
      assert.equal(after.csv, 'accountId,email,Team\r\nended-long-ago,ended-long-ago@acme.com,Red\r\n');
      assert.equal(after.nextCursor, null);
    });
  });

  test('an exported file imports back unchanged, and an empty cell clears a value', async () => {
    await withSite(async (local) => {
      await defineContractField(local);
      const first = await local.call<{ csv: string }>('fields/export', {});
      await local.call('fields/importApply', { text: first.csv });
      assert.equal((await local.call<{ csv: string }>('fields/export', {})).csv, first.csv);
      await local.call('fields/importApply', { text: 'accountId,Contract end date\nended-long-ago,\n' });
      const after = (await local.call<{ csv: string }>('fields/export', {})).csv;
      assert.doesNotMatch(after, /ended-long-ago/);
      assert.match(after, /ended-yesterday,ended-yesterday@acme.com,2026-05-31/);
    });
  });
});
