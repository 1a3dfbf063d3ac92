/**
 * Xero Practice Manager 3.1 client: one per connected practice (its tenant id goes on every call as
 * Xero-Tenant-Id). XML both ways through provider-http, whose XML codec treats
 * `<Status>ERROR</Status>` in a 200 as the refusal it is (XPM's ErrorDescription kept); the gateway's
 * JSON 401/403 and the empty-bodied 429 with Retry-After are read there too. Payloads are checked by
 * schemas.ts and translated by mapping.ts and bodies.ts, so raw XPM shapes never leave this folder.
 */
import type { z } from 'zod';
import { createProviderHttp, createXmlCodec, ProviderError, type ProviderHttpOptions, type TokenSource } from '../provider-http.js';
import { createTenantLimiters, type TenantLimiter, type TenantLimits } from '../rate-limiter.js';
import type { ContactDetails } from '../../domain/practice/client.js';
import { addClientBody, addJobBody, assignJobBody, updateClientBody } from './bodies.js';
import { addContactBody, toXpmContacts, updateContactBody, XpmContactAdded, type XpmContact } from './contacts.js';
import { xpmApp, xpmFailure } from './errors.js';
import {
  toXpmClient, toXpmGroup, toXpmJob, toXpmStaff, toXpmTemplate,
  type XpmClient, type XpmClientChanges, type XpmClientInput, type XpmGroup, type XpmJob, type XpmJobInput, type XpmJobLeads, type XpmStaff, type XpmTemplate,
} from './mapping.js';
import { xpmHosts } from './oauth.js';
import { XpmClientId, XpmClientRecord, XpmGroupRecord, XpmJobRecord, xpmList, XpmPagination, xpmResponse, XpmStaffRecord, XpmTemplateRecord, xpmAnswer } from './schemas.js';

export type { XpmContact } from './contacts.js';
export type {
  XpmClient, XpmClientChanges, XpmClientInput, XpmGroup, XpmJob, XpmJobInput, XpmJobLeads, XpmStaff, XpmTemplate,
} from './mapping.js';

/** Xero's limits per tenant (a practice): 5 calls at once, 60 a minute, 5,000 a day. */
export const xpmPublishedLimits = { concurrency: 5, ratePerMinute: 60, ratePerDay: 5_000 } as const satisfies TenantLimits;

/**
 * What we allow ourselves: at most 80% of each rate, so another app of the practice's, a retry or a
 * clock skew between our window and Xero's fixed one never tips a practice into 429s.
 */
export const xpmLimits: TenantLimits = {
  concurrency: xpmPublishedLimits.concurrency,
  ratePerMinute: xpmPublishedLimits.ratePerMinute * 0.8,
  ratePerDay: xpmPublishedLimits.ratePerDay * 0.8,
};

/** Repeated elements, by their parent: a list of one must still read as a list. */
const collections = new Set(['Clients.Client', 'Contacts.Contact', 'Groups.Group', 'StaffList.Staff', 'Templates.Template', 'Jobs.Job', 'Notes.Note', 'Relationships.Relationship', 'Assigned.Staff', 'Tasks.Task']);
const xpmCodec = createXmlCodec({ isArray: (path) => collections.has(path.split('.').slice(-2).join('.')) });

export type XpmApi = {
  /** Detailed clients (client.api/list?detailed=true), archived and deleted ones included; those changed since `modifiedSince` when given. */
  clients(modifiedSince?: Date): Promise<XpmClient[]>;
  /**
   * Every live client, detailed, a page at a time (client.api/paged-list, 500 a page): the next page
   * is asked for only when the caller wants it, so a practice of 15,000 is never held whole.
   * Archived and deleted clients are not listed (paged-list leaves them out).
   */
  clientPages(): AsyncIterable<XpmClient[]>;
  /** The UUIDs of every live client (paged-list without detail: a light read for a full reconcile). */
  liveClientIds(): Promise<Set<string>>;
  client(uuid: string): Promise<XpmClient>;
  /** Detailed clients whose name XPM matches to `query` (client.api/search): a name match is ours to make exact. */
  searchClients(query: string): Promise<XpmClient[]>;
  /** Creates a client with its contacts. XPM has no idempotency key: look it up by name first. */
  addClient(input: XpmClientInput): Promise<XpmClient>;
  /** Read-modify-write: only our fields change, everything else the client holds is sent back as it was. */
  updateClient(uuid: string, changes: XpmClientChanges): Promise<XpmClient>;
  /** The client's live contacts with their UUIDs and the fields only XPM keeps (from client.api/get). */
  clientContacts(clientUuid: string): Promise<XpmContact[]>;
  /** PUT client.api/contact/{uuid}?clientUuid=…: our fields over `fresh` (the contact as just read); IsPrimary, Addressee and Position go back as they were. */
  updateContact(clientUuid: string, fresh: XpmContact, ours: ContactDetails): Promise<void>;
  /** POST client.api/contact. XPM has no idempotency key: reconcile against clientContacts first. The new contact's UUID when XPM names it. */
  addContact(clientUuid: string, contact: ContactDetails, primary: boolean): Promise<string | null>;
  groups(): Promise<XpmGroup[]>;
  staff(): Promise<XpmStaff[]>;
  templates(): Promise<XpmTemplate[]>;
  /** Creates a job. XPM has no idempotency key: ask jobByMarker first. */
  addJob(input: XpmJobInput): Promise<XpmJob>;
  /** Sets a job's partner and manager (job.api/assign by job number); the same assignment twice changes nothing. */
  assignJob(jobId: string, leads: XpmJobLeads): Promise<void>;
  jobsOfClient(clientUuid: string): Promise<XpmJob[]>;
  /** The client's job carrying our marker (its ClientOrderNumber), or null. */
  jobByMarker(clientUuid: string, marker: string): Promise<XpmJob | null>;
};

