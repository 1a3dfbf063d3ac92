/**
 * The Bolt app: one set of listeners for both HTTP (our fastify receiver) and Socket Mode, a per-delivery
 * ORM scope and duplicate filter, and the single place Slack errors are mapped (app.error).
 */
import type { App, Logger, Middleware, AnyMiddlewareArgs, Receiver, webApi } from '@slack/bolt';
import { bolt } from './bolt.js';
import type { Card } from '../../src/cards.js';
import type { ChatCore } from '../../src/chat.js';
import type { ChatLog, DeliveryLedger } from '../../src/chat-setup/ports.js';
import { createReplyCache, type ReplyCache } from '../reply-cache.js';
import { deliveryKey, textAt, workspaceOf } from './body.js';
import { registerActionListeners } from './listeners/actions.js';
import { registerCommandListeners } from './listeners/commands.js';
import { registerEventListeners } from './listeners/events.js';
import { registerViewListeners } from './listeners/views.js';
import { renderCards } from './views/message.js';

export type SlackDeps = {
  readonly botToken: string;
  readonly core: ChatCore;
  readonly ledger: DeliveryLedger;
  readonly log: ChatLog;
  readonly inScope?: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly now?: () => Date;
  /** Default 2000 ms: leaves a second of Slack's 3 s for the network and Bolt. */
  readonly ackBudgetMs?: number;
  /** How long a delivery key is remembered; Slack's last retry comes about 5 minutes after the first. */
  readonly dedupeTtlMs?: number;
  readonly botUserId?: string;
  /** Replies kept for paging and forms; one per process is plenty (default: a fresh one). */
  readonly cache?: ReplyCache;
  /** Web API options, e.g. `slackApiUrl` pointing at a local fake in tests. */
  readonly clientOptions?: webApi.WebClientOptions;
};

export type SlackMode = { readonly receiver: Receiver };

export const boltLogger = (log: ChatLog): Logger => {
  let level = bolt().LogLevel.INFO;
  const line = (msg: unknown[]) => ({ msg: msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ') });
  return {
    debug: (...m) => log.debug({ bolt: line(m).msg }),
    info: (...m) => log.info({ bolt: line(m).msg }),
    warn: (...m) => log.warn({ bolt: line(m).msg }),
    error: (...m) => log.error({ bolt: line(m).msg }),
    setLevel: (l) => { level = l; },
    getLevel: () => level,
    setName: () => {},
  };
};

/** Drops a delivery Slack already sent (retry, replay, double click) before any listener sees it. */
const dedupe = (d: SlackDeps): Middleware<AnyMiddlewareArgs> =>
  async (args) => {
    const key = deliveryKey(args.body as Record<string, unknown>);
    const now = d.now?.() ?? new Date();
    if (key && !(await d.ledger.claim(workspaceOf(args.body as Record<string, unknown>), key, now, d.dedupeTtlMs ?? 60 * 60_000))) {
      d.log.info({ key }, 'slack duplicate delivery ignored');
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    await args.next();
  };

export function createSlackApp(d: SlackDeps, mode: SlackMode): App {
  const app = new (bolt().App)({
    ...mode,
    authorize: async () => ({ botToken: d.botToken, ...(d.botUserId ? { botUserId: d.botUserId } : {}) }),
    logger: boltLogger(d.log),
    extendedErrorHandler: true,
    // Bolt's default conversation store costs every delivery a lookup; nothing here reads it.
    convoStore: false,
    ...(d.clientOptions ? { clientOptions: d.clientOptions } : {}),
  });
  if (d.inScope) {
    const inScope = d.inScope;
    app.use(async ({ next }) => inScope(next));
  }
  app.use(dedupe(d));
  const listenerDeps = { core: d.core, log: d.log, ackBudgetMs: d.ackBudgetMs ?? 2000, cache: d.cache ?? createReplyCache() };
  registerCommandListeners(app, listenerDeps);
  registerActionListeners(app, listenerDeps);
  registerViewListeners(app, listenerDeps);
  registerEventListeners(app, listenerDeps);
  app.error(async (args) => {
    // extendedErrorHandler is on, so Bolt passes the body too; its handler type isn't exported.
    const { error, body: payload } = args as unknown as { error: Error; body?: Record<string, unknown> };
    d.log.error({ err: error, code: (error as { code?: string }).code, team: payload ? workspaceOf(payload) : undefined }, 'slack listener failed');
    const responseUrl = textAt(payload, 'response_url');
    if (!responseUrl) return;
    const sorry: Card = { title: 'Something went wrong', tone: 'error', text: 'I could not finish that. Nothing was changed by the failing step; try again in a minute.' };
    const [message] = renderCards([sorry]);
    await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', ...message }) })
      .catch((e: unknown) => d.log.warn({ err: e }, 'could not tell the user about the failure'));
  });
  return app;
}
