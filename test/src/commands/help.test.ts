import { describe, expect, it } from 'vitest';
import { renderCards } from '../../../adapters/shell/render-text.js';
import { chatSetupCommands } from '../../../src/chat-setup/commands.js';
import { clientCommands } from '../../../src/clients/commands.js';
import { createClientUseCases } from '../../../src/clients/use-cases.js';
import type { Command } from '../../../src/commands/command.js';
import { helpCards } from '../../../src/commands/help.js';
import { appCommands } from '../../../src/apps/commands.js';
import { gustoWorld } from '../../builders/gusto-world.js';
import { practiceCommands } from '../../../src/practice/commands.js';
import { createPracticeUseCases } from '../../../src/practice/use-cases.js';
import { proposalWorld } from '../../builders/proposal-world.js';
import { registeredToday } from '../../builders/registered.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryNotificationRouteStore } from '../../fakes/in-memory-chat.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemoryContactStore } from '../../fakes/in-memory-clients.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../../fakes/in-memory-practice.js';
import { proposalCommands } from '../../../src/proposals/commands.js';
import { syncCommands } from '../../../src/sync/commands.js';
import { createSyncUseCases } from '../../../src/sync/use-cases.js';

/** Every verb the bot registers, in compose.ts's order; help only reads their names, usages and groups. */
const allCommands = async (): Promise<Command[]> => {
  const clock = fixedClock('2026-11-22T09:00:00Z');
  const audit = new InMemoryAuditLog();
  const w = await proposalWorld();
  const clients = new InMemoryClientStore();
  const links = new InMemoryAppLinkStore(clients);
  const clientUc = createClientUseCases({ clients, contacts: new InMemoryContactStore(), links, connections: new InMemoryConnectionStore(), audit, clock, ids: sequentialIds() });
  const gusto = await gustoWorld({ count: 1 });
  await gusto.close(); // help reads only the verbs' names, usages and groups
  return [
    ...practiceCommands(createPracticeUseCases({ practices: new InMemoryPracticeStore(), audit, clock })),
    ...clientCommands(clientUc, registeredToday.apps),
    ...proposalCommands(w.uc),
    ...appCommands({ apps: gusto.uc.apps, startSync: async () => null }),
    ...syncCommands(createSyncUseCases({ clients, links, audit, clock, findClient: clientUc.find }), registeredToday.apps),
    ...chatSetupCommands({ users: new InMemoryUserStore(), routes: new InMemoryNotificationRouteStore(), clock, ...registeredToday }),
  ];
};

describe('help', () => {
  it('gives a short overview: each area with its verbs on one line, and every verb named', async () => {
    const commands = await allCommands();

    const [overview] = helpCards(commands, '');
    const lines = renderCards([overview!]).text.split('\n');

    expect(lines.length).toBeLessThanOrEqual(12);
    expect(overview!.fields!.map((f) => f.label)).toEqual(['Practice', 'Clients', 'Service library', 'Proposals', 'Apps', 'People and channels']);
    expect(overview!.fields!.find((f) => f.label === 'Clients')?.value).toBe('clients, client add|show|edit');
    const named = overview!.fields!.map((f) => f.value).join(', ');
    for (const c of commands) {
      const [first, ...more] = c.verb.split(' ');
      expect(named).toMatch(more.length ? new RegExp(`${first} [a-z|-]*\\b${more.join(' ')}\\b`) : new RegExp(`(^|, )${first}(,|$)`));
    }
    expect(overview!.buttons).toEqual([{ label: 'All commands', command: 'help all' }]);
  });

  it('lists every command with its options on `help all`, and one area on `help AREA`', async () => {
    const commands = await allCommands();

    const [all] = helpCards(commands, 'all');
    const [proposals] = helpCards(commands, 'proposals');
    const [one] = helpCards(commands, 'client add');

    const everything = JSON.stringify(all);
    for (const c of commands) expect(everything).toContain(JSON.stringify(c.usage).slice(1, -1));
    expect(proposals!.rows!.map((r) => r.title)).toEqual(commands.filter((c) => c.group === 'Proposals').map((c) => `/ignition ${c.usage}`));
    expect(one!.rows).toHaveLength(1);
  });
});
