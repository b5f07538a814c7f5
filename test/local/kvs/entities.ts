import { z } from 'zod';
import { KvsErrors } from './errors';

/**
 * Custom entity declarations, in the manifest's `app.storage.entities` format:
 *   - name: run
 *     attributes: { runId: { type: string }, startedAt: { type: integer } }
 *     indexes: [ startedAt, { name: by-run, partition: [runId], range: startedAt } ]
 */
export const ATTRIBUTE_TYPES = ['string', 'integer', 'float', 'boolean', 'any'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface EntityDefinition {
  name: string;
  attributes: Record<string, { type: AttributeType }>;
  indexes?: Array<string | { name: string; range: string | string[]; partition?: string[] }>;
}

/** An index as queries use it. No `rangeAttribute` means results are ordered by the entity key (`by-key`). */
export interface ResolvedIndex {
  name: string;
  partition: string[];
  rangeAttribute?: string;
}

/** Forge gives every entity a key-ordered index for free. */
export const KEY_INDEX_NAME = 'by-key';

// Published schema limits ("Defining Custom Entities" and the storage limits page).
const MAX_ENTITIES = 20;
const MAX_ATTRIBUTES = 50;
const MAX_INDEXES = 7;
const ENTITY_NAME = /^(?![.-])(?!.*\.{2})[a-z0-9:._-]{3,60}(?<![.])$/;
const ATTRIBUTE_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

const definitionSchema = z.object({
  name: z.string().regex(ENTITY_NAME, 'entity names are 3 to 60 characters of a-z 0-9 : - _ . (no leading . or -)'),
  attributes: z
    .record(
      z.string().regex(ATTRIBUTE_NAME, 'attribute names match [_A-Za-z][_0-9A-Za-z]* and have at most 64 characters'),
      z.object({ type: z.enum(ATTRIBUTE_TYPES) }),
    )
    .refine((attrs) => Object.keys(attrs).length <= MAX_ATTRIBUTES, `at most ${MAX_ATTRIBUTES} attributes`),
  indexes: z
    .array(
      z.union([
        z.string().min(1),
        z.object({
          name: z.string().min(1),
          range: z.union([
            z.string().min(1),
            z.array(z.string().min(1)).length(1, 'range takes exactly one attribute'),
          ]),
          partition: z.array(z.string().min(1)).optional(),
        }),
      ]),
    )
    .max(MAX_INDEXES, `at most ${MAX_INDEXES} indexes per entity`)
    .optional(),
});

const TYPE_CHECKS: Record<AttributeType, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  // "Must be a 32-bit signed integer".
  integer: (v) => typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647,
  // "The value must either be 0, or fall within the following range limits (both inclusive)": the 38-digit decimal
  // range 1E-130 .. 9.99...E+125 in magnitude.
  float: (v) =>
    typeof v === 'number' && Number.isFinite(v) && (v === 0 || (Math.abs(v) >= 1e-130 && Math.abs(v) < 1e126)),
  boolean: (v) => typeof v === 'boolean',
  any: () => true,
};

export class EntityCatalog {
  private readonly definitions = new Map<string, EntityDefinition>();
  private readonly indexes = new Map<string, Map<string, ResolvedIndex>>();

  /** Throws a developer-facing Error when a declaration would be refused by `forge deploy`. */
  constructor(definitions: readonly EntityDefinition[]) {
    if (definitions.length > MAX_ENTITIES) {
      throw new Error(
        `Local KVS: an app can declare at most ${MAX_ENTITIES} custom entities, got ${definitions.length}.`,
      );
    }
    for (const raw of definitions) {
      const parsed = definitionSchema.safeParse(raw);
      const label = typeof raw?.name === 'string' ? raw.name : '(unnamed)';
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'entity'}: ${i.message}`).join('; ');
        throw new Error(`Local KVS: custom entity "${label}" is not a valid declaration: ${problems}`);
      }
      if (this.definitions.has(raw.name)) throw new Error(`Local KVS: custom entity "${raw.name}" is declared twice.`);
      this.definitions.set(raw.name, raw);
      this.indexes.set(raw.name, resolveIndexes(raw));
    }
  }

  names(): string[] {
    return [...this.definitions.keys()];
  }

  /** The declaration, or Forge's 404 SCHEMA_NOT_FOUND for an entity the manifest does not declare. */
  definition(entityName: unknown): EntityDefinition {
    const def = typeof entityName === 'string' ? this.definitions.get(entityName) : undefined;
    if (!def) throw KvsErrors.schemaNotFound(String(entityName));
    return def;
  }

  index(entityName: string, indexName: unknown): ResolvedIndex {
    const index = typeof indexName === 'string' ? this.indexes.get(entityName)?.get(indexName) : undefined;
    if (!index) throw KvsErrors.invalidIndex(entityName, String(indexName));
    return index;
  }

  /**
   * Forge "strictly enforces attribute types". Locally an attribute the manifest does not declare is refused too:
   * stricter than anything Forge documents, so a typo in a property name fails here instead of being stored and never
   * indexed. `null` is accepted for any attribute and treated as absent.
   */
  validateValue(def: EntityDefinition, value: unknown): asserts value is Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw KvsErrors.invalidEntityValue(`Entity values must be objects; "${def.name}" got ${JSON.stringify(value)}.`);
    }
    for (const [property, attributeValue] of Object.entries(value)) {
      const attribute = def.attributes[property];
      if (!attribute) {
        throw KvsErrors.invalidEntityValue(
          `Property "${property}" is not declared for entity "${def.name}"; add it to the manifest's attributes.`,
        );
      }
      if (attributeValue === null || attributeValue === undefined) continue;
      if (!TYPE_CHECKS[attribute.type](attributeValue)) throw KvsErrors.incorrectPropertyType(property, attribute.type);
    }
  }
}

function resolveIndexes(def: EntityDefinition): Map<string, ResolvedIndex> {
  const resolved = new Map<string, ResolvedIndex>();
  resolved.set(KEY_INDEX_NAME, { name: KEY_INDEX_NAME, partition: [] });
  const declared = (attribute: string, indexName: string) => {
    if (!def.attributes[attribute]) {
      throw new Error(
        `Local KVS: index "${indexName}" of entity "${def.name}" uses "${attribute}", which is not a declared attribute.`,
      );
    }
    return attribute;
  };
  const seen = new Set<string>();
  for (const raw of def.indexes ?? []) {
    const index: ResolvedIndex =
      typeof raw === 'string'
        ? { name: raw, partition: [], rangeAttribute: declared(raw, raw) }
        : {
            name: raw.name,
            partition: (raw.partition ?? []).map((a) => declared(a, raw.name)),
            rangeAttribute: declared(Array.isArray(raw.range) ? (raw.range[0] ?? '') : raw.range, raw.name),
          };
    if (seen.has(index.name)) throw new Error(`Local KVS: entity "${def.name}" declares index "${index.name}" twice.`);
    seen.add(index.name);
    resolved.set(index.name, index);
  }
  return resolved;
}
