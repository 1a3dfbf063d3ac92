import type { ChatPlatform } from '../domain/practice/user.js';
import type { PracticeId } from '../domain/shared/ids.js';
import type { ReplyTarget } from './chat.js';

/**
 * One thread in one conversation: the practice, the chat, the conversation (Slack channel id, Teams
 * conversation id without a reply chain) and the card's thread key ("proposal:<id>").
 */
export type ThreadSpot = {
  readonly practiceId: PracticeId;
  readonly platform: ChatPlatform;
  readonly place: string;
  readonly key: string;
};

/**
 * Where each thread began in each conversation (the root message's ref: a Slack ts, a Teams activity
 * id), and the conversation a thread belongs to ("home": the channel a proposal was sent from). The
 * database settles races: of two posts that both found no root, one is recorded as the root.
 */
export interface ChatThreadStore {
  rootOf(spot: ThreadSpot): Promise<string | null>;
  /** Records `ref` as the root unless one is already recorded; returns the root that stands. */
  claimRoot(spot: ThreadSpot, ref: string, now: Date): Promise<string>;
  /** Replaces a root that is gone (its message was deleted) with `ref`, unless another post replaced it first; returns the root that stands. */
  replaceRoot(spot: ThreadSpot, gone: string, ref: string, now: Date): Promise<string>;
  /** The conversation a thread belongs to, besides the channels its events are routed to. */
  homeOf(practiceId: PracticeId, key: string): Promise<ReplyTarget | null>;
  /** Sets the thread's home unless it has one: a thread stays where it started. */
  setHome(practiceId: PracticeId, key: string, target: ReplyTarget, now: Date): Promise<void>;
}

/** The thread key every post about one proposal shares: sent, viewed, accepted, invoiced, job created. */
export const proposalThread = (proposalId: string): string => `proposal:${proposalId}`;

/**
 * The lasting part of where a command came from: no response_url, thread or user, which expire or
 * belong to one person. Null for places no channel post can reach (the shell, a request with no chat).
 */
export const threadHome = (target: ReplyTarget | undefined): ReplyTarget | null => {
  if (!target || (target.platform !== 'slack' && target.platform !== 'teams')) return null;
  if (!(target.platform === 'slack' ? target.ref.channel : target.ref.conversationId)) return null;
  const { responseUrl: _url, threadTs: _thread, user: _user, ...ref } = target.ref;
  return { platform: target.platform, ref };
};
