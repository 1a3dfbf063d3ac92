import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { RequestContext } from '@mikro-orm/postgresql';
import { composeChat } from '../../src/compose-chat.js';
import { createLogger } from '../../adapters/log/logger.js';
import { InMemoryPracticeStore, InMemoryUserStore } from '../fakes/in-memory-practice.js';
import { fixedClock, sequentialIds } from '../fakes/clock.js';
import { openTestOrm, type TestDatabase } from '../support/db.js';
import { card } from '../../src/cards.js';
import { registeredToday } from '../builders/registered.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

const wiring = (config: Parameters<typeof composeChat>[0]['config']) => composeChat({
  config, em: db.orm.em, log: createLogger('silent'), clock: fixedClock('2026-11-22T09:00:00Z'), ids: sequentialIds(),
  inScope: (fn) => RequestContext.create(db.orm.em, fn), users: new InMemoryUserStore(), practices: new InMemoryPracticeStore(),
});

describe('chat wiring', () => {
  it('serves 503 on /api/messages and no Slack route when nothing is configured', async () => {
    const chat = wiring({ TEAMS_DEV_UNAUTHENTICATED: false });
    const app = Fastify();
    for (const route of chat.routes({ handle: async () => ({ cards: [card('hi')] }) }, registeredToday)) await app.register(route);

    const teams = await app.inject({ method: 'POST', url: '/api/messages', payload: { type: 'message' } });
    const slack = await app.inject({ method: 'POST', url: '/slack/events', payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    expect(teams.statusCode).toBe(503);
    expect(slack.statusCode).toBe(404);
    expect(chat.startSocketMode({ handle: async () => ({ cards: [] }) })).toBeNull();
    expect(chat.commands(registeredToday).map((c) => c.verb)).toEqual(['setup', 'users', 'user promote', 'user demote', 'notify', 'notify here', 'notify off', 'notify test']);
    await app.close();
  });

  it('registers /slack/events when Slack is configured, and refuses unsigned requests there', async () => {
    const chat = wiring({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', TEAMS_DEV_UNAUTHENTICATED: false });
    const app = Fastify();
    for (const route of chat.routes({ handle: async () => ({ cards: [] }) }, registeredToday)) await app.register(route);

    const res = await app.inject({ method: 'POST', url: '/slack/events', payload: 'command=%2Fignition', headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    expect(res.statusCode).toBe(401);
    await app.close();
  });
});
