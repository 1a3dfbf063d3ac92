/**
 * Wires importing apps' clients (`clients import APP`, `client map`) and the proposal flow's adopt.
 * Part of the composition root: compose.ts hands it the shared stores, the app-client store and the
 * registered apps' declarations, then adds its commands and gives the client use cases its mappings.
 */
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore } from '../domain/practice/ports.js';
import type { Clock, IdGenerator } from '../domain/shared/clock.js';
import type { AppClientStore } from '../domain/sync/ports.js';
import type { ConnectionLock } from '../domain/apps/ports.js';
import { offersClients } from './apps/app.js';
import type { ImportApp } from './clients/app-client-access.js';
import { createAppClientImport } from './clients/app-clients.js';
import { importCommands } from './clients/import-commands.js';

export type AppClientsInfra = {
  readonly stores: { readonly clients: ClientStore; readonly links: AppLinkStore; readonly connections: ConnectionStore; readonly audit: AuditLog };
  /** Where the apps' clients are kept (the database's, in the bot). */
  readonly appClients: AppClientStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Every registered app's declaration; those with `import-clients` are the ones offered. */
  readonly apps: readonly ImportApp[];
  /** A fresh unit of work per record of a bulk import (compose's inScope). */
  readonly perRecord?: <T>(work: () => Promise<T>) => Promise<T>;
  /** One bulk import of an app at a time per practice, across processes. */
  readonly lock?: ConnectionLock;
};

export function composeAppClients(x: AppClientsInfra) {
  const useCases = createAppClientImport({ ...x.stores, appClients: x.appClients, clock: x.clock, ids: x.ids, apps: x.apps, ...(x.perRecord ? { perRecord: x.perRecord } : {}), ...(x.lock ? { lock: x.lock } : {}) });
  return {
    useCases,
    /** For the proposal flow: a picked app record made a client (or linked to its exact duplicate). */
    adopt: useCases.adopt,
    commands: importCommands(useCases, x.apps),
    /** For createClientUseCases' `appClients`: the client card shows and changes these apps' mappings. */
    clientMappings: { store: x.appClients, apps: x.apps.filter(offersClients).map((a) => a.id) },
  };
}

export type ComposedAppClients = ReturnType<typeof composeAppClients>;
