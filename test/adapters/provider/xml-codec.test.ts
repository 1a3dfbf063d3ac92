import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createXmlCodec, responseStatusEnvelope } from '../../../adapters/provider/xml-codec.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/xpm/${name}`, import.meta.url), 'utf8');
const codec = createXmlCodec({ isArray: ['Response.Clients.Client', 'Response.Clients.Client.Contacts.Contact'] });

type Client = Record<string, unknown> & { Contacts?: { Contact: Record<string, unknown>[] } };
const clientsOf = (doc: unknown) => (doc as { Response: { Clients: { Client: Client[] } } }).Response.Clients.Client;

describe('XML codec', () => {
  it('reads an XPM client list with every value as the string XPM sent', () => {
    const doc = codec.decode(fixture('client-list.xml'));

    const [smith, ng] = clientsOf(doc);
    expect((doc as { Response: Record<string, unknown> }).Response['@_api-method']).toBe('List');
    expect(smith).toMatchObject({ Name: 'Smith & Sons Ltd', Phone: '01134960000', Fax: '', GSTRegistered: 'Yes', Address: 'Unit 4\n12 High Street' });
    expect(ng).toEqual({ UUID: '0f9e8d7c-6b5a-4a3b-8c2d-1e0f9a8b7c6d', Name: 'Ng Bookkeeping', ClientCode: '007', PostCode: '02134', Phone: '+44 (0)20 7946 0000' });
  });

  it('keeps a configured element an array even when there is only one of it', () => {
    const doc = codec.decode(fixture('client-list.xml'));

    expect(clientsOf(doc)[0]!.Contacts!.Contact).toEqual([
      { UUID: '5e0b7a1c-7f5e-4c1e-9a55-2d0b8c3e0a11', IsPrimary: 'Yes', Name: 'Jo Smith', Mobile: '07700900123' },
    ]);
  });

  it('refuses a document cut off in the middle instead of reading a short list', () => {
    const cut = fixture('client-list.xml').slice(0, 400);

    expect(() => codec.decode(cut)).toThrow(/not well-formed XML/);
  });

  it('writes a request body with the resource as root and special characters escaped', () => {
    const xml = codec.encode({ Client: { Name: 'Smith & Sons <UK> "Ltd"', Contacts: { Contact: [{ Name: 'Jo' }, { Name: 'Al' }] }, Fax: '' } });

    expect(xml).toBe('<Client><Name>Smith &amp; Sons &lt;UK&gt; &quot;Ltd&quot;</Name><Contacts><Contact><Name>Jo</Name></Contact><Contact><Name>Al</Name></Contact></Contacts><Fax></Fax></Client>');
    expect(clientsOf(codec.decode(`<Response><Clients>${xml}</Clients></Response>`))[0]!.Name).toBe('Smith & Sons <UK> "Ltd"');
  });

  it('finds the refusal in XPM\'s 200 envelope and passes an OK one', () => {
    expect(responseStatusEnvelope(codec.decode(fixture('error-envelope.xml')))).toBe('A client named \'Smith & Sons Ltd\' already exists');
    expect(responseStatusEnvelope(codec.decode(fixture('client-list.xml')))).toBeUndefined();
    expect(responseStatusEnvelope(codec.decode('<Response><Status>ERROR</Status></Response>'))).toBe('the app answered Status ERROR');
  });
});
