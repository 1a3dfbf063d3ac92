/**
 * client.api's contact routes in the XPM simulator: get, update and add one contact of a client.
 * As XPM: XML both ways, a refusal or an unknown client or contact is HTTP 200 with Status ERROR,
 * and a contact written moves its client's modified time (so `modifiedsince` brings the client back).
 *
 * Update replaces every field of the contact but IsPrimary: an element left out is cleared, the same
 * stricter reading the client update takes (xpm-client-write.ts), so a bot that does not send back
 * the Addressee and Position it read loses them here first. `clientUuid` is optional on an update, as
 * XPM's is (recommended since contacts may belong to several clients); when given, the contact must
 * be that client's.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiBase, keep, type XpmApiContext } from './xpm-context.js';
import type { XpmClientRecord, XpmContactRecord } from './xpm-data.js';
import { contactPayload } from './xpm-payloads.js';
import { readRoot, textOf, xpmOk, xpmRefuse } from './xpm-xml.js';

type Req = FastifyRequest<{ Querystring: Record<string, string | undefined>; Params: { uuid?: string }; Body: unknown }>;

const method = 'Contact';

/** The contact's fields from a `<Contact>` body, or why XPM refuses it. */
function readContact(node: Record<string, unknown>): (Omit<XpmContactRecord, 'uuid' | 'isPrimary'> & { isPrimary: boolean | null }) | string {
  const name = textOf(node, 'Name');
  if (!name) return 'Name is required.';
  const primary = textOf(node, 'IsPrimary')?.toLowerCase() ?? null;
  if (primary !== null && primary !== 'yes' && primary !== 'no') return 'IsPrimary must be Yes or No.';
  return {
    name, salutation: textOf(node, 'Salutation'), addressee: textOf(node, 'Addressee'), mobile: textOf(node, 'Mobile'),
    email: textOf(node, 'Email'), phone: textOf(node, 'Phone'), position: textOf(node, 'Position'),
    isPrimary: primary === null ? null : primary === 'yes',
  };
}

/** A client's contacts with one changed or added; a primary one makes every other not primary. */
const withContact = (c: XpmClientRecord, contact: XpmContactRecord): XpmContactRecord[] => {
  const others = c.contacts.filter((x) => x.uuid !== contact.uuid).map((x) => (contact.isPrimary ? { ...x, isPrimary: false } : x));
  const at = c.contacts.findIndex((x) => x.uuid === contact.uuid);
  return at < 0 ? [...others, contact] : [...others.slice(0, at), contact, ...others.slice(at)];
};

export function registerXpmContacts(app: FastifyInstance, ctx: XpmApiContext): void {
  const base = `${apiBase}/client.api`;

  /** The live client holding the contact (the one named by `clientUuid`, when given), or why not. */
  const holder = (contactUuid: string, clientUuid: string | undefined): { client: XpmClientRecord; contact: XpmContactRecord } | string => {
    const p = ctx.practice();
    const clients = clientUuid ? [p.byUuid.get(clientUuid)].filter((c) => c !== undefined) : p.clients;
    if (clientUuid && !clients.length) return 'Client not found';
    for (const client of clients) {
      const contact = client.contacts.find((x) => x.uuid === contactUuid);
      if (contact) return client.isDeleted ? 'Client has been deleted' : { client, contact };
    }
    return 'Contact not found';
  };

  app.get(`${base}/contact/:uuid`, async (req: Req, reply) => {
    const found = holder(req.params.uuid ?? '', req.query.clientUuid);
    return typeof found === 'string' ? xpmRefuse(reply, method, found) : xpmOk(reply, method, { Contact: contactPayload(found.contact) });
  });

  app.put(`${base}/contact/:uuid`, async (req: Req, reply) => {
    const node = readRoot(req.body, 'Contact');
    if (typeof node === 'string') return xpmRefuse(reply, method, node);
    const found = holder(req.params.uuid ?? '', req.query.clientUuid);
    if (typeof found === 'string') return xpmRefuse(reply, method, found);
    const fields = readContact(node);
    if (typeof fields === 'string') return xpmRefuse(reply, method, fields);
    const { client, contact } = found;
    const next: XpmContactRecord = { ...fields, uuid: contact.uuid, isPrimary: fields.isPrimary ?? contact.isPrimary };
    const before = client.contacts;
    keep(ctx.save, () => { client.contacts = withContact(client, next); ctx.touch(client); }, () => { client.contacts = before; });
    return xpmOk(reply, method);
  });

  app.post(`${base}/contact`, async (req: Req, reply) => {
    const node = readRoot(req.body, 'Contact');
    if (typeof node === 'string') return xpmRefuse(reply, method, node);
    const of = node.Client;
    const clientUuid = typeof of === 'object' && of !== null ? textOf(of as Record<string, unknown>, 'UUID') : null;
    if (!clientUuid) return xpmRefuse(reply, method, 'Client UUID is required.');
    const client = ctx.practice().byUuid.get(clientUuid);
    if (!client) return xpmRefuse(reply, method, 'Client not found');
    if (client.isDeleted) return xpmRefuse(reply, method, 'Client has been deleted');
    const fields = readContact(node);
    if (typeof fields === 'string') return xpmRefuse(reply, method, fields);
    const contact: XpmContactRecord = { ...fields, uuid: randomUUID(), isPrimary: fields.isPrimary ?? false };
    const before = client.contacts;
    keep(ctx.save, () => { client.contacts = withContact(client, contact); ctx.touch(client); }, () => { client.contacts = before; });
    return xpmOk(reply, method, { ID: contact.uuid });
  });
}
