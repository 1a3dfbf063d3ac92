/**
 * Gusto App Integrations client: one instance per connected company (Gusto issues one token per
 * company). All HTTP goes through provider-http (auth, retries, 429, rate limit); payloads are
 * validated here and translated by mapping.ts, so raw Gusto shapes never leave this folder.
 * Pages are read one at a time and dropped once counted, so a large company costs no more memory
 * than one page.
 */
import { z } from 'zod';
import { countActive, type CompanySnapshot } from '../../domain/sync/company-snapshot.js';
import { createProviderHttp, ProviderError, type ProviderHttpOptions } from '../provider-http.js';
import { readFields, type OddField } from './lenient.js';
import { isActiveContractor, toCompanySnapshot, toPayrollPerson } from './mapping.js';
import { GustoCompany, GustoContractor, GustoEmployee, gustoLocationFields, GustoTokenInfo, type GustoLocation } from './schemas.js';

/**
 * The API version we pin (sent on every call): Gusto's reference defaults to it. Gusto supports a
 * version for 12 months from its date and answers 406 to one it no longer accepts.
 */
export const gustoApiVersion = '2026-02-01';
/** Gusto's page size defaults to 25; 100 keeps big companies to a few calls. */
export const gustoPageSize = 100;

/**
 * The employees list's `onboarded_active` filter ("ready to work": onboarded and active today) is in
 * Gusto's OpenAPI from 2025-06-15, the oldest version Gusto still serves; older pins count locally.
 */
export const offersOnboardedActive = (apiVersion: string): boolean => apiVersion >= '2025-06-15';

export type GustoClientOptions = Omit<ProviderHttpOptions, 'app' | 'headers'> & {
  readonly apiVersion?: string;
  readonly perPage?: number;
};

export type EmployeeFilters = { readonly terminated?: boolean; readonly onboarded?: boolean; readonly onboardedActive?: boolean };

type Query = Record<string, string | number | boolean | undefined>;
const anyRows = z.array(z.unknown());
const objectRows = z.array(z.record(z.string(), z.unknown()));

/** A location read field by field; null when it has no uuid (then it is not a location we can use). */
const readLocation = (raw: Readonly<Record<string, unknown>>, odd: OddField[]): GustoLocation | null => {
  const uuid = typeof raw.uuid === 'string' ? raw.uuid : null;
  if (!uuid) { odd.push({ record: 'location', field: 'uuid', got: raw.uuid === null ? 'null' : typeof raw.uuid }); return null; }
  return { uuid, ...readFields(gustoLocationFields, raw, `location ${uuid}`, odd) };
};

export function createGustoClient(o: GustoClientOptions) {
  const apiVersion = o.apiVersion ?? gustoApiVersion;
  const http = createProviderHttp({ ...o, app: 'gusto', headers: { 'x-gusto-api-version': apiVersion } });
  const per = o.perPage ?? gustoPageSize;

  const parse = <S extends z.ZodType>(schema: S, body: unknown, path: string): z.infer<S> => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ProviderError('gusto', 'invalid-response', { path, body: parsed.error.issues.slice(0, 3) });
    return parsed.data;
  };

  /**
   * Walks page/per pages, handing each page to `take` and keeping none of them; stops on
   * X-Total-Pages when Gusto sends it, else on a short page.
   */
  const eachPage = async <S extends z.ZodType<unknown[]>>(path: string, rows: S, query: Query, take: (items: z.infer<S>) => void) => {
    for (let page = 1; ; page++) {
      const res = await http.get(path, { query: { ...query, page, per } });
      const items = parse(rows, res.body, path);
      take(items);
      const totalPages = Number(res.headers.get('x-total-pages') ?? NaN);
      const done = Number.isFinite(totalPages) ? page >= totalPages : items.length < per;
      if (done || items.length === 0) return;
    }
  };

  const allPages = async <S extends z.ZodType>(path: string, item: S, query: Query = {}): Promise<z.infer<S>[]> => {
    const rows: z.infer<S>[] = [];
    await eachPage(path, item.array(), query, (items) => { rows.push(...(items as z.infer<S>[])); });
    return rows;
  };

  const company = encodeURIComponent;
  const employeesPath = (companyId: string) => `/v1/companies/${company(companyId)}/employees`;

  const client = {
    /** Which resource this token belongs to; `resource` is null or not a Company for tokens we cannot sync with. */
    async tokenInfo(): Promise<GustoTokenInfo> {
      return parse(GustoTokenInfo, (await http.get('/v1/token_info')).body, '/v1/token_info');
    },
    async company(companyId: string): Promise<GustoCompany> {
      const path = `/v1/companies/${company(companyId)}`;
      return parse(GustoCompany, (await http.get(path)).body, path);
    },
    /** Every location, each field read on its own: odd values are left out and added to `odd`. */
    async locations(companyId: string, odd: OddField[] = []): Promise<GustoLocation[]> {
      const rows: GustoLocation[] = [];
      await eachPage(`/v1/companies/${company(companyId)}/locations`, objectRows, {}, (items) => {
        for (const raw of items) { const l = readLocation(raw, odd); if (l) rows.push(l); }
      });
      return rows;
    },
    employees: (companyId: string, f: EmployeeFilters = {}) =>
      allPages(employeesPath(companyId), GustoEmployee, { terminated: f.terminated, onboarded: f.onboarded, onboarded_active: f.onboardedActive }),
    contractors: (companyId: string) => allPages(`/v1/companies/${company(companyId)}/contractors`, GustoContractor),

    /**
     * Active employees today. Where the API version offers it, Gusto's own `onboarded_active=true`
     * answers (a rehire with an old termination counts): one row with X-Total-Count, which Gusto sends
     * whenever page/per are asked for; without it, the filtered rows are counted page by page.
     * On older versions every employee is judged by our rule, one page at a time.
     */
    async activeEmployees(companyId: string, today: string): Promise<number> {
      const path = employeesPath(companyId);
      let count = 0;
      if (offersOnboardedActive(apiVersion)) {
        const first = await http.get(path, { query: { onboarded_active: true, page: 1, per: 1 } });
        parse(anyRows, first.body, path);
        const total = Number(first.headers.get('x-total-count') ?? NaN);
        if (Number.isInteger(total) && total >= 0) return total;
        await eachPage(path, anyRows, { onboarded_active: true }, (items) => { count += items.length; });
        return count;
      }
      await eachPage(path, GustoEmployee.array(), {}, (items) => { count += countActive(items.map(toPayrollPerson), today); });
      return count;
    },

    /** Everything a company sync needs, in the fewest calls the API allows; odd location fields are reported to `onOdd`. */
    async snapshot(companyId: string, today: string, now: () => Date, onOdd?: (odd: readonly OddField[]) => void): Promise<CompanySnapshot> {
      const odd: OddField[] = [];
      const [c, locations, activeEmployees, contractors] = await Promise.all([
        client.company(companyId), client.locations(companyId, odd), client.activeEmployees(companyId, today), client.contractors(companyId),
      ]);
      if (odd.length) onOdd?.(odd);
      return toCompanySnapshot({ company: c, locations, activeEmployees, contractors: contractors.filter(isActiveContractor).length }, now());
    },
  };
  return client;
}

export type GustoClient = ReturnType<typeof createGustoClient>;
