import type { Card } from '../src/cards.js';
import type { ReplyTarget } from '../src/chat.js';

/** Posts one card to one stored conversation; throws SendFailure when it can't. */
export type ChatSender = (target: ReplyTarget, card: Card) => Promise<void>;

/**
 * Why a post failed, in the notifier's terms: worth retrying (429, 5xx, network) or not (channel gone,
 * bot removed), and how long the platform asked us to wait.
 */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}
