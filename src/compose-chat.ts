/**
 * Wires chat: the Slack app (HTTP receiver or Socket Mode), the Teams adapter, channel notifications
 * with their outbox, conversation replies for long work, and the chat set-up verbs. Part of the
 * composition root, called from compose.ts (routes and Socket Mode need the finished chat core, so they
 * are handed out as functions of it).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import type { FastifyInstance } from 'fastify';
import { MikroOrmDeliveryLedger, MikroOrmNotificationOutbox, MikroOrmNotificationRouteStore } from '../adapters/db/chat-stores.js';
import { MikroOrmChatThreadStore } from '../adapters/db/chat-thread-store.js';
import { createChatNotifier } from '../adapters/notify/chat-notifier.js';
import { bolt } from '../adapters/slack/bolt.js';
import { createSlackReplies } from '../adapters/slack/replies.js';
import { registerSlackRoutes } from '../adapters/slack/routes.js';
import { createSlackSender, notificationClient } from '../adapters/slack/sender.js';
import { startSlackSocketMode } from '../adapters/slack/socket.js';
import { createTeamsRuntime, registerTeamsRoutes } from '../adapters/teams/routes.js';
import { createTeamsSender } from '../adapters/teams/sender.js';
import type { PracticeStore, UserStore } from '../domain/practice/ports.js';
import type { Clock, IdGenerator } from '../domain/shared/clock.js';
import { registerChatJobs } from '../jobs/chat.js';
import type { Registered } from './apps/registered.js';
import type { ChatCore, ConversationReplies, ReplyTarget } from './chat.js';
import { chatSetupCommands } from './chat-setup/commands.js';
import type { PeopleDeps } from './chat-setup/people.js';
import type { ChatLog } from './chat-setup/ports.js';
import { createReplyCache } from '../adapters/reply-cache.js';
import type { Config } from './config.js';

export type ChatInfra = {
  readonly config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'MICROSOFT_APP_ID' | 'MICROSOFT_APP_PASSWORD' | 'MICROSOFT_APP_TENANT_ID' | 'TEAMS_DEV_UNAUTHENTICATED'>;
  readonly em: EntityManager;
  readonly log: ChatLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly users: UserStore;
  readonly practices: PracticeStore;
  /** Replies for platforms wired elsewhere (the shell). */
  readonly otherReplies?: Partial<Record<ReplyTarget['platform'], ConversationReplies>>;
};

/** One ConversationReplies over every platform: a job carries a ReplyTarget and never needs to know which. */
export const repliesByPlatform = (by: Partial<Record<ReplyTarget['platform'], ConversationReplies>>): ConversationReplies => {
  const of = (target: ReplyTarget) => {
    const replies = by[target.platform];
    if (!replies) throw new Error(`no ${target.platform} replies configured`);
    return replies;
  };
  return {
    post: (target, card) => of(target).post(target, card),
    update: (target, handle, card) => of(target).update(target, handle, card),
  };
};

export function composeChat(x: ChatInfra) {
  const c = x.config;
  const ledger = new MikroOrmDeliveryLedger(x.em);
  const routes = new MikroOrmNotificationRouteStore(x.em);
  const outbox = new MikroOrmNotificationOutbox(x.em);
  const threads = new MikroOrmChatThreadStore(x.em);
  const cache = createReplyCache();
  const credentials = c.MICROSOFT_APP_ID && c.MICROSOFT_APP_PASSWORD && c.MICROSOFT_APP_TENANT_ID
    ? { appId: c.MICROSOFT_APP_ID, appPassword: c.MICROSOFT_APP_PASSWORD, tenantId: c.MICROSOFT_APP_TENANT_ID } : null;
  const devUnauthenticated = c.TEAMS_DEV_UNAUTHENTICATED;
  const teams = createTeamsRuntime({ credentials, devUnauthenticated, log: x.log });
  const slackToken = c.SLACK_BOT_TOKEN;

  const notifier = createChatNotifier({
    routes, outbox, threads, clock: x.clock, ids: x.ids, log: x.log,
    senders: {
      ...(slackToken ? { slack: createSlackSender(notificationClient(slackToken)) } : {}),
      ...(teams ? { teams: createTeamsSender(teams.replies) } : {}),
    },
  });
  const replies = repliesByPlatform({
    ...x.otherReplies,
    ...(slackToken ? { slack: createSlackReplies({ client: new (bolt().webApi.WebClient)(slackToken), log: x.log }) } : {}),
    ...(teams ? { teams: teams.replies } : {}),
  });
  const slackDeps = (core: ChatCore) => ({ botToken: slackToken!, core, ledger, log: x.log, inScope: x.inScope, now: () => x.clock.now(), cache });

  return {
    notifier,
    replies,
    /** The chat set-up verbs; they name only the apps and events compose.ts registered. */
    commands: (registered: Registered, more: Pick<PeopleDeps, 'staffLinks'> = {}) =>
      chatSetupCommands({ users: x.users, routes, clock: x.clock, notifier, apps: registered.apps, events: registered.events, ...more }),
    /** Route modules for the HTTP server: /slack/events (when Slack is configured) and /api/messages (503 until Teams is). */
    routes: (core: ChatCore, registered: Registered) => [
      ...(slackToken && c.SLACK_SIGNING_SECRET
        ? [async (app: FastifyInstance) => { await registerSlackRoutes(app, { ...slackDeps(core), signingSecret: c.SLACK_SIGNING_SECRET! }); }]
        : []),
      async (app: FastifyInstance) => {
        await registerTeamsRoutes(app, {
          runtime: teams, credentials, devUnauthenticated, core, ledger, log: x.log, inScope: x.inScope, cache, now: () => x.clock.now(),
          appNames: registered.apps.map((a) => a.name),
        });
      },
    ],
    /** Connects Slack over Socket Mode when SLACK_APP_TOKEN is set; null otherwise. */
    startSocketMode: (core: ChatCore) =>
      slackToken && c.SLACK_APP_TOKEN ? startSlackSocketMode({ ...slackDeps(core), appToken: c.SLACK_APP_TOKEN }) : null,
    registerJobs: (agenda: Agenda) => registerChatJobs(agenda, {
      inScope: x.inScope,
      practiceIds: async () => (await x.practices.list()).map((p) => p.id),
      retryOutbox: (id) => notifier.retryDue(id),
      purgeDeliveries: (now) => ledger.purge(now),
    }),
    stores: { ledger, routes, outbox, threads },
  };
}

export type ChatWiring = ReturnType<typeof composeChat>;
