import { sageDeclaration } from '../../adapters/sage/registration.js';
import type { AppAuth } from '../../domain/apps/ports.js';
import { defaultLedgerSettings, type LedgerChoice, type LedgerSettings, type LedgerTaxRate } from '../../domain/invoicing/ledger-settings.js';
import type { Client } from '../../domain/practice/client.js';
import type { AppConnection, TokenSet } from '../../domain/practice/connection.js';
import { newPractice, type Practice } from '../../domain/practice/practice.js';
import { asId } from '../../domain/shared/ids.js';
import { ok } from '../../domain/shared/result.js';
import type { RegisteredApp } from '../../src/apps/app.js';
import { createTokenAccess } from '../../src/apps/tokens.js';
import type { Ledger } from '../../src/billing/ledger.js';
import { fixedClock } from '../fakes/clock.js';
import { InMemoryConnectionLock } from '../fakes/in-memory-apps.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore } from '../fakes/in-memory-clients.js';
import { InMemoryAuditLog } from '../fakes/in-memory-practice.js';

/** A UK Sage business's sales accounts and tax rates, as the Sage sandbox seeds them. */
export const sageAccounts: readonly LedgerChoice[] = [{ id: 'acc-4000', name: '4000 Sales Type A' }, { id: 'acc-4010', name: '4010 Sales Type B' }];
export const sageTaxRates: readonly LedgerTaxRate[] = [
  { id: 'GB_STANDARD', name: 'Standard', basisPoints: 2000 }, { id: 'GB_LOWER', name: 'Lower Rate', basisPoints: 500 },
  { id: 'GB_ZERO', name: 'Zero Rated', basisPoints: 0 }, { id: 'GB_EXEMPT', name: 'Exempt', basisPoints: 0 }, { id: 'GB_NO_TAX', name: 'No VAT', basisPoints: 0 },
];

/** Settings a firm has finished: the default sales account chosen and VAT 20% mapped, enabled. */
export const finishedSettings = (over: Partial<LedgerSettings> = {}): LedgerSettings => ({
  ...defaultLedgerSettings, enabled: true, salesAccount: sageAccounts[0]!, taxRates: { standard: { id: 'GB_STANDARD', name: 'Standard' } }, ...over,
});

/** Sage's token endpoint as a fake: each refresh hands out the next pair, living 5 minutes as Sage's do. */
const rotatingAuth = () => {
  let n = 0;
  const refreshes: string[] = [];
  const auth: AppAuth = {
    authorizeUrl: (state) => `https://sage.example/authorize?state=${state}`,
    exchangeCode: async (_code, now) => ok(pair(++n, now)),
    refresh: async (refreshToken, now) => { refreshes.push(refreshToken); return ok(pair(++n, now)); },
    revoke: async () => {},
  };
  return { auth, refreshes };
};

const pair = (n: number, now: Date): TokenSet => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresAt: new Date(now.getTime() + 5 * 60_000) });

/**
 * Sage as billing sees it, on in-memory stores: practice pr1 (the invoice builder's) with client c1
 * "Acme Ltd", Sage registered with a fake ledger adapter offering the accounts and rates above, and
 * tokens given out by the real token access, so a call after 4 minutes refreshes the pair first.
 */
export async function ledgerWorld(o: { connected?: boolean; settings?: LedgerSettings; client?: Partial<Client> } = {}) {
  const clock = fixedClock('2026-03-02T10:00:00Z');
  const practice: Practice = newPractice(asId('pr1'), 'Smith & Co', clock.now());
  const clients = new InMemoryClientStore();
  const client: Client = { id: asId('c1'), practiceId: practice.id, status: 'client', name: 'Acme Ltd', email: 'accounts@acme.example', createdAt: clock.now(), updatedAt: clock.now(), ...o.client };
  await clients.save(client);
  const connections = new InMemoryConnectionStore();
  const lock = new InMemoryConnectionLock();
  const { auth, refreshes } = rotatingAuth();
  const asked = { accounts: 0, taxRates: 0 };
  const app: RegisteredApp = {
    declaration: sageDeclaration(false),
    adapters: {
      auth,
      identify: async () => ok({ externalId: 'biz-uk', label: 'Smith & Co Ltd' }),
      ledger: {
        salesAccounts: async (_c, token) => { await token(); asked.accounts++; return [...sageAccounts]; },
        taxRates: async (_c, token) => { await token(); asked.taxRates++; return [...sageTaxRates]; },
      },
    },
  };
  const tokens = createTokenAccess({ connections, lock, auth, clock, onNeedsReconnect: async () => {}, ...(app.declaration.refreshMarginMs ? { refreshMarginMs: app.declaration.refreshMarginMs } : {}) });
  const ledger: Ledger = { app, connections, lock, token: (c) => tokens.tokenSource(c) };
  const connection: AppConnection = {
    id: asId('conn-1'), practiceId: practice.id, provider: 'sage', externalId: 'biz-uk', label: 'Smith & Co Ltd', status: 'active',
    tokens: pair(0, clock.now()), settings: { ledger: o.settings ?? finishedSettings() }, connectedAt: clock.now(),
  };
  if (o.connected !== false) await connections.save(connection);
  return {
    clock, practice, client, clients, connections, connection, ledger, app, refreshes, asked,
    links: new InMemoryAppLinkStore(clients), audit: new InMemoryAuditLog(),
    /** The connection as stored now. */
    stored: async () => (await connections.get(practice.id, connection.id))!,
  };
}

export type LedgerWorld = Awaited<ReturnType<typeof ledgerWorld>>;
