/**
 * Small hand-written sites for the run engine's integration tests: every user's fate is known in advance,
 * so a test can name exactly who must be acted on, who is exempt and who is left alone. Below them, what those
 * tests do alike with a local site: open and close it, set up email, crash after an email, read the audit.
 */
import type { SiteFile, SiteUser } from '../local/site';
import { SITE_OPERATIONS, generateSite } from '../local/site';
import type { SimulatedSite } from '../local/site';
import { LocalSite, type LocalSiteOptions } from '../local/localSite';
import { LOCAL_POSTMARK_TOKEN } from '../local/mail';
import type { AuditEntry } from '../../src/domain/audit';

export const NOW = '2026-06-01T00:00:00Z';
/**
 * Every site of this file uses one org: the app remembers the org of an API key for the life of the process
 * (src/adapters/engineDeps.ts), and every local site answers to the same default key.
 */
export const ORG = { id: 'org-1', name: 'Acme' };
export const ACCESS_GROUP = 'g-confluence';
export const JIRA_GROUP = 'g-jira';
export const SITE_ADMINS_GROUP = 'g-site-admins';

/** Long inactive (before the 90-day window), and recently active. */
const OLD = '2026-01-01';
const RECENT = '2026-05-30';

export const ADMIN = 'acc-admin';
export const SCHEME_EXEMPT = 'acc-exempt';
export const UNMANAGED = 'acc-unmanaged';
export const ACTIVE = ['acc-active-1', 'acc-active-2'];
/** Inactive managed users with a seat: the ones a 90-day scheme acts on. */
export const INACTIVE = ['acc-inactive-1', 'acc-inactive-2', 'acc-inactive-3', 'acc-inactive-4'];

function user(accountId: string, overrides: Partial<SiteUser> = {}): SiteUser {
  return {
    accountId,
    name: accountId.replace('acc-', 'User '),
    email: `${accountId}@acme.com`,
    accountType: 'atlassian',
    managed: true,
    status: 'active',
    orgAdmin: false,
    groups: [ACCESS_GROUP, JIRA_GROUP],
    addedToOrg: '2024-01-01',
    lastActive: OLD,
    ...overrides,
  };
}

/**
 * The org admin (inactive too, so the filter matches and the protection shows), a user the scheme exempts,
 * an unmanaged inactive user, two active users and four inactive managed users.
 */
export function smallSite(): SiteFile {
  return {
    now: NOW,
    org: ORG,
    site: { cloudId: 'cloud-1', url: 'https://acme.atlassian.net' },
    groups: [
      { id: ACCESS_GROUP, name: 'confluence-users', grantsConfluenceAccess: true },
      { id: JIRA_GROUP, name: 'jira-users' },
      // The app recognises site admins by Confluence's site-admin groups only (not by the org-admin role).
      { id: SITE_ADMINS_GROUP, name: 'site-admins', grantsSiteAdmin: true },
    ],
    users: [
      user(ADMIN, { orgAdmin: true, groups: [ACCESS_GROUP, JIRA_GROUP, SITE_ADMINS_GROUP] }),
      user(SCHEME_EXEMPT),
      user(UNMANAGED, { managed: false }),
      ...ACTIVE.map((id) => user(id, { lastActive: RECENT })),
      ...INACTIVE.map((id) => user(id)),
    ],
  };
}

/** A generated site (see test/local/site/generate.ts) moved into ORG. */
export function generatedSite(users: number, seed: number): SiteFile {
  return { ...generateSite({ users, seed }), org: ORG };
}

const WRITE_OPERATIONS = new Set(SITE_OPERATIONS.filter((op) => op.write).map((op) => op.operation));

/** Requests that could change the site, whatever they answered. */
export function writeRequests(site: SimulatedSite, fromIndex = 0): Array<SimulatedSite['requestLog'][number]> {
  return site.requestLog.slice(fromIndex).filter((entry) => WRITE_OPERATIONS.has(entry.operation));
}

/** The users' groups, direct role and status, by account: what the run changes and what two runs must agree on. */
export function userStates(file: SiteFile): Record<string, { status: string; groups: string[]; directAccess?: true }> {
  return Object.fromEntries(
    file.users.map((u) => [
      u.accountId,
      { status: u.status, groups: [...u.groups].sort(), ...(u.directAccess ? { directAccess: true as const } : {}) },
    ]),
  );
}

