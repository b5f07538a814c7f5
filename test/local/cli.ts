/**
 * The local CLI: generate site files, run schemes through the app's real handlers against a simulated site,
 * simulate months of scheduled runs, and measure cost. Other tools drive it, so its flags, exit codes
 * (0 done, 1 bad input or a failed command, 2 usage) and `--out` files are a contract.
 *
 *   npm run local -- <command> [flags]      npm start  (= demo)
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { bench, demo, generate, run, simulate, undo, type Output } from './cli/commands';
import { benchPages } from './cli/benchPages';
import { CliError, parseFaults, parseWholeNumber, type Faults } from './cli/inputs';
import { redact } from '../../src/domain/redact';

export const USAGE = `Usage: npm run local -- <command> [flags]

Commands:
  generate --users N [--seed S] [--now ISO] [--out SITE.json]
      Writes a generated site file (to stdout without --out). Same seed, same site.
  run --site SITE.json --scheme SCHEME.json [--mode test|live] [--out REPORT.json] [--site-out SITE.json]
      [--faults 429=0.2,5xx=0.05,write5xx=0.01,slow=0.1,slowMs=200,duplicate=0.3,reorder=1,seed=3] [--state DIR]
      One run (mode: --mode, else the scheme's), on the site's clock. --out writes the run report as JSON;
      --site-out writes the site as the run left it. --state DIR keeps the app's storage and the site in DIR
      between commands (the first command starts from --site; later ones continue the kept site).
  undo --state DIR --run RUN_ID|last [--users a,b] [--out REPORT.json] [--site-out SITE.json] [--faults ...]
      Undoes a live run kept in DIR (last: the newest live run), whole or for these users (account ids or
      emails): groups added back, suspensions lifted, accounts re-enabled, pending deletions cancelled. The
      undo is a run of its own; --out writes its report (the run report's shape).
  simulate --site SITE.json --schemes A.json,B.json --days N [--out RUNS.json] [--site-out SITE.json] [--faults ...]
      Saves the schemes (each needs a schedule) and lets N days pass on a virtual clock: the scheduler trigger
      fires once an hour (the app declares it fiveMinute; hourly ticks are enough for schedules of days and keep
      a long simulation fast), daily-housekeeping once a day. Prints one line per finished run; --out writes
      every run's report.
  bench --users N [--seed S] [--test-only] [--site SITE.json]
      Generates a site (or reads --site), does a test run and a live run (inactive for 90 days, removeAccess; on a
      site of more than 150,000 users, the highest safety limit, inactive for a year) under Forge's quotas
      and prints one JSON line of metrics; each run has virtualMinutes (platform time, start to done), KVS read
      and write units, kvsThrottled (429s met), queueEventsPerMinuteMax and acted. The per-1000-users ratios are
      of the live run; test* ones of the test run. --test-only skips the live run.
  bench-pages [--users N] [--seed S] [--days D] [--run-every R]
      Builds a year-old installation (D days of daily snapshots, default 365; a test run every R days of the last
      90, default 7; then a live run) on a site of N users (default 100000), opens each tab and run page as the
      admin page does and prints one JSON line: per page, kvsReadUnits, resolverCalls and ms.
  demo [--users N] [--seed S] [--port N] [--report-only] [--fresh]   (state kept in .local/demo)
      A generated site of 300 users, the scheme "Inactive for 90 days" in test mode, its latest test run as a
      table (a start adds no run once there is one). Then serves the admin page of that site at
      http://127.0.0.1:<port> (default PORT or 8080) until Ctrl-C; a taken port is an error before anything
      else. --report-only stops after the report. --users and --seed shape a new site: with a saved one they
      are ignored (it says so); --fresh builds a new one.

  run, undo, simulate and bench take --admin-rate N (the Admin API's limit per minute; default 500, a guess:
      Atlassian publishes none) and --no-retry-after (429s without Retry-After, as the spec allows).
  run and simulate take --fields FIELDS.csv: custom user fields defined and imported through the app first
      (header "email,Contract end date:date,Team:choice"; a column's type after a colon, text without one).
  run and simulate take --settings SETTINGS.json: a JSON object of Settings values saved through the app first,
      e.g. { "billing": { "model": "collection", "cycle": "monthly", "nextBillingDate": "2026-12-10",
      "pricePerSeat": 6.05, "currency": "USD" } }; unknown keys are refused, naming the key.
Common flags: --verbose (print the app's log lines to stderr), --help.
`;

const COMMON = { verbose: { type: 'boolean' }, help: { type: 'boolean' } } as const;
/** How the site's Admin API limits calls: `--admin-rate N` a minute, `--no-retry-after`. */
const LIMITS_FLAGS = { 'admin-rate': { type: 'string' }, 'no-retry-after': { type: 'boolean' } } as const;
/** What `run` and `simulate` both take: a site file in, reports and the site out, faults and custom field values. */
const SITE_RUN = {
  ...COMMON,
  ...LIMITS_FLAGS,
  site: { type: 'string' },
  out: { type: 'string' },
  'site-out': { type: 'string' },
  faults: { type: 'string' },
  fields: { type: 'string' },
  settings: { type: 'string' },
} as const;
const FLAGS = {
  generate: {
    ...COMMON,
    users: { type: 'string' },
    seed: { type: 'string' },
    now: { type: 'string' },
    out: { type: 'string' },
  },
  run: { ...SITE_RUN, scheme: { type: 'string' }, mode: { type: 'string' }, state: { type: 'string' } },
  undo: {
    ...COMMON,
    state: { type: 'string' },
    run: { type: 'string' },
    users: { type: 'string' },
    out: { type: 'string' },
    'site-out': { type: 'string' },
    faults: { type: 'string' },
    ...LIMITS_FLAGS,
  },
  simulate: { ...SITE_RUN, schemes: { type: 'string' }, days: { type: 'string' } },
  bench: {
    ...COMMON,
    ...LIMITS_FLAGS,
    users: { type: 'string' },
    seed: { type: 'string' },
    site: { type: 'string' },
    'test-only': { type: 'boolean' },
  },
  'bench-pages': {
    ...COMMON,
    users: { type: 'string' },
    seed: { type: 'string' },
    days: { type: 'string' },
    'run-every': { type: 'string' },
  },
  demo: {
    ...COMMON,
    users: { type: 'string' },
    seed: { type: 'string' },
    port: { type: 'string' },
    'report-only': { type: 'boolean' },
    fresh: { type: 'boolean' },
  },
} as const;

