import type { webApi } from '@slack/bolt';
import { bolt } from './bolt.js';
import { SendFailure, ThreadGone, threadRootKey, type ChatSender } from '../chat-delivery.js';
import { renderCards } from './views/message.js';

/** Slack errors that will not get better by waiting: the channel or the bot's access is gone. */
const permanent = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth', 'token_revoked', 'missing_scope', 'msg_too_long', 'invalid_blocks']);

/** What Slack answers to a thread_ts whose message was deleted or never existed. */
const lostThread = new Set(['thread_not_found', 'invalid_thread_ts', 'message_not_found']);

export function toSendFailure(error: unknown, threaded = false): SendFailure {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  const { ErrorCode } = bolt().webApi;
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new SendFailure('slack rate limited', true, (e.retryAfter ?? 1) * 1000);
    case ErrorCode.HTTPError:
      return new SendFailure(`slack http ${e.statusCode}`, (e.statusCode ?? 500) >= 500);
    case ErrorCode.PlatformError: {
      const reason = e.data?.error ?? 'unknown';
      if (threaded && lostThread.has(reason)) return new ThreadGone(`slack ${reason}`);
      return new SendFailure(`slack ${reason}`, !permanent.has(reason));
    }
    default:
      return new SendFailure(`slack ${e.message ?? 'request failed'}`, true);
  }
}

/**
 * Channel notifications through chat.postMessage, under a thread's root when the target names one
 * (thread_ts). Returns the ts of the first message, which a new thread's later posts reply under. The
 * client should be built with retries off and rejectRateLimitedCalls on, so 429s reach the notifier,
 * which owns backoff and the outbox.
 */
export const createSlackSender = (client: webApi.WebClient): ChatSender =>
  async (target, card) => {
    const channel = target.ref.channel;
    if (!channel) throw new SendFailure('slack route has no channel', false);
    const root = target.ref[threadRootKey];
    let first: string | undefined;
    for (const message of renderCards([card])) {
      // A card too long for one message continues under its own first part when it starts a thread.
      const under = root ?? (card.thread ? first : undefined);
      try {
        const res = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, ...(under ? { thread_ts: under } : {}) });
        first ??= res.ts;
      } catch (error) {
        throw toSendFailure(error, Boolean(under));
      }
    }
    return first;
  };

/** A Web API client for notifications: no hidden retries, 429s surface as errors. */
export const notificationClient = (botToken: string, options: webApi.WebClientOptions = {}): webApi.WebClient =>
  new (bolt().webApi.WebClient)(botToken, { ...options, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
