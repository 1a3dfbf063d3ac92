import { describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/practice/client.js';
import { asId } from '../../../domain/shared/ids.js';
import { ok, err } from '../../../domain/shared/result.js';
import { createOfferedClients } from '../../../src/apps/offered-search.js';
import type { Card } from '../../../src/cards.js';
import type { AdoptAppClient } from '../../../src/clients/adopt.js';
import { proposalWorld } from '../../builders/proposal-world.js';
import { InMemoryAppClientStore } from '../../fakes/in-memory-app-clients.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore } from '../../fakes/in-memory-clients.js';

const buttons = (c: Card) => [...(c.buttons ?? []), ...(c.rows ?? []).flatMap((r) => r.buttons ?? [])];

/**
 * A practice with Sage connected and its customers read. Adopting is the import use cases' job (another
 * area); here a minimal stand-in makes the record a client and links it, recording each call.
 */
async function sageWorld() {
  const clients = new InMemoryClientStore();
  const appLinks = new InMemoryAppLinkStore(clients);
  const connections = new InMemoryConnectionStore();
  const appClients = new InMemoryAppClientStore(appLinks);
  const adopted: string[] = [];
  let n = 0;
  const adoptAppClient: AdoptAppClient = async (actor, provider, externalId) => {
    adopted.push(`${provider}:${externalId}`);
    const record = await appClients.get(actor.practice.id, provider, externalId);
    if (!record) return err({ kind: 'not-found', name: externalId, reason: `there is no ${provider} customer ${externalId}` });
    const now = new Date('2026-03-02T10:00:00Z');
    const client: Client = { id: asId(`adopted-${++n}`), practiceId: actor.practice.id, status: 'client', name: record.name, createdAt: now, updatedAt: now };
    await clients.save(client);
    await appLinks.save({ practiceId: actor.practice.id, provider, externalId, clientId: client.id, syncLevel: 'all' });
    return ok({ client, created: true });
  };
  const offeredClients = createOfferedClients({ apps: [{ id: 'sage', name: 'Sage', capabilities: ['import-clients', 'issue-invoices'] }], connections, appClients });
  const w = await proposalWorld({ stores: { clients, appLinks, connections, offeredClients, adoptAppClient } });
  const at = w.clock.now();
  await connections.save({
    id: asId('conn-sage'), practiceId: w.practice.id, provider: 'sage', externalId: 'biz-1', label: 'Smith & Co Ltd', status: 'active',
    tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: at }, settings: {}, connectedAt: at,
  });
  await appClients.put(w.practice.id, 'sage', [
    { externalId: 'cu-7', name: 'Harbour Fisheries Ltd', email: 'accounts@harbour.test', updatedAt: at },
    { externalId: 'cu-8', name: 'Acme Ltd Holdings', updatedAt: at },
  ], at);
  const local = async (id: string, name: string) => clients.save({ id: asId(id), practiceId: w.practice.id, status: 'client', name, createdAt: at, updatedAt: at });
  const press = (c: Card, label: string) => {
    const command = buttons(c).find((b) => b.label === label)?.command;
    if (!command) throw new Error(`no button "${label}" on "${c.title}"; it has ${buttons(c).map((b) => b.label).join(', ')}`);
    return w.say(command);
  };
  const names = async () => (await clients.search(w.practice.id, '', { limit: 50, offset: 0 })).items.map((c) => c.name);
  const toImport = async () => (await appClients.list(w.practice.id, 'sage', { view: 'to-import', limit: 50, offset: 0 })).items.map((r) => r.name);
  return { ...w, clients, appLinks, appClients, adopted, local, press, names, toImport };
}

