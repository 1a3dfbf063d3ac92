/**
 * What every real app adapter must do, whatever the app: connect (the authorize URL carries our
 * signed state; a code becomes tokens; the token says whose account it is), refresh under the
 * per-connection lock (two processes refreshing a single-use refresh token at once make one refresh
 * call), list and paginate, wait out a 429's Retry-After and try again, and — for an app with writers —
 * look a record up by our reference before creating it. A capability the app does not declare is
 * skipped, by name. Runs against Gusto (its sandbox over loopback) and the fake app; Sage and XPM join.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newOutboxEntry } from '../../domain/outbox/entry.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import { asId } from '../../domain/shared/ids.js';
import type { AccountResult, AccountSyncContext, AppDeclaration, Capability, RegisteredApp } from '../../src/apps/app.js';
import type { ClientWritePayload } from '../../src/apps/owed-writes.js';
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
  /** Pages of the account's paginated list the app has served so far. */
  pagesServed(): number;
  /** The next API call answers 429 with this Retry-After. */
  rateLimitNext(retryAfterSeconds: number): void;
  /** How many records one sync of the connected account brings in. */
  readonly recordsPerAccount: number;
  /** Records the app holds with our reference (apps with writers). */
  recordsWithReference?(reference: string): Promise<number>;
};

const practiceId = asId<'Practice'>('practice-contract');
const now = () => new Date();

/** A state as the shared connect makes it: a payload and its HMAC. */
const signedState = () => {
  const payload = Buffer.from(JSON.stringify({ practiceId, nonce: 'n-1' })).toString('base64url');
  return `${payload}.${createHmac('sha256', 'contract-key').update(payload).digest('hex')}`;
};

const connectAccount = async (a: AppUnderContract) => {
  const { auth, identify } = a.registered.adapters;
  const code = await a.approve(auth.authorizeUrl(signedState()));
  const tokens = await auth.exchangeCode(code, now());
  if (!tokens.ok) throw new Error(`exchange failed: ${tokens.error.detail}`);
  const who = await identify(tokens.value.accessToken);
  if (!who.ok) throw new Error(`identify failed: ${who.error.detail}`);
  const connection: AppConnection = {
    id: asId('conn-1'), practiceId, provider: a.registered.declaration.id, externalId: who.value.externalId, label: who.value.label,
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

/** `declaration`: what the app says it can do; a capability it does not declare is skipped, and the run says so. */
export function appAdapterContract(declaration: AppDeclaration, start: () => Promise<AppUnderContract & { close(): Promise<void> }>) {
  const withApp = (run: (a: AppUnderContract) => Promise<void>) => async () => {
    const a = await start();
    try {
      await run(a);
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

    it.skipIf(lacks('read-clients'))('lists the account\'s records, following more than one page', withApp(async (a) => {
      const connection = await connectAccount(a);
      const pagesBefore = a.pagesServed();

      const { brought, results } = await syncOnce(a, connection);

      expect(results.filter((r) => r.kind === 'failed')).toEqual([]);
      expect(brought).toHaveLength(a.recordsPerAccount);
      expect(a.pagesServed() - pagesBefore).toBeGreaterThan(1);
    }));

    it('waits out a 429\'s Retry-After and tries again', withApp(async (a) => {
      const connection = await connectAccount(a);
      a.rateLimitNext(1);
      const started = Date.now();

      const { brought, results } = await syncOnce(a, connection);

      expect(results.filter((r) => r.kind === 'failed')).toEqual([]);
      expect(brought).toHaveLength(a.recordsPerAccount);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    }));

    it.skipIf(lacks('write-clients'))('looks a record up by our reference before creating it', withApp(async (a) => {
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
  });
}