export type XpmClientOptions = Omit<ProviderHttpOptions, 'app' | 'baseUrl' | 'codec' | 'envelope' | 'token' | 'headers' | 'limits' | 'limiter'> & {
  /** The practice's tenant id (from /connections). */
  readonly tenantId: string;
  readonly token: TokenSource;
  /** Defaults to https://api.xero.com/practicemanager/3.1; a sandbox's base replaces it. */
  readonly baseUrl?: string;
  /** Per practice; defaults to xpmLimits. */
  readonly limits?: TenantLimits;
  /** Limiters shared by every client reaching the same practice (createTenantLimiters); wins over `limits`. */
  readonly limiterFor?: (tenantId: string) => TenantLimiter;
  /** Clients per paged-list call: XPM's 500 most at once unless a test wants several pages of a small practice. */
  readonly pageSize?: number;
};

/** paged-list's largest page: 15,000 clients are 30 calls. */
export const xpmPageSize = 500;

/** The pageToken in paged-list's Next link (a URL, absolute or not), or null on the last page. */
const nextToken = (next: string | undefined): string | null => {
  if (!next) return null;
  try {
    return new URL(next, 'http://next.invalid/').searchParams.get('pageToken');
  } catch {
    return null;
  }
};

/** `modifiedsince` is yyyy-MM-ddTHH:mm:ss in UTC. */
const xpmDateTime = (d: Date): string => d.toISOString().slice(0, 19);

const id = encodeURIComponent;

