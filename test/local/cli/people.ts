/**
 * The people of a simulated site, answering the warning emails the app sends: some come back to Confluence
 * during the grace period, some click "keep my access", the rest do nothing. Seeded, so a simulation repeats.
 */
import type { LocalSite } from '../localSite';
import { Random } from '../random';

const WARNING_SUBJECT = /access will change/i;
const LINK = /https:\/\/local-forge\.invalid\/\S+/;
const DAY = 86_400_000;

export interface PeopleTally {
  warned: number;
  cameBack: number;
  keptAccess: number;
  ignored: number;
}

type Plan = { kind: 'comeBack' | 'keepAccess'; at: number; accountId: string; link: string };

export class SimulatedPeople {
  readonly tally: PeopleTally = { warned: 0, cameBack: 0, keptAccess: 0, ignored: 0 };
  private readonly random: Random;
  private readonly plans: Plan[] = [];
  private seenMessages = 0;

  constructor(
    private readonly local: LocalSite,
    seed: number,
    private readonly odds = { comeBack: 0.25, keepAccess: 0.25 },
  ) {
    this.random = new Random(seed);
  }

  /** Reads new warning emails and decides what each person will do, and when (within the next week). */
  readMail(): void {
    const outbox = this.local.mail.outbox;
    const fresh = outbox.slice(this.seenMessages).filter((message) => WARNING_SUBJECT.test(message.subject));
    this.seenMessages = outbox.length;
    if (fresh.length === 0) return;
    const byEmail = new Map(this.local.site.toSiteFile().users.map((user) => [user.email, user.accountId]));
    for (const message of fresh) {
      const link = LINK.exec(message.text)?.[0];
      const accountId = byEmail.get(message.to[0] ?? '');
      if (!link || !accountId) continue;
      this.tally.warned += 1;
      const roll = this.random.next();
      const at = this.local.clock.now() + (1 + this.random.int(6)) * DAY;
      if (roll < this.odds.comeBack) this.plans.push({ kind: 'comeBack', at, accountId, link });
      else if (roll < this.odds.comeBack + this.odds.keepAccess)
        this.plans.push({ kind: 'keepAccess', at, accountId, link });
      else this.tally.ignored += 1;
    }
  }

  /** Does what is due by now: opens Confluence (last active = now) or clicks the link. */
  async act(): Promise<void> {
    const now = this.local.clock.now();
    for (const plan of this.plans.filter((candidate) => candidate.at <= now)) {
      this.plans.splice(this.plans.indexOf(plan), 1);
      if (plan.kind === 'comeBack') {
        this.local.site.setLastActive(plan.accountId, new Date(now).toISOString());
        this.tally.cameBack += 1;
      } else {
        const page = await this.local.forge.clickWebTriggerLink(plan.link);
        if (page.statusCode === 200) this.tally.keptAccess += 1;
      }
    }
  }
}
