/**
 * Atlassian's OpenAPI files as response validators (ajv + ajv-formats), for contract tests of the simulated
 * site and of anything that answers or reads these APIs.
 *
 * The files are loaded leniently, patching in memory the defects listed in ./specs/README.md and
 * a few more that stop a JSON Schema validator (the files on disk are never changed):
 * - `discriminator` with `mapping` (unsupported by ajv; `oneOf` alone decides);
 * - keywords beside a `$ref` (e.g. `counts: { $ref, type: "GroupCounts" }` in admin-org.json): dropped,
 *   as OpenAPI 3.0 ignores them;
 * - `nullable: true` (OpenAPI 3.0): rewritten as a `null` type / enum member;
 * - `default` values (some outside their enum, some `null` on non-nullable parameters): dropped;
 * - patterns with a trailing newline (user-management.json's `AccountId` is `"[a-zA-Z0-9_|:-]{1,128}\n"`,
 *   which no account id matches): trimmed.
 * With `closedObjects`, every object schema that lists its properties (and says nothing of others) rejects
 * undeclared fields, so a misspelt or invented field fails the contract instead of passing unnoticed.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type SpecFile = 'admin-org.json' | 'user-management.json' | 'confluence-v1.json' | 'confluence-v2.json';
export const SPEC_FILES: ReadonlyArray<SpecFile> = [
  'admin-org.json',
  'user-management.json',
  'confluence-v1.json',
  'confluence-v2.json',
];
/** The vendored copies (see specs/README.md for their source and date). */
export const DEFAULT_SPEC_DIR = join(__dirname, 'specs');

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface ResponseCheck {
  /** The operation declares this status (or a `default` response). */
  declared: boolean;
  /** A schema was found and applied. */
  validated: boolean;
  problems: string[];
}

export class SpecContracts {
  private readonly docs = new Map<SpecFile, Json>();
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(options: { specDir?: string; closedObjects?: boolean } = {}) {
    const specDir = options.specDir ?? DEFAULT_SPEC_DIR;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    for (const format of ['int', 'int32', 'int64', 'float', 'double', 'binary', 'string'])
      this.ajv.addFormat(format, true);
    for (const file of SPEC_FILES) {
      const doc = JSON.parse(readFileSync(join(specDir, file), 'utf8')) as Json;
      patchDocument(doc, options.closedObjects ?? true);
      this.docs.set(file, doc);
      this.ajv.addSchema(doc, file);
    }
  }

  /** The operation object for a path template (as the file writes it) and method, if the file has one. */
  operation(file: SpecFile, path: string, method: string): Json | undefined {
    const item = (this.doc(file).paths as Json | undefined)?.[path] as Json | undefined;
    const operation = item?.[method.toLowerCase()];
    return operation && typeof operation === 'object' ? (operation as Json) : undefined;
  }

  /** Every `METHOD path` the file declares. */
  operations(file: SpecFile): string[] {
    const paths = (this.doc(file).paths ?? {}) as Record<string, Json>;
    return Object.entries(paths).flatMap(([path, item]) =>
      METHODS.filter((method) => method in item).map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  /** Validates a response body against the schema the spec declares for that operation and status. */
  checkResponse(file: SpecFile, path: string, method: string, status: number, body: string): ResponseCheck {
    const operation = this.operation(file, path, method);
    if (!operation)
      return {
        declared: false,
        validated: false,
        problems: [`${file} has no operation ${method.toUpperCase()} ${path}`],
      };
    const responses = (operation.responses ?? {}) as Json;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((candidate) => candidate in responses);
    if (key === undefined) return { declared: false, validated: false, problems: [] };
    const pathPointer = ['paths', path, method.toLowerCase(), 'responses', key];
    let responsePointer = pathPointer;
    let response = responses[key] as Json;
    if (typeof response.$ref === 'string') {
      responsePointer = response.$ref.slice(2).split('/').map(unescapePointer);
      response = this.resolve(file, responsePointer) as Json;
    }
    const content = (response.content ?? {}) as Record<string, Json>;
    const mediaType = Object.keys(content).find((type) => type.includes('json') && content[type]?.schema !== undefined);
    if (mediaType === undefined) {
      const problems =
        status === 204 && body !== '' ? [`a 204 answer must have an empty body, got ${body.slice(0, 80)}`] : [];
      return { declared: true, validated: false, problems };
    }
    return {
      declared: true,
      validated: true,
      problems: this.validateAt(file, [...responsePointer, 'content', mediaType, 'schema'], body),
    };
  }

  /** Validates a body against a schema named by a pointer into one file, e.g. `['components','schemas','Errors']`. */
  validateAt(file: SpecFile, pointer: string[], body: string): string[] {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return [`the body is not JSON: ${body.slice(0, 80)}`];
    }
    return this.validateValue(file, pointer, value);
  }

  validateValue(file: SpecFile, pointer: string[], value: unknown): string[] {
    const ref = `${file}#/${pointer.map((part) => encodeURIComponent(escapePointer(part))).join('/')}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`,
    );
  }

