/**
 * A whole local installation: a simulated site seeded from a site file, the local KVS and the local Forge
 * runtime running the app's real handlers, on one clock. The CLI and the integration tests drive the app
 * only as Confluence would: resolvers called as a site admin, queue deliveries, scheduled triggers.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { VirtualClock } from './clock';
import { LocalKvs, type KvsQuotaLimits } from './kvs';
import { loadManifest } from './manifest';
import { LocalForge, type RuntimeOptions } from './runtime';
import type { HeapProbe } from './heapProbe';
import type { QueueFaults, QueueQuotas } from './queues';
import { DEFAULT_ORG_API_KEY, SimulatedSite, type ApiKey, type FaultOptions, type SiteFile } from './site';
import { SimulatedPostmark, type SimulatedPostmarkOptions } from './mail';
import type { Answer, LiveReview, RunDetail, RunSummary, SchemeFileAnswer, SchemeSummary } from '../../src/contract';
import type { UserOutcome } from '../../src/domain/run';

export interface LocalSiteOptions {
  siteFile: SiteFile;
  siteFaults?: FaultOptions;
  /** The Admin API's limit per minute (every operation but last-active dates); default the site's 500. */
  adminRatePerMinute?: number;
  /** `false`: 429s without `Retry-After`, as the Admin API spec allows. */
  retryAfter?: boolean;
  queueFaults?: QueueFaults;
  budgetScale?: number;
  concurrency?: number;
  /** Keep the app's storage in this file (e.g. under .local/) so the local installation keeps its state between commands. */
  kvsFile?: string;
  killWhen?: RuntimeOptions['killWhen'];
  throttleKvsWhen?: RuntimeOptions['throttleKvsWhen'];
  /** Where the app's log lines go; default: dropped. */
  log?: (line: string) => void;
  /** Save the org API key in the app's settings (as an admin would). Default true. */
  withApiKey?: boolean;
  /**
   * Forge's platform quotas: KVS (4,000 read and 4,000 write units a minute, 1,000 requests a second) and queues
   * (500 events a minute, 1,000 pushes per invocation tree). On by default, as on Forge; `false` turns both off
   * for a test about something else that needs thousands of platform calls at one instant; an object lowers
   * some limits (a test that wants the quotas to bite on a small site).
   */
  quotas?: false | { kvs?: Partial<KvsQuotaLimits>; queue?: Partial<QueueQuotas> };
  /** The simulated email provider (Postmark) the app's egress reaches; its outbox is `local.mail.outbox`. */
  mail?: Omit<SimulatedPostmarkOptions, 'now'>;
  /** The org API keys the simulated organization accepts (default: one, DEFAULT_ORG_API_KEY). */
  apiKeys?: ApiKey[];
  /** Measure each invocation's heap (bench only: it collects garbage before every invocation). */
  heapProbe?: HeapProbe;
}

export class LocalSite {
  readonly clock: VirtualClock;
  readonly site: SimulatedSite;
  readonly kvs: LocalKvs;
  readonly forge: LocalForge;
  /** Who uses the app's admin page (see chooseAdmin); undefined when the site file has nobody who may. */
  private readonly admin: string | undefined;
  /** The email provider's endpoint: every report and test email the app sends lands in `mail.outbox`. */
  readonly mail: SimulatedPostmark;
  private readonly kvsFile: string | undefined;

