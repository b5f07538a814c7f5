/**
 * Generates a realistic site file for a seed: the same seed gives the same site.
 *
 * The mix (shares of all users, give or take sampling noise):
 * - ~1% app accounts (no email, in the access group and `service-accounts`, never "active"),
 *   ~1.5% customers (no groups), the rest Atlassian accounts;
 * - of Atlassian accounts: ~2% suspended, ~1% deactivated (their last activity is old), and activity
 *   ~65.5% within 30 days, ~15.5% 30–180 days ago, ~10.5% over 180 days ago, ~8.5% never (half of those
 *   added in the last 30 days, half long ago);
 * - emails: ~85% the company domain (managed accounts), ~8% a contractor domain (in `contractors`),
 *   ~7% gmail.com;
 * - ~5% of Atlassian accounts are only in `jira-users-<org>` (no Confluence seat); a few org admins
 *   (also in `site-admins`); department groups engineering, marketing, sales; a small `vip` group.
 * What a real org has besides (drawn from a second seeded sequence, so the mix above stays as it was per seed):
 * - `site.activityLagHours` 24 (the Admin API's "may be delayed by up to 24 hours");
 * - two groups synced from an identity provider: `sso-confluence-<org>` grants Confluence access and holds ~3% of
 *   Atlassian accounts (half of them also in the access group), `all-staff` (no product) ~20%;
 * - direct `atlassian/user` roles on Confluence (`directAccess`): ~4% of those in the access group (both), and
 *   ~40% of the Jira-only accounts (a seat through the role alone): ~6% of seats in all;
 * - `activity` elsewhere: ~2/3 of the Jira group's members use Jira on this site (~30% of users; mostly as recently
 *   as Confluence, some in Jira only lately), ~5% use Confluence or Jira on another site of the org.
 */
import { Random } from '../random';
import type { SiteFile, SiteGroup, SiteUser } from './siteFile';

export interface GenerateOptions {
  users: number;
  seed: number;
  /** The file's "now"; activity dates are relative to it. Default 2026-11-25T00:00:00Z. */
  now?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const ORGS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark'] as const;
const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Dennis',
  'Frances',
  'John',
  'Radia',
  'Tim',
  'Katherine',
  'Edsger',
  'Hedy',
  'Donald',
  'Sophie',
  'Niklaus',
  'Mary',
  'Bjarne',
  'Anita',
  'Guido',
  'Carol',
  'James',
  'Joan',
  'Yukihiro',
  'Lynn',
  'Brian',
  'Adele',
  'Rob',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Allen',
  'McCarthy',
  'Perlman',
  'Berners-Lee',
  'Johnson',
  'Dijkstra',
  'Lamarr',
  'Knuth',
  'Wilson',
  'Wirth',
  'Keller',
  'Stroustrup',
  'Borg',
  'van Rossum',
  'Shaw',
  'Gosling',
  'Clarke',
  'Matsumoto',
  'Conway',
  'Kernighan',
  'Goldberg',
  'Pike',
];
const APPS = [
  'Jira Automation',
  'Slack for Confluence',
  'Draw.io',
  'Gliffy',
  'Comala Workflows',
  'Scroll Exporter',
  'Microsoft Teams',
  'Zapier',
  'Miro',
  'Lucidchart',
];

type Activity = 'recent' | 'mid' | 'old' | 'never';

