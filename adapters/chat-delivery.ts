import type { Card } from '../src/cards.js';
import type { ReplyTarget } from '../src/chat.js';

/**
 * Posts one card to one stored conversation and returns the posted message's ref (a Slack ts, a Teams
 * activity id) where the platform gives one; throws SendFailure when it can't.
 */
export type ChatSender = (target: ReplyTarget, card: Card) => Promise<string | void>;

/**
 * The ref a sender posts under when the target carries it: the root message of the card's thread
 * (Slack thread_ts, a Teams channel reply chain). The notifier adds it; stored routes never carry it.
 */
export const threadRootKey = 'threadRoot';

/** One conversation, however it is addressed: a Slack channel id, a Teams conversation id without its reply chain. */
export const conversationOf = (target: ReplyTarget): string =>
  target.platform === 'teams' ? withoutReplyChain(target.ref.conversationId ?? '') : target.ref.channel ?? target.ref.conversationId ?? target.ref.session ?? '';

/** A Teams channel conversation id may name a reply chain (";messageid=…"); the channel itself is the part before. */
export const withoutReplyChain = (conversationId: string): string => conversationId.replace(/;messageid=.*$/, '');

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

/** The thread's root message is gone (someone deleted it): nothing was posted, and the post can start the thread again. */
export class ThreadGone extends SendFailure {
  constructor(message: string) {
    super(message, true);
    this.name = 'ThreadGone';
  }
}
