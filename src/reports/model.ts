/**
 * What a run report says, independent of how it is delivered: the engine's reporting step builds one from
 * the stored run and its batches, and src/reports/render.ts turns it into an email with a CSV attachment.
 */
import type { RunCounts, UserOutcome } from '../domain/run';
import type { BillingSummary } from '../domain/billing';

export interface RunReportModel {
  runId: string;
  schemeName: string;
  trigger: string;
  mode: 'test' | 'live';
  status: string;
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
  /** Every matched user, exempt ones included. */
  users: UserOutcome[];
  warnings: string[];
  siteUrl: string | null;
  /**
   * A "needs approval" scheme's scheduled test run: the email asks its recipients (the approvers) to review it and
   * apply it, and says where. `pageUrl` is the admin page's URL as the page last reported it (Forge's router, see
   * README), or null before the page ever opened: then `reviewRoute` names the whole way there in words. The page
   * opens on its first tab whatever the URL, so `pageRoute` names the way from there to the run.
   */
  approval?: { reviewRoute: string; pageUrl: string | null; pageRoute: string };
  /** What the run saves on the bill (src/domain/billing.ts), when billing is set in Settings. */
  billing?: BillingSummary;
}
