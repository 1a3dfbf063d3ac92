import type { AccessToken, ConnectionLock } from '../../domain/apps/ports.js';
import { defaultLedgerSettings, type LedgerSettings } from '../../domain/invoicing/ledger-settings.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { ConnectionStore } from '../../domain/practice/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { RegisteredApp } from '../apps/app.js';

/**
 * The practice's ledger: the registered app that issues invoices (Sage), its connected account and
 * the settings kept on that connection. One ledger per install; none when no such app is registered.
 */
export type Ledger = {
  readonly app: RegisteredApp;
  readonly connections: ConnectionStore;
  /** A token for a connection, refreshed under its lock like every other call. */
  readonly token: (connection: AppConnection) => AccessToken;
  readonly lock: ConnectionLock;
};

export type ConnectedLedger = { readonly connection: AppConnection; readonly settings: LedgerSettings };

/** The settings as stored on the connection, over the defaults (a setting added later reads as its default). */
export const ledgerSettingsOf = (connection: AppConnection): LedgerSettings => {
  const stored = (connection.settings['ledger'] ?? {}) as Partial<LedgerSettings>;
  return { ...defaultLedgerSettings, ...stored, terms: { ...defaultLedgerSettings.terms, ...stored.terms } };
};

/**
 * Saves the settings under the connection's lock onto the row as it is now: a token refreshed
 * meanwhile (Sage rotates its refresh token every 5 minutes) must not be overwritten by the old pair.
 */
export const saveLedgerSettings = async (ledger: Ledger, connection: AppConnection, settings: LedgerSettings): Promise<AppConnection> =>
  ledger.lock.withLock(connection.practiceId, connection.id, async () => {
    const current = (await ledger.connections.get(connection.practiceId, connection.id)) ?? connection;
    const saved = { ...current, settings: { ...current.settings, ledger: settings } };
    await ledger.connections.save(saved);
    return saved;
  });

/** The practice's active ledger connection and its settings, or null when none is connected. */
export const connectedLedger = async (ledger: Ledger, practiceId: PracticeId): Promise<ConnectedLedger | null> => {
  const connection = (await ledger.connections.list(practiceId, ledger.app.declaration.id)).find((c) => c.status === 'active');
  return connection ? { connection, settings: ledgerSettingsOf(connection) } : null;
};
