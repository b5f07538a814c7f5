/**
 * Custom field values as CSV, both ways. Pure: reading the text and checking each row against the defined fields;
 * looking emails up and saving are the resolver's job (src/handlers/resolvers/fields.ts).
 *
 * The import file: a header row with one key column, `accountId` or `email` (either spelling of "account id";
 * when both are present the account id wins), then one column per field, named as the field is (any case).
 * An empty cell clears that value; a column left out leaves the values of that field unchanged.
 * The export file has `accountId`, `email` and every field, so an exported file imports back unchanged (formula-like
 * values are written as text and read back as they were, see src/domain/csv.ts).
 */
import { checkFieldValue, fieldByName, foldCase, type FieldDefinition } from './customFields';
import { csvValue, parseCsv } from './csv';

export { parseCsv } from './csv';

/** The most rows one import may hold: the preview looks every email up within one 25-second resolver call. */
export const MAX_IMPORT_ROWS = 2000;

export interface ImportRow {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  accountId?: string;
  email?: string;
  /** Field id → value; null clears. */
  values: Record<string, string | null>;
}

export interface RowError {
  line: number;
  /** The row's key (email or account id) as written, to find it in the file. */
  key: string;
  message: string;
}

export type ImportPlan =
  { ok: true; rows: ImportRow[]; errors: RowError[]; columns: FieldDefinition[] } | { ok: false; message: string };

/** Checks the file against the defined fields: a bad header refuses the file, a bad row is reported with its line. */
export function planImport(text: string, fields: readonly FieldDefinition[]): ImportPlan {
  const table = parseCsv(text).map((cells) => cells.map(csvValue));
  const [header, ...body] = table;
  if (!header)
    return { ok: false, message: 'The file is empty: the first line must name the columns, e.g. "email,Department".' };
  if (body.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      message: `The file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time (split the file).`,
    };
  }
  const names = header.map((name) => name.trim());
  const accountIdColumn = names.findIndex((name) => /^account[ _-]?id$/i.test(name));
  const emailColumn = names.findIndex((name) => /^e-?mail$/i.test(name));
  if (accountIdColumn === -1 && emailColumn === -1) {
    return {
      ok: false,
      message: 'The first line needs an "accountId" or an "email" column to say whose values each row holds.',
    };
  }
  const columns: Array<{ index: number; field: FieldDefinition }> = [];
  const problems: string[] = [];
  names.forEach((name, index) => {
    if (index === accountIdColumn || index === emailColumn) return;
    if (name === '') return problems.push(`column ${index + 1} has no name`);
    const field = fieldByName(fields, name);
    if (!field) return problems.push(`no field is named "${name}"`);
    if (columns.some((column) => column.field.id === field.id))
      return problems.push(`the field "${field.name}" has two columns`);
    columns.push({ index, field });
  });
  if (problems.length > 0) {
    const defined = fields.length > 0 ? fields.map((field) => `"${field.name}"`).join(', ') : 'none yet';
    return { ok: false, message: `The header line is not right: ${problems.join('; ')}. Defined fields: ${defined}.` };
  }
  if (columns.length === 0)
    return { ok: false, message: 'The file has no field columns: add a column named like a defined field.' };

  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, offset) => {
    const line = offset + 2;
    const accountId = accountIdColumn === -1 ? '' : (cells[accountIdColumn] ?? '').trim();
    const email = emailColumn === -1 ? '' : (cells[emailColumn] ?? '').trim();
    const key = accountId || email;
    const fail = (message: string) => errors.push({ line, key, message });
    if (cells.length > names.length)
      return fail(
        `has ${cells.length} cells but the header names ${names.length} columns (a comma inside a value needs quotes)`,
      );
    if (key === '')
      return fail(
        accountIdColumn === -1
          ? 'has no email'
          : emailColumn === -1
            ? 'has no account id'
            : 'has neither an account id nor an email',
      );
    if (!accountId && !/^[^@\s]+@[^@\s]+$/.test(email)) return fail(`"${email}" is not an email address`);
    if (accountId && /\s/.test(accountId)) return fail(`"${accountId}" is not an account id (it has spaces)`);
    const identity = accountId ? `id:${accountId}` : `email:${foldCase(email)}`;
    const earlier = seen.get(identity);
    if (earlier !== undefined) return fail(`this user is already on line ${earlier}; keep one row per user`);
    seen.set(identity, line);
    const values: Record<string, string | null> = {};
    const bad: string[] = [];
    for (const { index, field } of columns) {
      const checked = checkFieldValue(field, cells[index] ?? '');
      if (checked.ok) values[field.id] = checked.value;
      else bad.push(checked.message);
    }
    if (bad.length > 0) return fail(bad.join('; '));
    rows.push({ line, ...(accountId ? { accountId } : { email }), values });
  });
  return { ok: true, rows, errors, columns: columns.map((column) => column.field) };
}

/** The header of the export file. */
export function exportHeader(fields: readonly FieldDefinition[]): string[] {
  return ['accountId', 'email', ...fields.map((field) => field.name)];
}

/** One user's row of the export file, in the header's order. */
export function exportRow(
  accountId: string,
  email: string | undefined,
  values: Record<string, string>,
  fields: readonly FieldDefinition[],
): string[] {
  return [accountId, email ?? '', ...fields.map((field) => values[field.id] ?? '')];
}