  constructor(opts: LocalSiteOptions) {
    this.clock = new VirtualClock(opts.siteFile.now);
    this.kvsFile = opts.kvsFile;
    if (opts.kvsFile) mkdirSync(path.dirname(opts.kvsFile), { recursive: true });
    this.site = SimulatedSite.fromSiteFile(opts.siteFile, {
      clock: this.clock,
      ...(opts.siteFaults ? { faults: opts.siteFaults } : {}),
      ...(opts.adminRatePerMinute !== undefined
        ? { rateLimits: { admin: { limit: opts.adminRatePerMinute, windowSeconds: 60 } } }
        : {}),
      ...(opts.retryAfter !== undefined ? { retryAfter: opts.retryAfter } : {}),
      ...(opts.apiKeys ? { apiKeys: opts.apiKeys } : {}),
    });
    const manifest = loadManifest();
    this.kvs = new LocalKvs({
      now: () => this.clock.now(),
      entities: manifest.entities,
      ...(opts.quotas === false ? { quotas: false as const } : opts.quotas?.kvs ? { quotas: opts.quotas.kvs } : {}),
      ...(opts.kvsFile ? { file: opts.kvsFile } : {}),
    });
    this.forge = new LocalForge({
      kvs: this.kvs,
      site: {
        siteUrl: opts.siteFile.site.url,
        cloudId: opts.siteFile.site.cloudId,
        handle: (request) => this.site.handle(request),
      },
      clock: this.clock,
      manifest,
      ...(opts.budgetScale !== undefined ? { budgetScale: opts.budgetScale } : {}),
      ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
      ...(opts.queueFaults ? { queueFaults: opts.queueFaults } : {}),
      ...(opts.killWhen ? { killWhen: opts.killWhen } : {}),
      ...(opts.throttleKvsWhen ? { throttleKvsWhen: opts.throttleKvsWhen } : {}),
      ...(opts.heapProbe ? { heapProbe: opts.heapProbe } : {}),
      ...(opts.quotas === false
        ? { queueQuotas: false as const }
        : opts.quotas?.queue
          ? { queueQuotas: opts.quotas.queue }
          : {}),
      log: opts.log ?? (() => undefined),
    }).install();
    this.mail = new SimulatedPostmark({ ...opts.mail, now: () => new Date(this.clock.now()) });
    this.forge.addService(this.mail.service);
    this.admin = chooseAdmin(opts.siteFile);
    if (opts.withApiKey !== false)
      this.kvs.handle('/api/v1/secret/set', { key: 'org-api-key', value: DEFAULT_ORG_API_KEY });
  }

  /** The account the CLI and tests call the app as. Throws NoAdminError when the site file has nobody who may. */
  get adminAccountId(): string {
    if (this.admin === undefined) throw new NoAdminError();
    return this.admin;
  }

  /** Whether the site file has someone the app accepts as an admin (a site admin or an active org admin). */
  get hasAdmin(): boolean {
    return this.admin !== undefined;
  }

  close(): void {
    this.persist();
    this.forge.uninstall();
  }

  /** Writes the app's storage to the kvsFile, when there is one. */
  persist(): void {
    if (this.kvsFile) this.kvs.save();
  }

  /** Calls a resolver as the site admin (or another account) and unwraps its answer; throws on `ok: false`. */
  async call<T>(functionKey: string, payload: unknown = {}, accountId = this.adminAccountId): Promise<T> {
    const answer = (await this.forge.invokeResolver(functionKey, payload, { accountId })) as Answer<T>;
    this.persist();
    if (!answer.ok)
      throw Object.assign(new Error(`${functionKey}: ${answer.error.code}: ${answer.error.message}`), {
        answer: answer.error,
      });
    return answer.data;
  }

