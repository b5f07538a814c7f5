/**
 * Custom user fields: define, list and delete fields; read and set one user's values; import values from CSV
 * (a preview that saves nothing and reports every bad row, then apply); export every value as CSV, a page a call.
 *
 * Emails in an import are looked up with the Admin API's user search by exact email, at most 100 a call, only the
 * file's own emails (never a directory scan inside a resolver). Account ids are taken as written: values kept for
 * an account the org does not have never match anyone.
 */
import { randomUUID } from 'node:crypto';
import {
  RESOLVERS,
  type FieldExportPage,
  type FieldImportPreview,
  type FieldImportResult,
  type FieldsAnswer,
  type FieldValuesAnswer,
} from '../../contract';
import {
  checkFieldValue,
  fieldByName,
  fieldDefinitionInputSchema,
  MAX_FIELDS,
  type FieldDefinition,
} from '../../domain/customFields';
import { csvLine } from '../../domain/csv';
import { exportHeader, exportRow, planImport, type ImportRow, type RowError } from '../../domain/fieldValuesCsv';
import { MAX_EMAILS_PER_SEARCH } from '../../adapters/adminApi';
import { createAdminApiFromSettings } from '../../adapters/engineDeps';
import { createKvsAuditStore } from '../../adapters/kvsAuditStore';
import { createKvsSchemeStore } from '../../adapters/kvsSchemeStore';
import { createKvsFieldStore, type FieldValueRecord } from '../../adapters/kvsFieldStore';
import { define, RefusedError } from './define';
import { refuseUnknownAccounts } from './siteUsers';

const EXPORT_PAGE = 100;
const SAMPLE_ROWS = 20;

define(RESOLVERS.fieldsList, async (): Promise<FieldsAnswer> => ({
  fields: await createKvsFieldStore().definitions(),
}));

define(RESOLVERS.fieldsSave, async ({ id, field }, { accountId }): Promise<FieldsAnswer> => {
  const parsed = fieldDefinitionInputSchema.safeParse(field);
  if (!parsed.success) {
    const fields = Object.fromEntries(
      parsed.error.issues.map((issue) => [issue.path.join('.') || 'field', issue.message]),
    );
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: `The field is not valid: ${Object.values(fields).join('; ')}`,
      fields,
    });
  }
  const store = createKvsFieldStore();
  const existing = await store.definitions();
  const sameName = fieldByName(existing, parsed.data.name);
  if (sameName && sameName.id !== id) {
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: `A field named "${sameName.name}" exists already.`,
      fields: { name: 'this name is taken' },
    });
  }
  let next: FieldDefinition[];
  if (id) {
    const current = existing.find((candidate) => candidate.id === id);
    if (!current)
      throw new RefusedError({ code: 'NOT_FOUND', message: 'This field no longer exists; reload the page.' });
    if (current.type !== parsed.data.type) {
      throw new RefusedError({
        code: 'INVALID_INPUT',
        message: `"${current.name}" is a ${current.type} field; its values would not fit another type. Define a new field instead.`,
        fields: { type: 'the type of a field cannot change' },
      });
    }
    if (current.name !== parsed.data.name) await refuseIfUsedBySchemes(current, 'renamed');
    next = existing.map((candidate) => (candidate.id === id ? { id, ...parsed.data } : candidate));
  } else {
    if (existing.length >= MAX_FIELDS)
      throw new RefusedError({ code: 'INVALID_INPUT', message: `A site can define at most ${MAX_FIELDS} fields.` });
    next = [...existing, { id: randomUUID(), ...parsed.data }];
  }
  await store.saveDefinitions(next);
  await audit(accountId, `Custom field "${parsed.data.name}" ${id ? 'changed' : 'defined'}`, {
    name: parsed.data.name,
    type: parsed.data.type,
  });
  return { fields: next };
});

/** Pages of value records read to count a field's users before deleting it: 10,000 users at most, well inside 25 s. */
const COUNT_PAGES = 100;

/** How many users hold a value in the field ("at least" once the count stops at COUNT_PAGES pages). */
async function usersWithValues(store: ReturnType<typeof createKvsFieldStore>, fieldId: string): Promise<string> {
  let count = 0;
  let cursor: string | undefined;
  for (let pages = 0; pages < COUNT_PAGES; pages += 1) {
    const page = await store.page(cursor, 100);
    count += page.records.filter((record) => (record.values[fieldId] ?? '') !== '').length;
    cursor = page.nextCursor;
    if (!cursor) return count === 1 ? '1 user has a value' : `${count} users have values`;
  }
  return `at least ${count} users have values`;
}

