/** Custom user fields: define them, set a user's values, and import or export them as CSV. */
import { z } from 'zod';
import { accountId, appId, cursor } from './ids';
import { RESOLVERS } from './resolvers';

/** Custom field payloads: the field itself is checked by the domain schema (messages per key in `fields`). */
export const fieldPayloads = /* @__PURE__ */ (() => ({
  // Custom user fields: the field itself is checked by the domain's schema (messages per key in `fields`).
  [RESOLVERS.fieldsList]: z.object({}).strict(),
  [RESOLVERS.fieldsSave]: z.object({ id: appId('field').optional(), field: z.unknown() }).strict(),
  // Without `confirm`, nothing is deleted: the answer is CONFIRMATION_REQUIRED naming the field and its users' values.
  [RESOLVERS.fieldsDelete]: z.object({ id: appId('field'), confirm: z.boolean().optional() }).strict(),
  // One user, by account id or by email (looked up in the org's directory).
  [RESOLVERS.fieldsGetValues]: z
    .object({
      accountId: accountId().optional(),
      email: z.string().trim().email('Enter an email as name@example.com.').optional(),
    })
    .strict()
    .refine((payload) => (payload.accountId === undefined) !== (payload.email === undefined), {
      error: 'Enter an account id or an email, not both.',
    }),
  [RESOLVERS.fieldsSetValues]: z
    .object({
      accountId: accountId(),
      values: z.record(z.string(), z.string()),
    })
    .strict(),
  [RESOLVERS.fieldsImportPreview]: z
    .object({
      text: z.string().min(1, 'Paste or upload a CSV file.').max(1_000_000, 'The file is over 1 MB; split it.'),
    })
    .strict(),
  [RESOLVERS.fieldsImportApply]: z
    .object({
      text: z.string().min(1, 'Paste or upload a CSV file.').max(1_000_000, 'The file is over 1 MB; split it.'),
      skipInvalidRows: z.boolean().default(false),
    })
    .strict(),
  [RESOLVERS.fieldsExport]: z.object({ cursor: cursor().optional() }).strict(),
}))();

export interface FieldsAnswer {
  fields: Array<{ id: string; name: string; type: 'text' | 'date' | 'choice'; options?: string[] }>;
}

export interface FieldValuesAnswer {
  accountId: string;
  /** Field id → value. */
  values: Record<string, string>;
}

/** A CSV import checked without saving: what would be saved, and every row that would not, with why. */
export interface FieldImportPreview {
  /** Rows that would be saved. */
  valid: number;
  /** The field columns of the file, by name. */
  columns: string[];
  errors: Array<{ line: number; key: string; message: string }>;
  /** The first rows that would be saved, as the admin will see them: key, account id, values by field name. */
  sample: Array<{ line: number; key: string; accountId: string; values: Record<string, string | null> }>;
}

export interface FieldImportResult {
  saved: number;
  errors: FieldImportPreview['errors'];
}

/** One page of the export: the header line is on the first page only. */
export interface FieldExportPage {
  csv: string;
  rows: number;
  nextCursor: string | null;
}
