import type { AppId } from '../../domain/apps/app-id.js';
import { normaliseName } from '../../domain/practice/client.js';
import type { ConnectionStore } from '../../domain/practice/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { AppClientStore } from '../../domain/sync/ports.js';
import { offersClients, type AppDeclaration } from './app.js';

/** A client a connected app offers for import (a Sage customer not linked yet) that a typed name matches. */
export type OfferedClient = {
  readonly provider: AppId;
  readonly appName: string;
  readonly externalId: string;
  readonly name: string;
  readonly email?: string;
  readonly reference?: string;
  /** The name is the one typed, read as client names are compared (case, spacing, a final full stop). */
  readonly exact: boolean;
};

/** The offered clients whose name, email or reference contains the query, across the practice's connected apps; exact names first. */
export type OfferedClientSearch = (practiceId: PracticeId, query: string, limit?: number) => Promise<OfferedClient[]>;

/** What starting a proposal needs of the apps' offered clients: the search, and each offering app's name by its id. */
export type OfferedClients = {
  readonly search: OfferedClientSearch;
  /** The app's name when it offers clients; undefined for any other id. */
  readonly appName: (provider: AppId) => string | undefined;
};

export type OfferedSearchDeps = {
  readonly apps: readonly Pick<AppDeclaration, 'id' | 'name' | 'capabilities'>[];
  readonly connections: ConnectionStore;
  readonly appClients: AppClientStore;
};

const offeredClientSearch = (d: OfferedSearchDeps): OfferedClientSearch => async (practiceId, query, limit = 6) => {
  const q = query.trim();
  if (!q) return [];
  const key = normaliseName(q);
  const found: OfferedClient[] = [];
  for (const app of d.apps.filter(offersClients)) {
    // Records of an app since disconnected stay stored but are no longer on offer; one waiting to be reconnected still offers them.
    if (!(await d.connections.list(practiceId, app.id)).some((c) => c.status === 'active' || c.status === 'needs-reconnect')) continue;
    const page = await d.appClients.list(practiceId, app.id, { view: 'to-import', search: q, limit, offset: 0 });
    for (const r of page.items) {
      found.push({
        provider: app.id, appName: app.name, externalId: r.externalId, name: r.name, exact: normaliseName(r.name) === key,
        ...(r.email ? { email: r.email } : {}), ...(r.reference ? { reference: r.reference } : {}),
      });
    }
  }
  return found.sort((a, b) => Number(b.exact) - Number(a.exact)).slice(0, limit);
};

export const createOfferedClients = (d: OfferedSearchDeps): OfferedClients => ({
  search: offeredClientSearch(d),
  appName: (provider) => d.apps.find((a) => a.id === provider && offersClients(a))?.name,
});
