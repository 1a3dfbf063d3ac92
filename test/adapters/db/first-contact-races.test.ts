import { randomBytes } from 'node:crypto';
import { RequestContext } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MikroOrmAppLinkStore } from '../../../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../../../adapters/db/audit-log.js';
import { MikroOrmClientStore } from '../../../adapters/db/client-store.js';
import { MikroOrmContactStore } from '../../../adapters/db/contact-store.js';
import { MikroOrmPracticeStore } from '../../../adapters/db/practice-store.js';
import { MikroOrmUserStore } from '../../../adapters/db/user-store.js';
import type { Card } from '../../../src/cards.js';
import type { ChatCore } from '../../../src/chat.js';
import { peopleCommands } from '../../../src/chat-setup/people.js';
import { clientCommands } from '../../../src/clients/commands.js';
import { createClientUseCases } from '../../../src/clients/use-cases.js';
import { createChatCore } from '../../../src/commands/core.js';
import { composeOutbox } from '../../../src/compose-outbox.js';
import { composeProposals } from '../../../src/compose-proposals.js';
import { randomIds } from '../../../src/ids.js';
import { fixedClock } from '../../fakes/clock.js';
import { recordingNotifier } from '../../fakes/recording-notifier.js';
import { MikroOrmConnectionStore } from '../../../adapters/db/connection-store.js';
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import { registeredToday } from '../../builders/registered.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
let core: ChatCore;
const failures: unknown[] = [];

beforeAll(async () => {
  db = await openTestOrm();
  const em = db.orm.em;
  const clock = fixedClock('2026-11-22T09:00:00Z');
  const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(em, fn);
  const users = new MikroOrmUserStore(em);
  const stores = {
    practices: new MikroOrmPracticeStore(em), clients: new MikroOrmClientStore(em), contacts: new MikroOrmContactStore(em),
    links: new MikroOrmAppLinkStore(em), audit: new MikroOrmAuditLog(em), connections: new MikroOrmConnectionStore(em, createSecretBox(randomBytes(32))),
  };
  const clients = createClientUseCases({ ...stores, clock, ids: randomIds });
  const notifier = recordingNotifier();
  const outbox = composeOutbox({ em, notifier, clock, ids: randomIds, inScope, log: { warn: () => {}, error: () => {} } });
  const proposals = composeProposals({
    em, wakeOutbox: outbox.wake, publicUrl: 'http://bot.test', encryptionKey: randomBytes(32), mailFrom: 'x@y.test', stores, notifier, clock, ids: randomIds, inScope,
  });
  const unscoped = createChatCore({
    ...stores, users, clock, ids: randomIds,
    commands: [...peopleCommands({ users, apps: registeredToday.apps }), ...clientCommands(clients, registeredToday.apps), ...proposals.commands],
    roleForNewUser: () => 'staff',
    onError: (error) => failures.push(error),
  });
  core = { handle: (request) => inScope(() => unscoped.handle(request)) };
});
afterAll(async () => { await db.close(); });
beforeEach(() => { failures.length = 0; });

const say = async (text: string, userId: string, workspaceId: string): Promise<Card[]> =>
  [...(await core.handle({ identity: { platform: 'slack', workspaceId, userId }, displayName: userId, text })).cards];

/** N copies of one command from the same moment, as a burst of first clicks or retried deliveries would send them. */
const burst = (n: number, send: (i: number) => Promise<Card[]>) => Promise.all(Array.from({ length: n }, (_, i) => send(i)));

const count = async (sql: string, params: unknown[]): Promise<number> =>
  Number((await db.orm.em.getConnection().execute<{ n: string }[]>(sql, params, 'all'))[0]?.n);

const titles = (replies: Card[][]) => replies.map((r) => r[0]?.title);

