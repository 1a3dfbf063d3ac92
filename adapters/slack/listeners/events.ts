import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { slackRequest } from '../request.js';
import { freshContext, sendCards, type ListenerDeps } from './shared.js';

type MentionArgs = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

/** "@Ignition sync" in a channel: the same grammar, answered in a thread under the mention. */
export const onMention = (d: ListenerDeps) =>
  async ({ event, say, context }: MentionArgs): Promise<void> => {
    const text = event.text.replace(/^\s*<@[A-Z0-9]+(\|[^>]*)?>\s*/, '');
    const team = event.team ?? context.teamId ?? '';
    const threadTs = event.thread_ts ?? event.ts;
    const request = slackRequest({ team, user: event.user ?? '', channel: event.channel, threadTs }, text);
    const reply = await d.core.handle(request);
    await sendCards(reply.cards, freshContext(d.cache, reply.cards, request.text), ({ text: fallback, blocks }) => say({ text: fallback, blocks, thread_ts: threadTs }));
  };

type DirectArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** A direct message to the bot is a command too: "sync" in the bot's Messages tab. */
export const onDirectMessage = (d: ListenerDeps) =>
  async ({ message, say, context }: DirectArgs): Promise<void> => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || 'bot_id' in message && message.bot_id) return;
    const team = ('team' in message ? message.team : undefined) ?? context.teamId ?? '';
    const request = slackRequest({ team, user: message.user, channel: message.channel }, message.text ?? '');
    const reply = await d.core.handle(request);
    await sendCards(reply.cards, freshContext(d.cache, reply.cards, request.text), ({ text: fallback, blocks }) => say({ text: fallback, blocks }));
  };

export function registerEventListeners(app: App, d: ListenerDeps): void {
  app.event('app_mention', onMention(d));
  app.event('message', onDirectMessage(d));
}
