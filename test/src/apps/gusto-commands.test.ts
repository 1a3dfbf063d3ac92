import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../domain/practice/user.js';
import type { Card } from '../../../src/cards.js';
import { createChatCore } from '../../../src/commands/core.js';
import { appCommands } from '../../../src/apps/commands.js';
import { gustoWorld, type GustoWorld } from '../../builders/gusto-world.js';
import { sequentialIds } from '../../fakes/clock.js';
import { InMemoryUserStore } from '../../fakes/in-memory-practice.js';

let w: GustoWorld;
let queued: unknown[] = [];
afterEach(() => { queued = []; });
afterEach(async () => { await w.close(); });

/**
 * The chat core with only the Gusto verbs, for an admin and a staff member of the world's practice.
 * `queued` starts syncs the way Slack and Teams do: as a job, with nothing to show yet.
 */
const chat = async (count = 2, o: { queued?: boolean } = {}) => {
  w = await gustoWorld({ count });
  const users = new InMemoryUserStore();
  await users.save(w.admin);
  await users.save({ ...w.admin, id: 'u-2' as never, displayName: 'Sam Staff', role: 'staff', identities: [{ platform: 'shell', workspaceId: 'local', userId: 'sam' }] });
  const core = createChatCore({
    practices: w.stores.practices, users, audit: w.stores.audit, clock: { now: () => new Date() }, ids: sequentialIds('c'),
    roleForNewUser: (): Role => 'staff',
    commands: appCommands({
      apps: w.uc.apps,
      startSync: async (u, p, r) => (o.queued ? (queued.push(r), null) : u.sync.sync(p, r)),
    }),
  });
  const say = async (text: string, who: 'ada' | 'sam' = 'ada'): Promise<Card> =>
    (await core.handle({ identity: { platform: 'shell', workspaceId: 'local', userId: who }, displayName: who, text })).cards[0]!;
  return { say };
};

