/**
 * Custom user fields in Forge storage: the definitions as one list, and each user's values under their own key
 * (`field-values:<accountId>`), so a scan page reads its 100 users' values with four 25-key batch reads and the
 * export pages through them with a key-prefix query.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { fieldDefinitionSchema, type FieldDefinition, type FieldValues } from '../domain/customFields';
import type { CustomFieldStore } from '../engine/ports';
import { keys } from './storageKeys';

/** What is stored per user: the values by field id, and the email the values were imported under (for the export). */
export interface FieldValueRecord {
  values: FieldValues;
  email?: string;
}

const recordSchema = z.object({ values: z.record(z.string(), z.string()), email: z.string().optional() });
const definitionsSchema = z.array(fieldDefinitionSchema);
const BATCH = 25;

export interface KvsFieldStore extends CustomFieldStore {
  saveDefinitions(fields: FieldDefinition[]): Promise<void>;
  recordsOf(accountIds: readonly string[]): Promise<Map<string, FieldValueRecord>>;
  /** Writes these users' records; a record without values is deleted. */
  putRecords(records: ReadonlyMap<string, FieldValueRecord>): Promise<void>;
  /** One page (≤ 100) of users with values, in account id order. */
  page(
    cursor: string | undefined,
    limit: number,
  ): Promise<{ records: Array<{ accountId: string } & FieldValueRecord>; nextCursor?: string }>;
}

export function createKvsFieldStore(): KvsFieldStore {
  const prefix = keys.fieldValuesPrefix();
  const parseRecord = (value: unknown): FieldValueRecord | undefined => {
    const parsed = recordSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };

  async function recordsOf(accountIds: readonly string[]): Promise<Map<string, FieldValueRecord>> {
    const found = new Map<string, FieldValueRecord>();
    const unique = [...new Set(accountIds)];
    for (let i = 0; i < unique.length; i += BATCH) {
      const chunk = unique.slice(i, i + BATCH);
      const result = await kvs.batchGet<unknown>(chunk.map((accountId) => ({ key: keys.fieldValues(accountId) })));
      // A user without values is a KEY_NOT_FOUND "failure"; anything else is a real one.
      const failed = result.failedKeys.filter((item) => item.error?.code !== 'KEY_NOT_FOUND');
      if (failed.length > 0)
        throw new Error(`Could not read the custom field values of ${failed.length} users; try again.`);
      for (const item of result.successfulKeys) {
        const record = parseRecord(item.value);
        if (record) found.set(item.key.slice(prefix.length), record);
      }
    }
    return found;
  }

  return {
    async definitions() {
      const stored = await kvs.get<unknown>(keys.fieldDefinitions());
      if (stored === undefined) return [];
      const parsed = definitionsSchema.safeParse(stored);
      if (!parsed.success) throw new Error('The stored custom field definitions are damaged; define the fields again.');
      return parsed.data.map((field) => ({ ...field, ...(field.options ? { options: field.options } : {}) }));
    },

    async saveDefinitions(fields) {
      await kvs.set(keys.fieldDefinitions(), fields);
    },

    async valuesOf(accountIds) {
      const records = await recordsOf(accountIds);
      return new Map([...records].map(([accountId, record]) => [accountId, record.values]));
    },

    recordsOf,

    async putRecords(records) {
      const writes = [...records].filter(([, record]) => Object.keys(record.values).length > 0);
      const deletes = [...records]
        .filter(([, record]) => Object.keys(record.values).length === 0)
        .map(([accountId]) => accountId);
      for (let i = 0; i < writes.length; i += BATCH) {
        const result = await kvs.batchSet(
          writes.slice(i, i + BATCH).map(([accountId, value]) => ({ key: keys.fieldValues(accountId), value })),
        );
        if (result.failedKeys.length > 0)
          throw new Error(
            `Could not save the custom field values of ${result.failedKeys.length} users; nothing else was lost, try again.`,
          );
      }
      for (let i = 0; i < deletes.length; i += BATCH) {
        await kvs.batchDelete(deletes.slice(i, i + BATCH).map((accountId) => ({ key: keys.fieldValues(accountId) })));
      }
    },

    async page(cursor, limit) {
      let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(Math.min(limit, 100));
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<unknown>();
      const records = page.results.flatMap((result) => {
        const record = parseRecord(result.value);
        return record ? [{ accountId: result.key.slice(prefix.length), ...record }] : [];
      });
      return { records, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
  };
}
