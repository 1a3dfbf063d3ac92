/**
 * Gusto App Integrations client: one instance per connected company (Gusto issues one token per
 * company). All HTTP goes through provider-http (auth, retries, 429, rate limit); payloads are
 * validated here and translated by mapping.ts, so raw Gusto shapes never leave this folder.
 */
import type { z } from 'zod';
import type { CompanySnapshot } from '../../domain/sync/company-snapshot.js';
import { createProviderHttp, ProviderError, type ProviderHttpOptions } from '../provider-http.js';
import { toCompanySnapshot } from './mapping.js';
import { GustoCompany, GustoContractor, GustoEmployee, GustoLocation, GustoTokenInfo } from './schemas.js';

/** The API version we pin (sent on every call); Gusto answers 406 to versions it does not accept. */
export const gustoApiVersion = '2025-06-15';
/** Gusto's page size defaults to 25; 100 keeps big companies to a few calls. */
export const gustoPageSize = 100;

export type GustoClientOptions = Omit<ProviderHttpOptions, 'app' | 'headers'> & {
  readonly apiVersion?: string;
  readonly perPage?: number;
};

export type EmployeeFilters = { readonly terminated?: boolean; readonly onboarded?: boolean };

export function createGustoClient(o: GustoClientOptions) {
  const http = createProviderHttp({ ...o, app: 'gusto', headers: { 'x-gusto-api-version': o.apiVersion ?? gustoApiVersion } });
  const per = o.perPage ?? gustoPageSize;

  const parse = <S extends z.ZodType>(schema: S, body: unknown, path: string): z.infer<S> => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ProviderError('gusto', 'invalid-response', { path, body: parsed.error.issues.slice(0, 3) });
    return parsed.data;
  };

  /** Walks page/per pages; stops on X-Total-Pages when Gusto sends it, else on a short page. */
  const allPages = async <S extends z.ZodType>(path: string, item: S, query: Record<string, string | number | boolean | undefined> = {}) => {
    const rows: z.infer<S>[] = [];
    for (let page = 1; ; page++) {
      const res = await http.get(path, { query: { ...query, page, per } });
      const items = parse(item.array(), res.body, path) as z.infer<S>[];
      rows.push(...items);
      const totalPages = Number(res.headers.get('x-total-pages') ?? NaN);
      const done = Number.isFinite(totalPages) ? page >= totalPages : items.length < per;
      if (done || items.length === 0) return rows;
    }
  };

  const company = encodeURIComponent;

  return {
    /** Which company this token belongs to (resource.uuid). */
    async tokenInfo(): Promise<GustoTokenInfo> {
      return parse(GustoTokenInfo, (await http.get('/v1/token_info')).body, '/v1/token_info');
    },
    async company(companyId: string): Promise<GustoCompany> {
      const path = `/v1/companies/${company(companyId)}`;
      return parse(GustoCompany, (await http.get(path)).body, path);
    },
    locations: (companyId: string) => allPages(`/v1/companies/${company(companyId)}/locations`, GustoLocation),
    employees: (companyId: string, f: EmployeeFilters = {}) =>
      allPages(`/v1/companies/${company(companyId)}/employees`, GustoEmployee, { terminated: f.terminated, onboarded: f.onboarded }),
    contractors: (companyId: string) => allPages(`/v1/companies/${company(companyId)}/contractors`, GustoContractor),

    /** Everything a company sync needs, in the fewest calls the API allows. */
    async snapshot(companyId: string, today: string, now: () => Date): Promise<CompanySnapshot> {
      const [c, locations, employees, contractors] = await Promise.all([
        this.company(companyId), this.locations(companyId), this.employees(companyId), this.contractors(companyId),
      ]);
      return toCompanySnapshot({ company: c, locations, employees, contractors }, today, now());
    },
  };
}

export type GustoClient = ReturnType<typeof createGustoClient>;