describe('Gusto chat verbs', () => {
  it('lets only admins connect Gusto or change sync levels', async () => {
    const { say } = await chat();

    expect((await say('connect gusto', 'sam')).title).toBe('Admins only');
    expect((await say('client-sync Acme all', 'sam')).title).toBe('Admins only');
    expect((await say('connect gusto')).title).toBe('Connect Gusto (Sandbox)');
  });

  it('answers a bad sync level with the three choices and changes nothing', async () => {
    const { say } = await chat();
    const company = w.sandbox.companies()[0]!;
    await w.connect(company.uuid);

    const reply = await say(`client-sync ${company.name} everything`);

    expect(reply).toMatchObject({ title: 'Sync level not recognised', tone: 'error' });
    expect(reply.text).toContain('names');
    expect((await w.stores.links.list(w.practice.id, 'gusto'))[0]?.syncLevel).toBe('all');
  });

  it('offers a chooser of clients and sync levels from the Apps tile, instead of help text', async () => {
    const { say } = await chat(2);
    const [a, b] = w.sandbox.companies().map((c) => c.name);
    for (const c of w.sandbox.companies()) await w.connect(c.uuid);

    const tile = await say('apps');
    const button = tile.buttons!.find((x) => x.label === 'Client Sync')!;
    const chooser = await say(button.command!);

    expect(button.command).toBe('client-sync');
    expect(chooser.title).toBe('Choose how much Gusto data reaches each client (Sandbox)');
    expect(chooser.rows!.map((r) => r.title)).toEqual([a, b].sort());
    expect(chooser.text).toBe('All data: every synced field follows Gusto.\nClient names only: name changes sync, other changes are ignored.\nNothing: no Gusto changes reach this client.');
    const row = chooser.rows!.find((r) => r.title === a)!;
    expect(row.text).toBe('Now: all data');
    expect(row.buttons!.map((x) => x.label)).toEqual(['All data (now)', 'Names only', 'Nothing']);

    const set = await say(row.buttons![1]!.command!);
    const one = await say(`client-sync ${a}`);

    expect(set.title).toBe(`Sync level for ${a}: names only (Sandbox)`);
    expect(one.title).toBe(`How much Gusto data reaches ${a}? (Sandbox)`);
    expect(one.buttons!.map((x) => x.label)).toEqual(['All data', 'Names only (now)', 'Nothing']);
  });

  it('names the client it cannot find, and refuses a client with no Gusto link', async () => {
    const { say } = await chat();
    await w.stores.clients.save({ id: 'cl-x' as never, practiceId: w.practice.id, status: 'client', name: 'Local Only Ltd', createdAt: new Date(), updatedAt: new Date() });

    expect((await say('client-sync Nobody Here all')).title).toBe('No client called "Nobody Here"');
    expect((await say('client-sync Local Only Ltd none')).title).toBe('Local Only Ltd is not linked to Gusto');
  });

  it('answers a sync with nothing connected by saying so and offering Connect, instead of starting a job', async () => {
    const { say } = await chat(1, { queued: true });

    const reply = await say('sync');

    expect(reply).toMatchObject({ title: 'Gusto is not connected (Sandbox)', tone: 'warning' });
    expect(reply.buttons).toContainEqual(expect.objectContaining({ label: 'Connect Gusto', command: 'connect gusto' }));
    expect(queued).toEqual([]);
  });

  it('queues a sync in chat once a company is connected', async () => {
    const { say } = await chat(1, { queued: true });
    await w.connect(w.sandbox.companies()[0]!.uuid);

    const reply = await say('sync gusto');

    expect(reply.title).toBe('Gusto sync started (Sandbox)');
    expect(queued).toHaveLength(1);
  });

  it('refuses to sync an app that is not registered, naming the apps there are', async () => {
    const { say } = await chat();

    const card = await say('sync slack');

    expect(card.title).toBe('No app called "slack"');
    expect(card.text).toBe('The apps here are `gusto`.');
  });

  it('turns the Smart Billing Labs switch on, shows it on the Gusto tile, and previews a linked client', async () => {
    const { say } = await chat(1);
    const company = w.sandbox.companies()[0]!;
    await w.connect(company.uuid);

    await say('labs smart-billing on');
    const tile = await say('apps');
    const preview = await say(`smart-billing preview ${company.name}`);

    expect(tile.fields).toContainEqual({ label: 'Smart Billing (Labs)', value: 'on' });
    expect(tile.fields!.find((f) => f.label === 'Last sync')!.value).toMatch(/^\w{3} \d+ \w{3}, \d\d:\d\d — 1 checked: 1 new, 0 updated, 0 failed$/);
    expect(preview.title).toBe(`Smart Billing preview: ${company.name} (Sandbox)`);
    expect(preview.fields?.[0]?.label).toBe('Gusto count');
    expect(preview.text).toBe('The next invoice would bill *1 active employee* for per-employee services.');
  });

  it('holds a preview for a client not linked to Gusto', async () => {
    const { say } = await chat(1);
    await w.stores.clients.save({ id: 'cl-y' as never, practiceId: w.practice.id, status: 'client', name: 'Paper Co', createdAt: new Date(), updatedAt: new Date() });

    const preview = await say('smart-billing preview Paper Co');

    expect(preview.title).toContain('would be held');
    expect(preview.text).toContain('not linked to a Gusto company');
  });

  it('disconnects a named company: revokes the grant at Gusto and forgets the tokens, keeping the client', async () => {
    const { say } = await chat(2);
    const [a, b] = w.sandbox.companies();
    await w.connect(a!.uuid);
    await w.connect(b!.uuid);
    const label = (await w.stores.connections.list(w.practice.id, 'gusto')).find((c) => c.externalId === a!.uuid)!.label;

    const reply = await say(`disconnect gusto "${label}"`);

    expect(reply.title).toBe(`Disconnected ${label} (Sandbox)`);
    expect((await w.stores.connections.list(w.practice.id, 'gusto')).map((c) => c.externalId)).toEqual([b!.uuid]);
    expect(w.sandbox.auth.grants.find((g) => g.companyUuid === a!.uuid)?.revoked).toBe(true);
    expect(await w.stores.clients.findByName(w.practice.id, a!.name)).toHaveLength(1);
  });
});
