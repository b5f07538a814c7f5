import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSite, parseSiteFile, SimulatedSite, type SiteFile } from './site/index';
import { VirtualClock } from './clock';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('generateSite', () => {
  test('is deterministic for a seed and differs between seeds', () => {
    const first = generateSite({ users: 500, seed: 11 });
    assert.deepEqual(generateSite({ users: 500, seed: 11 }), first);
    const other = generateSite({ users: 500, seed: 12 });
    assert.notDeepEqual(
      other.users.map((user) => user.accountId),
      first.users.map((user) => user.accountId),
    );
  });

  test('produces a valid site file that round-trips through a simulated site', () => {
    const file = generateSite({ users: 2000, seed: 3, now: '2026-06-01T00:00:00Z' });
    const parsed = parseSiteFile(JSON.parse(JSON.stringify(file)), 'generated.json');
    assert.equal(parsed.users.length, 2000);
    assert.equal(parsed.now, '2026-06-01T00:00:00Z');
    const site = SimulatedSite.fromSiteFile(parsed, { clock: new VirtualClock(parsed.now) });
    assert.deepEqual(site.toSiteFile().users, parsed.users);
  });

  describe('the mix of a 20,000-user site', () => {
    const file: SiteFile = generateSite({ users: 20_000, seed: 2026 });
    const now = Date.parse(file.now);
    const share = (predicate: (user: SiteFile['users'][number]) => boolean) =>
      file.users.filter(predicate).length / file.users.length;
    const daysSince = (iso: string) => (now - Date.parse(iso)) / DAY_MS;
    const atlassian = (user: SiteFile['users'][number]) => user.accountType === 'atlassian';
    const accessGroup = file.groups.find((group) => group.grantsConfluenceAccess);

    test('a real org besides: direct roles, synced groups, Jira and other sites, a 24 h lag (issue 16)', () => {
      assert.equal(file.site.activityLagHours, 24);
      const synced = file.groups.filter((group) => group.synced);
      assert.equal(synced.length, 2, 'two groups synced from an identity provider');
      const syncedAccess = synced.find((group) => group.grantsConfluenceAccess)!;
      const seat = (user: SiteFile['users'][number]) =>
        atlassian(user) &&
        (user.directAccess === true ||
          user.groups.some((id) => file.groups.find((group) => group.id === id)?.grantsConfluenceAccess));
      const seats = file.users.filter(seat);
      const direct = seats.filter((user) => user.directAccess).length / seats.length;
      assert.ok(direct > 0.05 && direct < 0.1, `direct-role seats ${direct}`);
      const both = seats.filter((user) => user.directAccess && user.groups.includes(accessGroup!.id)).length;
      assert.ok(
        both > 0 && both < seats.filter((user) => user.directAccess).length,
        'some hold both, some only the role',
      );
      const idp = share((user) => user.groups.includes(syncedAccess.id));
      assert.ok(idp > 0.02 && idp < 0.04, `IdP-synced access ${idp}`);
      const jiraHere = share((user) =>
        (user.activity ?? []).some((entry) => entry.product === 'jira-software' && entry.site === file.site.cloudId),
      );
      assert.ok(jiraHere > 0.25 && jiraHere < 0.35, `also in Jira on this site ${jiraHere}`);
      const elsewhere = share((user) => (user.activity ?? []).some((entry) => entry.site !== file.site.cloudId));
      assert.ok(elsewhere > 0.03 && elsewhere < 0.07, `on other sites ${elsewhere}`);
    });

    test('activity: mostly recent, some stale, some never', () => {
      const recent = share((user) => user.lastActive !== null && daysSince(user.lastActive) <= 30);
      const mid = share(
        (user) => user.lastActive !== null && daysSince(user.lastActive) > 30 && daysSince(user.lastActive) <= 180,
      );
      const old = share((user) => user.lastActive !== null && daysSince(user.lastActive) > 180);
      const never = share((user) => atlassian(user) && user.lastActive === null);
      assert.ok(recent >= 0.55 && recent <= 0.65, `recent ${recent}`);
      assert.ok(mid >= 0.12 && mid <= 0.19, `30-180 days ${mid}`);
      assert.ok(old >= 0.08 && old <= 0.14, `over 180 days ${old}`);
      assert.ok(never >= 0.06 && never <= 0.1, `never ${never}`);
      const neverRecentlyAdded = share(
        (user) =>
          atlassian(user) && user.lastActive === null && user.addedToOrg !== null && daysSince(user.addedToOrg) <= 30,
      );
      assert.ok(
        neverRecentlyAdded > 0.02 && neverRecentlyAdded < never,
        'some never-active users were added recently, some long ago',
      );
    });

    test('statuses, account types and admins', () => {
      const suspended = share((user) => user.status === 'suspended');
      const deactivated = share((user) => user.status === 'deactivated');
      assert.ok(suspended > 0.01 && suspended < 0.03, `suspended ${suspended}`);
      assert.ok(deactivated > 0.004 && deactivated < 0.02, `deactivated ${deactivated}`);
      const apps = file.users.filter((user) => user.accountType === 'app');
      assert.ok(
        apps.length / file.users.length > 0.005 && apps.length / file.users.length < 0.015,
        `apps ${apps.length}`,
      );
      assert.ok(
        apps.every(
          (app) =>
            app.email === null && !app.managed && accessGroup !== undefined && app.groups.includes(accessGroup.id),
        ),
      );
      const customers = share((user) => user.accountType === 'customer');
      assert.ok(customers > 0.005 && customers < 0.03, `customers ${customers}`);
      const admins = file.users.filter((user) => user.orgAdmin);
      assert.ok(admins.length >= 2 && admins.length <= 5, `org admins ${admins.length}`);
      assert.ok(admins.every((admin) => admin.status === 'active' && admin.managed));
    });

    test('email domains, managed accounts and groups', () => {
      const domain = (user: SiteFile['users'][number]) => user.email?.split('@')[1];
      const company = `${file.org.name.toLowerCase()}.com`;
      const withDomain = file.users.filter(atlassian);
      const companyShare = withDomain.filter((user) => domain(user) === company).length / withDomain.length;
      assert.ok(companyShare > 0.8 && companyShare < 0.9, `company domain ${companyShare}`);
      assert.equal(new Set(withDomain.map(domain)).size, 3);
      assert.ok(file.users.every((user) => user.managed === (atlassian(user) && domain(user) === company)));
      const names = file.groups.map((group) => group.name);
      for (const name of [
        `confluence-users-${file.org.name.toLowerCase()}`,
        'site-admins',
        'contractors',
        'engineering',
        'marketing',
        'sales',
        'vip',
        'service-accounts',
      ]) {
        assert.ok(names.includes(name), name);
      }
      const jiraOnly = share(
        (user) => atlassian(user) && accessGroup !== undefined && !user.groups.includes(accessGroup.id),
      );
      assert.ok(jiraOnly > 0.03 && jiraOnly < 0.07, `no Confluence access ${jiraOnly}`);
      assert.equal(
        new Set(file.users.map((user) => user.email).filter((email) => email !== null)).size,
        file.users.filter((user) => user.email !== null).length,
        'emails are unique',
      );
      assert.ok(
        file.users.every(
          (user) =>
            user.lastActive === null ||
            user.addedToOrg === null ||
            Date.parse(user.lastActive) >= Date.parse(user.addedToOrg),
        ),
      );
    });
  });

  // How fast is measured by `bench` (it prints `siteMs`), not by a timed test that a busy machine fails.
  test('makes 100,000 users, each with an account id of its own', () => {
    const file = generateSite({ users: 100_000, seed: 1 });
    assert.equal(file.users.length, 100_000);
    assert.equal(new Set(file.users.map((user) => user.accountId)).size, 100_000);
  });
});
