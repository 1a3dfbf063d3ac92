import { beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/practice/client.js';
import type { AppLink } from '../../../domain/practice/connection.js';
import { newPractice } from '../../../domain/practice/practice.js';
import type { User } from '../../../domain/practice/user.js';
import { asId } from '../../../domain/shared/ids.js';
import { owedChanges } from '../../../domain/sync/link-sync.js';
import type { WriteRequest } from '../../../domain/outbox/entry.js';
import { createClientUseCases } from '../../../src/clients/use-cases.js';
import { parseArgs, tokenize } from '../../../src/commands/args.js';
import type { Command } from '../../../src/commands/command.js';
import { syncCommands } from '../../../src/sync/commands.js';
import { createSyncUseCases } from '../../../src/sync/use-cases.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemoryContactStore } from '../../fakes/in-memory-clients.js';
import { InMemoryAuditLog } from '../../fakes/in-memory-practice.js';

const clock = fixedClock('2026-11-22T09:00:00Z');
const at = new Date('2026-11-01T09:00:00Z');
const practice = newPractice(asId('pr-1'), 'Ledger & Co', at);
const user: User = { id: asId('u-1'), practiceId: practice.id, displayName: 'Ada', role: 'staff', identities: [{ platform: 'shell', workspaceId: 'local', userId: 'ada' }], createdAt: at };
const acme: Client = { id: asId('c-1'), practiceId: practice.id, status: 'client', name: 'Acme Ltd', phone: '0100 2', createdAt: at, updatedAt: at };
const link: AppLink = {
  practiceId: practice.id, provider: 'xpm', externalId: 'xpm-acme', clientId: acme.id, syncLevel: 'all',
  baseline: { name: 'Acme Ltd', phone: '0100 1' },
  conflicts: [{ field: 'phone', ours: '0100 2', theirs: '0100 3', baseline: '0100 1' }],
};

let clients: InMemoryClientStore;
let links: InMemoryAppLinkStore;
let audit: InMemoryAuditLog;
let commands: Command[];
let recorded: WriteRequest[];
let wakes: number;

/** Runs one command line as the chat core would, after its verb. */
const run = async (line: string) => {
  const command = commands.find((c) => line === c.verb || line.startsWith(`${c.verb} `))!;
  const tokens = tokenize(line.slice(command.verb.length));
  if (!tokens.ok) throw new Error('bad line');
  const [reply] = await command.run({ practice, user, request: { identity: user.identities[0]!, displayName: 'Ada', text: line }, args: parseArgs(tokens.value.map((t) => t.text)) });
  return reply!;
};

beforeEach(async () => {
  clients = new InMemoryClientStore();
  links = new InMemoryAppLinkStore(clients);
  audit = new InMemoryAuditLog();
  await clients.save(acme);
  await links.save(link);
  const clientUc = createClientUseCases({ clients, contacts: new InMemoryContactStore(), links, connections: new InMemoryConnectionStore(), audit, clock, ids: sequentialIds() });
  recorded = [];
  wakes = 0;
  const writes = { record: async (w: WriteRequest) => void recorded.push(w), wake: async () => void wakes++ };
  commands = syncCommands(createSyncUseCases({ clients, links, audit, clock, findClient: clientUc.find, writes }), [{ provider: 'xpm', name: 'XPM' }, { provider: 'sage', name: 'Sage' }]);
});

describe('sync conflicts in chat', () => {
  it('shows each conflict as a card row with both values and Keep ours / Keep theirs', async () => {
    const reply = await run('conflicts');

    expect(reply.title).toBe('1 sync conflict to settle');
    expect(reply.rows).toEqual([{
      title: 'Acme Ltd: phone (XPM)',
      fields: [{ label: 'Ours', value: '0100 2' }, { label: 'XPM\'s', value: '0100 3' }, { label: 'Agreed at the last sync', value: '0100 1' }],
      buttons: [
        { label: 'Keep ours', command: 'resolve-conflict c-1 phone ours app=xpm', style: 'primary' },
        { label: 'Keep theirs', command: 'resolve-conflict c-1 phone theirs app=xpm' },
      ],
    }]);
  });

  it('keeping theirs puts the app\'s value in our client and the baseline, and closes the conflict', async () => {
    const reply = await run('resolve-conflict c-1 phone theirs app=xpm');

    expect(reply.title).toBe('Acme Ltd: phone settled');
    expect((await clients.get(practice.id, acme.id))?.phone).toBe('0100 3');
    const after = await links.find(practice.id, 'xpm', 'xpm-acme');
    expect(after?.baseline).toEqual({ name: 'Acme Ltd', phone: '0100 3' });
    expect(after?.conflicts).toEqual([]);
    expect(owedChanges(after!)).toEqual([]);
    expect((await audit.recent(practice.id, 1))[0]).toMatchObject({ action: 'sync.conflict_resolved', detail: { field: 'phone', kept: 'theirs' } });
  });

  it('keeping ours leaves our client alone and records the write the app is owed', async () => {
    const reply = await run('resolve-conflict "Acme Ltd" phone ours');

    expect(reply.text).toContain('queued for XPM');
    expect((await clients.get(practice.id, acme.id))?.phone).toBe('0100 2');
    const after = await links.find(practice.id, 'xpm', 'xpm-acme');
    expect(after?.baseline).toEqual({ name: 'Acme Ltd', phone: '0100 2' });
    expect(owedChanges(after!)).toEqual([{ field: 'phone', from: '0100 3', to: '0100 2' }]);
    expect(recorded).toEqual([expect.objectContaining({
      practiceId: practice.id, app: 'xpm', kind: 'client', sourceId: acme.id,
      payload: { externalId: 'xpm-acme', reference: acme.id, name: 'Acme Ltd', values: { phone: '0100 2' } },
    })]);
    expect(recorded[0]!.period).toMatch(/^[0-9a-f]{16}$/);
    expect(wakes).toBe(1);
  });

  it('records the same write (same key) when the same value is kept again, and none when theirs is kept', async () => {
    await run('resolve-conflict "Acme Ltd" phone ours');
    await links.save(link);
    await run('resolve-conflict "Acme Ltd" phone ours');
    await links.save(link);
    await run('resolve-conflict "Acme Ltd" phone theirs');

    expect(recorded).toHaveLength(2);
    expect(recorded[1]!.period).toBe(recorded[0]!.period);
  });

  it('says so, and changes nothing, when the field has no open conflict', async () => {
    const reply = await run('resolve-conflict "Acme Ltd" fax ours');

    expect(reply).toMatchObject({ tone: 'error', title: 'Acme Ltd has no conflict on fax' });
    expect(await links.find(practice.id, 'xpm', 'xpm-acme')).toEqual(link);
  });

  it('asks which app when the field conflicts in two', async () => {
    await links.save({ ...link, provider: 'sage', externalId: 'sage-acme' });

    const reply = await run('resolve-conflict "Acme Ltd" phone ours');

    expect(reply.text).toBe('Say which: app=xpm or app=sage.');
  });

  it('explains the grammar when the side is missing', async () => {
    expect((await run('resolve-conflict "Acme Ltd" phone')).title).toBe('Say which client, field and side');
  });
});
