/**
 * `--fields FIELDS.csv` for `run` and `simulate`: defines the file's custom fields and imports its values through
 * the app's resolvers (as an admin would on the User fields tab) before any scheme is saved.
 *
 * The CLI's header names each field's type after a colon, since the app's import needs defined fields:
 *   email,Contract end date:date,Department:text,Team:choice
 * (no type = text). A choice field's options are the column's distinct values. The app's own import (the
 * preview's per-row errors) judges the rows: any bad row stops the CLI, naming the file, line and problem.
 */
import { readFileSync } from 'node:fs';
import type { FieldImportPreview, FieldImportResult, FieldsAnswer } from '../../../src/contract';
import { csvLine, parseCsv } from '../../../src/domain/csv';
import type { LocalSite } from '../localSite';
import { CliError } from './inputs';

const TYPED = /^(.*):(text|date|choice)$/i;

export async function loadFieldValues(local: LocalSite, fileName: string, out: (line: string) => void): Promise<void> {
  let text: string;
  try {
    text = readFileSync(fileName, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read the fields file ${fileName}: ${(error as Error).message}`);
  }
  const [header, ...rows] = parseCsv(text);
  if (!header)
    throw new CliError(
      `The fields file ${fileName} is empty: its first line names the columns, e.g. "email,Contract end date:date".`,
    );
  const names: string[] = [];
  const defined = (await local.call<FieldsAnswer>('fields/list')).fields;
  for (const [index, column] of header.entries()) {
    const typed = TYPED.exec(column.trim());
    const name = (typed?.[1] ?? column).trim();
    names.push(name);
    if (
      /^(account[ _-]?id|e-?mail)$/i.test(name) ||
      defined.some((field) => field.name.toLowerCase() === name.toLowerCase())
    )
      continue;
    const type = (typed?.[2]?.toLowerCase() ?? 'text') as 'text' | 'date' | 'choice';
    const options = [...new Set(rows.map((row) => (row[index] ?? '').trim()).filter(Boolean))];
    const field = type === 'choice' ? { name, type, options } : { name, type };
    await call(`The app refused the field "${name}" of ${fileName}`, () => local.call('fields/save', { field }));
  }
  const plain = [csvLine(names), ...rows.map((row) => csvLine(row))].join('\n');
  const preview = await call(`The app refused the fields file ${fileName}`, () =>
    local.call<FieldImportPreview>('fields/importPreview', { text: plain }),
  );
  if (preview.errors.length > 0) {
    const lines = preview.errors.map((error) => `\n  - line ${error.line} (${error.key}): ${error.message}`).join('');
    throw new CliError(
      `The fields file ${fileName} has ${preview.errors.length} bad row${preview.errors.length === 1 ? '' : 's'}:${lines}`,
    );
  }
  const result = await call(`The app refused the fields file ${fileName}`, () =>
    local.call<FieldImportResult>('fields/importApply', { text: plain }),
  );
  out(`Imported custom field values of ${result.saved} users (${preview.columns.join(', ')}) from ${fileName}.`);
}

async function call<T>(what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const answer = (error as { answer?: { message: string } }).answer;
    if (answer) throw new CliError(`${what}: ${answer.message}`);
    throw error;
  }
}
