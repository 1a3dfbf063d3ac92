import { beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../../src/cards.js';
import type { ChatCore } from '../../../src/chat.js';
import { clientCommands } from '../../../src/clients/commands.js';
import { createClientUseCases } from '../../../src/clients/use-cases.js';
import { createChatCore } from '../../../src/commands/core.js';
import { registeredToday } from '../../builders/registered.js';
import { practiceCommands } from '../../../src/practice/commands.js';
import { createPracticeUseCases } from '../../../src/practice/use-cases.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemoryContactStore } from '../../fakes/in-memory-clients.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../../fakes/in-memory-practice.js';

let core: ChatCore;
let clients: InMemoryClientStore;
let audit: InMemoryAuditLog;
let practices: InMemoryPracticeStore;

beforeEach(() => {
  clients = new InMemoryClientStore();
  audit = new InMemoryAuditLog();
  practices = new InMemoryPracticeStore();
  const clock = fixedClock('2026-11-22T09:00:00Z');
  const ids = sequentialIds();
  const clientUc = createClientUseCases({ clients, contacts: new InMemoryContactStore(), links: new InMemoryAppLinkStore(), connections: new InMemoryConnectionStore(), audit, clock, ids });
  core = createChatCore({
    practices, users: new InMemoryUserStore(), audit, clock, ids,
    commands: [...practiceCommands(createPracticeUseCases({ practices, audit, clock })), ...clientCommands(clientUc, registeredToday.apps)],
    roleForNewUser: (r) => (r.identity.userId === 'boss' ? 'admin' : 'staff'),
  });
});

const say = async (text: string, userId = 'boss', workspaceId = 'T1'): Promise<Card[]> =>
  [...(await core.handle({ identity: { platform: 'slack', workspaceId, userId }, displayName: userId, text })).cards];

describe('the /ignition grammar', () => {
  it('adds a client with a multi-word name and quoted values, then lists it', async () => {
    await say('/ignition client add Acme Trading Ltd email=ops@acme.example phone="020 7946 0000"');

    const [list] = await say('clients');

    expect(list?.rows?.map((r) => r.title)).toEqual(['Acme Trading Ltd']);
    expect((await clients.findByName((await practices.list())[0]!.id, 'acme trading ltd'))[0]).toMatchObject({ email: 'ops@acme.example', phone: '020 7946 0000' });
  });

  it('answers a malformed argument with the argument and the reason, and writes nothing', async () => {
    const [reply] = await say('client add Acme email=nope');

    expect(reply).toMatchObject({ tone: 'error', title: "Can't use email" });
    expect(reply?.text).toContain('not an email address');
    expect((await clients.search((await practices.list())[0]!.id, '', { limit: 5, offset: 0 })).total).toBe(0);
  });

  it('refuses a duplicate client name and offers the existing one', async () => {
    await say('client add Acme Ltd');

    const [reply] = await say('client add acme ltd.');

    expect(reply?.title).toBe('Acme Ltd already exists');
    expect(reply?.buttons?.[0]?.command).toMatch(/^client show /);
  });

  it('suggests the closest verb for a typo', async () => {
    const [reply] = await say('clinets');

    expect(reply?.text).toBe('Did you mean `clients`?');
  });

  it('keeps admin-only commands from staff and says who can run them', async () => {
    await say('whoami', 'boss');

    const [reply] = await say('practice set timezone America/New_York', 'junior');

    expect(reply).toMatchObject({ title: 'Admins only' });
    expect(reply?.text).toContain('Ask boss');
    expect((await practices.list())[0]?.timeZone).toBe('Europe/London');
  });

  it('writes every command to the audit log with its chat and user', async () => {
    await say('practice set invoice-day 15');

    expect(audit.events.map((e) => [e.action, e.actor, e.chat])).toEqual([
      ['practice.updated', 'boss', 'slack'],
      ['command', 'boss', 'slack'],
    ]);
  });

  it('keeps each workspace in its own practice', async () => {
    await say('client add Only In One', 'boss', 'T1');

    const [reply] = await say('clients', 'boss', 'T2');

    expect(reply?.title).toBe('No clients yet');
  });

  it('pages a long client list with Next and Previous', async () => {
    for (let i = 1; i <= 12; i++) await say(`client add Client ${String(i).padStart(2, '0')}`);

    const [first] = await say('clients');
    const [second] = await say('clients page=2');

    expect(first?.buttons?.map((b) => b.command)).toEqual(['clients page=2']);
    expect(second?.rows?.map((r) => r.title)).toEqual(['Client 11', 'Client 12']);
    expect(second?.footer).toBe('12 clients · page 2 of 2');
  });

  it('names changed fields as people call them, never by the code\'s names', async () => {
    await say('client add Maple Leaf LLC');

    const [edited] = await say('client edit Maple Leaf LLC trade-name="Maple Local" structure=llc');

    expect(edited?.text).toBe('Changed trade name, business structure.');
    expect(JSON.stringify(edited)).not.toMatch(/tradeName|businessStructure/);
  });

  it('asks for quotes around a value of several words, instead of blaming the client name, and changes nothing', async () => {
    await say('client add Maple Leaf LLC');

    const [reply] = await say('client edit Maple Leaf LLC trade-name=Maple Local');

    expect(reply).toMatchObject({ tone: 'error', title: 'Put trade-name in quotes' });
    expect(reply?.text).toContain('`trade-name="Maple Local"`');
    expect((await clients.findByName((await practices.list())[0]!.id, 'Maple Leaf LLC'))[0]?.tradeName).toBeUndefined();
  });

  it('explains an unclosed quote instead of guessing', async () => {
    const [reply] = await say('client add "Acme');

    expect(reply?.title).toBe('Unclosed quote');
  });

  it('refuses an unknown --flag with a card naming it, instead of making it part of the name', async () => {
    const [reply] = await say('client add Acme --force');
    const [quoted] = await say('client add "Acme --force"');

    expect(reply).toMatchObject({ tone: 'error', title: '`client add` has no option `--force`' });
    expect(reply?.text).toContain('Usage: `client add');
    expect(quoted?.tone).not.toBe('error');
    const all = await clients.search((await practices.list())[0]!.id, '', { limit: 5, offset: 0 });
    expect(all.items.map((c) => c.name)).toEqual(['Acme --force']);
  });

  it('refuses a command carrying a NUL byte with a card saying why, and writes nothing', async () => {
    await say('clients');

    const [reply] = await say('client add Acme\u0000 Ltd');

    expect(reply).toMatchObject({ tone: 'error', title: 'Invisible character in the command', text: expect.stringContaining('U+0000') });
    expect((await clients.search((await practices.list())[0]!.id, '', { limit: 5, offset: 0 })).total).toBe(0);
  });

  it('finds a client by part of its name when only one matches, and lists choices when several do', async () => {
    await say('client add Acme Ltd');
    await say('client add Acme Holdings');
    await say('client add Zenith');

    const [one] = await say('client show zen');
    const [many] = await say('client show acme');

    expect(one?.title).toBe('Zenith');
    expect(many?.rows?.map((r) => r.title)).toEqual(['Acme Holdings', 'Acme Ltd']);
  });

  it('turns an unexpected failure into a card, not a stack trace', async () => {
    const broken = createChatCore({
      practices: { ...practices, findByWorkspace: async () => { throw new Error('db down'); } } as unknown as InMemoryPracticeStore,
      users: new InMemoryUserStore(), audit, clock: fixedClock('2026-01-01'), ids: sequentialIds(), commands: [], roleForNewUser: () => 'staff',
    });

    const reply = await broken.handle({ identity: { platform: 'shell', workspaceId: 'w', userId: 'u' }, displayName: 'u', text: 'clients' });

    expect(reply.cards[0]).toMatchObject({ title: 'Something went wrong', tone: 'error' });
    expect(JSON.stringify(reply)).not.toContain('db down');
  });
});

describe('the command table', () => {
  it('refuses at start-up two commands with the same verb, naming it', () => {
    const sync = { verb: 'sync', group: 'Apps', usage: 'sync', summary: 'Sync', run: async () => [] };

    expect(() => createChatCore({
      practices: new InMemoryPracticeStore(), users: new InMemoryUserStore(), audit: new InMemoryAuditLog(), clock: fixedClock('2026-01-01'), ids: sequentialIds(),
      commands: [sync, { ...sync, summary: 'Another app\'s sync' }], roleForNewUser: () => 'staff',
    })).toThrow('two commands use the verb "sync"');
  });
});

describe('an install on sandbox apps', () => {
  it('labels every card, once', async () => {
    const practices = new InMemoryPracticeStore();
    const sandboxed = createChatCore({
      practices, users: new InMemoryUserStore(), audit: new InMemoryAuditLog(), clock: fixedClock('2026-01-01'), ids: sequentialIds(),
      commands: [{ verb: 'twice', group: 'Test', usage: 'twice', summary: 'Two cards', run: async () => [{ title: 'Plain' }, { title: 'Gusto', footer: 'Sandbox Gusto' }] }],
      roleForNewUser: () => 'staff', footerNote: 'Sandbox: simulated apps',
    });

    const reply = await sandboxed.handle({ identity: { platform: 'shell', workspaceId: 'w', userId: 'u' }, displayName: 'u', text: 'twice' });

    expect(reply.cards.map((c) => c.footer)).toEqual(['Sandbox: simulated apps', 'Sandbox Gusto']);
  });
});
