/**
 * Run reports as the CLI writes them (the `--out` contract other tools read) and the metrics of one run,
 * measured as deltas of the local platform's counters so the work of saving a scheme is not counted.
 */
import { performance } from 'node:perf_hooks';
import type { RunDetail } from '../../../src/contract';
import type { RunCounts } from '../../../src/domain/run';
import { billingSentence, describeSeat, seatFacts, type BillingSummary } from '../../../src/domain/billing';
import type { LocalSite } from '../localSite';
import type { HeapProbeReport } from '../heapProbe';

export interface RunMetrics {
  apiCalls: { total: number; byEndpoint: Record<string, number> };
  /** Admin API calls counted against its limit (all but last-active dates), and how many it refused with 429. */
  adminApi: { calls: number; throttled: number };
  /** KVS read and write quota units (10 KB or part of it, per key), as kvsReadUnits / kvsWriteUnits. */
  kvsReads: number;
  kvsWrites: number;
  kvsReadUnits: number;
  kvsWriteUnits: number;
  /** KVS requests refused with 429 RATE_LIMIT_EXCEEDED (over 4,000 units a minute or 1,000 requests a second). */
  kvsThrottled: number;
  /** The most queue events pushed in one minute of platform time (Forge allows 500). */
  queueEventsPerMinuteMax: number;
  /** Pushes refused: over 500 events a minute (429), or past 1,000 pushes in one invocation tree (405). */
  queuePushesThrottled: number;
  queueChainCuts: number;
  /** The most pushes one tree of invocations made (Forge cuts a tree at 1,000). */
  queuePushesPerTreeMax: number;
  queueEvents: number;
  invocations: number;
  maxInvocationMs: number;
  retries: number;
  /** The heap each invocation needed (Forge gives a function 512 MB): only when the runtime measures it (bench). */
  invocationHeap?: HeapProbeReport;
}

export interface RunReport {
  runId: string;
  scheme: string;
  trigger: string;
  mode: 'test' | 'live';
  status: string;
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
  /**
   * `seat`: what held the user's seat as the scan saw it ("group confluence-users"); absent in runs before it.
   * `lastActiveAnywhere` and `heldByIdentityProvider` when the run knows them (issue 16). All optional.
   */
  users: Array<{
    accountId: string;
    outcome: string;
    actions: string[];
    reason: string;
    seat?: string;
    lastActiveAnywhere?: string | null;
    heldByIdentityProvider?: string[];
  }>;
  /** What the run saves on the bill, when the app's Settings have billing (issue 18); `sentence` says it. */
  billing?: BillingSummary & { sentence: string };
  metrics?: RunMetrics;
}

export function toRunReport(detail: RunDetail, metrics?: RunMetrics): RunReport {
  return {
    runId: detail.id,
    scheme: detail.schemeName,
    trigger: detail.trigger,
    mode: detail.mode,
    status: detail.state,
    reason: detail.reason,
    startedAt: detail.startedAt,
    finishedAt: detail.finishedAt,
    counts: detail.counts,
    users: detail.users.map(
      ({ accountId, outcome, actions, reason, seat, lastActiveAnywhere, heldByIdentityProvider }) => ({
        accountId,
        outcome,
        actions,
        reason,
        ...(seat ? { seat: describeSeat(seatFacts(seat)) } : {}),
        ...(lastActiveAnywhere !== undefined ? { lastActiveAnywhere } : {}),
        ...(heldByIdentityProvider ? { heldByIdentityProvider } : {}),
      }),
    ),
    ...(detail.billing
      ? { billing: { ...detail.billing, sentence: billingSentence(detail.billing, detail.mode) } }
      : {}),
    ...(metrics ? { metrics } : {}),
  };
}

/** Starts counting at construction; `read()` gives what happened since. */
export class MetricsWindow {
  private readonly requestsBefore: number;
  private readonly queueBefore: { deliveries: number; retries: number };
  private readonly invocationsBefore: number;
  private readonly pushRefusalsBefore: { throttled: number; cuts: number };
  private readonly startedAt = performance.now();

