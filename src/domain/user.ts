/**
 * A user of the organization as the app sees them: one row of the Admin API's directory user search
 * (expanded with productAccess, groups and platformRoles), reduced to what schemes decide on.
 * Adapters build it; the domain never sees raw API shapes.
 */
export type AccountType = 'atlassian' | 'app' | 'customer';
export type UserStatus = 'active' | 'suspended' | 'deactivated';

/** A product or site of the org the user holds besides this site's Confluence, with their last activity there. */
export interface OtherAccess {
  /** The Admin API's product key: `jira-software`, `confluence`, `jira-service-desk`, ... */
  product: string;
  /** The site's cloud id. */
  site: string;
  /** This site (another product on it) rather than another site of the org. */
  thisSite: boolean;
  /** ISO time, null when never active there (or not yet visible). */
  lastActive: string | null;
}

export interface DirectoryUser {
  accountId: string;
  name: string;
  /** null when the API does not reveal it (unmanaged accounts with a private email). */
  email: string | null;
  accountType: AccountType;
  status: UserStatus;
  /** A managed account: its email domain is verified by the org, so the lifecycle API may deactivate or delete it. */
  managed: boolean;
  orgAdmin: boolean;
  /** Ids of the org groups the user belongs to. */
  groupIds: string[];
  /** ISO time the user was first added to the org, null if unknown. */
  addedToOrg: string | null;
  /** ISO time of the user's last Confluence activity on this site; null means never. */
  lastActive: string | null;
  /**
   * The directory shows the user holding Confluence on this site (a `productAccess` entry): through an access group
   * or a direct role. Absent when unknown (older records). See src/domain/org.ts for what makes a seat.
   */
  siteAccess?: boolean;
  /**
   * A direct `atlassian/user` role on this site's Confluence, as the user's role assignments say; absent when they
   * were not read (then org.ts infers it from `siteAccess` without an access group).
   */
  directRole?: boolean;
  /** Other products and sites of the org the user holds, with their last activity there (src/domain/org.ts). */
  otherAccess?: OtherAccess[];
  /** Holds `atlassian/site-admin` on this site (directly or through a group), as the directory's platform roles say. */
  siteAdmin?: boolean;
}

/** A group of the org directory. */
export interface DirectoryGroup {
  id: string;
  name: string;
  /** Synced from an identity provider (`externalSynced` / `managedBy: external`): its members are not the app's to change. */
  synced?: boolean;
}