/** Inactive exactly 90 × 24 h at the site's `now`, and one second short of it. */
export const EDGE_AT = 'zz-edge-at-90-days';
export const EDGE_UNDER = 'zz-edge-1s-under-90-days';

/**
 * Adds two users at the edge of a 90-day inactivity filter, sorted last (the scan's last page): one inactive exactly
 * 90 days at the site's `now` (matched), one a second short of it (not matched by a run started at `now`, however
 * long the run takes).
 */
export function withEdgeUsers(file: SiteFile): SiteFile {
  const access = file.groups.find((group) => group.grantsConfluenceAccess);
  if (!access) throw new Error('the site has no access group');
  const at = Date.parse(file.now) - 90 * 24 * 3600 * 1000;
  const edge = (accountId: string, lastActive: number): SiteUser => ({
    accountId,
    name: accountId,
    email: `${accountId}@edge.example`,
    accountType: 'atlassian',
    managed: true,
    status: 'active',
    orgAdmin: false,
    groups: [access.id],
    addedToOrg: '2024-01-01',
    lastActive: new Date(lastActive).toISOString(),
  });
  return { ...file, users: [...file.users, edge(EDGE_AT, at), edge(EDGE_UNDER, at + 1000)] };
}

/** A local site for one test, closed after it whatever happens. */
export async function withSite<T>(opts: LocalSiteOptions, body: (local: LocalSite) => Promise<T>): Promise<T> {
  const local = new LocalSite(opts);
  try {
    return await body(local);
  } finally {
    local.close();
  }
}

/** Reports and user emails go through the local Postmark, as an admin saves it in Settings → Email. */
export async function withEmail(local: LocalSite): Promise<void> {
  await local.call('email/save', {
    provider: 'postmark',
    fromAddress: 'wiki-admin@acme.com',
    apiKey: LOCAL_POSTMARK_TOKEN,
  });
}

/** Warn 14 days ahead, then remove access: the scheme of the "keep my access" flow. */
export const WARN_THEN_REMOVE = {
  name: 'Warn then remove',
  filter: { inactiveDays: 90 },
  actions: [{ type: 'notify', graceDays: 14 }, { type: 'removeAccess' }],
};

/** Remove access and email each removed user a "restore my access" link. */
export const REMOVE_OFFERING_RESTORE = {
  name: 'Free seats, offer a way back',
  filter: { inactiveDays: 90 },
  actions: [{ type: 'removeAccess', offerRestore: true }],
};

/**
 * Kills a run worker's invocation once, right after its first request to Postmark: a crash between an email and
 * its record. `killed()` says how many times it struck (1 once an email went).
 */
export function killOnceAfterFirstPostmarkRequest(): {
  killWhen: NonNullable<LocalSiteOptions['killWhen']>;
  killed: () => number;
} {
  let killed = 0;
  return {
    killWhen: (info) => {
      if (
        info.functionKey !== 'run-worker' ||
        killed > 0 ||
        !info.lastCall?.startsWith('egress https://api.postmarkapp.com')
      )
        return false;
      killed += 1;
      return true;
    },
    killed: () => killed,
  };
}

/** The audit log's newest 100 entries, narrowed by the audit/list payload (kind, subject, actor, ...). */
export async function auditEntries(local: LocalSite, payload: Record<string, unknown> = {}): Promise<AuditEntry[]> {
  return (await local.call<{ entries: AuditEntry[] }>('audit/list', { limit: 100, ...payload })).entries;
}

/** The user.action audit entries, every page, as "subject action result", sorted; of one run when `runId` is given. */
export async function userActionLines(local: LocalSite, runId?: string): Promise<string[]> {
  const lines: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await local.call<{ entries: AuditEntry[]; nextCursor: string | null }>('audit/list', {
      kind: 'user.action',
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const entry of page.entries)
      if (runId === undefined || entry.details.runId === runId)
        lines.push(`${entry.subject} ${String(entry.details.action)} ${String(entry.details.result)}`);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lines.sort();
}
