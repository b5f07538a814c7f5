/**
 * The app's settings, kept in storage and edited in the admin page. The org API key is NOT here:
 * it is a Forge secret (see src/adapters/storageKeys.ts) and never leaves the backend.
 */
import { z } from 'zod';
import { billingSettingsSchema, keyExpirySchema } from './billingSettings';

export const SettingsSchema = z
  .object({
    /** Users and groups no scheme may ever act on (on top of org admins and app accounts). */
    exemptions: z
      .object({ users: z.array(z.string()).default([]), groupIds: z.array(z.string()).default([]) })
      .strict()
      .default({ users: [], groupIds: [] }),
    /** Groups that grant Confluence access here; null = detect from the Admin API (role atlassian/user on this site). */
    accessGroupIds: z.array(z.string()).nullable().default(null),
    /** Runs older than this are deleted by the daily housekeeping. */
    retentionDays: z.number().int().min(1).max(3650).default(90),
    defaultTimeZone: z.string().default('UTC'),
    /** Audit log entries older than this are deleted by the daily housekeeping. */
    auditRetentionDays: z.number().int().min(30).max(3650).default(365),
    /** How long a user who clicks "keep my access" in a warning email is exempt from that scheme. */
    keepAccessDays: z.number().int().min(1).max(3650).default(90),
    /** A scheme goes live (made live, enabled while live, run live) only after a test run from the last this many hours. */
    freshTestHours: z.number().int().min(1).max(168).default(24),
    /** Where run reports are emailed from. The provider's API key is a Forge secret, like the org key. */
    email: z
      .object({
        provider: z.enum(['postmark']).nullable().default(null),
        fromAddress: z.string().email().nullable().default(null),
        messageStream: z.string().default('outbound'),
      })
      .strict()
      .default({ provider: null, fromAddress: null, messageStream: 'outbound' }),
    /** The seat count to stay under (e.g. a pricing tier); null = none. */
    seatTarget: z.number().int().min(1).nullable().default(null),
    /** When a daily snapshot finds this many seats or more (after being below), the admins below get an email. */
    seatWarningThreshold: z.number().int().min(1).nullable().default(null),
    /** Account ids of the admins who get the seat warning. */
    seatAlertRecipients: z.array(z.string()).default([]),
    /** How Atlassian bills the site (src/domain/billing.ts); null = not set (no saving is computed). */
    billing: billingSettingsSchema().nullable().default(null),
    /**
     * The day the org API key expires ("YYYY-MM-DD", shown by admin.atlassian.com when the key is created): the seat
     * alert recipients are warned 14 and 3 days before, and runs stop after it. null = not given.
     */
    apiKeyExpiresOn: keyExpirySchema().nullable().default(null),
  })
  .strict();

export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
