import { RequestContext, type MikroORM } from '@mikro-orm/postgresql';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmAuditLog } from '../../../adapters/db/audit-log.js';
import { MikroOrmDeliveryLedger } from '../../../adapters/db/chat-stores.js';
import { MikroOrmChatDirectory } from '../../../adapters/db/chat-directory.js';
import { openOrm } from '../../../adapters/db/orm.js';
import { MikroOrmPracticeStore } from '../../../adapters/db/practice-store.js';
import { MikroOrmUserStore } from '../../../adapters/db/user-store.js';
import { registerSlackRoutes } from '../../../adapters/slack/routes.js';
import { createChatCore } from '../../../src/commands/core.js';
import { randomIds } from '../../../src/ids.js';
import { recordingLog } from '../../fakes/in-memory-chat.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';
import { nowMs, secret, signedHeaders, slashBody } from './support.js';

let db: TestDatabase;
let orm: MikroORM;
let app: FastifyInstance;
const statements: string[] = [];

beforeAll(async () => {
  db = await openTestOrm();
  // A second ORM on the same database that reports every statement it sends.
  orm = await openOrm({ url: db.url, poolMax: 2, debug: true, log: (m) => { if (m.includes('[query]')) statements.push(m); } });
  const em = orm.em;
  const users = new MikroOrmUserStore(em);
  const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(em, fn);
  const core = createChatCore({
    practices: new MikroOrmPracticeStore(em), users, audit: new MikroOrmAuditLog(em), directory: new MikroOrmChatDirectory(em),
    clock: { now: () => new Date(nowMs) }, ids: randomIds, commands: [], roleForNewUser: () => 'staff',
  });
  app = Fastify();
  await registerSlackRoutes(app, {
    signingSecret: secret, botToken: 'xoxb-test', core: { handle: (r) => inScope(() => core.handle(r)) }, ledger: new MikroOrmDeliveryLedger(em),
    log: recordingLog(), inScope, nowMs: () => nowMs, now: () => new Date(nowMs), botUserId: 'UBOT',
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await orm.close(true);
  await db.close();
});

const help = async () => {
  const body = slashBody('help');
  return app.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signedHeaders(body) });
};

describe(`the Slack ack path on ${databaseKind()} PostgreSQL`, () => {
  it('answers a known person\'s command with two statements: the delivery claim and one look-up of who is asking', async () => {
    await help();
    statements.length = 0;

    const res = await help();

    expect(res.statusCode).toBe(200);
    expect(res.json().blocks.length).toBeGreaterThan(0);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toContain('insert into chat_delivery');
    expect(statements[1]).toContain('from workspace w');
  });
});
