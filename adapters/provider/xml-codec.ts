/**
 * XML as XPM speaks it, on fast-xml-parser. Every value stays the string the app sent: ids, phone
 * numbers and postcodes keep their leading zeros, and a schema (zod) decides what is a number.
 * A repeated element is an array only where the caller says so (`isArray`), because the parser
 * cannot tell a list of one from a single child; everything else may be absent or empty (`<Fax />`).
 */
import XMLBuilder from 'fast-xml-builder';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Codec, Envelope } from './codec.js';

/** Element paths (`Response.Clients.Client`) that are always arrays, or a test on the path. */
export type XmlArrays = readonly string[] | ((path: string) => boolean);

export type XmlCodecOptions = {
  readonly isArray?: XmlArrays;
  /** Defaults to `responseStatusEnvelope`; null when the app has no envelope. */
  readonly envelope?: Envelope | null;
};

/** Attributes read and written as `@_name` keys (`Response['@_api-method']`). */
export const xmlAttributePrefix = '@_';

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * XPM's envelope: `<Response><Status>OK</Status>…` on success and, with HTTP 200,
 * `<Status>ERROR</Status><ErrorDescription>…</ErrorDescription>` on a refusal.
 */
export const responseStatusEnvelope: Envelope = (body) => {
  const response = asObject(asObject(body)?.Response);
  const status = response?.Status;
  if (status === undefined || String(status).toUpperCase() === 'OK') return undefined;
  const description = response?.ErrorDescription;
  return typeof description === 'string' && description.trim() ? description.trim() : `the app answered Status ${String(status)}`;
};

export function createXmlCodec(o: XmlCodecOptions = {}): Codec {
  const arrays = o.isArray;
  const isArrayPath = typeof arrays === 'function' ? arrays : (path: string) => (arrays ?? []).includes(path);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: xmlAttributePrefix,
    ignoreDeclaration: true,
    jPath: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (_name, jpath, _leaf, isAttribute) => !isAttribute && isArrayPath(String(jpath)),
  });
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: xmlAttributePrefix, suppressEmptyNode: false });
  const envelope = o.envelope === undefined ? responseStatusEnvelope : o.envelope ?? undefined;
  return {
    accept: 'application/xml, text/xml',
    contentType: 'application/xml',
    // The builder escapes &, <, >, " and ' in text and attributes.
    encode: (body) => String(builder.build(body)),
    decode: (text) => {
      // The parser accepts a truncated document; a cut-off list must not read as a short one.
      const valid = XMLValidator.validate(text);
      if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
      return parser.parse(text) as unknown;
    },
    ...(envelope ? { envelope } : {}),
  };
}
