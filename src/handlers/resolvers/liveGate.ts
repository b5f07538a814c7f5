/**
 * The resolvers' side of "live needs a fresh test" (rules in src/domain/liveGate.ts): find the test run that
 * vouches for a definition, quote it for the confirmation, and refuse to go live without a confirmation of it.
 * Every resolver that can make a scheme act live goes through `requireFreshTest`, so the page is not the only guard.
 */
import type { LiveReview } from '../../contract';
import {
  definitionFingerprint,
  freshTestProblem,
  quoteTestRun,
  type QuoteTally,
  type TestRunQuote,
} from '../../domain/liveGate';
import type { ActionType, Scheme } from '../../domain/scheme';
import type { UserOutcome } from '../../domain/run';
import type { EngineDeps } from '../../engine/ports';
import type { RunRecord } from '../../engine/records';
import { BULK_SCHEME_ID } from '../../engine/startRun';
import { RefusedError } from './define';
import { readAllOutcomes, toSummary } from './runViews';

/** How far back in a scheme's history a matching test run is looked for. */
const RUNS_LOOKED_AT = 25;

export type LiveConfirmation = { testRunId: string; fingerprint: string };

/**
 * The newest test run of this definition (the scheme's own, or an editor preview of the same definition), else
 * the scheme's newest test run (to say what changed), else none.
 */
async function latestTestRun(
  deps: EngineDeps,
  schemeId: string,
  fingerprint: string,
  storedFingerprint?: string,
): Promise<RunRecord | undefined> {
  const [own, previews] = await Promise.all([
    deps.runs.listRuns({ schemeId, limit: RUNS_LOOKED_AT }),
    deps.runs.listRuns({ schemeId: BULK_SCHEME_ID, limit: RUNS_LOOKED_AT }),
  ]);
  const tests = [...own.runs, ...previews.runs]
    .filter((run) => run.plan.mode === 'test')
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const of = (wanted: string | undefined) => tests.filter((run) => wanted && run.fingerprint === wanted);
  const matching = of(fingerprint);
  // No test of this definition: the newest test of the stored one (the page then says the definition changed).
  return (
    matching.find((run) => run.state === 'done') ??
    matching[0] ??
    of(storedFingerprint)[0] ??
    own.runs.find((run) => run.plan.mode === 'test')
  );
}

/** Group names per action, as the confirmation names them (removeAccess: the access groups the run used). */
async function actionGroupNames(deps: EngineDeps, scheme: Scheme, run: RunRecord) {
  const names: Partial<Record<ActionType, string[]>> = {};
  for (const action of scheme.actions) if ('groups' in action) names[action.type] = action.groups;
  if (scheme.actions.some((action) => action.type === 'removeAccess')) {
    const groups = await (await deps.directory()).listAllGroups();
    names.removeAccess = run.plan.accessGroupIds.map((id) => groups.find((group) => group.id === id)?.name ?? id);
  }
  return names;
}

/**
 * `outcomes`: the users to quote, when not the run's own (a bulk action's selection). Otherwise the counts the run
 * kept (src/engine/runTallies.ts): the quote names the first users and links the rest (the run's page), so it reads
 * one record whatever the run's size. Only runs stored before those counts read their batches.
 */
export async function quoteRun(
  deps: EngineDeps,
  scheme: Scheme,
  run: RunRecord,
  outcomes?: UserOutcome[] | QuoteTally,
): Promise<TestRunQuote> {
  return quoteTestRun({
    runId: run.id,
    finishedAt: run.finishedAt,
    actions: scheme.actions.map((action) => ({
      type: action.type,
      ...(action.type === 'notify' ? { graceDays: action.graceDays } : {}),
      ...(action.type === 'deactivate' && action.deleteAfterDays ? { deleteAfterDays: action.deleteAfterDays } : {}),
      ...(action.type === 'removeAccess' && action.offerRestore ? { offerRestore: true } : {}),
    })),
    actionGroups: await actionGroupNames(deps, scheme, run),
    outcomes: outcomes ?? runQuoteTally(run) ?? (await readAllOutcomes(deps, run.id)),
  });
}

