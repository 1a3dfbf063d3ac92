/**
 * A test-only outside app, in process: it keeps client records in a Map, hands out OAuth tokens (the
 * refresh token is single use, as XPM's is), lists clients a page at a time, finds a client by our
 * reference, and creates and updates clients. It answers HTTP requests through `fetch`, so the
 * adapter talks to it through the same provider HTTP client (retries, Retry-After) a real app gets.
 * Like a real app, it makes a second record if asked to create twice.
 */
import { randomBytes } from 'node:crypto';

export type FakeRecord = {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  website?: string;
  fax?: string;
  taxRegistered?: boolean;
  /** Our client's id, set when the bot created or updated the record: what `lookup` finds it by. */
  reference?: string;
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export class FakeOutsideApp {
  readonly base = 'https://fake-app.test';
  readonly clientId = 'fake-client';
  readonly clientSecret = 'fake-secret';
  readonly organisation = { id: 'org-1', name: 'Fake Practice Books' };
  readonly records = new Map<string, FakeRecord>();
  /** Every request, as "METHOD /path" (the token grant is named): what a test counts calls by. */
  readonly calls: string[] = [];
  pageSize = 2;
  private nextId = 1;
  private readonly codes = new Set<string>();
  private readonly refreshTokens = new Set<string>();
  private readonly accessTokens = new Set<string>();
  private throttled: { count: number; retryAfterSeconds: number } | null = null;

  constructor(seed: readonly Omit<FakeRecord, 'id'>[] = []) {
    for (const r of seed) this.put(r);
  }

  /** Adds a record as someone working in the app would; returns it. */
  put(r: Omit<FakeRecord, 'id'>): FakeRecord {
    const record = { ...r, id: `FC-${this.nextId++}` };
    this.records.set(record.id, record);
    return record;
  }

  /** Changes a record as someone working in the app would. */
  edit(id: string, change: Partial<FakeRecord>): void {
    const r = this.records.get(id);
    if (!r) throw new Error(`no fake record ${id}`);
    this.records.set(id, { ...r, ...change });
  }

  byName(name: string): FakeRecord | undefined {
    return [...this.records.values()].find((r) => r.name === name);
  }

  /** The next `count` calls answer 429 with Retry-After. */
  throttleNext(count: number, retryAfterSeconds: number): void {
    this.throttled = { count, retryAfterSeconds };
  }

  /** Expires every access token it handed out, so the next call needs a refresh. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  authorizeUrl(state: string, redirectUri: string): string {
    const q = new URLSearchParams({ client_id: this.clientId, state, redirect_uri: redirectUri, response_type: 'code' });
    return `${this.base}/authorize?${q}`;
  }

  /** The person clicks Authorize: the URL the app sends their browser back to, with a code. */
  approve(authorizeUrl: string): string {
    const u = new URL(authorizeUrl);
    const code = `code-${randomBytes(6).toString('hex')}`;
    this.codes.add(code);
    const back = new URL(u.searchParams.get('redirect_uri')!);
    back.searchParams.set('code', code);
    back.searchParams.set('state', u.searchParams.get('state')!);
    return back.toString();
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    if (url.pathname === '/token') return this.token(await request.text());
    this.calls.push(`${method} ${url.pathname}`);
    if (this.throttled && this.throttled.count > 0) {
      this.throttled.count--;
      return json(429, { error: 'slow down' }, { 'retry-after': String(this.throttled.retryAfterSeconds) });
    }
    const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (!token || !this.accessTokens.has(token)) return json(401, { error: 'invalid_token' });
    if (method === 'GET' && url.pathname === '/me') return json(200, this.organisation);
    if (method === 'GET' && url.pathname === '/clients') {
      const reference = url.searchParams.get('reference');
      const all = [...this.records.values()];
      if (reference !== null) return json(200, { clients: all.filter((r) => r.reference === reference), next: null });
      const page = Number(url.searchParams.get('page') ?? '1');
      const items = all.slice((page - 1) * this.pageSize, page * this.pageSize);
      return json(200, { clients: items, next: page * this.pageSize < all.length ? page + 1 : null });
    }
    if (method === 'POST' && url.pathname === '/clients') {
      const body = (await request.json()) as Omit<FakeRecord, 'id'>;
      return json(201, this.put(body));
    }
    const one = /^\/clients\/([^/]+)$/.exec(url.pathname)?.[1];
    if (method === 'PUT' && one) {
      if (!this.records.has(one)) return json(404, { error: 'no such client' });
      this.edit(one, (await request.json()) as Partial<FakeRecord>);
      return json(200, this.records.get(one));
    }
    return json(404, { error: `no route ${method} ${url.pathname}` });
  };

  private token(body: string): Response {
    const form = new URLSearchParams(body);
    const grant = form.get('grant_type');
    this.calls.push(`POST /token ${grant}`);
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) return json(401, { error: 'invalid_client' });
    const used = grant === 'authorization_code' ? form.get('code') : form.get('refresh_token');
    const pool = grant === 'authorization_code' ? this.codes : this.refreshTokens;
    // Codes and refresh tokens work once.
    if (!used || !pool.delete(used)) return json(400, { error: 'invalid_grant' });
    const access = `at-${randomBytes(8).toString('hex')}`;
    const refresh = `rt-${randomBytes(8).toString('hex')}`;
    this.accessTokens.add(access);
    this.refreshTokens.add(refresh);
    return json(200, { access_token: access, refresh_token: refresh, expires_in: 1800, token_type: 'Bearer' });
  }
}
