/**
 * Settings and the site: the org API key, retention, the seat target, billing, the page URL, the connection test,
 * the report email provider, exemptions, and the site's groups and users by name.
 */
import { z } from 'zod';
import { billingSettingsSchema, keyExpirySchema } from '../engine/billingSettings';
import type { Settings } from '../engine/settings';
import { isPageUrl } from '../domain/pageUrl';
import { LIMITS } from '../domain/scheme/rules';
import { accountId, groupId, pickedAccountId } from './ids';
import { RESOLVERS } from './resolvers';

/** Why a number of seats has a ceiling, in the sentence the page shows beside the field. */
const SEATS_REASON = `At most ${LIMITS.maxUsers.toLocaleString('en-US')} seats: that is Confluence Cloud's largest licence tier, so a bigger number is a typo.`;

/**
 * The admin page's URL from `router.getUrl` (Forge gives no other way to learn it): an https URL, or plain http on
 * this machine for the local preview. Emailed as a link, so anything else (javascript:, a typo) is refused.
 */
export const PAGE_URL_MAX_LENGTH = 2000;
const pageUrl = /* @__PURE__ */ (() =>
  z
    .string()
    .max(PAGE_URL_MAX_LENGTH, `The page URL is longer than ${PAGE_URL_MAX_LENGTH} characters.`)
    .refine(
      isPageUrl,
      'The page URL must be an https URL (or http://localhost or http://127.0.0.1 for the preview).',
    ))();

/** Settings, site lookups, exemptions and report email payloads. */
export const settingsPayloads = /* @__PURE__ */ (() => ({
  [RESOLVERS.settingsGet]: z.object({}).strict(),
  [RESOLVERS.settingsSave]: z
    .object({
      apiKey: z.string().trim().min(20, 'An organization API key is a long token; this one is too short.').optional(),
      exemptions: z
        .object({ users: z.array(pickedAccountId()).max(500), groupIds: z.array(groupId()).max(200) })
        .strict()
        .optional(),
      accessGroupIds: z.array(groupId()).max(200).nullable().optional(),
      retentionDays: z
        .number({ error: 'Enter a number of days.' })
        .int('Enter a whole number of days.')
        .min(1, 'Keep runs at least 1 day.')
        .max(3650, 'Keep runs at most 3650 days (10 years).')
        .optional(),
      defaultTimeZone: z.string().max(100, 'A time zone name has at most 100 characters.').optional(),
      auditRetentionDays: z
        .number({ error: 'Enter a number of days.' })
        .int('Enter a whole number of days.')
        .min(30, 'Keep the audit log at least 30 days.')
        .max(3650, 'Keep the audit log at most 3650 days (10 years).')
        .optional(),
      keepAccessDays: z
        .number({ error: 'Enter a number of days.' })
        .int('Enter a whole number of days.')
        .min(1, 'Exempt a user who keeps access for at least 1 day.')
        .max(3650, 'Exempt a user who keeps access for at most 3650 days (10 years).')
        .optional(),
      // The seat target and its warning (src/engine/snapshot.ts); null clears them.
      seatTarget: z
        .number({ error: 'Enter a number of seats.' })
        .int('Enter a whole number of seats.')
        .min(1, 'The seat target is at least 1.')
        .max(LIMITS.maxUsers, SEATS_REASON)
        .nullable()
        .optional(),
      seatWarningThreshold: z
        .number({ error: 'Enter a number of seats.' })
        .int('Enter a whole number of seats.')
        .min(1, 'The warning threshold is at least 1 seat.')
        .max(LIMITS.maxUsers, SEATS_REASON)
        .nullable()
        .optional(),
      seatAlertRecipients: z.array(pickedAccountId()).max(50, 'Name at most 50 admins to alert.').optional(),
      freshTestHours: z
        .number({ error: 'Enter a number of hours.' })
        .int('Enter a whole number of hours.')
        .min(1, 'A test run must be at least 1 hour fresh.')
        .max(168, 'A test run older than 168 hours (a week) says little about who is inactive now.')
        .optional(),
      // How Atlassian bills the site (issue 18); null clears it.
      billing: billingSettingsSchema().nullable().optional(),
      // The org API key's expiry date, as admin.atlassian.com showed it; null clears it.
      apiKeyExpiresOn: keyExpirySchema().nullable().optional(),
    })
    .strict(),
  [RESOLVERS.pageUrlSave]: z.object({ url: pageUrl }).strict(),
  [RESOLVERS.connectionTest]: z.object({}).strict(),
  [RESOLVERS.groupsList]: z.object({}).strict(),
  [RESOLVERS.usersNames]: z
    .object({ accountIds: z.array(accountId()).max(500, 'Ask for at most 500 users at a time.') })
    .strict(),
  [RESOLVERS.exemptionsGet]: z.object({}).strict(),
  [RESOLVERS.exemptionsSave]: z
    .object({ users: z.array(pickedAccountId()).max(500), groupIds: z.array(groupId()).max(200) })
    .strict(),
  [RESOLVERS.emailGet]: z.object({}).strict(),
  [RESOLVERS.emailSave]: z
    .object({
      provider: z.enum(['postmark']).nullable(),
      fromAddress: z.string().trim().email('Enter the from-address as name@example.com.').nullable(),
      messageStream: z
        .string()
        .trim()
        .min(1, 'Enter a message stream (Postmark\'s default is "outbound").')
        .max(100)
        .optional(),
      apiKey: z
        .string()
        .trim()
        .min(10, 'An email provider API key is a long token; this one is too short.')
        .max(200)
        .optional(),
    })
    .strict(),
  [RESOLVERS.emailSendTest]: z
    .object({ to: z.string().trim().email('Enter the address to send the test email to as name@example.com.') })
    .strict(),
}))();

export interface GroupOption {
  id: string;
  name: string;
}

export interface GroupsAnswer {
  groups: GroupOption[];
  /** Groups detected as granting Confluence access on this site (role atlassian/user). */
  detectedAccessGroupIds: string[];
}

/** A user of the site by account id; ids the site does not know are left out. */
export interface UserName {
  accountId: string;
  name: string;
  email: string | null;
}

export interface UsersNamesAnswer {
  users: UserName[];
}

export interface SettingsAnswer {
  settings: Settings;
  apiKey: { saved: boolean; masked: string | null };
  /** The page's banner about the org API key's expiry (from 14 days before it), or null (issue 18). */
  keyExpiry?: { expired: boolean; message: string } | null;
}

/** `saved`: false when the URL was already the stored one (nothing written). */
export interface PageUrlAnswer {
  saved: boolean;
}

export interface ConnectionAnswer {
  organization: { id: string; name: string };
  accessGroups: GroupOption[];
  canDo: string[];
}

export interface ExemptionsAnswer {
  users: string[];
  groupIds: string[];
  /** Categories no scheme may touch whatever the settings say. */
  alwaysProtected: string[];
}

// ---- Report email (src/handlers/resolvers/email.ts) ----

export interface EmailSettingsAnswer {
  provider: 'postmark' | null;
  fromAddress: string | null;
  messageStream: string;
  apiKey: { saved: boolean; masked: string | null };
  /** Why no report email can go out with these settings; null when they are complete. */
  unavailable: string | null;
}

/** A test send: what the provider said, or exactly what is wrong. */
export interface EmailTestAnswer {
  sent: boolean;
  to: string;
  message: string;
  messageId: string | null;
  /** The provider's error code when it refused (e.g. `postmark-400`). */
  code: string | null;
}