/** The run's kept counts as a quote's, when it has them. */
export function runQuoteTally(run: RunRecord): QuoteTally | undefined {
  return run.acting ? { ...run.acting, exempt: run.counts.exempt } : undefined;
}

/**
 * What going live with `scheme` needs and what its test run says. `testRunId` names the run to quote (the
 * editor's test of a draft); without it, the stored scheme's own runs are looked at.
 */
export async function reviewLive(
  deps: EngineDeps,
  scheme: Scheme,
  opts: { schemeId?: string; testRunId?: string; needed: boolean; storedFingerprint?: string },
): Promise<LiveReview> {
  const fingerprint = definitionFingerprint(scheme);
  const { freshTestHours } = await deps.settings.get();
  const maxUsersPerRun = scheme.limits.maxUsersPerRun;
  if (!opts.needed)
    return { fingerprint, needed: false, problem: null, testRun: null, quote: null, freshTestHours, maxUsersPerRun };
  const named = opts.testRunId ? await deps.runs.getRun(opts.testRunId) : undefined;
  const fromHistory = opts.schemeId
    ? await latestTestRun(deps, opts.schemeId, fingerprint, opts.storedFingerprint)
    : undefined;
  // The named run if it vouches; else the scheme's own matching run (a test from the list works for the editor too).
  const candidates = [named, fromHistory].filter((run): run is RunRecord => run !== undefined);
  const vouching = candidates.find((run) => freshTestProblem(run, fingerprint, deps.now(), freshTestHours) === null);
  const run = vouching ?? candidates[0];
  const problem = freshTestProblem(run, fingerprint, deps.now(), freshTestHours);
  return {
    fingerprint,
    needed: opts.needed,
    problem,
    testRun: run ? toSummary(run) : null,
    quote: run && problem === null ? await quoteRun(deps, scheme, run) : null,
    freshTestHours,
    maxUsersPerRun,
  };
}

/**
 * Refuses (and so changes nothing) unless `confirm` names a fresh test run of exactly this definition, and the
 * fingerprint the admin confirmed is this definition's: a confirmation given for an older draft does not carry over.
 */
export async function requireFreshTest(
  deps: EngineDeps,
  scheme: Scheme,
  confirm: LiveConfirmation | undefined,
  opts: { schemeId?: string; what: string; storedFingerprint?: string },
): Promise<RunRecord> {
  const fingerprint = definitionFingerprint(scheme);
  const { freshTestHours } = await deps.settings.get();
  if (!confirm) {
    const latest = opts.schemeId
      ? await latestTestRun(deps, opts.schemeId, fingerprint, opts.storedFingerprint)
      : undefined;
    const problem = freshTestProblem(latest, fingerprint, deps.now(), freshTestHours);
    throw new RefusedError(
      problem
        ? { code: 'TEST_RUN_REQUIRED', message: `"${scheme.name}" cannot ${opts.what} yet. ${problem}` }
        : {
            code: 'CONFIRMATION_REQUIRED',
            message: `"${scheme.name}" will change users on the site when it ${opts.what === 'run live' ? 'runs' : 'goes live'}. Review what its test run found and confirm it explicitly.`,
          },
    );
  }
  if (confirm.fingerprint !== fingerprint) {
    throw new RefusedError({
      code: 'CONFIRMATION_REQUIRED',
      message: `"${scheme.name}" changed after the confirmation you gave (its filter, exemptions or actions differ): review it again and confirm what it does now.`,
    });
  }
  const testRun = await deps.runs.getRun(confirm.testRunId);
  const problem = freshTestProblem(testRun, fingerprint, deps.now(), freshTestHours);
  if (problem || !testRun) {
    throw new RefusedError({
      code: 'TEST_RUN_REQUIRED',
      message: `"${scheme.name}" cannot ${opts.what} yet. ${problem ?? 'Its test run no longer exists.'}`,
    });
  }
  return testRun;
}

/** Whether saving `after` over `before` makes something new act live (and so needs a fresh test). */
export function savingNeedsTest(before: Scheme | undefined, after: Scheme): boolean {
  if (after.mode !== 'live') return false;
  if (!before || before.mode !== 'live') return true;
  if (definitionFingerprint(before) !== definitionFingerprint(after)) return true;
  return after.enabled && !before.enabled;
}