describe('picking a Sage customer while starting a proposal', () => {
  it('offers a Sage-only customer in a chooser, even for its exact name, and creates nothing yet', async () => {
    const w = await sageWorld();

    const [partial] = await w.say('proposal new Harbour');
    const [exact] = await w.say('proposal new harbour fisheries ltd');

    for (const chooser of [partial!, exact!]) {
      expect(chooser.title).toMatch(/^Which client is "/);
      expect(chooser.rows?.map((r) => r.title)).toEqual(['Sage customer Harbour Fisheries Ltd']);
      expect(chooser.text).toContain('1 customer in Sage not yet added here');
    }
    expect(buttons(partial!)).toEqual([
      { label: 'Create a new client named "Harbour"', command: 'proposal new Harbour new-client=yes' },
      { label: 'Use Sage customer Harbour Fisheries Ltd', command: 'proposal new "Harbour Fisheries Ltd" from=sage:cu-7' },
    ]);
    expect(await w.names()).toEqual([]);
    expect(w.adopted).toEqual([]);
    expect(await w.deps.proposals.list(w.practice.id, { limit: 5 })).toEqual([]);
  });

  it('imports the customer picked, saved and linked, and starts the draft for it', async () => {
    const w = await sageWorld();
    const [chooser] = await w.say('proposal new Harbour template=people-advisory');

    const [started] = await w.press(chooser!, 'Use Sage customer Harbour Fisheries Ltd');
    const [again] = await w.say('proposal new Harbour Fisheries Ltd');

    expect(w.adopted).toEqual(['sage:cu-7']);
    expect(started!.title).toBe('Started P-1 for Harbour Fisheries Ltd');
    expect(started!.text).toContain('Harbour Fisheries Ltd is now a client here, linked to Sage.');
    expect(started!.text).toContain('Started from "People Advisory');
    expect(await w.names()).toEqual(['Harbour Fisheries Ltd']);
    expect(await w.appLinks.find(w.practice.id, 'sage', 'cu-7')).toMatchObject({ clientId: 'adopted-1' });
    expect(await w.toImport()).toEqual(['Acme Ltd Holdings']);
    expect(again!.title).toBe('Started P-2 for Harbour Fisheries Ltd');
    expect(w.adopted).toEqual(['sage:cu-7']);
  });

  it('still uses one clear match here directly, whatever Sage has', async () => {
    const w = await sageWorld();
    await w.local('c-1', 'Acme Ltd');

    const [started] = await w.say('proposal new acme ltd');

    expect(started!.title).toBe('Started P-1 for Acme Ltd');
    expect(w.adopted).toEqual([]);
    expect(await w.toImport()).toEqual(['Acme Ltd Holdings', 'Harbour Fisheries Ltd']);
  });

  it('lists clients here beside the Sage customers when the name matches both', async () => {
    const w = await sageWorld();
    await w.local('c-1', 'Acme Trading');

    const [chooser] = await w.say('proposal new Acme');

    expect(chooser!.rows?.map((r) => r.title)).toEqual(['Acme Trading', 'Sage customer Acme Ltd Holdings']);
    expect(chooser!.text).toContain('"Acme" matches 1 client you already have and 1 customer in Sage not yet added here.');
  });

  it('makes a new client only when the person chooses it, and a name matching nothing anywhere as a lead', async () => {
    const w = await sageWorld();
    const [chooser] = await w.say('proposal new Harbour');

    const [created] = await w.press(chooser!, 'Create a new client named "Harbour"');
    const [fresh] = await w.say('proposal new Brand New Co');

    expect(created!.title).toBe('Started P-1 for Harbour');
    expect(fresh!.title).toBe('Started P-2 for Brand New Co');
    expect(fresh!.text).toContain('Brand New Co is new, so I added them as a lead.');
    expect(w.adopted).toEqual([]);
    expect(await w.names()).toEqual(['Brand New Co', 'Harbour']);
    expect(await w.toImport()).toEqual(['Acme Ltd Holdings', 'Harbour Fisheries Ltd']);
  });

  it('refuses an app client it cannot import, writing nothing', async () => {
    const w = await sageWorld();

    const [unknownApp] = await w.say('proposal new Harbour from=xero:cu-7');
    const [gone] = await w.say('proposal new Harbour from=sage:cu-99');

    expect(unknownApp).toMatchObject({ title: 'No proposal started', tone: 'error' });
    expect(unknownApp!.text).toContain('`from`: name a client a connected app offers');
    expect(gone!.text).toContain('there is no sage customer cu-99');
    expect(await w.names()).toEqual([]);
    expect(await w.deps.proposals.list(w.practice.id, { limit: 5 })).toEqual([]);
  });
});
