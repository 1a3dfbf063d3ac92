import { describe, expect, it } from 'vitest';
import type { Accepted } from '../../../domain/proposals/proposal.js';
import { proposalWorld } from '../../builders/proposal-world.js';

describe('an acceptance and job deployment', () => {
  it('records the writes job deployment asks for (read asynchronously) in the acceptance\'s transaction, then wakes the jobs once', async () => {
    const woken: string[] = [];
    const w = await proposalWorld({ stores: {
      writesOnAcceptance: async (p: Accepted) => [{ practiceId: p.practiceId, app: 'xpm', kind: 'client', sourceId: p.clientId, period: 'on-acceptance', payload: { clientId: p.clientId, name: p.clientName, create: true } }],
      wakeJobs: async (p: Accepted) => { woken.push(p.id); },
    } });
    await w.say('service add "Year-end accounts" price=1200 billing=upfront');
    await w.say('proposal new "Acme Ltd"');
    await w.say('proposal add "Year-end accounts"');
    await w.say('proposal send P-1');

    await w.say('proposal accept-internally P-1');

    const clientWrites = [...w.outboxStore.rows.values()].filter((r) => r.app === 'xpm');
    expect(clientWrites).toMatchObject([{ kind: 'client', period: 'on-acceptance', payload: { name: 'Acme Ltd', create: true } }]);
    expect(woken).toHaveLength(1);
  });
});
