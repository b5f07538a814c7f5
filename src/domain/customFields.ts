/**
 * Custom user fields: what admins know about users that Atlassian does not (department, contract end date, cost
 * centre, owner), and the filter conditions schemes and bulk actions put on them.
 *
 * Decisions:
 * - A field has a stable `id` and a unique name (compared case-insensitively). Values are stored by field id, so
 *   deleting a field and defining one with the same name never brings old values back. Scheme files name fields.
 * - Values are strings: text as typed (trimmed), dates as "YYYY-MM-DD", a choice as one of the field's options
 *   (spelled as the definition spells it). An absent value is "empty".
 * - Text `equals` / `contains` ignore case and surrounding spaces: admins type "Sales" and mean "sales".
 * - Dates: "today" is the calendar day of the run's time in UTC. `before` / `after` are strict. `withinDays: N`
 *   means at most N calendar days from today in either direction ("ends within 30 days" and "started in the last
 *   30 days" both read naturally).
 * - An empty value never matches a text, date or choice condition (the safe side), only `isEmpty: true`.
 * - Several keys in one condition must all hold, e.g. `{ "after": "2026-01-01", "before": "today" }`.
 */
import { hasControlCharacters } from './text';
import { differenceInCalendarDays, isValid, parseISO } from 'date-fns';
import { z } from 'zod';

export const FIELD_TYPES = ['text', 'date', 'choice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDefinition {
  id: string;
  name: string;
  type: FieldType;
  /** A choice field's options, in the admin's order; absent for text and date fields. */
  options?: string[];
}

/** A user's values: field id → value. */
export type FieldValues = Record<string, string>;

/** The most fields a site may define: each field is a column of the CSV and a row of the filter form. */
export const MAX_FIELDS = 50;
export const MAX_TEXT_LENGTH = 500;

const fieldName = z
  .string()
  .trim()
  .min(1, { error: 'a field needs a name' })
  .max(60, { error: 'a field name has at most 60 characters' })
  .refine((name) => !hasControlCharacters(name), { error: 'a field name has no line breaks or control characters' })
  .refine((name) => !/^(account ?id|email)$/i.test(name), {
    error: 'this name is reserved for the CSV key columns ("accountId", "email")',
  });

const choiceOption = z
  .string()
  .trim()
  .min(1, { error: 'an option must not be empty' })
  .max(100, { error: 'an option has at most 100 characters' })
  .refine((option) => !hasControlCharacters(option), { error: 'an option has no line breaks or control characters' });

/** A field as the admin defines it (no id yet). */
export const fieldDefinitionInputSchema = z.discriminatedUnion('type', [
  z.strictObject({ name: fieldName, type: z.literal('text') }),
  z.strictObject({ name: fieldName, type: z.literal('date') }),
  z.strictObject({
    name: fieldName,
    type: z.literal('choice'),
    options: z
      .array(choiceOption)
      .min(1, { error: 'a choice field needs at least one option' })
      .max(100, { error: 'a choice field has at most 100 options' })
      .refine((options) => new Set(options.map(foldCase)).size === options.length, {
        error: 'each option must be listed once',
      }),
  }),
]);
export type FieldDefinitionInput = z.output<typeof fieldDefinitionInputSchema>;

export const fieldDefinitionSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string()).optional(),
});

// ---------------------------------------------------------------------------------------------------------------
// Conditions

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

export const dateReference = z.string().refine((text) => text === 'today' || isCalendarDate(text), {
  error: (issue) => `${JSON.stringify(issue.input)} is not a date; write "today" or a date as "YYYY-MM-DD"`,
});

const conditionText = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty (use "isEmpty": true to find users without a value)' })
  .max(MAX_TEXT_LENGTH);

/** One field's condition in a scheme file: every key given must hold. */
export const fieldConditionSchema = z
  .strictObject({
    equals: conditionText.optional(),
    contains: conditionText.optional(),
    isEmpty: z.boolean().optional(),
    before: dateReference.optional(),
    after: dateReference.optional(),
    withinDays: z
      .number({ error: 'must be a whole number of days from 0 to 3650' })
      .int({ error: 'must be a whole number of days from 0 to 3650' })
      .min(0, { error: 'must be a whole number of days from 0 to 3650' })
      .max(3650, { error: 'must be a whole number of days from 0 to 3650' })
      .optional(),
    oneOf: z.array(conditionText).min(1, { error: 'must list at least one option' }).optional(),
  })
  .refine((condition) => Object.keys(condition).length > 0, {
    error: 'a field condition needs at least one of equals, contains, isEmpty, before, after, withinDays, oneOf',
  });
export type FieldCondition = z.output<typeof fieldConditionSchema>;
export const CONDITION_KEYS = ['equals', 'contains', 'isEmpty', 'before', 'after', 'withinDays', 'oneOf'] as const;
export type ConditionKey = (typeof CONDITION_KEYS)[number];

/** Which condition keys each field type takes. */
export const CONDITIONS_BY_TYPE: Record<FieldType, readonly ConditionKey[]> = {
  text: ['equals', 'contains', 'isEmpty'],
  date: ['before', 'after', 'withinDays', 'isEmpty'],
  choice: ['oneOf', 'isEmpty'],
};

