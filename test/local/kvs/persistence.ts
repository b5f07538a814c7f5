import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { StoredRecord } from './records';

/** Everything the store holds. Entities of a name the manifest no longer declares are kept, not dropped. */
export interface StoreData {
  kv: Map<string, StoredRecord>;
  secrets: Map<string, StoredRecord>;
  entities: Map<string, Map<string, StoredRecord>>;
}

export function emptyStoreData(): StoreData {
  return { kv: new Map(), secrets: new Map(), entities: new Map() };
}

const recordSchema = z.object({
  value: z.unknown(),
  createdAt: z.number(),
  updatedAt: z.number(),
  expiresAt: z.number().optional(),
});
// Entries are [key, record] pairs rather than objects: keys such as "__proto__" are valid Forge keys.
const entriesSchema = z.array(z.tuple([z.string(), recordSchema]));
const fileSchema = z.object({
  format: z.literal('local-forge-kvs'),
  version: z.literal(1),
  kv: entriesSchema,
  secrets: entriesSchema,
  entities: z.array(z.tuple([z.string(), entriesSchema])),
});

const toMap = (entries: z.infer<typeof entriesSchema>) =>
  new Map<string, StoredRecord>(entries.map(([key, record]) => [key, record]));

/** Reads a snapshot; undefined when the file does not exist. A damaged file is an error, never silently emptied. */
export function loadStoreData(file: string): StoreData | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Local KVS: cannot read ${file} as JSON (${(error as Error).message}); fix or delete the file.`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Local KVS: ${file} is not a local KVS snapshot (${parsed.error.issues[0]?.message ?? 'unknown format'}); ` +
        'fix or delete the file.',
    );
  }
  return {
    kv: toMap(parsed.data.kv),
    secrets: toMap(parsed.data.secrets),
    entities: new Map(parsed.data.entities.map(([name, entries]) => [name, toMap(entries)])),
  };
}

/**
 * Writes the snapshot to a temporary file beside the target, then renames it over the target: a crash mid-write
 * leaves the previous snapshot intact. `keep` drops what should not outlive the process (expired values).
 * Secrets are written in clear text: this file is for local development only.
 */
export function saveStoreData(file: string, data: StoreData, keep: (record: StoredRecord) => boolean): void {
  const entries = (map: Map<string, StoredRecord>) => [...map].filter(([, record]) => keep(record));
  const json = JSON.stringify({
    format: 'local-forge-kvs',
    version: 1,
    kv: entries(data.kv),
    secrets: entries(data.secrets),
    entities: [...data.entities].map(([name, map]) => [name, entries(map)]),
  });
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    writeFileSync(temporary, json, 'utf8');
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
