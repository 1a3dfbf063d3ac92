/**
 * The fake app's registration: its declaration (a field of every policy, one connection per
 * practice) and its adapters, bound through the same RegistrationContext a real app's are. Nothing
 * in src/ outside the registry knows it.
 */
import { createProviderHttp, isProviderError, type ProviderHttp, type TokenSource } from '../../../adapters/provider-http.js';
import type { AppError, AppAuth } from '../../../domain/apps/ports.js';
import type { OutboxEntry } from '../../../domain/outbox/entry.js';
import type { Clock } from '../../../domain/shared/clock.js';
import { err, ok, type Result } from '../../../domain/shared/result.js';
import type { TokenSet } from '../../../domain/practice/connection.js';
import type { AccountResult, AppDeclaration, AppWriter, RegisteredApp } from '../../../src/apps/app.js';
import type { RegistrationContext } from '../../../src/compose-apps.js';
import type { ClientWritePayload } from '../../../src/apps/owed-writes.js';
import type { FakeOutsideApp, FakeRecord } from './service.js';

export const fakeAppId = 'fakeapp';

export const fakeAppDeclaration: AppDeclaration = {
  id: fakeAppId,
  name: 'Fake Books',
  auth: 'oauth2',
  sandbox: false,
  dailySync: { hour: 7, minute: 30 },
  capabilities: ['read-clients', 'write-clients'],
  fields: {
    name: 'two-way', email: 'two-way', phone: 'two-way',
    website: 'inbound', fax: 'first-sync-only', taxRegistered: 'outbound-on-accept',
  },
  account: { one: 'organisation', many: 'organisations' },
  connectsPer: 'practice',
  brings: 'client names, emails, phones and websites',
  events: ['sync.finished', 'sync.failed', 'connection.needs_reconnect'],
};

type Page = { readonly clients: readonly FakeRecord[]; readonly next: number | null };
type Tokens = { readonly access_token: string; readonly refresh_token: string; readonly expires_in: number };

const appError = (e: unknown): AppError => ({
  kind: isProviderError(e, 'reconnect-needed') ? 'needs-reconnect' : 'unavailable',
  detail: e instanceof Error ? e.message : String(e),
});

const attempt = async <T>(work: () => Promise<T>): Promise<Result<T, AppError>> => {
  try {
    return ok(await work());
  } catch (e) {
    if (isProviderError(e)) return err(appError(e));
    throw e;
  }
};

export type FakeAppOptions = {
  readonly clock: Clock;
  /** How the client waits out a Retry-After; a test passes one that records the waits. */
  readonly sleep?: (ms: number) => Promise<void>;
};

/** The fake app's API as its adapter calls it, through the shared provider HTTP client. */
export const fakeAppApi = (fake: FakeOutsideApp, o: FakeAppOptions) => {
  const http = (token?: TokenSource): ProviderHttp => createProviderHttp({
    app: fakeAppId, baseUrl: fake.base, fetch: fake.fetch, retries: 3, ...(token ? { token } : {}), ...(o.sleep ? { sleep: o.sleep } : {}),
  });
  const tokenSet = (t: Tokens, now: Date): TokenSet => ({ accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: new Date(now.getTime() + t.expires_in * 1000) });
  const grant = (form: Record<string, string>, now: Date) => attempt(async () => tokenSet((await http().post<Tokens>('/token', new URLSearchParams({
    ...form, client_id: fake.clientId, client_secret: fake.clientSecret,
  }))).body, now));
  return {
    auth: (redirectUri: string): AppAuth => ({
      authorizeUrl: (state) => fake.authorizeUrl(state, redirectUri),
      exchangeCode: (code, now) => grant({ grant_type: 'authorization_code', code }, now),
      refresh: (refreshToken, now) => grant({ grant_type: 'refresh_token', refresh_token: refreshToken }, now),
      revoke: async () => {},
    }),
    identify: (accessToken: string) => attempt(async () => {
      const me = (await http(async () => accessToken).get<{ id: string; name: string }>('/me')).body;
      return { externalId: me.id, label: me.name };
    }),
    /** Every client, page by page. */
    async list(token: TokenSource): Promise<FakeRecord[]> {
      const all: FakeRecord[] = [];
      for (let page: number | null = 1; page !== null;) {
        const body: Page = (await http(token).get<Page>('/clients', { query: { page } })).body;
        all.push(...body.clients);
        page = body.next;
      }
      return all;
    },
    async findByReference(token: TokenSource, reference: string): Promise<FakeRecord | null> {
      return (await http(token).get<Page>('/clients', { query: { reference } })).body.clients[0] ?? null;
    },
    async create(token: TokenSource, record: Omit<FakeRecord, 'id'>): Promise<FakeRecord> {
      return (await http(token).post<FakeRecord>('/clients', record)).body;
    },
    async update(token: TokenSource, id: string, change: Partial<FakeRecord>): Promise<FakeRecord> {
      return (await http(token).put<FakeRecord>(`/clients/${encodeURIComponent(id)}`, change, { idempotent: true })).body;
    },
  };
};