define(RESOLVERS.fieldsDelete, async ({ id, confirm }, { accountId }): Promise<FieldsAnswer> => {
  const store = createKvsFieldStore();
  const existing = await store.definitions();
  const field = existing.find((candidate) => candidate.id === id);
  if (!field) throw new RefusedError({ code: 'NOT_FOUND', message: 'This field no longer exists; reload the page.' });
  await refuseIfUsedBySchemes(field, 'deleted');
  if (confirm !== true) {
    // However it is reached (the page, a script), a deletion is confirmed naming the field and what it holds.
    throw new RefusedError({
      code: 'CONFIRMATION_REQUIRED',
      message: `Delete the field "${field.name}"? ${capitalise(await usersWithValues(store, field.id))} in it: they are no longer shown, exported or used by filters, and defining the field again does not bring them back.`,
    });
  }
  const next = existing.filter((candidate) => candidate.id !== id);
  await store.saveDefinitions(next);
  await audit(accountId, `Custom field "${field.name}" deleted`, { name: field.name });
  return { fields: next };
});

define(RESOLVERS.fieldsGetValues, async ({ accountId, email }, { cloudId }): Promise<FieldValuesAnswer> => {
  const subject =
    accountId ?? (email ? (await accountIdsByEmail([email], cloudId)).get(email.toLowerCase()) : undefined);
  if (!subject)
    throw new RefusedError({
      code: 'NOT_FOUND',
      message: `No user of this organization has the email "${email ?? ''}".`,
    });
  const record = (await createKvsFieldStore().recordsOf([subject])).get(subject);
  return { accountId: subject, values: record?.values ?? {} };
});

define(RESOLVERS.fieldsSetValues, async ({ accountId: subject, values }, { accountId }): Promise<FieldValuesAnswer> => {
  // Values kept for an id that is not a user of this site would match nobody: refused, naming it.
  await refuseUnknownAccounts([{ path: 'accountId', what: 'given field values', ids: [subject] }]);
  const store = createKvsFieldStore();
  const fields = await store.definitions();
  const record: FieldValueRecord = (await store.recordsOf([subject])).get(subject) ?? { values: {} };
  const problems: Record<string, string> = {};
  for (const [fieldId, raw] of Object.entries(values)) {
    const field = fields.find((candidate) => candidate.id === fieldId);
    if (!field) {
      problems[fieldId] = 'this field no longer exists; reload the page';
      continue;
    }
    const checked = checkFieldValue(field, raw);
    if (!checked.ok) problems[fieldId] = checked.message;
    else if (checked.value === null) delete record.values[fieldId];
    else record.values[fieldId] = checked.value;
  }
  if (Object.keys(problems).length > 0) {
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: `Nothing was saved: ${Object.values(problems).join('; ')}`,
      fields: problems,
    });
  }
  await store.putRecords(new Map([[subject, record]]));
  await audit(accountId, `Custom field values of ${subject} set`, { fields: Object.keys(values).length }, subject);
  return { accountId: subject, values: record.values };
});

define(RESOLVERS.fieldsImportPreview, async ({ text }, { cloudId }): Promise<FieldImportPreview> => {
  const checked = await checkImport(text, cloudId);
  return {
    valid: checked.rows.length,
    columns: checked.columns.map((field) => field.name),
    errors: checked.errors,
    sample: checked.rows.slice(0, SAMPLE_ROWS).map((row) => ({
      line: row.line,
      key: row.email ?? row.accountId,
      accountId: row.accountId,
      values: Object.fromEntries(checked.columns.map((field) => [field.name, row.values[field.id] ?? null])),
    })),
  };
});

define(
  RESOLVERS.fieldsImportApply,
  async ({ text, skipInvalidRows }, { cloudId, accountId }): Promise<FieldImportResult> => {
    // Checked again, never trusted from the preview: the file or the fields may have changed since.
    const checked = await checkImport(text, cloudId);
    if (checked.errors.length > 0 && !skipInvalidRows) {
      throw new RefusedError({
        code: 'INVALID_INPUT',
        message: `Nothing was saved: ${checked.errors.length} row${checked.errors.length === 1 ? ' has' : 's have'} problems. Fix them, or import only the valid rows.`,
      });
    }
    const store = createKvsFieldStore();
    const current = await store.recordsOf(checked.rows.map((row) => row.accountId));
    const updated = new Map<string, FieldValueRecord>();
    for (const row of checked.rows) {
      const record: FieldValueRecord = { values: { ...(current.get(row.accountId)?.values ?? {}) } };
      const email = row.email ?? current.get(row.accountId)?.email;
      if (email) record.email = email;
      for (const [fieldId, value] of Object.entries(row.values)) {
        if (value === null) delete record.values[fieldId];
        else record.values[fieldId] = value;
      }
      updated.set(row.accountId, record);
    }
    await store.putRecords(updated);
    await audit(accountId, `Custom field values imported for ${updated.size} users`, {
      rows: updated.size,
      skipped: checked.errors.length,
    });
    return { saved: updated.size, errors: checked.errors };
  },
);

