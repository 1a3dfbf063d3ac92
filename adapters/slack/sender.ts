import type { webApi } from '@slack/bolt';
import { bolt } from './bolt.js';
import { SendFailure, type ChatSender } from '../chat-delivery.js';
import { renderCards } from './views/message.js';

/** Slack errors that will not get better by waiting: the channel or the bot's access is gone. */
const permanent = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth', 'token_revoked', 'missing_scope', 'msg_too_long', 'invalid_blocks']);

export function toSendFailure(error: unknown): SendFailure {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  const { ErrorCode } = bolt().webApi;
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new SendFailure('slack rate limited', true, (e.retryAfter ?? 1) * 1000);
    case ErrorCode.HTTPError:
      return new SendFailure(`slack http ${e.statusCode}`, (e.statusCode ?? 500) >= 500);
    case ErrorCode.PlatformError: {
      const reason = e.data?.error ?? 'unknown';
      return new SendFailure(`slack ${reason}`, !permanent.has(reason));
    }
    default:
      return new SendFailure(`slack ${e.message ?? 'request failed'}`, true);
  }
}

/**
 * Channel notifications through chat.postMessage. The client should be built with retries off and
 * rejectRateLimitedCalls on, so 429s reach the notifier, which owns backoff and the outbox.
 */
export const createSlackSender = (client: webApi.WebClient): ChatSender =>
  async (target, card) => {
    const channel = target.ref.channel;
    if (!channel) throw new SendFailure('slack route has no channel', false);
    for (const message of renderCards([card])) {
      try {
        await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
      } catch (error) {
        throw toSendFailure(error);
      }
    }
  };

/** A Web API client for notifications: no hidden retries, 429s surface as errors. */
export const notificationClient = (botToken: string, options: webApi.WebClientOptions = {}): webApi.WebClient =>
  new (bolt().webApi.WebClient)(botToken, { ...options, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