export function generateSite(options: GenerateOptions): SiteFile {
  if (!Number.isInteger(options.users) || options.users < 0)
    throw new Error(`generateSite: users must be a whole number, got ${options.users}.`);
  const random = new Random(options.seed);
  const nowText = options.now ?? '2026-11-25T00:00:00Z';
  const now = Date.parse(nowText);
  if (Number.isNaN(now)) throw new Error(`generateSite: now '${nowText}' is not an ISO date-time.`);

  const orgName = ORGS[random.int(ORGS.length)] as string;
  const slug = orgName.toLowerCase();
  const companyDomain = `${slug}.com`;
  const contractorDomain = `${slug}-contractors.io`;
  const hex = (length: number) => {
    let out = '';
    while (out.length < length)
      out += Math.floor(random.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + random.int(4)).toString(16)}${hex(3)}-${hex(12)}`;

  const group = (name: string, extra: Partial<SiteGroup> = {}): SiteGroup => ({ id: uuid(), name, ...extra });
  const groups = {
    access: group(`confluence-users-${slug}`, {
      grantsConfluenceAccess: true,
      description: 'Grants Confluence access',
    }),
    jira: group(`jira-users-${slug}`, { description: 'Grants Jira access' }),
    admins: group('site-admins', { grantsSiteAdmin: true, description: 'Site administrators' }),
    contractors: group('contractors'),
    engineering: group('engineering'),
    marketing: group('marketing'),
    sales: group('sales'),
    vip: group('vip', { description: 'Never deactivate' }),
    service: group('service-accounts'),
  };

  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const second = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const daysAgo = (from: number, to: number) => now - (from + random.next() * (to - from)) * DAY_MS;
  const emailCounts = new Map<string, number>();
  const emailFor = (first: string, last: string, domain: string) => {
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    const count = (emailCounts.get(`${local}@${domain}`) ?? 0) + 1;
    emailCounts.set(`${local}@${domain}`, count);
    return `${local}${count > 1 ? count : ''}@${domain}`;
  };

  const users: SiteUser[] = [];
  let orgAdmins = 0;
  const wantedOrgAdmins = Math.min(5, Math.max(2, Math.round(options.users / 2000)));
  for (let index = 0; index < options.users; index += 1) {
    const accountId = `712020:${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${index.toString(16).padStart(12, '0')}`;
    const kind = random.next();
    if (kind < 0.01) {
      const name = `${APPS[random.int(APPS.length)] as string}${index % 3 === 0 ? '' : ` (${index})`}`;
      users.push({
        accountId,
        name,
        email: null,
        accountType: 'app',
        managed: false,
        status: 'active',
        orgAdmin: false,
        groups: [groups.access.id, groups.service.id],
        addedToOrg: day(daysAgo(30, 1500)),
        lastActive: null,
      });
      continue;
    }
    const first = FIRST[random.int(FIRST.length)] as string;
    const last = LAST[random.int(LAST.length)] as string;
    if (kind < 0.025) {
      users.push({
        accountId,
        name: `${first} ${last}`,
        email: emailFor(first, last, 'gmail.com'),
        accountType: 'customer',
        managed: false,
        status: 'active',
        orgAdmin: false,
        groups: [],
        addedToOrg: null,
        lastActive: null,
      });
      continue;
    }

    const domainDraw = random.next();
    const domain = domainDraw < 0.85 ? companyDomain : domainDraw < 0.93 ? contractorDomain : 'gmail.com';
    const statusDraw = random.next();
    const status = statusDraw < 0.02 ? 'suspended' : statusDraw < 0.03 ? 'deactivated' : 'active';
    const activityDraw = random.next();
    let activity: Activity =
      activityDraw < 0.655 ? 'recent' : activityDraw < 0.81 ? 'mid' : activityDraw < 0.915 ? 'old' : 'never';
    if (status !== 'active' && activity === 'recent') activity = random.chance(0.5) ? 'mid' : 'old';

    let addedToOrg: number;
    let lastActive: number | null;
    switch (activity) {
      case 'recent':
        addedToOrg = daysAgo(31, 2500);
        lastActive = daysAgo(0, 30);
        break;
      case 'mid':
        addedToOrg = daysAgo(181, 2500);
        lastActive = daysAgo(30.5, 180);
        break;
      case 'old':
        addedToOrg = daysAgo(400, 2500);
        lastActive = daysAgo(180.5, 400);
        break;
      case 'never':
        addedToOrg = random.chance(0.5) ? daysAgo(0, 30) : daysAgo(60, 2500);
        lastActive = null;
        break;
    }

    // ~5% use only Jira (no Confluence seat); ~40% of the others use both.
    const memberOf: string[] = random.chance(0.05)
      ? [groups.jira.id]
      : random.chance(0.4)
        ? [groups.access.id, groups.jira.id]
        : [groups.access.id];
    if (domain === contractorDomain) memberOf.push(groups.contractors.id);
    const department = random.next();
    if (department < 0.35) memberOf.push(groups.engineering.id);
    else if (department < 0.45) memberOf.push(groups.marketing.id);
    else if (department < 0.6) memberOf.push(groups.sales.id);
    if (random.chance(0.01)) memberOf.push(groups.vip.id);

    const managed = domain === companyDomain;
    const orgAdmin = managed && status === 'active' && activity === 'recent' && orgAdmins < wantedOrgAdmins;
    if (orgAdmin) {
      orgAdmins += 1;
      memberOf.push(groups.admins.id);
    }

    users.push({
      accountId,
      name: `${first} ${last}`,
      email: emailFor(first, last, domain),
      accountType: 'atlassian',
      managed,
      status,
      orgAdmin,
      groups: [...new Set(memberOf)],
      addedToOrg: day(addedToOrg),
      lastActive: lastActive === null ? null : second(Math.max(lastActive, addedToOrg)),
    });
  }

  const org = { id: uuid(), name: orgName };
  const site = { cloudId: uuid(), url: `https://${slug}.atlassian.net`, activityLagHours: 24 };
  const extraGroups = addRealOrg(users, groups, site.cloudId, now, options.seed);
  return { now: nowText, org, site, groups: [...Object.values(groups), ...extraGroups], users };
}

/**
 * Direct roles, synced groups and activity on other products and sites, from their own seeded sequence: the users
 * drawn above keep their groups, status and dates for a seed whatever is added here.
 */
function addRealOrg(
  users: SiteUser[],
  groups: { access: SiteGroup; jira: SiteGroup },
  cloudId: string,
  now: number,
  seed: number,
): SiteGroup[] {
  const random = new Random((seed * 2654435761 + 0x5eed) >>> 0);
  const id = () =>
    `${Math.floor(random.next() * 0x100000000)
      .toString(16)
      .padStart(8, '0')}-sync-4000-8000-${Math.floor(random.next() * 0x1000000000000)
      .toString(16)
      .padStart(12, '0')}`;
  const sso: SiteGroup = {
    id: id(),
    name: `sso-${groups.access.name}`,
    grantsConfluenceAccess: true,
    synced: true,
    description: 'Synced from the identity provider',
  };
  const staff: SiteGroup = {
    id: id(),
    name: 'all-staff',
    synced: true,
    description: 'Synced from the identity provider',
  };
  const otherSite = `${cloudId.slice(0, 8)}-0000-4000-8000-000000000002`;
  const at = (ms: number) => `${new Date(Math.min(ms, now)).toISOString().slice(0, 19)}Z`;
  for (const user of users) {
    if (user.accountType !== 'atlassian') continue;
    const inAccess = user.groups.includes(groups.access.id);
    const inJira = user.groups.includes(groups.jira.id);
    if (random.chance(0.2)) user.groups.push(staff.id);
    if (random.chance(0.03)) {
      user.groups.push(sso.id);
      if (inAccess && random.chance(0.5)) user.groups.splice(user.groups.indexOf(groups.access.id), 1);
    }
    if (inAccess ? random.chance(0.04) : inJira && random.chance(0.4)) user.directAccess = true;
    const activity: NonNullable<SiteUser['activity']> = [];
    if (inJira && random.chance(2 / 3)) {
      const confluence = user.lastActive === null ? null : Date.parse(user.lastActive);
      // Mostly used alongside Confluence; one in five uses Jira lately while Confluence lies idle.
      const lately = random.chance(0.2);
      const last =
        lately || confluence === null ? now - random.next() * 20 * DAY_MS : confluence - random.next() * 10 * DAY_MS;
      activity.push({ product: 'jira-software', site: cloudId, lastActive: random.chance(0.05) ? null : at(last) });
    }
    if (random.chance(0.05)) {
      activity.push({
        product: random.chance(0.5) ? 'confluence' : 'jira-software',
        site: otherSite,
        lastActive: at(now - random.next() * 200 * DAY_MS),
      });
    }
    if (activity.length > 0) user.activity = activity;
  }
  return [sso, staff];
}
