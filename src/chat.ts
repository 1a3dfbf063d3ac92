import type { ChatIdentity, ChatPlatform } from '../domain/practice/user.js';
import type { Card } from './cards.js';

/**
 * Where a command's later output goes: the conversation it came from, as the platform identifies
 * it (Slack response_url or channel, Teams conversation reference, shell session). Plain JSON, so a
 * job can carry it across a restart.
 */
export type ReplyTarget = { readonly platform: ChatPlatform; readonly ref: Readonly<Record<string, string>> };

/** One command as it arrives from any chat, already stripped of `/ignition` or an @mention. */
export type ChatRequest = {
  readonly identity: ChatIdentity;
  readonly displayName: string;
  readonly text: string;
  readonly channel?: { readonly id: string; readonly name?: string };
  readonly replyTo?: ReplyTarget;
};

export type ChatReply = { readonly cards: readonly Card[] };

/** What the chat adapters call. The grammar, permissions and audit live behind it, once. */
export interface ChatCore {
  handle(request: ChatRequest): Promise<ChatReply>;
}

/** Posts and updates cards in a conversation after the first reply: progress and results of long work. */
export interface ConversationReplies {
  /** Returns a handle for updating the same message later, or null where the platform can't update. */
  post(target: ReplyTarget, card: Card): Promise<string | null>;
  update(target: ReplyTarget, messageHandle: string, card: Card): Promise<void>;
}
