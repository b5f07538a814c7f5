/**
 * Reads manifest.yml into what the local runtime needs: which exported handler each function key names,
 * its time budget, which function consumes each queue, the triggers, the resolver, egress and entities.
 * The runtime only runs what the manifest declares, as Forge does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Forge's defaults: resolvers (UI calls) get 25 s, other functions 55 s unless `timeoutSeconds` says more. */
export const RESOLVER_TIMEOUT_SECONDS = 25;
export const DEFAULT_TIMEOUT_SECONDS = 55;

export interface FunctionDeclaration {
  key: string;
  /** `index.runWorker` → file `src/index`, export `runWorker`. */
  file: string;
  exportName: string;
  timeoutSeconds: number;
}

export interface EntityDeclaration {
  name: string;
  attributes: Record<string, { type: 'string' | 'integer' | 'float' | 'boolean' | 'any' }>;
  indexes?: Array<string | { name: string; range: string[]; partition?: string[] }>;
}

export interface LocalManifest {
  appId: string;
  functions: Map<string, FunctionDeclaration>;
  /** queue key → consumer function key */
  consumers: Map<string, string>;
  /** trigger module key → { function key, interval } */
  scheduledTriggers: Map<string, { functionKey: string; interval: string }>;
  /** web trigger module key → function key */
  webTriggers: Map<string, string>;
  /** admin page module key → resolver function key */
  resolvers: Map<string, string>;
  egressAddresses: string[];
  scopes: string[];
  entities: EntityDeclaration[];
}

interface RawManifest {
  app: { id: string; storage?: { entities?: EntityDeclaration[] } };
  modules: {
    function?: Array<{ key: string; handler: string; timeoutSeconds?: number }>;
    consumer?: Array<{ key: string; queue: string; function: string }>;
    scheduledTrigger?: Array<{ key: string; function: string; interval: string }>;
    webtrigger?: Array<{ key: string; function: string }>;
    [moduleType: string]: unknown;
  };
  permissions?: { scopes?: string[]; external?: { fetch?: { backend?: Array<string | { address: string }> } } };
}

export function loadManifest(file = path.join(REPO_ROOT, 'manifest.yml')): LocalManifest {
  const raw = parse(readFileSync(file, 'utf8')) as RawManifest;
  const functions = new Map<string, FunctionDeclaration>();
  for (const fn of raw.modules.function ?? []) {
    const dot = fn.handler.lastIndexOf('.');
    functions.set(fn.key, {
      key: fn.key,
      file: path.join(REPO_ROOT, 'src', fn.handler.slice(0, dot)),
      exportName: fn.handler.slice(dot + 1),
      timeoutSeconds: fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    });
  }
  const resolvers = new Map<string, string>();
  for (const [moduleType, modules] of Object.entries(raw.modules)) {
    if (!Array.isArray(modules) || moduleType === 'function') continue;
    for (const module of modules as Array<{ key: string; resolver?: { function?: string } }>) {
      if (module.resolver?.function) resolvers.set(module.key, module.resolver.function);
    }
  }
  return {
    appId: raw.app.id,
    functions,
    consumers: new Map((raw.modules.consumer ?? []).map((consumer) => [consumer.queue, consumer.function])),
    scheduledTriggers: new Map(
      (raw.modules.scheduledTrigger ?? []).map((trigger) => [
        trigger.key,
        { functionKey: trigger.function, interval: trigger.interval },
      ]),
    ),
    resolvers,
    webTriggers: new Map((raw.modules.webtrigger ?? []).map((trigger) => [trigger.key, trigger.function])),
    egressAddresses: (raw.permissions?.external?.fetch?.backend ?? []).map((entry) =>
      typeof entry === 'string' ? entry : entry.address,
    ),
    scopes: raw.permissions?.scopes ?? [],
    entities: raw.app.storage?.entities ?? [],
  };
}
