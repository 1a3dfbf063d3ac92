/**
 * client.api of the XPM simulator: list (detailed, modifiedsince), paged-list, search, get, add,
 * update, archive and delete. Refusals and unknown clients answer HTTP 200 with Status ERROR, as XPM does.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readClientFields, readNewContacts } from './xpm-client-write.js';
import { apiBase, clientWebUrl, keep, type XpmApiContext } from './xpm-context.js';
import { parseXpmTime, type XpmClientRecord } from './xpm-data.js';
import { clientPayload, staffNamesOf } from './xpm-payloads.js';
import { readRoot, textOf, xpmOk, xpmOkList, xpmRefuse } from './xpm-xml.js';

type Query = Record<string, string | undefined>;
type Req = FastifyRequest<{ Querystring: Query; Params: { uuid?: string }; Body: unknown }>;

const maxPageSize = 500, defaultPageSize = 50;
const isLive = (c: XpmClientRecord) => !c.isArchived && !c.isDeleted;
/**
 * The page token says where the next page starts in the practice's client list (which only grows),
 * not among the live ones: a client archived between two pages does not make the next page skip one.
 * Opaque to the app, as XPM's are.
 */
const tokenFor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
const offsetOf = (token: string): number | null => {
  const m = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return m ? Number(m[1]) : null;
};

export function registerXpmClients(app: FastifyInstance, ctx: XpmApiContext): void {
  const base = `${apiBase}/client.api`;
  const view = (req: Req, c: XpmClientRecord, detailed: boolean, webUrl = false) =>
    clientPayload(c, ctx.practice(), staffNamesOf(ctx.practice()), { detailed, ...(webUrl ? { webUrl: clientWebUrl(ctx.publicBase(req), c.uuid) } : {}) });
  const detailedAsked = (q: Query) => q.detailed?.toLowerCase() === 'true';

  app.get(`${base}/list`, async (req: Req, reply) => {
    const since = req.query.modifiedsince;
    const from = since === undefined ? null : parseXpmTime(since);
    if (since !== undefined && from === null) return xpmRefuse(reply, 'List', 'modifiedsince must be a date and time as yyyy-MM-ddTHH:mm:ss (UTC).');
    const p = ctx.practice(), staff = staffNamesOf(p), detailed = detailedAsked(req.query);
    function* rows() {
      for (const c of p.clients) if (from === null || c.modifiedAt >= from) yield clientPayload(c, p, staff, { detailed });
    }
    return xpmOkList(reply, 'List', 'Clients', 'Client', rows());
  });

  app.get(`${base}/paged-list`, async (req: Req, reply) => {
    const size = req.query.pageSize === undefined ? defaultPageSize : Number(req.query.pageSize);
    if (!Number.isInteger(size) || size < 1 || size > maxPageSize) return xpmRefuse(reply, 'PagedList', `pageSize must be a whole number from 1 to ${maxPageSize}.`);
    const offset = req.query.pageToken === undefined ? 0 : offsetOf(req.query.pageToken);
    if (offset === null) return xpmRefuse(reply, 'PagedList', 'The pageToken is not valid.');
    const p = ctx.practice(), staff = staffNamesOf(p), detailed = detailedAsked(req.query);
    const page: XpmClientRecord[] = [];
    let at = offset;
    for (; at < p.clients.length && page.length < size; at++) if (isLive(p.clients[at]!)) page.push(p.clients[at]!);
    const rows = page.map((c) => clientPayload(c, p, staff, { detailed }));
    const link = (token?: string) => `${ctx.publicBase(req)}${base}/paged-list?${new URLSearchParams({ pageSize: String(size), ...(detailed ? { detailed: 'true' } : {}), ...(token ? { pageToken: token } : {}) })}`;
    const next = p.clients.slice(at).some(isLive) ? link(tokenFor(at)) : null;
    return xpmOkList(reply, 'PagedList', 'Clients', 'Client', rows, { Pagination: { Links: { First: link(), ...(next ? { Next: next } : {}) } } });
  });

  // Clients whose name contains the query, ignoring case; deleted ones are not found (archived ones are, flagged).
  app.get(`${base}/search`, async (req: Req, reply) => {
    const query = req.query.query?.trim().toLowerCase();
    if (!query) return xpmRefuse(reply, 'Search', 'query is required.');
    const p = ctx.practice(), staff = staffNamesOf(p), detailed = detailedAsked(req.query);
    function* rows() {
      for (const c of p.clients) if (!c.isDeleted && c.name.toLowerCase().includes(query!)) yield clientPayload(c, p, staff, { detailed });
    }
    return xpmOkList(reply, 'Search', 'Clients', 'Client', rows());
  });

  app.get(`${base}/get/:uuid`, async (req: Req, reply) => {
    const c = ctx.practice().byUuid.get(req.params.uuid ?? '');
    return c ? xpmOk(reply, 'Get', { Client: view(req, c, true, true) }) : xpmRefuse(reply, 'Get', 'Client not found');
  });

  app.post(`${base}/add`, async (req: Req, reply) => {
    const node = readRoot(req.body, 'Client');
    if (typeof node === 'string') return xpmRefuse(reply, 'Add', node);
    const p = ctx.practice();
    const fields = readClientFields(node, p);
    if (typeof fields === 'string') return xpmRefuse(reply, 'Add', fields);
    const contacts = readNewContacts(node, randomUUID);
    if (typeof contacts === 'string') return xpmRefuse(reply, 'Add', contacts);
    const c: XpmClientRecord = { ...fields, uuid: randomUUID(), contacts, groupUuids: [], isArchived: false, isDeleted: false, modifiedAt: 0 };
    keep(ctx.save, () => { p.clients.push(c); p.byUuid.set(c.uuid, c); ctx.touch(c); }, () => { p.clients.pop(); p.byUuid.delete(c.uuid); });
    return xpmOk(reply, 'Add', { Client: view(req, c, true, true) });
  });

  /** The client a write names by `<UUID>`: deleted ones cannot be changed. */
  const target = (node: Record<string, unknown>): XpmClientRecord | string => {
    const c = ctx.practice().byUuid.get(textOf(node, 'UUID') ?? '');
    if (!c) return textOf(node, 'UUID') ? 'Client not found' : 'UUID is required.';
    return c.isDeleted ? 'Client has been deleted' : c;
  };

  app.put(`${base}/update`, async (req: Req, reply) => {
    const node = readRoot(req.body, 'Client');
    if (typeof node === 'string') return xpmRefuse(reply, 'Update', node);
    const c = target(node);
    if (typeof c === 'string') return xpmRefuse(reply, 'Update', c);
    const fields = readClientFields(node, ctx.practice());
    if (typeof fields === 'string') return xpmRefuse(reply, 'Update', fields);
    const before = { ...c };
    keep(ctx.save, () => { Object.assign(c, fields); ctx.touch(c); }, () => Object.assign(c, before));
    return xpmOk(reply, 'Update', { Client: view(req, c, true, true) });
  });

  for (const [verb, method, action] of [['put', 'Archive', 'archive'], ['post', 'Delete', 'delete']] as const) {
    app[verb](`${base}/${action}`, async (req: Req, reply) => {
      const node = readRoot(req.body, 'Client');
      if (typeof node === 'string') return xpmRefuse(reply, method, node);
      const c = target(node);
      if (typeof c === 'string') return xpmRefuse(reply, method, c);
      const before = { ...c };
      keep(ctx.save, () => { Object.assign(c, action === 'archive' ? { isArchived: true } : { isDeleted: true }); ctx.touch(c); }, () => Object.assign(c, before));
      return xpmOk(reply, method);
    });
  }
}
