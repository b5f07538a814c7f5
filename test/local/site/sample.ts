/**
 * A small hand-made site with one user in each situation the app has to handle, for tests and demos.
 * Its "now" is 2026-11-25T00:00:00Z; activity dates are relative to it.
 */
import type { SiteFile } from './siteFile';

export const SAMPLE = {
  orgId: 'org-1',
  cloudId: 'cloud-1',
  siteUrl: 'https://acme.atlassian.net',
  now: '2026-11-25T00:00:00Z',
  groups: {
    access: 'g-access',
    siteAdmins: 'g-site-admins',
    contractors: 'g-contractors',
    engineering: 'g-engineering',
    jira: 'g-jira',
  },
  users: {
    /** Active, managed, used Confluence last week. */
    ada: 'u-ada',
    /** Active, managed, last active 200 days ago. */
    bob: 'u-bob',
    /** Suspended, managed. */
    cy: 'u-cy',
    /** Deactivated, managed. */
    dee: 'u-dee',
    /** Active, unmanaged (gmail), contractor, never active. */
    eve: 'u-eve',
    /** Org admin, also in site-admins. */
    admin: 'u-admin',
    /** Scheduled for deletion on 2026-11-20 (gone on 2026-12-04). */
    pending: 'u-pending',
    /** Active, managed, only in the Jira group: no Confluence seat. */
    jira: 'u-jira',
    /** An app account in the access group. */
    app: 'app-1',
    /** A service desk customer. */
    customer: 'cust-1',
  },
} as const;

export function sampleSiteFile(): SiteFile {
  const { groups: g, users: u } = SAMPLE;
  return {
    now: SAMPLE.now,
    org: { id: SAMPLE.orgId, name: 'Acme' },
    site: { cloudId: SAMPLE.cloudId, url: SAMPLE.siteUrl },
    groups: [
      {
        id: g.access,
        name: 'confluence-users-acme',
        grantsConfluenceAccess: true,
        description: 'Grants Confluence access',
      },
      { id: g.siteAdmins, name: 'site-admins', grantsSiteAdmin: true },
      { id: g.contractors, name: 'contractors' },
      { id: g.engineering, name: 'engineering' },
      { id: g.jira, name: 'jira-users-acme' },
    ],
    users: [
      user(u.ada, 'Ada Lovelace', 'ada@acme.com', {
        groups: [g.access, g.engineering],
        addedToOrg: '2024-03-01',
        lastActive: '2026-11-18T09:30:00Z',
      }),
      user(u.bob, 'Bob Babbage', 'bob@acme.com', {
        groups: [g.access],
        addedToOrg: '2023-01-15',
        lastActive: '2026-05-09',
      }),
      user(u.cy, 'Cy Shannon', 'cy@acme.com', {
        status: 'suspended',
        groups: [g.access],
        addedToOrg: '2022-06-01',
        lastActive: '2025-12-01',
      }),
      user(u.dee, 'Dee Ritchie', 'dee@acme.com', {
        status: 'deactivated',
        groups: [g.access],
        addedToOrg: '2021-02-02',
        lastActive: '2025-01-10',
      }),
      user(u.eve, 'Eve Hopper', 'eve.hopper@gmail.com', {
        managed: false,
        groups: [g.access, g.contractors],
        addedToOrg: '2026-11-01',
        lastActive: null,
      }),
      user(u.admin, 'Alan Admin', 'alan@acme.com', {
        orgAdmin: true,
        groups: [g.access, g.siteAdmins],
        addedToOrg: '2020-01-01',
        lastActive: '2026-11-24T16:00:00Z',
      }),
      user(u.pending, 'Pat Pending', 'pat@acme.com', {
        status: 'deactivated',
        groups: [g.access],
        addedToOrg: '2022-01-01',
        lastActive: '2025-08-01',
        deletionScheduledAt: '2026-11-20T00:00:00Z',
      }),
      user(u.jira, 'Jo Jira', 'jo@acme.com', { groups: [g.jira], addedToOrg: '2024-05-05', lastActive: '2026-11-20' }),
      {
        accountId: u.app,
        name: 'Jira Automation',
        email: null,
        accountType: 'app',
        managed: false,
        status: 'active',
        orgAdmin: false,
        groups: [g.access],
        addedToOrg: '2023-03-03',
        lastActive: null,
      },
      {
        accountId: u.customer,
        name: 'Carla Customer',
        email: 'carla@example.org',
        accountType: 'customer',
        managed: false,
        status: 'active',
        orgAdmin: false,
        groups: [],
        addedToOrg: null,
        lastActive: null,
      },
    ],
  };
}

type UserOverrides = Partial<SiteFile['users'][number]> &
  Pick<SiteFile['users'][number], 'groups' | 'addedToOrg' | 'lastActive'>;

function user(accountId: string, name: string, email: string, overrides: UserOverrides): SiteFile['users'][number] {
  return {
    accountId,
    name,
    email,
    accountType: 'atlassian',
    managed: true,
    status: 'active',
    orgAdmin: false,
    ...overrides,
  };
}
