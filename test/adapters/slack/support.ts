import Fastify, { type FastifyInstance } from 'fastify';
import { createChatCore } from '../../../src/commands/core.js';
import type { Command } from '../../../src/commands/command.js';
import type { ChatCore, ChatRequest } from '../../../src/chat.js';
import { registerSlackRoutes } from '../../../adapters/slack/routes.js';
import { signatureFor } from '../../../adapters/slack/signature.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../../fakes/in-memory-practice.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryDeliveryLedger, recordingLog } from '../../fakes/in-memory-chat.js';

export const secret = 'test-signing-secret';
export const nowMs = Date.UTC(2026, 10, 22, 9, 0, 0);
export const nowSec = String(Math.floor(nowMs / 1000));

export const signedHeaders = (body: string, opts: { secret?: string; timestamp?: string; contentType?: string } = {}) => {
  const timestamp = opts.timestamp ?? nowSec;
  return {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signatureFor(opts.secret ?? secret, timestamp, body),
  };
};

export const slashBody = (text: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    token: 'legacy', team_id: 'T1', team_domain: 'acme', channel_id: 'C1', channel_name: 'general',
    user_id: 'U1', user_name: 'ann', command: '/ignition', text,
    response_url: 'https://hooks.slack.com/commands/T1/1/abc', trigger_id: `trig-${Math.random()}`, api_app_id: 'A1',
    ...extra,
  }).toString();

export const interactionBody = (payload: object) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** A chat core that records what it was asked and answers with a script. */
export const scriptedCore = (script: (r: ChatRequest) => Awaited<ReturnType<ChatCore['handle']>>) => {
  const requests: ChatRequest[] = [];
  const core: ChatCore = { async handle(r) { requests.push(r); return script(r); } };
  return { core, requests };
};

/** The real chat core with in-memory stores and the given verbs. */
export const realCore = (commands: readonly Command[]) => {
  const users = new InMemoryUserStore();
  const core = createChatCore({
    practices: new InMemoryPracticeStore(), users, audit: new InMemoryAuditLog(),
    clock: fixedClock('2026-11-22T09:00:00Z'), ids: sequentialIds(), commands, roleForNewUser: () => 'staff',
  });
  return { core, users };
};

export async function slackServer(core: ChatCore, opts: { ackBudgetMs?: number } = {}): Promise<{ app: FastifyInstance; log: ReturnType<typeof recordingLog> }> {
  const app = Fastify();
  const log = recordingLog();
  await registerSlackRoutes(app, {
    signingSecret: secret, botToken: 'xoxb-test', core, ledger: new InMemoryDeliveryLedger(), log,
    nowMs: () => nowMs, now: () => new Date(nowMs), ackBudgetMs: opts.ackBudgetMs ?? 2000,
    botUserId: 'UBOT', clientOptions: { slackApiUrl: 'https://slack.test/api/', retryConfig: { retries: 0 } },
  });
  app.post('/other', async (req) => ({ parsed: req.body }));
  await app.ready();
  return { app, log };
}
