/**
 * The CLI's commands. Each drives the app only as Confluence would (resolvers as the site admin, queue
 * deliveries, scheduled triggers) through a LocalSite, and prints for people on stdout; `--out` files are
 * the machine-readable contract. Each command lives in its own file; this index keeps one import path for them.
 */
export { DEMO_SCHEME } from './demoScheme';
export { runOnce, type Output } from './session';
export { generate } from './generate';
export { run } from './run';
export { undo } from './undo';
export { simulate } from './simulate';
export { bench, BENCH_QUOTAS, benchScheme, type BenchResult, type BenchRun, type BenchScheme } from './bench';
export { demo, DEMO_DEFAULTS, type DemoOptions } from './demo';
