import type { Card } from '../../src/cards.js';
import type { ConversationReplies, ReplyTarget } from '../../src/chat.js';
import type { IgnitionCloudAdapter } from './adapter.js';
import { adaptiveCard } from './cards/adaptive-card.js';
import { cardActivity } from './activity.js';
import { conversationReference } from './request.js';
import { isAllowedServiceUrl, type ServiceUrlPolicy } from './service-url.js';

export type TeamsReplies = ConversationReplies & {
  /** A proactive post to a stored conversation (channel notifications). */
  send(target: ReplyTarget, card: Card): Promise<void>;
};

export class ServiceUrlRefused extends Error {
  constructor() {
    super('teams serviceUrl is not a Bot Framework host; nothing was sent');
  }
}

/** Proactive posts and in-place updates through continueConversationAsync, to allow-listed hosts only. */
export function createTeamsReplies(adapter: IgnitionCloudAdapter, appId: string, policy: ServiceUrlPolicy): TeamsReplies {
  const within = async (target: ReplyTarget, work: Parameters<IgnitionCloudAdapter['continueConversationAsync']>[2]) => {
    if (!isAllowedServiceUrl(target.ref.serviceUrl, policy)) throw new ServiceUrlRefused();
    // A failure inside the turn would otherwise go to onTurnError and look like success to the caller.
    let failure: unknown;
    await adapter.continueConversationAsync(appId, conversationReference(target), async (context) => {
      // The continuation activity carries a made-up id; without this every send would "reply" to it.
      context.activity.id = undefined as unknown as string;
      try {
        await (work as (c: typeof context) => Promise<void>)(context);
      } catch (error) {
        failure = error ?? new Error('teams send failed');
      }
    });
    if (failure) throw failure;
  };
  const post = async (target: ReplyTarget, card: Card): Promise<string | null> => {
    let id: string | null = null;
    await within(target, async (context) => {
      const sent = await context.sendActivity(cardActivity(adaptiveCard(card), card.title));
      id = sent?.id ?? null;
    });
    return id;
  };
  return {
    post,
    async update(target, handle, card) {
      const reference = conversationReference(target);
      await within(target, async (context) => {
        await context.updateActivity({ ...cardActivity(adaptiveCard(card), card.title), id: handle, conversation: reference.conversation as never });
      });
    },
    async send(target, card) {
      await post(target, card);
    },
  };
}
