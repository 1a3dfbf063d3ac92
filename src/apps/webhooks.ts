import type { WebhookReceipts } from '../../domain/apps/ports.js';
import type { ConnectionStore, PracticeStore } from '../../domain/practice/ports.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { AppDeclaration, WebhookEvent } from './app.js';

export type WebhookDeps = {
  readonly practices: PracticeStore;
  readonly connections: ConnectionStore;
  readonly receipts: WebhookReceipts;
  readonly clock: Clock;
  /** Queues a sync of one account, coalescing bursts: many events in a minute make one sync. */
  readonly scheduleAccountSync: (practiceId: PracticeId, externalId: string) => Promise<void>;
};

/**
 * What an app's checked webhook event does, the same for every app: a fresh read of the account it is
 * about, in every practice that has it connected, so a duplicate or an out-of-order delivery cannot
 * leave stale data behind; receipts make duplicates cost nothing. Returns how many syncs it queued.
 */
export const createWebhookEvents = (app: Pick<AppDeclaration, 'id'>, d: WebhookDeps) => async (e: WebhookEvent): Promise<number> => {
  let scheduled = 0;
  for (const practice of await d.practices.list()) {
    const conn = await d.connections.findByExternalId(practice.id, app.id, e.externalId);
    if (!conn || conn.status !== 'active') continue;
    if (!(await d.receipts.firstSeen(practice.id, app.id, e.id, d.clock.now()))) continue;
    await d.scheduleAccountSync(practice.id, e.externalId);
    scheduled++;
  }
  return scheduled;
};
