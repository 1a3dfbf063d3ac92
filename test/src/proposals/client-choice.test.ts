import { describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/practice/client.js';
import { asId } from '../../../domain/shared/ids.js';
import type { Card } from '../../../src/cards.js';
import { proposalWorld, type ProposalWorld } from '../../builders/proposal-world.js';

const client = (w: ProposalWorld, id: string, name: string, extra: Partial<Client> = {}): Client =>
  ({ id: asId(id), practiceId: w.practice.id, status: 'client', name, createdAt: w.clock.now(), updatedAt: w.clock.now(), ...extra });

const press = (w: ProposalWorld, c: Card, label: string) => {
  const command = [...(c.buttons ?? []), ...(c.rows ?? []).flatMap((r) => r.buttons ?? [])].find((b) => b.label === label)?.command;
  if (!command) throw new Error(`no button "${label}" on "${c.title}"`);
  return w.say(command);
};

const clientNames = async (w: ProposalWorld) => (await w.deps.clients.search(w.practice.id, '', { limit: 50, offset: 0 })).items.map((c) => c.name);

describe('naming the client of a new proposal', () => {
  it('asks which client a partial name means, and creates nothing until the person chooses', async () => {
    const w = await proposalWorld();
    await w.deps.clients.save(client(w, 'c-1', 'Silverline Dental LLC'));
    await w.deps.clients.save(client(w, 'c-2', 'Silver Birch Ltd', { status: 'lead' }));

    const [chooser] = await w.say('proposal new Silver');

    expect(chooser).toMatchObject({ title: 'Which client is "Silver"?', tone: 'warning' });
    expect(chooser!.rows!.map((r) => r.title)).toEqual(['Silver Birch Ltd', 'Silverline Dental LLC']);
    expect(chooser!.buttons).toEqual([{ label: 'Create a new client named "Silver"', command: 'proposal new Silver new-client=yes' }]);
    expect(await clientNames(w)).toEqual(['Silver Birch Ltd', 'Silverline Dental LLC']);
    expect(await w.deps.proposals.list(w.practice.id, { limit: 5 })).toEqual([]);

    const [started] = await press(w, chooser!, 'Use Silverline Dental LLC');
    expect(started!.title).toBe('Started P-1 for Silverline Dental LLC');

    const [created] = await press(w, chooser!, 'Create a new client named "Silver"');
    expect(created!.title).toBe('Started P-2 for Silver');
    expect(await clientNames(w)).toEqual(['Silver', 'Silver Birch Ltd', 'Silverline Dental LLC']);
  });

  it('uses the one client a Gusto trade name or Gusto company name means, without asking', async () => {
    const w = await proposalWorld();
    await w.deps.clients.save(client(w, 'c-1', 'Maple Leaf Holdings LLC', { tradeName: 'Maple Local' }));
    await w.deps.clients.save(client(w, 'c-2', 'Harbour (ours)'));
    await w.connections.save({
      id: asId('conn-1'), practiceId: w.practice.id, provider: 'gusto', externalId: 'co-2', label: 'Harbour Fisheries Inc', status: 'active',
      tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: w.clock.now() }, settings: {}, connectedAt: w.clock.now(),
    });
    await w.deps.appLinks.save({ practiceId: w.practice.id, provider: 'gusto', externalId: 'co-2', clientId: asId('c-2'), syncLevel: 'none' });

    const [byTradeName] = await w.say('proposal new Maple Local');
    const [byGustoName] = await w.say('proposal new harbour fisheries inc');

    expect(byTradeName!.title).toBe('Started P-1 for Maple Leaf Holdings LLC');
    expect(byGustoName!.title).toBe('Started P-2 for Harbour (ours)');
    expect(await clientNames(w)).toEqual(['Harbour (ours)', 'Maple Leaf Holdings LLC']);
  });

  it('uses one exact match directly, and adds a name nothing matches as a lead', async () => {
    const w = await proposalWorld();
    await w.deps.clients.save(client(w, 'c-1', 'Acme Ltd'));
    await w.deps.clients.save(client(w, 'c-2', 'Acme Ltd Holdings'));

    const [exact] = await w.say('proposal new acme ltd');
    const [fresh] = await w.say('proposal new Brand New Co');

    expect(exact!.title).toBe('Started P-1 for Acme Ltd');
    expect(fresh!.title).toBe('Started P-2 for Brand New Co');
    expect(fresh!.text).toContain('Brand New Co is new, so I added them as a lead.');
  });

  it('never creates a second client with exactly the same name, even when asked to', async () => {
    const w = await proposalWorld();
    await w.deps.clients.save(client(w, 'c-1', 'Twin Ltd'));

    const [started] = await w.say('proposal new Twin Ltd new-client=yes');

    expect(started!.title).toBe('Started P-1 for Twin Ltd');
    expect(await clientNames(w)).toEqual(['Twin Ltd']);
  });
});
