import type { Activity, ConversationReference } from 'botbuilder';
import { botbuilder } from './botbuilder.js';
import type { ChatRequest, ReplyTarget } from '../../src/chat.js';

export const tenantOf = (a: Partial<Activity>): string =>
  String(a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? '');

/** The conversation an activity came from, as a ReplyTarget: plain strings, safe to store and carry in a job. */
export function teamsTarget(a: Partial<Activity>): ReplyTarget {
  const channelName = (a.channelData as { channel?: { name?: string } } | undefined)?.channel?.name;
  return {
    platform: 'teams',
    ref: {
      serviceUrl: a.serviceUrl ?? '',
      channelId: a.channelId ?? 'msteams',
      conversationId: a.conversation?.id ?? '',
      conversationType: a.conversation?.conversationType ?? 'personal',
      tenantId: tenantOf(a),
      botId: a.recipient?.id ?? '',
      botName: a.recipient?.name ?? 'Ignition',
      ...(channelName ? { channelName } : {}),
    },
  };
}

/** Back from a stored ReplyTarget to what botbuilder's continueConversationAsync wants. */
export const conversationReference = (target: ReplyTarget): Partial<ConversationReference> => ({
  serviceUrl: target.ref.serviceUrl,
  channelId: target.ref.channelId ?? 'msteams',
  conversation: {
    id: target.ref.conversationId ?? '',
    tenantId: target.ref.tenantId,
    conversationType: target.ref.conversationType ?? 'personal',
    isGroup: target.ref.conversationType !== 'personal',
    name: target.ref.channelName ?? '',
  },
  bot: { id: target.ref.botId ?? '', name: target.ref.botName ?? 'Ignition' },
});

/**
 * What the person typed, whichever way they addressed the bot: "sync", "ignition sync" or "@Ignition
 * sync". The bot's own mention goes; other people's mentions become "@Name" for user promote/demote.
 */
export function commandText(a: Activity): string {
  const withoutBot = botbuilder().TurnContext.removeRecipientMention(a) ?? a.text ?? '';
  return withoutBot
    .replace(/<at>([^<]*)<\/at>/g, (_m, name: string) => `"@${name.trim()}"`)
    .replace(/&nbsp;/g, ' ')
    .replace(/<[^>]+>/g, '')
    .trim();
}

export const teamsRequest = (a: Activity, text: string): ChatRequest => {
  const target = teamsTarget(a);
  const name = target.ref.channelName ?? a.conversation?.name;
  return {
    identity: { platform: 'teams', workspaceId: tenantOf(a), userId: a.from?.aadObjectId ?? a.from?.id ?? '' },
    displayName: a.from?.name || 'Teams user',
    text,
    channel: { id: a.conversation?.id ?? '', ...(name ? { name } : {}) },
    replyTo: target,
  };
};
