import { createXpmClient, type XpmClientOptions } from '../../../adapters/xpm/client.js';
import { fixedClock } from '../../fakes/clock.js';

export const xpmHost = 'https://api.xero.com';
export const xpmBase = '/practicemanager/3.1';
export const tenantId = '2f0a9d4e-6c1b-4e8a-9f3d-7b5c1a2e4d60';
export const asPractice = { reqheaders: { 'xero-tenant-id': tenantId, authorization: 'Bearer tok-1' } };
export const xml = { 'content-type': 'text/xml; charset=utf-8' };

/**
 * A client on a clock that moves only when something sleeps, so a Retry-After pause or a minute's
 * rate window passes at once; `waits` records every sleep and `clock` says when each call went.
 */
export function xpmTestClient(extra: Partial<XpmClientOptions> = {}) {
  const clock = fixedClock('2026-11-22T10:00:00Z');
  const waits: number[] = [];
  const client = createXpmClient({
    tenantId, token: async () => 'tok-1',
    now: () => clock.now().getTime(), sleep: async (ms) => { waits.push(ms); clock.advance(ms); },
    ...extra,
  });
  return { client, waits, clock };
}

/** XPM's envelope, as every 3.1 answer has it. */
export const response = (method: string, inner: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<Response api-method="${method}">\n  <Status>OK</Status>\n${inner}\n</Response>`;

/** A detailed client as the 3.1 docs show one (client.api/get), with the Practice Management fields. */
export const detailedClient = `<Client>
    <UUID>bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63</UUID>
    <Name>Smith &amp; Sons Ltd</Name>
    <Title />
    <Gender />
    <FirstName />
    <LastName />
    <OtherName />
    <Email>accounts@smithandsons.example</Email>
    <DateOfBirth />
    <Address>Unit 4
12 High Street</Address>
    <City>Leeds</City>
    <Region>West Yorkshire</Region>
    <PostCode>LS1 4AB</PostCode>
    <Country>United Kingdom</Country>
    <PostalAddress>PO Box 77</PostalAddress>
    <PostalCity>Leeds</PostalCity>
    <PostalRegion />
    <PostalPostCode>LS2 9ZZ</PostalPostCode>
    <PostalCountry>United Kingdom</PostalCountry>
    <Phone>0113 496 0000</Phone>
    <Fax />
    <Website>https://smithandsons.example</Website>
    <ReferralSource>Web search</ReferralSource>
    <ExportCode>SMI001</ExportCode>
    <IsArchived>No</IsArchived>
    <IsDeleted>No</IsDeleted>
    <AccountManager>
      <UUID>7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f</UUID>
      <Name>Priya Shah</Name>
    </AccountManager>
    <JobManager>
      <UUID>9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d</UUID>
      <Name>Tom Reed</Name>
    </JobManager>
    <Type>
      <Name>Monthly Client</Name>
      <CostMarkup>0.00</CostMarkup>
      <PaymentTerm>DayOfMonth</PaymentTerm>
      <PaymentDay>20</PaymentDay>
    </Type>
    <Contacts>
      <Contact>
        <UUID>11111111-2222-4333-8444-555555555555</UUID>
        <IsPrimary>No</IsPrimary>
        <Name>Sam Old</Name>
        <IsDeleted>Yes</IsDeleted>
      </Contact>
      <Contact>
        <UUID>5e0b7a1c-7f5e-4c1e-9a55-2d0b8c3e0a11</UUID>
        <IsPrimary>Yes</IsPrimary>
        <Name>Jo Smith</Name>
        <Salutation>Jo</Salutation>
        <Addressee>Ms J Smith</Addressee>
        <Mobile>07700 900123</Mobile>
        <Email>jo@smithandsons.example</Email>
        <Phone />
        <Position>Director</Position>
      </Contact>
    </Contacts>
    <Notes />
    <TaxNumber>*****789</TaxNumber>
    <CompanyNumber>01234567</CompanyNumber>
    <BusinessNumber />
    <BusinessStructure>Company</BusinessStructure>
    <BalanceMonth>3</BalanceMonth>
    <PrepareGST>Yes</PrepareGST>
    <GSTRegistered>Yes</GSTRegistered>
    <GSTPeriod>2 Monthly</GSTPeriod>
    <GSTBasis>Invoice</GSTBasis>
    <Groups>
      <Group>
        <UUID>3d2c1b0a-9f8e-4d7c-b6a5-4f3e2d1c0b9a</UUID>
        <Name>Leeds office</Name>
      </Group>
    </Groups>
    <Relationships />
    <WebUrl>https://practicemanager.xero.com/Client/bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63/Detail</WebUrl>
  </Client>`;

/** A client with most fields left out, as XPM sends one that has little filled in. */
export const sparseClient = `<Client>
    <UUID>0f9e8d7c-6b5a-4a3b-8c2d-1e0f9a8b7c6d</UUID>
    <Name>Ng Bookkeeping</Name>
    <PostCode>02134</PostCode>
    <Phone>+44 (0)20 7946 0000</Phone>
    <IsArchived>Yes</IsArchived>
    <IsDeleted>No</IsDeleted>
    <Contacts />
  </Client>`;

/** A detailed job (job.api/get, add, client/{uuid}): our marker reads back as ClientOrderNumber. */
export const job = (n: string, marker: string) => `<Job>
      <ID>${n}</ID>
      <UUID>a1b2c3d4-e5f6-4a7b-8c9d-${n.slice(1).padStart(12, '0')}</UUID>
      <Name>Year-end accounts 2026</Name>
      <Description>Statutory accounts</Description>
      <ClientOrderNumber>${marker}</ClientOrderNumber>
      <State>Planned</State>
      <Type>Accounts</Type>
      <StartDate>2026-12-01T00:00:00</StartDate>
      <DueDate>2027-03-31T00:00:00</DueDate>
      <Client>
        <UUID>bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63</UUID>
        <Name>Smith &amp; Sons Ltd</Name>
      </Client>
      <Manager />
      <Partner />
      <Assigned>
        <Staff>
          <UUID>9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d</UUID>
          <Name>Tom Reed</Name>
        </Staff>
      </Assigned>
      <WebUrl>https://practicemanager.xero.com/Job/${n}/Detail</WebUrl>
    </Job>`;
