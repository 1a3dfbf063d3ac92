/**
 * What every real app adapter must do, whatever the app: connect (the authorize URL carries our
 * signed state; a code becomes tokens; the token says whose account it is), refresh under the
 * per-connection lock (two processes refreshing a single-use refresh token at once make one refresh
 * call), list and paginate, wait out a 429's Retry-After and try again, and — for an app with writers —
 * look a record up by our reference before creating it (clients, invoices). A ledger offers its sales
 * accounts and tax rates; a grant that reaches several accounts lists each with a label and a refusal
 * or none. A capability the app does not declare is skipped, by name. Runs against Gusto and Sage
 * (their sandboxes over loopback), XPM (its sandbox) and the fake app.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it, type TestContext } from 'vitest';
import { newOutboxEntry } from '../../domain/outbox/entry.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import { asId } from '../../domain/shared/ids.js';
import type { AccountResult, AccountSyncContext, AppDeclaration, Capability, RegisteredApp } from '../../src/apps/app.js';
import type { ClientWritePayload } from '../../src/apps/owed-writes.js';
import type { InvoiceWritePayload } from '../../src/billing/deploy.js';
import { createTokenAccess } from '../../src/apps/tokens.js';
import { InMemoryConnectionLock } from '../fakes/in-memory-apps.js';
import { InMemoryConnectionStore } from '../fakes/in-memory-clients.js';

/** An app as the suite drives it: the registration under test and the switches of the app behind it. */
export type AppUnderContract = {
  readonly registered: RegisteredApp;
  /** What a person does on the app's consent page for this authorize URL: the code the app hands back. */
  approve(authorizeUrl: string): Promise<string>;
  /** Refresh grants the app has answered so far. */
  refreshGrants(): number;
  /** The next API call answers 429 with this Retry-After. */
  rateLimitNext(retryAfterSeconds: number): void;
  /** Pages of the account's paginated list the app has served so far (apps that read clients). */
  pagesServed?(): number;
  /** How many records one sync of the connected account brings in (apps that read clients). */
  readonly recordsPerAccount?: number;
  /** Records the app holds with our reference (apps with writers). */
  recordsWithReference?(reference: string): Promise<number>;
  /**
   * A part of a declared capability the app does not do this way, with the note a skipped run shows:
   * paging the account's list, or creating a client from a field write (XPM creates one only when a
   * lead accepts a proposal, and is held to that by its own tests).
   */
  readonly notYet?: { readonly paging?: string; readonly clientCreate?: string };
};

const practiceId = asId<'Practice'>('practice-contract');
const now = () => new Date();

/** A state as the shared connect makes it: a payload and its HMAC. */
const signedState = () => {
  const payload = Buffer.from(JSON.stringify({ practiceId, nonce: 'n-1' })).toString('base64url');
  return `${payload}.${createHmac('sha256', 'contract-key').update(payload).digest('hex')}`;
};

/**
 * The account a fresh token connects, as the shared connect finds it: the token's own account, or
 * (a grant that reaches several) the first one the app does not refuse, as a person would pick it.
 */
const accountOf = async (a: AppUnderContract, accessToken: string) => {
  const { identify, accounts } = a.registered.adapters;
  if (!accounts) {
    const who = await identify(accessToken);
    if (!who.ok) throw new Error(`identify failed: ${who.error.detail}`);
    return who.value;
  }
  const granted = await accounts(accessToken);
  if (!granted.ok) throw new Error(`listing the granted accounts failed: ${granted.error.detail}`);
  const open = granted.value.find((g) => g.refusal === null);
  if (!open) throw new Error('the grant reaches no account the app lets us connect');
  return open;
};

const connectAccount = async (a: AppUnderContract) => {
  const { auth } = a.registered.adapters;
  const code = await a.approve(auth.authorizeUrl(signedState()));
  const tokens = await auth.exchangeCode(code, now());
  if (!tokens.ok) throw new Error(`exchange failed: ${tokens.error.detail}`);
  const { externalId, label } = await accountOf(a, tokens.value.accessToken);
  const connection: AppConnection = {
    id: asId('conn-1'), practiceId, provider: a.registered.declaration.id, externalId, label,
    status: 'active', tokens: tokens.value, settings: {}, connectedAt: now(),
  };
  return connection;
};