define(RESOLVERS.fieldsExport, async ({ cursor }): Promise<FieldExportPage> => {
  const store = createKvsFieldStore();
  const fields = await store.definitions();
  const page = await store.page(cursor, EXPORT_PAGE);
  const lines = page.records
    .filter((record) => fields.some((field) => record.values[field.id] !== undefined))
    .map((record) => csvLine(exportRow(record.accountId, record.email, record.values, fields)));
  const header = cursor ? [] : [csvLine(exportHeader(fields))];
  const csv = [...header, ...lines].map((line) => `${line}\r\n`).join('');
  return { csv, rows: lines.length, nextCursor: page.nextCursor ?? null };
});

type CheckedImport = { rows: Array<ImportRow & { accountId: string }>; errors: RowError[]; columns: FieldDefinition[] };

/** The file against the fields, and every email against the org's directory. */
async function checkImport(text: string, cloudId: string): Promise<CheckedImport> {
  const plan = planImport(text, await createKvsFieldStore().definitions());
  if (!plan.ok) throw new RefusedError({ code: 'INVALID_INPUT', message: plan.message });
  const byEmail = await accountIdsByEmail(
    plan.rows.flatMap((row) => (row.accountId ? [] : row.email ? [row.email] : [])),
    cloudId,
  );
  const errors = [...plan.errors];
  const rows: CheckedImport['rows'] = [];
  const lineOfAccount = new Map<string, number>();
  for (const row of plan.rows) {
    const accountId = row.accountId ?? byEmail.get((row.email ?? '').toLowerCase());
    const key = row.accountId ?? row.email ?? '';
    if (!accountId) {
      errors.push({ line: row.line, key, message: `no user of this organization has the email "${row.email}"` });
      continue;
    }
    const earlier = lineOfAccount.get(accountId);
    if (earlier !== undefined) {
      errors.push({ line: row.line, key, message: `this user is already on line ${earlier}; keep one row per user` });
      continue;
    }
    lineOfAccount.set(accountId, row.line);
    rows.push({ ...row, accountId });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors, columns: plan.columns };
}

async function accountIdsByEmail(emails: string[], cloudId: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const unique = [...new Set(emails.map((email) => email.toLowerCase()))];
  if (unique.length === 0) return found;
  const admin = await createAdminApiFromSettings(cloudId);
  for (let i = 0; i < unique.length; i += MAX_EMAILS_PER_SEARCH) {
    let cursor: string | undefined;
    do {
      const page = await admin.searchUsers({
        emails: unique.slice(i, i + MAX_EMAILS_PER_SEARCH),
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const user of page.users) if (user.email) found.set(user.email.toLowerCase(), user.accountId);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return found;
}

/** A field a scheme's filter names cannot be renamed or deleted: that scheme would fail at its next run. */
async function refuseIfUsedBySchemes(field: FieldDefinition, what: 'renamed' | 'deleted'): Promise<void> {
  const schemes = await createKvsSchemeStore().list();
  const users = schemes.filter((scheme) =>
    Object.keys(scheme.filter.fields ?? {}).some(
      (name) => name.toLocaleLowerCase('en-US') === field.name.toLocaleLowerCase('en-US'),
    ),
  );
  if (users.length > 0) {
    throw new RefusedError({
      code: 'INVALID_INPUT',
      message: `"${field.name}" cannot be ${what}: ${users.map((scheme) => `"${scheme.name}"`).join(', ')} filter${users.length === 1 ? 's' : ''} on it. Change ${users.length === 1 ? 'that scheme' : 'those schemes'} first.`,
    });
  }
}

async function audit(
  actor: string,
  summary: string,
  details: Record<string, string | number>,
  subject = 'custom-fields',
): Promise<void> {
  await createKvsAuditStore().append({
    at: new Date().toISOString(),
    kind: 'settings.changed',
    actor,
    subject,
    summary,
    details,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
