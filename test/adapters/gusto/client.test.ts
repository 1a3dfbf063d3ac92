import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGustoClient } from '../../../adapters/gusto/client.js';
import type { OddField } from '../../../adapters/gusto/lenient.js';
import { createGustoPayrollSystem } from '../../../adapters/gusto/payroll-system.js';
import { ProviderError } from '../../../adapters/provider-http.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/gusto/${name}`, import.meta.url), 'utf8'));
const base = 'https://api.gusto-demo.com';
const company = 'c44d66dc-c41b-4a60-9e25-5e93ff8583f2';
const noSleep = async () => {};

const client = (extra: Partial<Parameters<typeof createGustoClient>[0]> = {}) =>
  createGustoClient({ baseUrl: base, token: async () => 'tok-1', perPage: 3, sleep: noSleep, ...extra });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const pages = (scope: nock.Scope) =>
  scope
    .get(`/v1/companies/${company}/employees`).query({ page: 1, per: 3 }).reply(200, fixture('employees-page-1.json') as object, { 'x-total-pages': '3' })
    .get(`/v1/companies/${company}/employees`).query({ page: 2, per: 3 }).reply(200, fixture('employees-page-2.json') as object, { 'x-total-pages': '3' })
    .get(`/v1/companies/${company}/employees`).query({ page: 3, per: 3 }).reply(200, fixture('employees-page-3.json') as object, { 'x-total-pages': '3' });

describe('Gusto client', () => {
  it('sends the bearer token and the pinned API version, and reads the company from token_info', async () => {
    const scope = nock(base, { reqheaders: { authorization: 'Bearer tok-1', 'x-gusto-api-version': '2026-02-01' } })
      .get('/v1/token_info').reply(200, fixture('token-info.json') as object);

    const info = await client().tokenInfo();

    expect(info.resource).toEqual({ type: 'Company', uuid: company });
    scope.done();
  });

  const companyCalls = (scope: nock.Scope, locations: unknown = fixture('locations.json')) => scope
    .get(`/v1/companies/${company}`).reply(200, fixture('company.json') as object)
    .get(`/v1/companies/${company}/locations`).query({ page: 1, per: 3 }).reply(200, locations as object, { 'x-total-pages': '1' })
    .get(`/v1/companies/${company}/contractors`).query({ page: 1, per: 3 }).reply(200, fixture('contractors.json') as object);

  it('counts active employees with Gusto\'s own onboarded_active filter, in one call of one row when Gusto sends X-Total-Count', async () => {
    const scope = companyCalls(nock(base))
      .get(`/v1/companies/${company}/employees`).query({ onboarded_active: 'true', page: 1, per: 1 })
      .reply(200, (fixture('employees-page-1.json') as object[]).slice(0, 1), { 'x-total-count': '42', 'x-total-pages': '42' });

    const snap = await client().snapshot(company, '2026-11-22', () => new Date('2026-11-22T11:00:00Z'));

    expect(snap).toMatchObject({
      externalId: company, name: 'Shoppe Studios LLC', tradeName: 'Shoppe Studios', businessStructure: 's-corporation',
      phone: '8009360383', activeEmployees: 42, contractors: 1,
      postalAddress: { line1: '412 Kiera Stravenue', line2: 'Suite 391', city: 'San Francisco', region: 'CA', postcode: '94107', country: 'USA' },
      streetAddress: { line1: '1 Market Street', postcode: '94105' },
    });
    scope.done();
  });

  it('counts the filtered rows page by page when Gusto sends no X-Total-Count', async () => {
    const rows = fixture('employees-page-1.json') as object[];
    const scope = nock(base)
      .get(`/v1/companies/${company}/employees`).query({ onboarded_active: 'true', page: 1, per: 1 }).reply(200, rows.slice(0, 1))
      .get(`/v1/companies/${company}/employees`).query({ onboarded_active: 'true', page: 1, per: 3 }).reply(200, rows.slice(0, 3))
      .get(`/v1/companies/${company}/employees`).query({ onboarded_active: 'true', page: 2, per: 3 }).reply(200, rows.slice(0, 1));

    const count = await client().activeEmployees(company, '2026-11-22');

    expect(count).toBe(4);
    scope.done();
  });

  it('on an API version without onboarded_active, walks every employee page and counts a terminated person on page 2 correctly', async () => {
    const scope = companyCalls(pages(nock(base, { reqheaders: { 'x-gusto-api-version': '2024-04-01' } })));

    const snap = await client({ apiVersion: '2024-04-01' }).snapshot(company, '2026-11-22', () => new Date('2026-11-22T11:00:00Z'));

    expect(snap).toMatchObject({ externalId: company, activeEmployees: 5, contractors: 1 });
    scope.done();
  });

  it('leaves out one odd location field (a numeric zip, a street that is not text), reports it, and keeps the rest of the company', async () => {
    const [mailing, filing] = fixture('locations.json') as Record<string, unknown>[];
    const odd: OddField[] = [];
    const scope = companyCalls(nock(base), [{ ...mailing, zip: 94107 }, { ...filing, street_1: ['1 Market Street'] }, { street_1: 'no uuid' }])
      .get(`/v1/companies/${company}/employees`).query(true).reply(200, [], { 'x-total-count': '7' });

    const snap = await client().snapshot(company, '2026-11-22', () => new Date(), (found) => odd.push(...found));

    expect(snap).toMatchObject({ name: 'Shoppe Studios LLC', activeEmployees: 7, postalAddress: { line1: '412 Kiera Stravenue', postcode: '' } });
    expect(snap.streetAddress).toBeUndefined();
    expect(odd).toEqual([
      { record: `location ${String(mailing!.uuid)}`, field: 'zip', got: 'number' },
      { record: `location ${String(filing!.uuid)}`, field: 'street_1', got: 'array' },
      { record: 'location', field: 'uuid', got: 'undefined' },
    ]);
    scope.done();
  });

  it('passes the terminated filter through to Gusto', async () => {
    const scope = nock(base).get(`/v1/companies/${company}/employees`).query({ terminated: 'false', page: 1, per: 3 }).reply(200, []);

    const rows = await client().employees(company, { terminated: false });

    expect(rows).toEqual([]);
    scope.done();
  });

  it('waits as long as Retry-After says on a 429, then succeeds', async () => {
    const waits: number[] = [];
    const scope = nock(base)
      .get('/v1/token_info').reply(429, { message: 'slow down' }, { 'retry-after': '7' })
      .get('/v1/token_info').reply(200, fixture('token-info.json') as object);

    await client({ sleep: async (ms) => { waits.push(ms); } }).tokenInfo();

    expect(waits).toEqual([7000]);
    scope.done();
  });

  it('does not sit out an hour-long Retry-After inside one call: it reports it', async () => {
    const waits: number[] = [];
    nock(base).get('/v1/token_info').reply(429, {}, { 'retry-after': '3600' });

    const failure = await client({ sleep: async (ms) => { waits.push(ms); } }).tokenInfo().catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'rate-limited', detail: { retryAfterMs: 3_600_000 } });
    expect(waits).toEqual([]);
  });

  it('retries a 5xx with backoff and gives up with a typed error after the last attempt', async () => {
    const scope = nock(base).get('/v1/token_info').times(3).reply(503, 'unavailable');

    const failure = await client({ retries: 2 }).tokenInfo().catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ kind: 'app-down', detail: { status: 503 } });
    scope.done();
  });

  it('asks for a fresh token once after a 401 and never puts a token in the error', async () => {
    const forced: boolean[] = [];
    const token = async (o?: { force?: boolean }) => { forced.push(!!o?.force); return 'secret-canary'; };
    const scope = nock(base).get('/v1/token_info').twice().reply(401, { message: 'expired' });

    const failure = (await client({ token }).tokenInfo().catch((e: unknown) => e)) as ProviderError;

    expect(forced).toEqual([false, true]);
    expect(failure.kind).toBe('reconnect-needed');
    expect(JSON.stringify({ m: failure.message, d: failure.detail })).not.toContain('secret-canary');
    scope.done();
  });

  it('rejects a payload that lacks the fields we read', async () => {
    nock(base).get(`/v1/companies/${company}`).reply(200, { uuid: company });

    await expect(client().company(company)).rejects.toMatchObject({ kind: 'invalid-response' });
  });
});