  /**
   * Saves a scheme as an admin would. A scheme that goes live needs a fresh test run of its definition and a
   * confirmation quoting it (src/domain/liveGate.ts): like the editor, this tests the draft first when needed.
   */
  /** `call`, clicked again (up to 20 times) when Atlassian's answer was the problem, as an admin would. */
  private async callAgain<T>(functionKey: string, payload: unknown): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.call<T>(functionKey, payload);
      } catch (error) {
        const code = (error as { answer?: { code?: string } }).answer?.code;
        if ((code !== 'ATLASSIAN_API' && code !== 'CHECK_FAILED') || attempt >= 20) throw error;
      }
    }
  }

  async saveScheme(scheme: unknown, id?: string): Promise<SchemeSummary> {
    const live = (scheme as { mode?: unknown } | null)?.mode === 'live';
    const review = live ? await this.callAgain<LiveReview>('schemes/review', { scheme, ...(id ? { id } : {}) }) : null;
    const confirm = review?.needed ? await this.confirmation(scheme, review, id, true) : undefined;
    return this.call<SchemeSummary>('schemes/save', { scheme, ...(id ? { id } : {}), ...(confirm ? { confirm } : {}) });
  }

  /** Runs a scheme now; a live run first gets a fresh test of the scheme when it has none, as the page asks. */
  /** Runs a scheme now; a live run goes through the gate as the page does, unless given the confirmation to use. */
  async runNow(
    schemeId: string,
    mode: 'test' | 'live',
    confirm?: { testRunId: string; fingerprint: string },
  ): Promise<RunSummary> {
    if (mode === 'test') return this.call<RunSummary>('schemes/runNow', { id: schemeId, mode });
    return this.call<RunSummary>('schemes/runNow', {
      id: schemeId,
      mode,
      confirm: confirm ?? (await this.liveConfirmation(schemeId)),
    });
  }

  /** What the page has the admin confirm before running a scheme live: its fresh test run (one is run if need be). */
  async liveConfirmation(schemeId: string): Promise<{ testRunId: string; fingerprint: string }> {
    const review = await this.callAgain<LiveReview>('schemes/review', { id: schemeId });
    const file = review.problem ? (await this.callAgain<SchemeFileAnswer>('schemes/get', { id: schemeId })).file : null;
    return this.confirmation(file, review, schemeId, false);
  }

  /**
   * The confirmation of going live: the review's test run when it vouches, else a test of the draft (the editor's
   * preview, which changes nothing and emails no one) run to its end here.
   */
  private async confirmation(
    scheme: unknown,
    review: LiveReview,
    id: string | undefined,
    saving: boolean,
  ): Promise<{ testRunId: string; fingerprint: string }> {
    for (let attempt = 0; review.problem && attempt < 3; attempt += 1) {
      const preview = await this.callAgain<RunSummary>('schemes/preview', { scheme });
      await this.drain();
      review = await this.callAgain<LiveReview>('schemes/review', {
        ...(id ? { id } : {}),
        ...(saving ? { scheme } : {}),
        testRunId: preview.id,
      });
    }
    if (review.problem || !review.testRun)
      throw new Error(`Could not test the scheme before going live: ${review.problem}`);
    return { testRunId: review.testRun.id, fingerprint: review.fingerprint };
  }

  /** Delivers queue events until none is left, skipping idle virtual time. */
  async drain(): Promise<void> {
    await this.forge.drainQueues();
    this.persist();
  }

  /** A run with every matched user, read page by page through the runs/get resolver. */
  async runReport(runId: string): Promise<RunDetail> {
    let detail = await this.call<RunDetail>('runs/get', { runId });
    const users: UserOutcome[] = [...detail.users];
    while (detail.nextBatchCursor) {
      detail = await this.call<RunDetail>('runs/get', { runId, batchCursor: detail.nextBatchCursor });
      users.push(...detail.users);
    }
    return { ...detail, users, nextBatchCursor: null };
  }
}

/**
 * The person using the app, as the app judges admins (src/handlers/resolvers/define.ts): an active user with
 * Confluence access who is a site admin (in a group with `grantsSiteAdmin`), else one who is an org admin
 * (`orgAdmin`, admitted through the Admin API with the org key the local site saves). `grantsSiteAdmin` is optional in the site
 * file and every Atlassian org has an org admin, so a file without site-admin groups still has someone.
 */
function chooseAdmin(siteFile: SiteFile): string | undefined {
  const accessGroups = new Set(
    siteFile.groups.filter((group) => group.grantsConfluenceAccess).map((group) => group.id),
  );
  const adminGroups = new Set(siteFile.groups.filter((group) => group.grantsSiteAdmin).map((group) => group.id));
  // Confluence lets only users with access open its admin pages, an org admin too.
  const canOpen = siteFile.users.filter(
    (user) => user.status === 'active' && user.groups.some((id) => accessGroups.has(id)),
  );
  const siteAdmin = canOpen.find((user) => user.groups.some((id) => adminGroups.has(id)));
  return (siteAdmin ?? canOpen.find((user) => user.orgAdmin))?.accountId;
}

export class NoAdminError extends Error {
  constructor() {
    super(
      'nobody in it may use the app as an admin: no active user with Confluence access (in a group with "grantsConfluenceAccess": true) is in a group with "grantsSiteAdmin": true or has "orgAdmin": true',
    );
    this.name = 'NoAdminError';
  }
}