describe(`first contact under concurrency on ${databaseKind()} PostgreSQL`, () => {
  it('gives a new Slack team exactly one practice when ten first requests arrive at once', async () => {
    const replies = await burst(10, (i) => say('users', `U-team-${i}`, 'T-NEW'));

    expect(failures.map(String)).toEqual([]);
    expect(titles(replies).every((t) => t?.startsWith('People in'))).toBe(true);
    expect(await count('select count(*) as n from workspace where workspace_id = ?', ['T-NEW'])).toBe(1);
    expect(await count('select count(*) as n from practice', [])).toBe(await count('select count(*) as n from workspace', []));
  });

  it('records a new person once when their first ten requests arrive at once', async () => {
    await say('users', 'U-first', 'T-PEOPLE');

    const replies = await burst(10, () => say('users', 'U-eager', 'T-PEOPLE'));

    expect(failures.map(String)).toEqual([]);
    expect(titles(replies).every((t) => t?.startsWith('People in'))).toBe(true);
    expect(await count(`select count(*) as n from app_user u join workspace w on w.practice_id = u.practice_id
      where w.workspace_id = ? and u.display_name = ?`, ['T-PEOPLE', 'U-eager'])).toBe(1);
    expect(await count(`select count(*) as n from app_user u where not exists (select 1 from user_identity i where i.user_id = u.id)`, [])).toBe(0);
  });

  it('makes exactly one of five people running setup at once the admin: the first', async () => {
    for (let i = 0; i < 5; i++) await say('users', `U-setup-${i}`, 'T-SETUP');

    const replies = await burst(5, (i) => say('setup', `U-setup-${i}`, 'T-SETUP'));

    expect(failures.map(String)).toEqual([]);
    const won = replies.filter((r) => r[0]?.title.startsWith('You are now the admin'));
    expect(won).toHaveLength(1);
    expect(titles(replies).filter((t) => t === 'This practice is already set up')).toHaveLength(4);
    expect(await count(`select count(*) as n from app_user u join workspace w on w.practice_id = u.practice_id
      where w.workspace_id = ? and u.role = 'admin'`, ['T-SETUP'])).toBe(1);
  });

  it('adds a client once when ten people add the same name at once, and points the others at it', async () => {
    await say('users', 'U-clients', 'T-CLIENTS');

    const replies = await burst(10, (i) => say(i % 2 ? 'client add RACE-DUP' : 'client add  race-dup.', 'U-clients', 'T-CLIENTS'));

    expect(failures.map(String)).toEqual([]);
    const made = await db.orm.em.getConnection().execute<{ id: string }[]>(
      'select c.id from client c join workspace w on w.practice_id = c.practice_id where w.workspace_id = ?', ['T-CLIENTS'], 'all');
    expect(made).toHaveLength(1);
    const refused = replies.filter((r) => r[0]?.tone === 'error');
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(r[0]?.title).toMatch(/^RACE-DUP already exists$|^race-dup\. already exists$/);
      expect(r[0]?.buttons?.[0]).toMatchObject({ label: 'Show it', command: `client show ${made[0]?.id}` });
    }
  });

  it('makes one client when a proposal for a new lead and client add of that name race', async () => {
    await say('users', 'U-leads', 'T-LEADS');

    const replies = await burst(10, (i) => say(i === 5 ? 'proposal new "Race Lead Ltd"' : 'client add Race Lead Ltd', 'U-leads', 'T-LEADS'));

    expect(failures.map(String)).toEqual([]);
    const made = await db.orm.em.getConnection().execute<{ id: string }[]>(
      'select c.id from client c join workspace w on w.practice_id = c.practice_id where w.workspace_id = ?', ['T-LEADS'], 'all');
    expect(made).toHaveLength(1);
    expect(await count('select count(*) as n from proposal where client_id = ?', [made[0]?.id])).toBe(1);
    expect(replies.filter((r) => r[0]?.title === 'Race Lead Ltd already exists').length).toBeGreaterThanOrEqual(8);
  });

  it('numbers ten proposals started at once in one practice 1 to 10, each once', async () => {
    await say('users', 'U-numbers', 'T-NUMBERS');

    const replies = await burst(10, (i) => say(`proposal new "Numbered ${i} Ltd"`, 'U-numbers', 'T-NUMBERS'));

    expect(failures.map(String)).toEqual([]);
    expect(titles(replies).every((t) => t?.startsWith('Started P-'))).toBe(true);
    const numbers = await db.orm.em.getConnection().execute<{ number: number }[]>(
      'select p.number from proposal p join workspace w on w.practice_id = p.practice_id where w.workspace_id = ? order by p.number', ['T-NUMBERS'], 'all');
    expect(numbers.map((r) => Number(r.number))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
