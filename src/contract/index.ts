/**
 * The contract between the admin page and the backend: resolver names, payload schemas (validated on every
 * call) and answer shapes, one file per topic. The page and the resolvers both import this module, so they cannot
 * drift apart. `resolvers.ts` is the one index of names; each topic file holds its payloads and answers.
 */
// The schemas are built in `/* @__PURE__ */` closures so that the page's bundler, which needs only the names and
// types, can drop them and zod with them (the page validates nothing; `npm run bundle` fails if zod returns).
import type { z } from 'zod';
import { auditPayloads } from './audit';
import { bulkPayloads } from './bulk';
import { fieldPayloads } from './fields';
import { overviewPayloads } from './overview';
import type { ResolverName } from './resolvers';
import { runPayloads } from './runs';
import { schemePayloads } from './schemes';
import { settingsPayloads } from './settings';

export * from './audit';
export * from './bulk';
export * from './fields';
export * from './ids';
export * from './overview';
export * from './resolvers';
export * from './runs';
export * from './schemes';
export * from './settings';

/** Every resolver's payload schema, by resolver name. */
export const payloads = /* @__PURE__ */ (() => ({
  ...overviewPayloads,
  ...settingsPayloads,
  ...schemePayloads,
  ...bulkPayloads,
  ...runPayloads,
  ...auditPayloads,
  ...fieldPayloads,
}))();

export type Payload<N extends ResolverName> = z.input<(typeof payloads)[N]>;
