/**
 * A user of the organization as the app sees them: one row of the Admin API's directory user search
 * (expanded with productAccess, groups and platformRoles), reduced to what schemes decide on.
 * Adapters build it; the domain never sees raw API shapes.
 */
export type AccountType = 'atlassian' | 'app' | 'customer';
export type UserStatus = 'active' | 'suspended' | 'deactivated';

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
}

/** A group of the org directory. */
export interface DirectoryGroup {
  id: string;
  name: string;
}
