import { randomBytes } from 'node:crypto';
import { RequestContext } from '@mikro-orm/postgresql';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmAppLinkStore } from '../../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../../adapters/db/audit-log.js';
import { MikroOrmClientStore } from '../../adapters/db/client-store.js';
import { MikroOrmContactStore } from '../../adapters/db/contact-store.js';
import { MikroOrmPracticeStore } from '../../adapters/db/practice-store.js';
import { MikroOrmUserStore } from '../../adapters/db/user-store.js';
import { createChatCore } from '../../src/commands/core.js';
import { composeOutbox } from '../../src/compose-outbox.js';
import { composeProposals } from '../../src/compose-proposals.js';
import { formState } from '../builders/proposal-page-app.js';
import { sequentialIds } from '../fakes/clock.js';
import { recordingNotifier } from '../fakes/recording-notifier.js';
import { openTestOrm, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); });
afterAll(async () => { await db.close(); });

describe('proposals as composed for the bot, on PostgreSQL', () => {
  it('takes a person from services to a signed three-option proposal and its billing schedules', async () => {
    const em = db.orm.em;
    const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(em, fn);
    const stores = {
      practices: new MikroOrmPracticeStore(em), clients: new MikroOrmClientStore(em), contacts: new MikroOrmContactStore(em),
      links: new MikroOrmAppLinkStore(em), audit: new MikroOrmAuditLog(em),
    };
    const notifier = recordingNotifier();
    const clock = { now: () => new Date() };
    const ids = sequentialIds('w');
    // No scheduler here: the outbox drains in place, so the acceptance card is posted before the page answers.
    const outbox = composeOutbox({ em, notifier, clock, ids, inScope, log: { warn: () => {}, error: () => {} } });
    const proposals = composeProposals({ em, wakeOutbox: outbox.wake, publicUrl: 'http://bot.test', encryptionKey: randomBytes(32), mailFrom: 'x@y.test', stores, notifier, clock, ids, inScope });
    const core = createChatCore({ ...stores, users: new MikroOrmUserStore(em), clock, ids, commands: proposals.commands, roleForNewUser: () => 'admin' });
    const say = (text: string) => inScope(() => core.handle({ identity: { platform: 'shell', workspaceId: 'local', userId: 'me' }, displayName: 'Ann', text })).then((r) => r.cards);
    const app = Fastify();
    app.addHook('onRequest', (_req, _reply, done) => { void inScope(async () => done()); });
    for (const route of proposals.routes) await app.register(async (scope) => route(scope));

    await say('service add "Year-end accounts" price=1200');
    await say('service add Bookkeeping price=250 billing=monthly');
    await say('service add Advice hourly=90 billing=on-completion');
    await say('proposal new "Acme Ltd"');
    for (const tier of ['Bronze', 'Silver', 'Gold']) await say(`proposal add "Year-end accounts" tier=${tier}`);
    await say('proposal add Bookkeeping tier=Gold');
    await say('proposal add Advice addon=yes qty=2.5');
    const [sent] = await say('proposal send P-1');
    const link = sent!.fields!.find((f) => f.label === 'Link')!.value;
    const path = new URL(link).pathname;
    const page = await app.inject({ method: 'GET', url: path });
    const form = formState(page.body, page.headers['set-cookie']);
    const body = new URLSearchParams({ csrf: form.csrf, content: form.content, tier: form.tiers[2]!, addon: form.addOns[0]!, name: 'Jane Client', agree: 'yes' });
    const accepted = await app.inject({ method: 'POST', url: `${path}/accept`, headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
    const [schedules] = await say('proposal schedules P-1');

    expect(link).toMatch(/^http:\/\/bot\.test\/p\/[A-Za-z0-9_-]{43}$/);
    expect(accepted.statusCode).toBe(200);
    expect(notifier.sent.map((n) => n.event)).toEqual(['proposal.viewed', 'proposal.accepted']);
    expect(notifier.sent[1]!.card.title).toBe('Acme Ltd accepted P-1: Gold');
    expect(schedules!.rows!.map((r) => r.title)).toEqual([
      'Year-end accounts — £1,440.00', 'Bookkeeping — £300.00', 'Advice — £270.00 (estimate, confirm before billing)',
    ]);
    await app.close();
  });
});
