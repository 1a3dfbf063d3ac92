/**
 * The Notifier port over chat: each event goes to the conversations the practice routed it to, on Slack
 * and Teams, and a card of a thread also to the conversation that thread belongs to (the channel a
 * proposal was sent from). Posts of one thread read as one conversation: the first in a channel is the
 * thread's root there, and later ones reply under it. A post that fails is retried with backoff (honouring Retry-After); one that still fails is
 * kept in the outbox for a later retry, and one that can never succeed is logged as an error. None is
 * dropped without a trace.
 */
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { Card } from '../../src/cards.js';
import type { ReplyTarget } from '../../src/chat.js';
import { conversationOf, SendFailure, ThreadGone, threadRootKey, type ChatSender } from '../chat-delivery.js';
import type { ChatLog, NotificationOutbox, NotificationRouteStore, OutboxEntry } from '../../src/chat-setup/ports.js';
import type { NotificationEvent, Notifier } from '../../src/notify.js';
import type { ChatThreadStore, ThreadSpot } from '../../src/threads.js';
import { backoffMs, maxOutboxAttempts } from './backoff.js';

export type ChatNotifierDeps = {
  readonly routes: NotificationRouteStore;
  readonly outbox: NotificationOutbox;
  readonly senders: Partial<Record<ReplyTarget['platform'], ChatSender>>;
  /** Thread roots and homes; without it every post starts its own message, as before threads. */
  readonly threads?: ChatThreadStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly log: ChatLog;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Tries made at once before a post goes to the outbox (default 3). */
  readonly inlineAttempts?: number;
  /** The longest wait spent inline; a longer Retry-After sends the post to the outbox (default 10 s). */
  readonly maxInlineWaitMs?: number;
};

export type ChatNotifier = Notifier & {
  /** Retries a practice's outbox entries that are due; a job calls this every minute or so. */
  retryDue(practiceId: PracticeId): Promise<{ sent: number; failed: number }>;
};

const asFailure = (error: unknown): SendFailure =>
  error instanceof SendFailure ? error : new SendFailure(error instanceof Error ? error.message : String(error), true);

export function createChatNotifier(d: ChatNotifierDeps): ChatNotifier {
  const sleep = d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = d.inlineAttempts ?? 3;
  const maxWait = d.maxInlineWaitMs ?? 10_000;

  const post = async (target: ReplyTarget, card: Card): Promise<string | undefined> => {
    const sender = d.senders[target.platform];
    if (!sender) throw new SendFailure(`no ${target.platform} sender configured`, true);
    return (await sender(target, card)) ?? undefined;
  };

  /**
   * One post, under its thread's root in that conversation when there is one. The first post of a
   * thread becomes the root; of two racing to be it, the database keeps one and the other stays a post
   * of its own. A root someone deleted is replaced by this post rather than losing it.
   */
  const send = async (practiceId: PracticeId, target: ReplyTarget, card: Card): Promise<void> => {
    const threads = d.threads;
    if (!card.thread || !threads) {
      await post(target, card);
      return;
    }
    const spot: ThreadSpot = { practiceId, platform: target.platform, place: conversationOf(target), key: card.thread };
    // The post is made by now: failing to remember it as the root must not post it again on retry.
    const remember = async (record: () => Promise<string>): Promise<void> => {
      try {
        await record();
      } catch (error) {
        d.log.warn({ err: error, practiceId, thread: card.thread, platform: target.platform }, 'posted, but could not record the thread root; the next post starts the thread');
      }
    };
    const root = await threads.rootOf(spot);
    if (root) {
      try {
        await post({ ...target, ref: { ...target.ref, [threadRootKey]: root } }, card);
        return;
      } catch (error) {
        if (!(error instanceof ThreadGone)) throw error;
        d.log.warn({ practiceId, thread: card.thread, platform: target.platform, reason: error.message }, 'thread root is gone; this post starts the thread again');
        const ref = await post(target, card);
        if (ref) await remember(() => threads.replaceRoot(spot, root, ref, d.clock.now()));
        return;
      }
    }
    const ref = await post(target, card);
    if (ref) await remember(() => threads.claimRoot(spot, ref, d.clock.now()));
  };

  /** The routed conversations, and the thread's home unless a route already reaches that conversation. */
  const targetsOf = async (practiceId: PracticeId, event: NotificationEvent, card: Card): Promise<ReplyTarget[]> => {
    const routed = (await d.routes.forEvent(practiceId, event)).map((r) => r.target);
    const home = card.thread && d.threads ? await d.threads.homeOf(practiceId, card.thread) : null;
    const same = (a: ReplyTarget, b: ReplyTarget) => a.platform === b.platform && conversationOf(a) === conversationOf(b);
    return home && !routed.some((t) => same(t, home)) ? [...routed, home] : routed;
  };

  /** Tries a few times right away; returns the last failure, or null once posted. */
  const tryInline = async (practiceId: PracticeId, target: ReplyTarget, card: Card): Promise<SendFailure | null> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await send(practiceId, target, card);
        return null;
      } catch (error) {
        const failure = asFailure(error);
        const wait = failure.retryAfterMs ?? backoffMs(attempt);
        if (!failure.retryable || attempt + 1 >= attempts || wait > maxWait) return failure;
        await sleep(wait);
      }
    }
  };

  const park = async (practiceId: PracticeId, event: NotificationEvent, target: ReplyTarget, card: Card, failure: SendFailure) => {
    const now = d.clock.now();
    const entry: OutboxEntry = {
      id: d.ids.next(), practiceId, event, target, card, attempts: attempts, lastError: failure.message, createdAt: now,
      status: failure.retryable ? 'pending' : 'dead',
      nextAttemptAt: new Date(now.getTime() + (failure.retryAfterMs ?? backoffMs(attempts))),
    };
    await d.outbox.add(entry);
    const line = { practiceId, event, platform: target.platform, outboxId: entry.id, reason: failure.message };
    if (failure.retryable) d.log.warn(line, 'chat notification not posted yet; kept in the outbox for retry');
    else d.log.error(line, 'chat notification cannot be posted; kept in the outbox as dead');
  };

  return {
    async notify(practiceId, event, card) {
      const targets = await targetsOf(practiceId, event, card);
      if (!targets.length) d.log.info({ practiceId, event, title: card.title }, 'no channel is routed for this event yet (/ignition notify here)');
      await Promise.all(targets.map(async (target) => {
        const failure = await tryInline(practiceId, target, card);
        if (failure) await park(practiceId, event, target, card, failure);
      }));
    },

    async retryDue(practiceId) {
      let sent = 0;
      let failed = 0;
      for (const entry of await d.outbox.due(practiceId, d.clock.now(), 50)) {
        try {
          await send(practiceId, entry.target, entry.card);
          await d.outbox.remove(practiceId, entry.id);
          sent++;
        } catch (error) {
          failed++;
          const failure = asFailure(error);
          const tries = entry.attempts + 1;
          const dead = !failure.retryable || tries >= maxOutboxAttempts;
          const next = new Date(d.clock.now().getTime() + (failure.retryAfterMs ?? backoffMs(tries)));
          await d.outbox.save({ ...entry, attempts: tries, lastError: failure.message, nextAttemptAt: next, status: dead ? 'dead' : 'pending' });
          const line = { practiceId, event: entry.event, outboxId: entry.id, attempts: tries, reason: failure.message };
          if (dead) d.log.error(line, 'chat notification given up after retries; left in the outbox as dead');
          else d.log.warn(line, 'chat notification retry failed; will try again');
        }
      }
      return { sent, failed };
    },
  };
}