  private doc(file: SpecFile): Json {
    const doc = this.docs.get(file);
    if (!doc) throw new Error(`Unknown spec file ${file}.`);
    return doc;
  }

  private resolve(file: SpecFile, pointer: string[]): unknown {
    let node: unknown = this.doc(file);
    for (const part of pointer) node = (node as Json | undefined)?.[part];
    if (node === undefined) throw new Error(`${file} has nothing at #/${pointer.join('/')}`);
    return node;
  }
}

function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Patches every schema of a document: components, and the schemas inside paths and responses. */
function patchDocument(doc: Json, closedObjects: boolean): void {
  const components = (doc.components ?? {}) as Json;
  for (const schema of Object.values((components.schemas ?? {}) as Json)) patchSchema(schema, closedObjects, false);
  const patchContent = (holder: unknown) => {
    const content = (holder as Json | undefined)?.content as Record<string, Json> | undefined;
    for (const media of Object.values(content ?? {}))
      if (media.schema !== undefined) patchSchema(media.schema, closedObjects, false);
  };
  for (const response of Object.values((components.responses ?? {}) as Json)) patchContent(response);
  for (const body of Object.values((components.requestBodies ?? {}) as Json)) patchContent(body);
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      for (const response of Object.values((operation.responses ?? {}) as Json)) patchContent(response);
      patchContent(operation.requestBody);
    }
  }
}

function patchSchema(node: unknown, closedObjects: boolean, inAllOf: boolean): void {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const schema = node as Json;
  if (typeof schema.$ref === 'string') {
    for (const key of Object.keys(schema)) if (key !== '$ref') delete schema[key];
    return;
  }
  delete schema.discriminator;
  delete schema.default;
  if (typeof schema.pattern === 'string') schema.pattern = schema.pattern.trim();

  for (const key of ['properties', 'patternProperties']) {
    for (const child of Object.values((schema[key] ?? {}) as Json)) patchSchema(child, closedObjects, false);
  }
  for (const key of ['items', 'additionalProperties', 'not']) patchSchema(schema[key], closedObjects, false);
  for (const key of ['oneOf', 'anyOf'])
    for (const child of (schema[key] ?? []) as unknown[]) patchSchema(child, closedObjects, false);
  for (const child of (schema.allOf ?? []) as unknown[]) patchSchema(child, closedObjects, true);

  if (
    closedObjects &&
    !inAllOf &&
    schema.properties !== undefined &&
    schema.additionalProperties === undefined &&
    schema.allOf === undefined
  ) {
    schema.additionalProperties = false;
  }
  if (schema.nullable === true) {
    if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
    if (schema.type === undefined) {
      const rest = { ...schema };
      delete rest.nullable;
      for (const key of Object.keys(schema)) delete schema[key];
      schema.anyOf = [rest, { type: 'null' }];
      return;
    }
  }
  delete schema.nullable;
}
