/**
 * Wires importing apps' clients (`clients import APP`, `client map`) and the proposal flow's adopt.
 * Part of the composition root: compose.ts hands it the shared stores, the app-client store and the
 * registered apps' declarations, then adds its commands and gives the client use cases its mappings.
 */
import { offersClients } from './apps/app.js';
import type { AppClientDeps } from './clients/app-client-access.js';
import { createAppClientImport } from './clients/app-clients.js';
import { importCommands } from './clients/import-commands.js';

/** The import's deps (AppClientDeps), with the shared stores handed over as compose.ts groups them. */
export type AppClientsInfra = Omit<AppClientDeps, 'clients' | 'links' | 'connections' | 'audit'> & {
  readonly stores: Pick<AppClientDeps, 'clients' | 'links' | 'connections' | 'audit'>;
};

export function composeAppClients(x: AppClientsInfra) {
  const { stores, ...rest } = x;
  const useCases = createAppClientImport({ ...stores, ...rest });
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
