import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registeredToday } from '../../builders/registered.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { createChatCore } from '../../../src/commands/core.js';
import { chatSetupCommands } from '../../../src/chat-setup/commands.js';
import { registerSlackRoutes } from '../../../adapters/slack/routes.js';
import { blockProblems } from '../../../adapters/slack/views/limits.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../../fakes/in-memory-practice.js';
import { InMemoryDeliveryLedger, InMemoryNotificationRouteStore, recordingLog } from '../../fakes/in-memory-chat.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { nowMs, secret, signedHeaders, slashBody } from './support.js';

describe('a signed slash command through the real chat core', () => {
  let app: FastifyInstance;
  let audit: InMemoryAuditLog;
  let routes: InMemoryNotificationRouteStore;
  let scopes: number;

  // A fresh practice for every test: none may rely on who another test made admin.
  beforeEach(async () => {
    audit = new InMemoryAuditLog();
    routes = new InMemoryNotificationRouteStore();
    scopes = 0;
    const users = new InMemoryUserStore();
    const clock = fixedClock('2026-11-22T09:00:00Z');
    const core = createChatCore({
      practices: new InMemoryPracticeStore(), users, audit, clock, ids: sequentialIds(),
      commands: chatSetupCommands({ users, routes, clock, ...registeredToday }), roleForNewUser: () => 'staff',
    });
    app = Fastify();
    await registerSlackRoutes(app, {
      signingSecret: secret, botToken: 'xoxb-test', core, ledger: new InMemoryDeliveryLedger(), log: recordingLog(),
      nowMs: () => nowMs, botUserId: 'UBOT', inScope: async (fn) => { scopes++; return fn(); },
    });
    await app.ready();
  });
  afterEach(async () => { await app.close(); });

  const run = async (text: string, user = 'U1') => {
    const body = slashBody(text, { user_id: user, user_name: user.toLowerCase() });
    const started = Date.now();
    const res = await app.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signedHeaders(body) });
    return { res, ms: Date.now() - started, json: res.json() };
  };

  it('answers /ignition help with Block Kit well inside 3 seconds', async () => {
    const { res, ms, json } = await run('help');

    expect(res.statusCode).toBe(200);
    expect(ms).toBeLessThan(3000);
    expect(json.blocks[0].text.text).toBe('Ignition commands');
    expect(JSON.stringify(json)).toContain('notify here');
    expect(blockProblems(json.blocks)).toEqual([]);
    expect(scopes).toBeGreaterThan(0);
  });

  it('makes the first person admin, routes notifications for the channel in_channel, and audits both with chat and user', async () => {
    const setup = await run('setup', 'UANN');
    const notify = await run('notify here sync', 'UANN');

    expect(setup.json.blocks[0].text.text).toContain('You are now the admin');
    expect(notify.json.response_type).toBe('in_channel');
    expect(routes.routes.map((r) => r.event)).toEqual(['sync.finished', 'sync.failed']);
    expect(audit.events.map((e) => [e.subject, e.chat, e.actor])).toEqual(expect.arrayContaining([['setup', 'slack', 'uann'], ['notify here', 'slack', 'uann']]));
  });

  it('refuses an admin-only command from staff with a card naming the admin', async () => {
    await run('setup', 'UANN');

    const { json } = await run('user promote <@U9|zed>', 'UBOB');

    expect(json.blocks[0].text.text).toContain('Admins only');
    expect(JSON.stringify(json.blocks)).toContain('uann');
  });
});
