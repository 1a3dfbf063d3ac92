import type { webApi } from '@slack/bolt';
import type { Card } from '../../../src/cards.js';
import type { ChatCore } from '../../../src/chat.js';
import type { ChatLog } from '../../../src/chat-setup/ports.js';
import { worthCaching, type ReplyCache } from '../../reply-cache.js';
import { renderCards, type RenderContext, type SlackMessage } from '../views/message.js';
import { formModal, type FormContext } from '../views/modal.js';

export type ListenerDeps = {
  readonly core: ChatCore;
  readonly log: ChatLog;
  /** How long a slash command waits for the core before acking "working on it" (Slack allows 3 s in all). */
  readonly ackBudgetMs: number;
  readonly cache: ReplyCache;
};

/** The render context of a fresh reply: cached when a person may page through it or open its form. */
export const freshContext = (cache: ReplyCache, cards: readonly Card[], origin: string): RenderContext =>
  ({ origin, ...(worthCaching(cards) ? { replyId: cache.put(cards) } : {}) });

/** What a Next/Previous or "Open form" press finds once its reply has left the cache. */
export const expiredCard = (origin: string | undefined): Card => ({
  title: 'That list has expired',
  tone: 'warning',
  text: 'Lists and forms are kept for 30 minutes. Run the command again for a fresh one.',
  ...(origin ? { buttons: [{ label: 'Run again', command: origin }] } : {}),
});

export type ResponseType = 'in_channel' | 'ephemeral';

/** A reply is posted for everyone only when every card in it says so. */
export const responseType = (cards: readonly Card[]): ResponseType =>
  cards.length > 0 && cards.every((c) => c.visibility === 'channel') ? 'in_channel' : 'ephemeral';

/** The promise's value if it settles within `ms`, otherwise undefined (the promise keeps running). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const formCard = (cards: readonly Card[]): Card | undefined => cards.find((c) => c.form);

/** Opens a card's form as a modal; false when Slack refused or the form can't be a modal. */
export async function openForm(client: webApi.WebClient, triggerId: string | undefined, card: Card, ctx: FormContext, log: ChatLog): Promise<boolean> {
  const view = card.form && triggerId ? formModal(card.form, ctx) : null;
  if (!view || !triggerId) return false;
  try {
    await client.views.open({ trigger_id: triggerId, view });
    return true;
  } catch (error) {
    log.warn({ err: error }, 'slack views.open failed; showing the form as a message instead');
    return false;
  }
}

export type Send = (message: SlackMessage & { response_type: ResponseType; replace_original?: boolean }) => Promise<unknown>;

/** Sends cards as one or more messages through whatever channel the listener has (respond, say, ack). */
export async function sendCards(cards: readonly Card[], ctx: RenderContext, send: Send, replaceFirst = false): Promise<void> {
  const type = responseType(cards);
  const messages = renderCards(cards, ctx);
  for (const [i, message] of messages.entries()) {
    await send({ ...message, response_type: type, ...(i === 0 && replaceFirst ? { replace_original: true } : {}) });
  }
}