/** A scheme's condition with the field it names, checked against the defined fields. */
export interface ResolvedFieldCondition {
  field: FieldDefinition;
  condition: FieldCondition;
}

/** Do the user's values satisfy every condition? `values` is keyed by field id. */
export function matchFields(conditions: readonly ResolvedFieldCondition[], values: FieldValues, now: Date): boolean {
  return conditions.every(({ field, condition }) => matchCondition(condition, values[field.id], now));
}

export function matchCondition(condition: FieldCondition, value: string | undefined, now: Date): boolean {
  const text = value?.trim() ?? '';
  const empty = text === '';
  if (condition.isEmpty !== undefined && condition.isEmpty !== empty) return false;
  if (condition.equals !== undefined && (empty || foldCase(text) !== foldCase(condition.equals.trim()))) return false;
  if (condition.contains !== undefined && (empty || !foldCase(text).includes(foldCase(condition.contains.trim()))))
    return false;
  if (
    condition.oneOf !== undefined &&
    (empty || !condition.oneOf.some((option) => foldCase(option) === foldCase(text)))
  )
    return false;
  const needsDate =
    condition.before !== undefined || condition.after !== undefined || condition.withinDays !== undefined;
  if (!needsDate) return true;
  if (!isCalendarDate(text)) return false;
  const today = todayOf(now);
  if (condition.before !== undefined && !(text < referenceDate(condition.before, today))) return false;
  if (condition.after !== undefined && !(text > referenceDate(condition.after, today))) return false;
  if (
    condition.withinDays !== undefined &&
    Math.abs(differenceInCalendarDays(parseISO(text), parseISO(today))) > condition.withinDays
  )
    return false;
  return true;
}

/** The condition in words, for run reasons and previews: `contract end date before today`. */
export function describeFieldCondition(name: string, condition: FieldCondition): string {
  const parts: string[] = [];
  if (condition.isEmpty === true) parts.push('is empty');
  if (condition.isEmpty === false) parts.push('is not empty');
  if (condition.equals !== undefined) parts.push(`is "${condition.equals}"`);
  if (condition.contains !== undefined) parts.push(`contains "${condition.contains}"`);
  if (condition.oneOf !== undefined)
    parts.push(`is one of ${condition.oneOf.map((option) => `"${option}"`).join(', ')}`);
  if (condition.before !== undefined) parts.push(`before ${condition.before}`);
  if (condition.after !== undefined) parts.push(`after ${condition.after}`);
  if (condition.withinDays !== undefined) parts.push(`within ${condition.withinDays} days of today`);
  return `${name} ${parts.join(' and ')}`;
}

/** Problems of a condition for this field's type (a date condition on a text field, an option the field lacks). */
export function conditionProblems(field: FieldDefinition, condition: FieldCondition): string[] {
  const allowed = CONDITIONS_BY_TYPE[field.type];
  const problems = CONDITION_KEYS.filter((key) => condition[key] !== undefined && !allowed.includes(key)).map(
    (key) => `"${key}" does not apply to the ${field.type} field "${field.name}" (it takes ${allowed.join(', ')})`,
  );
  if (field.type === 'choice' && condition.oneOf) {
    const options = new Set((field.options ?? []).map(foldCase));
    for (const option of condition.oneOf) {
      if (!options.has(foldCase(option))) {
        problems.push(
          `"${option}" is not an option of "${field.name}" (its options: ${(field.options ?? []).map((o) => `"${o}"`).join(', ')})`,
        );
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

export type ValueCheck = { ok: true; value: string | null } | { ok: false; message: string };

/** Checks one typed value for a field: the stored form, null for "no value" (an empty cell clears it). */
export function checkFieldValue(field: FieldDefinition, raw: string): ValueCheck {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  switch (field.type) {
    case 'text':
      return text.length > MAX_TEXT_LENGTH
        ? { ok: false, message: `${field.name}: at most ${MAX_TEXT_LENGTH} characters` }
        : { ok: true, value: text };
    case 'date':
      return isCalendarDate(text)
        ? { ok: true, value: text }
        : { ok: false, message: `${field.name}: "${text}" is not a date written YYYY-MM-DD` };
    case 'choice': {
      const option = (field.options ?? []).find((candidate) => foldCase(candidate) === foldCase(text));
      return option !== undefined
        ? { ok: true, value: option }
        : {
            ok: false,
            message: `${field.name}: "${text}" is not one of ${(field.options ?? []).map((o) => `"${o}"`).join(', ')}`,
          };
    }
  }
}

/** Finds a defined field by name, ignoring case. */
export function fieldByName(fields: readonly FieldDefinition[], name: string): FieldDefinition | undefined {
  const wanted = foldCase(name.trim());
  return fields.find((field) => foldCase(field.name) === wanted);
}

export function isCalendarDate(text: string): boolean {
  if (!DATE_TEXT.test(text)) return false;
  const date = parseISO(text);
  // parseISO accepts "2026-02-30" as March 2nd; a real calendar date prints back the same.
  return isValid(date) && formatLocalDate(date) === text;
}

export function foldCase(text: string): string {
  return text.toLocaleLowerCase('en-US');
}

function todayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function referenceDate(reference: string, today: string): string {
  return reference === 'today' ? today : reference;
}

function formatLocalDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
