import type { ConnectionStore, PracticeStore } from '../../domain/practice/ports.js';
import type { PracticeFlags, WebhookReceipts } from '../../domain/payroll/ports.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { PracticeId } from '../../domain/shared/ids.js';

/** A Gusto webhook delivery, already verified and translated by the HTTP adapter. */
export type GustoWebhookEvent = { readonly id: string; readonly type: string; readonly companyId: string; readonly at: Date };

export type WebhookDeps = {
  readonly practices: PracticeStore;
  readonly connections: ConnectionStore;
  readonly receipts: WebhookReceipts;
  readonly flags: PracticeFlags;
  readonly clock: Clock;
  /** Seals the verification token (a signing secret) before it is stored, and opens it again. */
  readonly secrets: { seal(plain: string): string; open(sealed: string): string };
  /** Queues a sync of one company, coalescing bursts: many events in a minute make one sync. */
  readonly scheduleCompanySync: (practiceId: PracticeId, companyId: string) => Promise<void>;
};

/** Events that can change what we sync: company details, locations, people on the payroll. */
const relevant = /^(company|employee|location|contractor)\./;

/** Install-wide values are kept under this pseudo-practice (webhooks are not per firm). */
export const installScope = '_install' as PracticeId;
const verificationKey = 'gusto.webhook.verification-token';

export function createGustoWebhooks(d: WebhookDeps) {
  return {
    /**
     * Every event just triggers a fresh read of the company, so a duplicate or an out-of-order
     * delivery cannot leave stale data behind; receipts make duplicates cost nothing.
     */
    async handle(e: GustoWebhookEvent): Promise<number> {
      if (!relevant.test(e.type)) return 0;
      let scheduled = 0;
      for (const practice of await d.practices.list()) {
        const conn = await d.connections.findByExternalId(practice.id, 'gusto', e.companyId);
        if (!conn || conn.status !== 'active') continue;
        if (!(await d.receipts.firstSeen(practice.id, 'gusto', e.id, d.clock.now()))) continue;
        await d.scheduleCompanySync(practice.id, e.companyId);
        scheduled++;
      }
      return scheduled;
    },
    /** First one wins: an unsigned handshake must not be able to replace a key already in use. */
    async saveVerificationToken(token: string): Promise<boolean> {
      if (await d.flags.get(installScope, verificationKey)) return false;
      await d.flags.set(installScope, verificationKey, d.secrets.seal(token));
      return true;
    },
    async verificationToken(): Promise<string | undefined> {
      const sealed = await d.flags.get(installScope, verificationKey);
      return sealed ? d.secrets.open(sealed) : undefined;
    },
  };
}

export type GustoWebhooks = ReturnType<typeof createGustoWebhooks>;