  constructor(private readonly local: LocalSite) {
    this.requestsBefore = local.site.requestLog.length;
    this.queueBefore = {
      deliveries: local.forge.queues.metrics.deliveries,
      retries: local.forge.queues.metrics.retries,
    };
    this.invocationsBefore = local.forge.metrics.invocations;
    const queues = local.forge.queues.metrics;
    this.pushRefusalsBefore = { throttled: queues.throttledPushes, cuts: queues.chainCuts };
    queues.eventsPerMinuteMax = 0;
    queues.longestTree = 0;
    local.kvs.resetMetrics();
    // The runtime keeps one running maximum; restarting it is the only way to see this run's alone.
    local.forge.metrics.maxInvocationMs = 0;
    local.forge.heapProbe?.reset();
  }

  /** Real milliseconds since the window opened (`Date` reads the virtual clock while the runtime is installed). */
  wallMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  read(): RunMetrics {
    const byEndpoint: Record<string, number> = {};
    const adminApi = { calls: 0, throttled: 0 };
    const log = this.local.site.requestLog;
    for (let index = this.requestsBefore; index < log.length; index += 1) {
      const operation = log[index]?.operation ?? 'unknown';
      byEndpoint[operation] = (byEndpoint[operation] ?? 0) + 1;
      if (operation.startsWith('admin.') && operation !== 'admin.getLastActiveDates') {
        adminApi.calls += 1;
        if (log[index]?.status === 429) adminApi.throttled += 1;
      }
    }
    const queues = this.local.forge.queues.metrics;
    return {
      apiCalls: { total: log.length - this.requestsBefore, byEndpoint: sortByCount(byEndpoint) },
      adminApi,
      kvsReads: this.local.kvs.metrics.reads,
      kvsWrites: this.local.kvs.metrics.writes,
      kvsReadUnits: this.local.kvs.metrics.reads,
      kvsWriteUnits: this.local.kvs.metrics.writes,
      kvsThrottled: this.local.kvs.metrics.throttled,
      queueEventsPerMinuteMax: queues.eventsPerMinuteMax,
      queuePushesThrottled: queues.throttledPushes - this.pushRefusalsBefore.throttled,
      queueChainCuts: queues.chainCuts - this.pushRefusalsBefore.cuts,
      queuePushesPerTreeMax: queues.longestTree,
      queueEvents: queues.deliveries - this.queueBefore.deliveries,
      invocations: this.local.forge.metrics.invocations - this.invocationsBefore,
      maxInvocationMs: Math.round(this.local.forge.metrics.maxInvocationMs),
      retries: queues.retries - this.queueBefore.retries,
      ...(this.local.forge.heapProbe ? { invocationHeap: this.local.forge.heapProbe.report() } : {}),
    };
  }
}

function sortByCount(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

export function formatCounts(counts: RunCounts): string {
  return (['scanned', 'matched', 'exempt', 'planned', 'done', 'skipped', 'failed'] as const)
    .map((key) => `${key} ${counts[key]}`)
    .join(', ');
}

/** A few lines for a person reading the terminal. */
export function formatSummary(report: RunReport): string {
  const lines = [
    `Run ${report.runId} of "${report.scheme}" (${report.mode} mode, ${report.trigger}): ${report.status}${report.reason ? ` (${report.reason})` : ''}`,
    `  ${formatCounts(report.counts)}`,
  ];
  if (report.billing) lines.push(`  ${report.billing.sentence}`);
  if (report.metrics) {
    const m = report.metrics;
    lines.push(
      `  API calls ${m.apiCalls.total}, KVS read units ${m.kvsReadUnits} / write units ${m.kvsWriteUnits} ` +
        `(${m.kvsThrottled} throttled), queue events ${m.queueEvents} (at most ${m.queueEventsPerMinuteMax} a minute), ` +
        `invocations ${m.invocations} (longest ${m.maxInvocationMs} ms), retries ${m.retries}`,
    );
  }
  return lines.join('\n');
}

/** The matched users as an aligned table, for `demo`. */
export function formatUserTable(detail: RunDetail, limit = 40): string {
  const header = ['Name', 'Email', 'Last active', 'Outcome', 'Reason'];
  const rows = detail.users
    .slice(0, limit)
    .map((user) => [
      user.name,
      user.email ?? '-',
      user.lastActive ? user.lastActive.slice(0, 10) : 'never',
      user.outcome,
      user.reason,
    ]);
  const widths = header.map((title, column) =>
    Math.min(40, Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => truncate(cell, widths[column] ?? 0).padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
  if (detail.users.length > limit) out.push(`... and ${detail.users.length - limit} more`);
  return out.join('\n');
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
