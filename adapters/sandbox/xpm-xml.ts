/**
 * XPM's XML on the wire, both ways. Answers are `<Response api-method="…">` with `<Status>OK</Status>`,
 * or HTTP 200 with `<Status>ERROR</Status><ErrorDescription>…` for a refusal or a record not found
 * (XPM's way: the status code says nothing). Request bodies are parsed with every value kept as text.
 */
import { Readable } from 'node:stream';
import XMLBuilder from 'fast-xml-builder';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
const parser = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false, trimValues: true });

/** What a route answers: the envelope's children in order; null and undefined children are left out, as XPM omits empty fields. */
export type XmlBody = Record<string, unknown>;

const answer = (reply: FastifyReply, method: string, status: 'OK' | 'ERROR', body: XmlBody) =>
  reply.code(200).type('text/xml; charset=utf-8').send(String(builder.build({ Response: { '@_api-method': method, Status: status, ...body } })));

export const xpmOk = (reply: FastifyReply, method: string, body: XmlBody = {}) => answer(reply, method, 'OK', body);
/**
 * A long list (15,000 detailed clients is some 18 MB of XML) streamed record by record, so the
 * sandbox never holds the whole answer, nor every record's payload, at once: the bot's memory bench
 * runs with the sandbox in its process. `rows` is lazy; `after` follows the list (Pagination).
 */
export const xpmOkList = (reply: FastifyReply, method: string, outer: string, inner: string, rows: Iterable<XmlBody>, after: XmlBody = {}) => {
  function* chunks() {
    yield `<Response api-method="${method}"><Status>OK</Status><${outer}>`;
    let batch: string[] = [];
    for (const row of rows) {
      batch.push(String(builder.build({ [inner]: row })));
      if (batch.length === 200) { yield batch.join(''); batch = []; }
    }
    yield `${batch.join('')}</${outer}>${String(builder.build(after))}</Response>`;
  }
  return reply.code(200).type('text/xml; charset=utf-8').send(Readable.from(chunks()));
};

export const xpmRefuse = (reply: FastifyReply, method: string, description: string) => answer(reply, method, 'ERROR', { ErrorDescription: description });

/** XPM writes Yes/No flags. */
export const yesNo = (b: boolean): 'Yes' | 'No' => (b ? 'Yes' : 'No');

/** XPM's API takes XML bodies; the sandbox reads them as text (text/plain is fastify's already) and parses them per route. */
export const acceptXmlBodies = (app: FastifyInstance): void => {
  for (const type of ['application/xml', 'text/xml']) {
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
};

/** The request's root element (`<Client>`, `<Job>`), or an error description. */
export const readRoot = (body: unknown, root: string): Record<string, unknown> | string => {
  if (typeof body !== 'string' || !body.trim()) return `The request has no ${root} XML.`;
  if (XMLValidator.validate(body) !== true) return 'The request XML is not well formed.';
  const parsed = parser.parse(body) as Record<string, unknown>;
  const node = parsed[root];
  if (node === '' || node === undefined) return node === '' ? {} : `The request's root element must be <${root}>.`;
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? node as Record<string, unknown> : `The request's root element must be <${root}>.`;
};

/** An element's text, trimmed; absent or empty is null. */
export const textOf = (node: Record<string, unknown>, key: string): string | null => {
  const v = node[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
};

/** Repeated children (`<Contacts><Contact/>…`): the parser gives one child as an object, several as an array. */
export const listOf = (node: Record<string, unknown>, outer: string, inner: string): Record<string, unknown>[] => {
  const o = node[outer];
  if (typeof o !== 'object' || o === null) return [];
  const items = (o as Record<string, unknown>)[inner];
  const all = Array.isArray(items) ? items : items === undefined ? [] : [items];
  return all.map((i) => (typeof i === 'object' && i !== null ? i as Record<string, unknown> : {}));
};