describe('Gusto payroll system', () => {
  const payroll = () => createGustoPayrollSystem({ baseUrl: base, sleep: noSleep });

  it('says the API version is no longer supported when Gusto answers 406, as a setup problem rather than "reconnect"', async () => {
    nock(base).get('/v1/token_info').reply(406, { name: 'Invalid X-Gusto-API-Version Header', message: 'unsupported version' });

    const who = await payroll().identify('tok');

    expect(who).toEqual({ ok: false, error: { kind: 'misconfigured', detail: expect.stringContaining('no longer supports the API version this bot uses (2026-02-01)') } });
  });

  it('refuses a token whose token_info has a null resource, or a resource other than a company, with a clear reason', async () => {
    nock(base)
      .get('/v1/token_info').reply(200, { scope: 'public', resource: null, resource_owner: null })
      .get('/v1/token_info').reply(200, { scope: 'public', resource: { type: 'Oauth::Application', uuid: 'app-1' }, resource_owner: null });

    const none = await payroll().identify('tok');
    const app = await payroll().identify('tok');

    expect(none).toMatchObject({ ok: false, error: { kind: 'not-a-company', detail: expect.stringContaining('did not say which company') } });
    expect(app).toMatchObject({ ok: false, error: { kind: 'not-a-company', detail: expect.stringContaining('a Oauth::Application rather than a company') } });
  });

  it('logs an odd location field once, not on every sync', async () => {
    const logged: string[] = [];
    const system = createGustoPayrollSystem({ baseUrl: base, sleep: noSleep, onOddFields: (id, summary) => logged.push(`${id}: ${summary}`) });
    const [mailing] = fixture('locations.json') as Record<string, unknown>[];
    for (let i = 0; i < 2; i++) {
      nock(base)
        .get(`/v1/companies/${company}`).reply(200, fixture('company.json') as object)
        .get(`/v1/companies/${company}/locations`).query(true).reply(200, [{ ...mailing, zip: 94107 }])
        .get(`/v1/companies/${company}/employees`).query(true).reply(200, [], { 'x-total-count': '3' })
        .get(`/v1/companies/${company}/contractors`).query(true).reply(200, []);
    }

    const first = await system.snapshot(company, '2026-11-22', async () => 'tok');
    const second = await system.snapshot(company, '2026-11-22', async () => 'tok');

    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(logged).toEqual([`${company}: location ${String(mailing!.uuid)}.zip (got number)`]);
  });
});
