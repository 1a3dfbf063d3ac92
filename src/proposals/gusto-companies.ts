import type { PracticeFlags } from '../../domain/apps/ports.js';
import type { AppLinkStore, ConnectionStore } from '../../domain/practice/ports.js';
import type { GustoCompanies } from '../../domain/proposals/ports.js';
import type { GustoCompany } from '../../domain/proposals/smart-billing.js';

/**
 * Gusto as proposals see it, read from the stores the Gusto area writes: each connected company
 * (one connection per company) and the link that tied it to a client during sync.
 */
export function createGustoCompanies(d: {
  readonly connections: ConnectionStore; readonly links: AppLinkStore; readonly flags: PracticeFlags; readonly labsKey: string;
}): GustoCompanies {
  return {
    smartBillingOn: async (practiceId) => (await d.flags.get(practiceId, d.labsKey)) === 'on',
    async forClient(practiceId, clientId) {
      const connected: GustoCompany[] = (await d.connections.list(practiceId, 'gusto'))
        .filter((c) => c.status !== 'disconnected').map((c) => ({ externalId: c.externalId, name: c.label }));
      const link = (await d.links.forClient(practiceId, clientId)).find((l) => l.provider === 'gusto');
      const linked = link ? (connected.find((c) => c.externalId === link.externalId) ?? null) : null;
      return { linked, connected, disconnected: !!link && !linked };
    },
  };
}
