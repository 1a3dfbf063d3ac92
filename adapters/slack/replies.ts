import type { webApi } from '@slack/bolt';
import type { Card } from '../../src/cards.js';
import type { ConversationReplies, ReplyTarget } from '../../src/chat.js';
import type { ChatLog } from '../../src/chat-setup/ports.js';
import { responseType } from './listeners/shared.js';
import { renderCards } from './views/message.js';

export type SlackRepliesDeps = {
  readonly client: webApi.WebClient;
  readonly log: ChatLog;
  readonly fetch?: typeof fetch;
};

/*
 * Message handles: "chat:<channel>:<ts>" for messages the bot posted (updated with chat.update), or
 * "url" for ones sent through the command's response_url (updated with replace_original). A
 * response_url takes at most 5 posts in 30 minutes, so jobs should update sparingly.
 */
const chatHandle = (channel: string, ts: string) => `chat:${channel}:${ts}`;

/** Progress and results of long work in the Slack conversation a command came from. */
export function createSlackReplies(d: SlackRepliesDeps): ConversationReplies {
  const doFetch = d.fetch ?? fetch;
  const viaUrl = async (url: string, card: Card, replace: boolean): Promise<void> => {
    const [message] = renderCards([card]);
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: responseType([card]), replace_original: replace, ...message }),
    });
    if (!res.ok) throw new Error(`slack response_url answered ${res.status}`);
  };

  const viaChat = async (target: ReplyTarget, card: Card): Promise<string | null> => {
    const channel = target.ref.channel;
    if (!channel) return null;
    const [message] = renderCards([card]);
    try {
      const res = await d.client.chat.postMessage({ channel, text: message!.text, blocks: message!.blocks, ...(target.ref.threadTs ? { thread_ts: target.ref.threadTs } : {}) });
      return res.ts ? chatHandle(res.channel ?? channel, res.ts) : null;
    } catch (error) {
      // Typical: not_in_channel or channel_not_found, where the response_url still works.
      d.log.warn({ err: error, channel }, 'slack chat.postMessage failed; falling back to response_url');
      return null;
    }
  };

  return {
    async post(target, card) {
      // Private cards go through response_url (ephemeral, still updatable); channel cards as real messages.
      const url = target.ref.responseUrl;
      if (card.visibility === 'channel' || !url) {
        const handle = await viaChat(target, card);
        if (handle || !url) return handle;
      }
      await viaUrl(url, card, false);
      return 'url';
    },
    async update(target, handle, card) {
      const [kind, channel, ts] = handle.split(':');
      if (kind === 'chat' && channel && ts) {
        const [message] = renderCards([card]);
        await d.client.chat.update({ channel, ts, text: message!.text, blocks: message!.blocks });
        return;
      }
      if (!target.ref.responseUrl) throw new Error('slack reply target has no response_url to update through');
      await viaUrl(target.ref.responseUrl, card, true);
    },
  };
}
