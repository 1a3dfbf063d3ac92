import { describe, expect, it } from 'vitest';
import { composeAppClients } from '../../src/compose-app-clients.js';
import { appClientWorld } from '../builders/app-client-world.js';

describe('composing the import of apps\' clients', () => {
  it('offers the import verbs, adopt, and the mappings of only the apps whose clients are imported', async () => {
    const w = await appClientWorld();
    await w.records({ externalId: 's1', name: 'Blue Door' });

    const composed = composeAppClients({ stores: w, appClients: w.appClients, clock: w.clock, ids: w.ids, apps: w.apps });
    const adopted = await composed.adopt(w.actor, 'sage', 's1');

    expect(composed.commands.map((c) => c.verb)).toEqual(['clients import', 'client map']);
    expect(composed.clientMappings.apps).toEqual(['sage']);
    expect(adopted.ok && adopted.value.created).toBe(true);
  });
});
