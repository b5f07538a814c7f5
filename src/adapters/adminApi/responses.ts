/**
 * The Admin API's answers as zod schemas: only the fields the app depends on; unknown fields are dropped, not
 * refused, so a field Atlassian adds never breaks a run, while a field the app reads in a shape it does not expect
 * fails at the call (an ApiError naming the call), not deep inside the mapping.
 */
import { z } from 'zod';

const timestamp = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time')
  .transform((value) => new Date(value).toISOString());

export const orgSchema = z.object({ id: z.string(), attributes: z.object({ name: z.string().nullish() }).nullish() });
export const orgListSchema = z.object({ data: z.array(orgSchema).nullish() });
export const orgByIdSchema = z.object({ data: orgSchema });

const cursorLinks = z.object({ next: z.string().nullish() }).nullish();

export const directoryUserSchema = z.object({
  accountId: z.string(),
  accountType: z.string().nullish(),
  accountStatus: z.string().nullish(),
  membershipStatus: z.string().nullish(),
  status: z.string().nullish(),
  claimStatus: z.string().nullish(),
  name: z.string().nullish(),
  nickname: z.string().nullish(),
  email: z.string().nullish(),
  addedToOrg: timestamp.nullish(),
  platformRoles: z.array(z.string()).nullish(),
  groups: z.array(z.object({ id: z.string().nullish() })).nullish(),
  productAccess: z
    .array(z.object({ id: z.string().nullish(), key: z.string().nullish(), lastActiveTimestamp: timestamp.nullish() }))
    .nullish(),
});
export type RawDirectoryUser = z.output<typeof directoryUserSchema>;

export const userSearchPageSchema = z.object({ data: z.array(directoryUserSchema), links: cursorLinks });

export const lastActivePageSchema = z.object({
  data: z
    .object({
      added_to_org: z.string().nullish(),
      added_to_org_timestamp: timestamp.nullish(),
      product_access: z.array(
        z.object({
          id: z.string(),
          key: z.string(),
          last_active: z.string().nullish(),
          last_active_timestamp: timestamp.nullish(),
        }),
      ),
    })
    .nullish(),
  links: cursorLinks,
});

export const directoriesPageSchema = z.object({
  data: z.array(z.object({ directoryId: z.string() })).nullish(),
  links: cursorLinks,
});

export const groupSearchPageSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullish(),
      directoryId: z.string().nullish(),
      externalSynced: z.boolean().nullish(),
      managedBy: z.string().nullish(),
    }),
  ),
  links: cursorLinks,
});

export const userRoleAssignmentsSchema = z.object({
  data: z
    .array(
      z.object({
        resourceId: z.string().nullish(),
        roles: z.array(z.string()).nullish(),
        roleAssignments: z
          .array(z.object({ role: z.string().nullish(), roleAssignmentMethods: z.array(z.string()).nullish() }))
          .nullish(),
      }),
    )
    .nullish(),
  links: cursorLinks,
});
