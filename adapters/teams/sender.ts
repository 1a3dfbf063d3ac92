import { SendFailure, ThreadGone, threadRootKey, withoutReplyChain, type ChatSender } from '../chat-delivery.js';
import { ServiceUrlRefused, type TeamsReplies } from './replies.js';

/** Teams asks bots to retry 429, 412, 502 and 504 with backoff; 500 and 503 are worth another try too. */
const retryableStatus = new Set([412, 429, 500, 502, 503, 504]);

const retryAfterMs = (error: { response?: { headers?: { get?(name: string): string | undefined } } }): number | undefined => {
  const raw = error.response?.headers?.get?.('retry-after');
  const seconds = raw ? Number(raw) : NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
};

export function toSendFailure(error: unknown): SendFailure {
  if (error instanceof ServiceUrlRefused) return new SendFailure(error.message, false);
  const e = error as { statusCode?: number; message?: string };
  if (typeof e.statusCode !== 'number') return new SendFailure(`teams ${e.message ?? 'request failed'}`, true);
  const wait = retryAfterMs(error as never);
  return new SendFailure(`teams http ${e.statusCode}`, retryableStatus.has(e.statusCode), ...(wait !== undefined ? [wait] : []));
}

/**
 * Channel notifications through proactive messages to the stored conversation reference. A channel
 * conversation id may name the thread `notify here` was typed in (";messageid=…"); notifications start
 * a new post in the channel instead, or reply in the chain of the card's thread root when the target
 * names one: Teams addresses a channel's reply chain as the channel's conversation id with
 * ";messageid=<root activity id>". Chats (personal, group) have no reply chains, so posts there follow
 * one another. Returns the posted activity's id.
 */
export const createTeamsSender = (replies: TeamsReplies): ChatSender =>
  async (target, card) => {
    const root = target.ref.conversationType === 'channel' ? target.ref[threadRootKey] : undefined;
    const base = withoutReplyChain(target.ref.conversationId ?? '');
    const { [threadRootKey]: _root, ...ref } = target.ref;
    const place = { ...target, ref: { ...ref, conversationId: root ? `${base};messageid=${root}` : base } };
    try {
      return (await replies.post(place, card)) ?? undefined;
    } catch (error) {
      // A reply chain whose first message was deleted is not found; the channel itself still is.
      if (root && (error as { statusCode?: number }).statusCode === 404) throw new ThreadGone('teams reply chain not found');
      throw toSendFailure(error);
    }
  };