/** The record's values, as the fake app holds them, for the fields a 'client' write carries. */
const appValues = (values: ClientWritePayload['values']): Partial<FakeRecord> => {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) if (field in fakeAppDeclaration.fields) out[field] = value ?? '';
  return out as Partial<FakeRecord>;
};

const shows = (r: FakeRecord, values: Partial<FakeRecord>) =>
  Object.entries(values).every(([k, v]) => ((r as Record<string, unknown>)[k] ?? '') === v);

/**
 * The 'client' writer: finds the record (the app's id we hold, else our reference) before it makes
 * one, so a write whose create landed but whose id we never recorded is found, not made twice.
 */
export const fakeClientWriter = (api: ReturnType<typeof fakeAppApi>): AppWriter => {
  const find = async (e: OutboxEntry, token: TokenSource) => {
    const p = e.payload as unknown as ClientWritePayload;
    const byRef = await api.findByReference(token, p.reference);
    return { p, record: byRef ?? (p.externalId ? { id: p.externalId } as FakeRecord : null) };
  };
  return {
    async lookup(e, token) {
      const { p, record } = await find(e, token);
      // Found by our reference and already showing the values: this write has been made.
      return record && 'name' in record && shows(record, appValues(p.values)) ? record.id : null;
    },
    async create(e, token) {
      const { p, record } = await find(e, token);
      const change = { ...appValues(p.values), reference: p.reference };
      if (record) return (await api.update(token, record.id, change)).id;
      return (await api.create(token, { name: p.name, ...change })).id;
    },
  };
};

/** Registers the fake app, bound to this install's redirect URI. */
export function registerFakeApp(fake: FakeOutsideApp, x: RegistrationContext, o: FakeAppOptions): RegisteredApp {
  const api = fakeAppApi(fake, o);
  return {
    declaration: fakeAppDeclaration,
    adapters: {
      auth: api.auth(x.redirectUri(fakeAppId)),
      identify: (token) => api.identify(token),
      async syncAccount(c, ctx): Promise<AccountResult | AccountResult[]> {
        let records: FakeRecord[];
        try {
          records = await api.list(ctx.token);
        } catch (e) {
          if (!isProviderError(e)) throw e;
          const why = appError(e);
          return { kind: 'failed', company: c.label, reason: why.detail, reconnect: why.kind === 'needs-reconnect' };
        }
        await ctx.relabel(c.label);
        const fetchedAt = o.clock.now();
        const results: AccountResult[] = [];
        for (const r of records) {
          const { id, reference: _ours, ...values } = r;
          results.push(await ctx.bringIn({ ...values, externalId: id, fetchedAt }));
        }
        return results;
      },
      writers: { client: fakeClientWriter(api) },
      budget: { perRun: 20, concurrency: 2 },
    },
  };
}