/** One sync of the account through the adapter, with the shared side recorded instead of stored. */
const syncOnce = async (a: AppUnderContract, connection: AppConnection) => {
  const brought: unknown[] = [];
  const ctx: AccountSyncContext = {
    practiceId, today: now().toISOString().slice(0, 10), token: async () => connection.tokens.accessToken, relabel: async () => {},
    bringIn: async (record) => {
      brought.push(record);
      return { kind: 'unchanged', company: record.name, client: record.name };
    },
  };
  const results = [await a.registered.adapters.syncAccount!(connection, ctx)].flat() as AccountResult[];
  return { brought, results };
};

/** What a ledger (capability `issue-invoices`) offers its settings card, read once. */
const readLedger = async (a: AppUnderContract, connection: AppConnection) => {
  const ledger = a.registered.adapters.ledger;
  if (!ledger) throw new Error('an app that issues invoices must offer its ledger\'s accounts and rates');
  const token = async () => connection.tokens.accessToken;
  return { accounts: await ledger.salesAccounts(connection, token), rates: await ledger.taxRates(connection, token) };
};

/** `declaration`: what the app says it can do; a capability it does not declare is skipped, and the run says so. */
export function appAdapterContract(declaration: AppDeclaration, start: () => Promise<AppUnderContract & { close(): Promise<void> }>) {
  const withApp = (run: (a: AppUnderContract, ctx: TestContext) => Promise<void>) => async (ctx: TestContext) => {
    const a = await start();
    try {
      await run(a, ctx);
    } finally {
      await a.close();
    }
  };
  const lacks = (c: Capability) => !declaration.capabilities.includes(c);

  describe(`${declaration.name}: the app adapter contract`, () => {
    it('connects: the authorize URL carries our signed state, the code becomes tokens, and the token names its account', withApp(async (a) => {
      const state = signedState();
      const url = new URL(a.registered.adapters.auth.authorizeUrl(state));
      expect(url.searchParams.get('state')).toBe(state);
      expect(url.searchParams.get('redirect_uri')).toMatch(new RegExp(`/oauth/${a.registered.declaration.id}/callback$`));

      const connection = await connectAccount(a);

      expect(connection.tokens.accessToken).not.toBe('');
      expect(connection.tokens.expiresAt.getTime()).toBeGreaterThan(Date.now());
      expect(connection.externalId).not.toBe('');
      expect(connection.label).not.toBe('');
    }));

    it('refreshes under the per-connection lock: two processes at once make exactly one refresh call', withApp(async (a) => {
      const connection = await connectAccount(a);
      const connections = new InMemoryConnectionStore();
      const expired = { ...connection, tokens: { ...connection.tokens, expiresAt: new Date(Date.now() - 1_000) } };
      await connections.save(expired);
      const lock = new InMemoryConnectionLock();
      // Two token accesses are two processes: each has its own in-process single flight; only the lock joins them.
      // With the app's own refresh margin, as the shared use cases wire it: Sage's 5-minute tokens would
      // otherwise be due again the moment they are issued, and the second process would refresh once more.
      const margin = a.registered.declaration.refreshMarginMs;
      const process = () => createTokenAccess({
        connections, lock, auth: a.registered.adapters.auth, clock: { now }, onNeedsReconnect: async () => {}, ...(margin ? { refreshMarginMs: margin } : {}),
      });
      const before = a.refreshGrants();

      const [one, two] = await Promise.all([process().accessToken(expired), process().accessToken(expired)]);

      expect(one.ok && two.ok).toBe(true);
      expect(one.ok && two.ok && one.value === two.value).toBe(true);
      expect(a.refreshGrants() - before).toBe(1);
      expect((await connections.get(practiceId, expired.id))?.status).toBe('active');
    }));

    it.skipIf(lacks('read-clients'))('lists the account\'s records, following more than one page', withApp(async (a, ctx) => {
      ctx.skip(!!a.notYet?.paging, a.notYet?.paging);
      const connection = await connectAccount(a);
      const pagesBefore = a.pagesServed!();

      const { brought, results } = await syncOnce(a, connection);

      expect(results.filter((r) => r.kind === 'failed')).toEqual([]);
      expect(brought).toHaveLength(a.recordsPerAccount!);
      expect(a.pagesServed!() - pagesBefore).toBeGreaterThan(1);
    }));

    it.skipIf(lacks('read-clients'))('waits out a 429\'s Retry-After during a sync and tries again', withApp(async (a) => {
      const connection = await connectAccount(a);
      a.rateLimitNext(1);
      const started = Date.now();

      const { brought, results } = await syncOnce(a, connection);

      expect(results.filter((r) => r.kind === 'failed')).toEqual([]);
      expect(brought).toHaveLength(a.recordsPerAccount!);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    }));

    it.skipIf(lacks('issue-invoices'))('waits out a 429\'s Retry-After while reading the ledger and tries again', withApp(async (a) => {
      const connection = await connectAccount(a);
      a.rateLimitNext(1);
      const started = Date.now();

      const { accounts } = await readLedger(a, connection);

      expect(accounts.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    }));

    it.skipIf(lacks('issue-invoices'))('offers its ledger\'s sales accounts and tax rates, each named, rates in whole basis points', withApp(async (a) => {
      const connection = await connectAccount(a);

      const { accounts, rates } = await readLedger(a, connection);

      expect(accounts.length).toBeGreaterThan(0);
      expect(accounts.filter((x) => !x.id || !x.name.trim())).toEqual([]);
      expect(rates.length).toBeGreaterThan(0);
      expect(rates.filter((r) => !r.id || !r.name.trim() || !(r.basisPoints === null || Number.isInteger(r.basisPoints)))).toEqual([]);
    }));

    it('lists every account a grant reaches with a label, and a refusal or none (apps whose grant reaches several)', withApp(async (a, ctx) => {
      const { auth, accounts } = a.registered.adapters;
      ctx.skip(!accounts, `${declaration.name}'s grant names one account: it has no accounts to list`);
      const tokens = await auth.exchangeCode(await a.approve(auth.authorizeUrl(signedState())), now());
      if (!tokens.ok) throw new Error(`exchange failed: ${tokens.error.detail}`);

      const granted = await accounts!(tokens.value.accessToken);

      if (!granted.ok) throw new Error(`listing the granted accounts failed: ${granted.error.detail}`);
      expect(granted.value.length).toBeGreaterThan(0);
      expect(new Set(granted.value.map((g) => g.externalId)).size).toBe(granted.value.length);
      for (const g of granted.value) {
        expect(g.label.trim()).not.toBe('');
        expect(g.refusal === null || g.refusal.trim() !== '').toBe(true);
      }
    }));

    it.skipIf(lacks('write-clients'))('looks a record up by our reference before creating it', withApp(async (a, ctx) => {
      ctx.skip(!!a.notYet?.clientCreate, a.notYet?.clientCreate);
      const writer = a.registered.adapters.writers?.client;
      expect(writer).toBeDefined();
      const connection = await connectAccount(a);
      const token = async () => connection.tokens.accessToken;
      const payload: ClientWritePayload = { externalId: null, reference: 'our-client-1', name: 'Contract Client Ltd', values: { name: 'Contract Client Ltd', email: 'contract@example.test' } };
      const entry = newOutboxEntry({ practiceId, app: declaration.id, kind: 'client', sourceId: 'our-client-1', period: 'p', payload }, 'ob-1', now());

      expect(await writer!.lookup(entry, token, connection)).toBeNull();
      const made = await writer!.create(entry, token, connection);
      // Killed before we recorded `made`: the retry looks up first and finds it, so nothing is made twice.
      expect(await writer!.lookup(entry, token, connection)).toBe(made);
      expect(await a.recordsWithReference!('our-client-1')).toBe(1);
    }));

    it.skipIf(lacks('issue-invoices'))('looks an invoice up by our invoice number before creating it, and makes it once', withApp(async (a) => {
      const writer = a.registered.adapters.writers?.invoice;
      expect(writer).toBeDefined();
      const connection = await connectAccount(a);
      const token = async () => connection.tokens.accessToken;
      const payload: InvoiceWritePayload = { invoiceId: 'our-invoice-1', reference: 'INV-CONTRACT-1', client: 'Contract Client Ltd' };
      const entry = newOutboxEntry({ practiceId, app: declaration.id, kind: 'invoice', sourceId: 'our-invoice-1', period: null, payload }, 'ob-2', now());

      expect(await writer!.lookup(entry, token, connection)).toBeNull();
      const made = await writer!.create(entry, token, connection);
      // Killed before we recorded `made`: the retry looks up first and finds it, so nothing is made twice.
      expect(await writer!.lookup(entry, token, connection)).toBe(made);
      expect(await a.recordsWithReference!('INV-CONTRACT-1')).toBe(1);
    }));
  });
}
