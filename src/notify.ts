import type { PracticeId } from '../domain/shared/ids.js';
import type { Card } from './cards.js';

/**
 * Every event some area of the bot posts. Which of them a firm is offered (`notify`) is what the
 * composition registered: each area declares the events it posts (see Registered in apps.ts).
 */
export type NotificationEvent =
  | 'sync.finished'
  | 'sync.failed'
  | 'connection.needs_reconnect'
  /** A proposal went to its client: the first post of the proposal's thread, in the channel it was sent from. */
  | 'proposal.sent'
  | 'proposal.viewed'
  | 'proposal.accepted'
  | 'proposal.declined'
  /** An invoice waits for a person: a Smart Billing count to approve or an estimate to confirm. */
  | 'invoice.held'
  /** An invoice of an accepted proposal reached the ledger (Sage): a reply in the proposal's thread, linking to it there. */
  | 'invoice.deployed'
  | 'invoice.deployment_failed'
  /** A job was made in the practice app for an accepted proposal: the last step of the proposal's thread. */
  | 'job.created'
  | 'job.deployment_failed'
  | 'client.failed'
  | 'contact.failed';

/** Posts a card to every channel the practice routed this event to. Never loses a post silently. */
export interface Notifier {
  notify(practiceId: PracticeId, event: NotificationEvent, card: Card): Promise<void>;
}

/** Sends every notification to each notifier in turn: the firm's channels, and the terminal in the shell. */
export const allOf = (...notifiers: readonly Notifier[]): Notifier => ({
  async notify(practiceId, event, card) {
    for (const n of notifiers) await n.notify(practiceId, event, card);
  },
});