type Command = keyof typeof FLAGS;

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new CliError(`--${flag} is required.`, 2);
  return value;
}

function mode(value: string | undefined): 'test' | 'live' | undefined {
  if (value === undefined || value === 'test' || value === 'live') return value;
  throw new CliError(`--mode must be test or live, got '${value}'.`, 2);
}

/** `--faults`, with the site's limits (`--admin-rate`, `--no-retry-after`) beside them. */
function conditions(values: Record<string, string | boolean | undefined>): Faults | undefined {
  const spec = values.faults as string | undefined;
  const rate = values['admin-rate'] as string | undefined;
  const chosen: Faults = {
    ...(spec === undefined ? {} : parseFaults(spec)),
    ...(rate !== undefined ? { adminRatePerMinute: parseWholeNumber('--admin-rate', rate, undefined, 1) } : {}),
    ...(values['no-retry-after'] === true ? { retryAfter: false } : {}),
  };
  return Object.keys(chosen).length > 0 ? chosen : undefined;
}

export async function main(
  argv: string[],
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (!(command in FLAGS)) return usageError(`Unknown command '${command}'.`);
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: rest, options: FLAGS[command as Command], strict: true, allowPositionals: false })
      .values as Record<string, string | boolean | undefined>;
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const str = (name: string) => values[name] as string | undefined;
  // Every line the CLI prints passes the app's one redaction step: no key or token is ever quoted.
  const output: Output = {
    out: (line) => out(redact(line)),
    ...(values.verbose ? { appLog: (line: string) => void process.stderr.write(`[app] ${redact(line)}\n`) } : {}),
  };
  try {
    switch (command as Command) {
      case 'generate':
        generate(
          {
            users: parseWholeNumber('--users', str('users')),
            seed: parseWholeNumber('--seed', str('seed'), 1),
            ...(str('now') ? { now: str('now') } : {}),
            ...(str('out') ? { out: str('out') } : {}),
          },
          output,
        );
        break;
      case 'run': {
        const chosenMode = mode(str('mode'));
        const chosenFaults = conditions(values);
        await run(
          {
            ...(str('state') ? { state: str('state') } : { site: required('site', str('site')) }),
            ...(str('state') && str('site') ? { site: str('site') } : {}),
            scheme: required('scheme', str('scheme')),
            ...(chosenMode ? { mode: chosenMode } : {}),
            ...(str('out') ? { out: str('out') } : {}),
            ...(str('site-out') ? { siteOut: str('site-out') } : {}),
            ...(chosenFaults ? { faults: chosenFaults } : {}),
            ...(str('fields') ? { fields: str('fields') } : {}),
            ...(str('settings') ? { settings: str('settings') } : {}),
          },
          output,
        );
        break;
      }
      case 'undo': {
        const chosenFaults = conditions(values);
        const users = str('users')
          ?.split(',')
          .map((user) => user.trim())
          .filter(Boolean);
        await undo(
          {
            state: required('state', str('state')),
            run: required('run', str('run')),
            ...(users && users.length > 0 ? { users } : {}),
            ...(str('out') ? { out: str('out') } : {}),
            ...(str('site-out') ? { siteOut: str('site-out') } : {}),
            ...(chosenFaults ? { faults: chosenFaults } : {}),
          },
          output,
        );
        break;
      }
      case 'simulate': {
        const chosenFaults = conditions(values);
        const schemes = required('schemes', str('schemes'))
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
        await simulate(
          {
            site: required('site', str('site')),
            schemes,
            days: parseWholeNumber('--days', str('days'), undefined, 1),
            ...(str('out') ? { out: str('out') } : {}),
            ...(str('site-out') ? { siteOut: str('site-out') } : {}),
            ...(chosenFaults ? { faults: chosenFaults } : {}),
            ...(str('fields') ? { fields: str('fields') } : {}),
            ...(str('settings') ? { settings: str('settings') } : {}),
          },
          output,
        );
        break;
      }
      case 'bench':
        await bench(
          {
            // With --site the file says how many users there are.
            users: str('site') && !str('users') ? 0 : parseWholeNumber('--users', str('users'), undefined, 1),
            seed: parseWholeNumber('--seed', str('seed'), 7),
            ...(values['test-only'] === true ? { testOnly: true } : {}),
            ...(str('site') ? { site: str('site') } : {}),
            ...(conditions(values) ? { conditions: conditions(values)! } : {}),
          },
          output,
        );
        break;
      case 'bench-pages':
        await benchPages(
          {
            users: parseWholeNumber('--users', str('users'), 100_000, 1),
            seed: parseWholeNumber('--seed', str('seed'), 7),
            days: parseWholeNumber('--days', str('days'), 365, 1),
            runEvery: parseWholeNumber('--run-every', str('run-every'), 7, 1),
          },
          output,
        );
        break;
      case 'demo':
        await demo(
          {
            ...(str('users') !== undefined ? { users: parseWholeNumber('--users', str('users'), undefined, 1) } : {}),
            ...(str('seed') !== undefined ? { seed: parseWholeNumber('--seed', str('seed')) } : {}),
            stateDir: DEMO_STATE_DIR,
            fresh: values.fresh === true,
            ...(values['report-only']
              ? {}
              : {
                  preview: {
                    port: parseWholeNumber('--port', str('port') ?? process.env.PORT, 8080),
                    untilStopped: untilInterrupted,
                  },
                }),
          },
          output,
        );
        break;
    }
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      if (error.exitCode === 2) return usageError(error.message);
      process.stderr.write(`${redact(error.message)}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** `npm start` keeps its local installation here (git-ignored), so it keeps its state between commands. */
const DEMO_STATE_DIR = path.join(process.cwd(), '.local', 'demo');

/** Resolves on the first Ctrl-C (or SIGTERM), so a long-running command can shut down cleanly. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function usageError(message: string): number {
  process.stderr.write(`${redact(message)}\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        redact(
          `The CLI failed unexpectedly (a bug in the app or the local platform):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        ),
      );
      process.exitCode = 1;
    },
  );
}
