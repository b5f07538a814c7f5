// The layering of the app, checked on every `npm test` (test/layers.test.ts) and by hand with
// `npx depcruise src test`. The layers run one way:
//
//   domain → reports → engine → adapters → handlers and frontend → src/index.ts
//
// src/contract/ is the resolvers' contract (payload schemas and answer types): handlers and the frontend both
// import it, and it imports domain and engine types (never adapters, handlers or the frontend), so the page
// sees engine records only as the contract names them. Rules are written by folder, not by file name, so a
// module moving inside its layer (src/domain/scheme/, src/contract/) keeps its rules. Paths are relative to the
// folder the cruise starts in: the repo, or a fixture tree in test/fixtures/layers/ that breaks every rule.

/** Anything of Forge's runtime: the platform's packages, resolved or not. */
const FORGE = '(^|/)node_modules/@forge/|^@forge/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A circle has no bottom: none of its modules can be read, tested or moved without the others, and the ' +
        'layering below stops meaning anything. Type-only imports count: they tie the modules together just as well.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-stands-alone',
      comment:
        'src/domain is the rules of user management as plain functions and types: it runs anywhere (tests, CLI, ' +
        'Forge) and is read without knowing the engine or the platform, so it imports no other layer and no @forge/*.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: ['^src/(?!domain/)', FORGE] },
    },
    {
      name: 'reports-only-domain',
      comment:
        'src/reports turns facts into emails and CSV: given the domain types it needs nothing else, so a report can ' +
        'be rendered (and tested) without a run, a store or a platform.',
      severity: 'error',
      from: { path: '^src/reports/' },
      to: { path: ['^src/(?!domain/|reports/)', FORGE] },
    },
    {
      name: 'engine-through-ports',
      comment:
        'src/engine runs the use cases against its ports (src/engine/ports*): it imports the domain, the reports ' +
        'and itself only, so it runs unchanged on Forge and on the local runtime, and the adapters can be swapped.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: ['^src/(?!domain/|reports/|engine/)', FORGE] },
    },
    {
      name: 'contract-between-page-and-resolvers',
      comment:
        'src/contract is what the page and the resolvers agree on: it may name domain and engine types, but it is ' +
        'bundled into the page too, so it never pulls in adapters, handlers, the frontend or @forge/*.',
      severity: 'error',
      from: { path: '^src/contract' },
      to: { path: ['^src/(adapters|handlers|frontend|index)', FORGE] },
    },
    {
      name: 'adapters-below-handlers',
      comment:
        'src/adapters implement the ports with Forge and the Atlassian APIs; the handlers and the page sit on top of ' +
        'them, so an adapter never imports a handler, the page or the entry point.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(handlers|frontend|index)' },
    },
    {
      name: 'handlers-not-page',
      comment:
        'src/handlers run on the Forge backend and the page runs in the browser: a handler importing the page would ' +
        'bundle UI code into every function.',
      severity: 'error',
      from: { path: '^src/handlers/' },
      to: { path: '^src/(frontend|index)' },
    },
    {
      name: 'forge-only-at-the-edge',
      comment:
        'Only src/adapters and src/handlers (and the page, below) touch the platform: everything else runs on the ' +
        'local runtime and in plain unit tests without Forge.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(adapters|handlers|frontend)/|^src/index\\.ts$' },
      to: { path: FORGE },
    },
    {
      name: 'page-uses-ui-kit-and-bridge',
      comment:
        'The page runs in the browser: of Forge it may use UI Kit (@forge/react) and the bridge to its resolvers ' +
        '(@forge/bridge); the backend packages (@forge/api, @forge/kvs, ...) do not run there.',
      severity: 'error',
      from: { path: '^src/frontend/' },
      to: { path: FORGE, pathNot: '@forge/(react|bridge)(/|$)' },
    },
    {
      name: 'page-not-backend',
      comment:
        'The page reaches the backend only through its resolvers (src/contract names them): importing the engine, ' +
        'the adapters or the handlers would bundle server code into the browser and bypass the checks the resolvers make.',
      severity: 'error',
      from: { path: '^src/frontend/' },
      to: { path: '^src/(engine|adapters|handlers|index)' },
    },
    {
      name: 'src-not-test',
      comment: 'The app ships src only: a module under src importing test/ would ship (or break) the test harness.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    // The rules are about our code: packages are recorded as leaves, not read.
    doNotFollow: { path: 'node_modules' },
    // The fixture tree breaks every rule on purpose; the layer test cruises it on its own.
    exclude: { path: '^test/fixtures/layers/' },
    // Type-only imports are dependencies too (a circle of types is still a circle).
    tsPreCompilationDeps: true,
    // tsconfig.json has no path aliases, so plain resolution with the TypeScript extensions is enough (and
    // faster than reading the tsconfig for every cruise).
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