export function createXpmClient(o: XpmClientOptions): XpmApi {
  const { tenantId, limits, limiterFor, baseUrl, pageSize = xpmPageSize, ...httpOptions } = o;
  const limiter = (limiterFor ?? createTenantLimiters(limits ?? xpmLimits, { now: o.now, sleep: o.sleep }))(tenantId);
  const http = createProviderHttp({
    ...httpOptions, app: xpmApp, baseUrl: baseUrl ?? xpmHosts.api, codec: xpmCodec,
    headers: { 'xero-tenant-id': tenantId }, limiter,
  });

  const call = async <T>(subject: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw xpmFailure(e, subject);
    }
  };
  const get = async <T extends z.ZodType>(path: string, schema: T, query?: Record<string, string | undefined>) =>
    (await http.get(path, { schema, ...(query ? { query } : {}) })).body as z.output<T>;

  const oneClient = xpmResponse('Client', XpmClientRecord);
  const clientRecord = async (uuid: string) => (await get(`client.api/get/${id(uuid)}`, oneClient)).Response.Client;
  const jobsOfClient = (clientUuid: string) => call('the client\'s jobs', async () =>
    ((await get(`job.api/client/${id(clientUuid)}`, xpmList('Jobs', 'Job', XpmJobRecord))).Response.Jobs.Job ?? []).map(toXpmJob));

  /** paged-list from its first page to its last, one page per step; a Next token seen before ends it rather than loop. */
  async function* pages<T extends z.ZodType, R>(record: T, detailed: boolean, map: (r: z.output<T>) => R): AsyncGenerator<R[]> {
    const schema = xpmList('Clients', 'Client', record);
    const seen = new Set<string>();
    let token: string | undefined;
    for (;;) {
      const query = { ...(detailed ? { detailed: 'true' } : {}), pageSize: String(pageSize), pageToken: token };
      let answer: z.output<typeof schema> | null = await call('the list of clients', () => get('client.api/paged-list', schema, query));
      const next = nextToken(XpmPagination.parse((answer.Response as Record<string, unknown>).Pagination)?.Links?.Next);
      const page = ((answer.Response.Clients.Client ?? []) as z.output<T>[]).map(map);
      // The parsed XML is not kept while the caller works through the page: only what it asked for is.
      answer = null;
      yield page;
      if (!next) return;
      // A page token seen before would loop for ever; stopping quietly would count a partial read as whole.
      if (seen.has(next)) throw new ProviderError(xpmApp, 'invalid-response', { reason: 'XPM sent a page token it had already sent: the client list was not read to its end' });
      seen.add(next);
      token = next;
    }
  }

  return {
    clientPages: () => pages(XpmClientRecord, true, toXpmClient),
    liveClientIds: async () => {
      const ids = new Set<string>();
      for await (const page of pages(XpmClientId, false, (r) => r.UUID)) for (const uuid of page) ids.add(uuid);
      return ids;
    },
    clients: (modifiedSince) => call('the list of clients', async () => {
      const query = { detailed: 'true', modifiedsince: modifiedSince ? xpmDateTime(modifiedSince) : undefined };
      return ((await get('client.api/list', xpmList('Clients', 'Client', XpmClientRecord), query)).Response.Clients.Client ?? []).map(toXpmClient);
    }),
    client: (uuid) => call('the client', async () => toXpmClient(await clientRecord(uuid))),
    searchClients: (query) => call('the client search', async () =>
      ((await get('client.api/search', xpmList('Clients', 'Client', XpmClientRecord), { query, detailed: 'true' })).Response.Clients.Client ?? []).map(toXpmClient)),
    addClient: (input) => call('the new client', async () =>
      toXpmClient((await http.post('client.api/add', addClientBody(input), { schema: oneClient })).body.Response.Client)),
    updateClient: (uuid, changes) => call('the client update', async () => {
      const fresh = await clientRecord(uuid);
      // The whole client goes back: sending it twice leaves XPM as once, so a timeout may retry.
      const { body } = await http.put('client.api/update', updateClientBody(fresh, changes), { schema: oneClient, idempotent: true });
      return toXpmClient(body.Response.Client);
    }),
    clientContacts: (clientUuid) => call('the client\'s contacts', async () => toXpmContacts(await clientRecord(clientUuid))),
    updateContact: (clientUuid, fresh, ours) => call('the contact update', async () => {
      // The whole contact goes back: sending it twice leaves XPM as once, so a timeout may retry.
      await http.put(`client.api/contact/${id(fresh.uuid)}`, updateContactBody(fresh, ours), { query: { clientUuid }, schema: xpmAnswer, idempotent: true });
    }),
    addContact: (clientUuid, contact, primary) => call('the new contact', async () => {
      const { Response: r } = (await http.post('client.api/contact', addContactBody(clientUuid, contact, primary), { schema: XpmContactAdded })).body;
      return r.ID ?? r.Contact?.UUID ?? null;
    }),
    groups: () => call('the client groups', async () =>
      ((await get('clientgroup.api/list', xpmList('Groups', 'Group', XpmGroupRecord))).Response.Groups.Group ?? []).map(toXpmGroup)),
    staff: () => call('the staff list', async () =>
      ((await get('staff.api/list', xpmList('StaffList', 'Staff', XpmStaffRecord))).Response.StaffList.Staff ?? []).map(toXpmStaff)),
    templates: () => call('the job templates', async () =>
      ((await get('template.api/list', xpmList('Templates', 'Template', XpmTemplateRecord))).Response.Templates.Template ?? []).map(toXpmTemplate)),
    addJob: (input) => call('the new job', async () =>
      toXpmJob((await http.post('job.api/add', addJobBody(input), { schema: xpmResponse('Job', XpmJobRecord) })).body.Response.Job)),
    assignJob: (jobId, leads) => call('the job\'s partner and manager', async () => {
      if (!leads.partnerUuid && !leads.managerUuid) return;
      await http.put('job.api/assign', assignJobBody(jobId, leads), { schema: xpmAnswer, idempotent: true });
    }),
    jobsOfClient,
    jobByMarker: async (clientUuid, marker) => {
      if (!marker.trim()) throw new RangeError('a job marker to look up must not be blank');
      return (await jobsOfClient(clientUuid)).find((j) => j.marker === marker.trim()) ?? null;
    },
  };
}
