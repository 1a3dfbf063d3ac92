import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveXpmConsent, startXpmSandbox, type ServedXpmSandbox } from '../../../adapters/sandbox/xpm.js';
import { createXpmClient, type XpmApi } from '../../../adapters/xpm/client.js';
import { createXeroConnections } from '../../../adapters/xpm/connections.js';
import { createXpmAuth, xpmScopes } from '../../../adapters/xpm/oauth.js';
import { fixedClock } from '../../fakes/clock.js';

/**
 * The real XPM client, OAuth and tenant look-up against the XPM sandbox over loopback, as the bot will
 * connect: consent, code exchange with Basic auth, the practice tenant, then the XML API. The two
 * halves were written from the same reference by different hands; this is where they must agree.
 */
const app = { clientId: 'xpm-loopback-client', clientSecret: 'xpm-loopback-secret' };
const redirectUri = 'https://bot.test/oauth/xpm/callback';
const clock = fixedClock('2026-06-15T10:00:00Z');
let sandbox: ServedXpmSandbox;
let api: XpmApi;
let tenantId: string;

beforeAll(async () => {
  sandbox = await startXpmSandbox({ ...app, clock: clock.now, accountingTenant: true });
  const auth = createXpmAuth({ ...app, redirectUri, authorizeUrl: `${sandbox.url}/identity/connect/authorize`, tokenUrl: `${sandbox.url}/identity/connect/token`, sleep: async () => {} });
  const authorizeUrl = auth.authorizeUrl('state-1');
  expect(new URL(authorizeUrl).searchParams.get('scope')).toBe(xpmScopes);
  const back = new URL((await approveXpmConsent(authorizeUrl)).headers.get('location') ?? 'http://no-redirect/');
  const tokens = await auth.exchangeCode(back.searchParams.get('code') ?? '', clock.now());
  if (!tokens.ok) throw new Error(`the sandbox refused the code: ${tokens.error.detail}`);
  const practices = await createXeroConnections({ baseUrl: sandbox.url }).practices(tokens.value.accessToken);
  if (!practices.ok || practices.value.length !== 1) throw new Error(`expected one practice tenant, got ${JSON.stringify(practices)}`);
  tenantId = practices.value[0]!.externalId;
  api = createXpmClient({ tenantId, token: async () => tokens.value.accessToken, baseUrl: `${sandbox.url}/practicemanager/3.1`, now: () => clock.now().getTime(), sleep: async (ms) => { clock.advance(ms); } });
});
afterAll(() => sandbox?.close());

describe('the XPM client against the XPM sandbox', () => {
  it('connects to the practice tenant only, and reads every client of the small practice, archived and deleted ones marked', async () => {
    const clients = await api.clients();

    expect(tenantId).toBe(sandbox.tenantId);
    expect(clients).toHaveLength(sandbox.clients().length);
    // Archived and deleted clients come too, marked: what a full reconcile needs to find them.
    expect(clients.filter((c) => c.deleted).map((c) => c.uuid)).toEqual(sandbox.clients().filter((c) => c.isDeleted).map((c) => c.uuid));
    expect(clients.filter((c) => c.archived).map((c) => c.uuid)).toEqual(sandbox.clients().filter((c) => c.isArchived).map((c) => c.uuid));
  });

  it('reads only what changed since a moment, and an edit made in XPM arrives with its value', async () => {
    clock.advance(60_000);
    const since = clock.now();
    const [target] = sandbox.clients();
    sandbox.practice.edit(target!.uuid, { fax: '0117 496 0000' });

    const changed = await api.clients(since);

    expect(changed.map((c) => c.uuid)).toEqual([target!.uuid]);
    expect(changed[0]!.fax).toBe('0117 496 0000');
  });

  it('updates one field by read-modify-write and leaves every field it does not own as it was', async () => {
    const target = sandbox.clients().find((c) => c.email && c.address && c.website)!;
    const before = { ...target };

    await api.updateClient(target.uuid, { phone: '0161 496 0123' });

    const after = sandbox.practice.clientNamed(target.name)!;
    expect(after.phone).toBe('0161 496 0123');
    expect({ email: after.email, address: after.address, website: after.website, city: after.city, businessStructure: after.businessStructure })
      .toEqual({ email: before.email, address: before.address, website: before.website, city: before.city, businessStructure: before.businessStructure });
  });

  it('adds a client with its contact, then a job found again by our marker, once', async () => {
    const made = await api.addClient({ name: 'Bramble & Finch <Studio> Ltd', email: 'jo@bramble.example', contacts: [{ name: 'Jo Bramble', email: 'jo@bramble.example' }] });
    const [template] = await api.templates();

    const job = await api.addJob({ clientUuid: made.uuid, name: 'Year-end accounts', startDate: '2026-07-01', dueDate: '2026-07-31', templateUuid: template!.uuid, marker: 'P-7-yearend-once' });
    const found = await api.jobByMarker(made.uuid, 'P-7-yearend-once');

    expect(sandbox.practice.clientNamed('Bramble & Finch <Studio> Ltd')?.contacts.map((c) => c.name)).toEqual(['Jo Bramble']);
    expect(found?.id).toBe(job.id);
    expect(sandbox.jobs().filter((j) => j.clientOrderNumber === 'P-7-yearend-once')).toHaveLength(1);
    expect(sandbox.jobs().find((j) => j.id === job.id)).toMatchObject({ startDate: '2026-07-01', dueDate: '2026-07-31', templateUuid: template!.uuid });
  });

  it('reads XPM\'s refusal inside an HTTP 200 as an error with its reason', async () => {
    await expect(api.client('00000000-0000-0000-0000-000000000000')).rejects.toThrow(/Xero Practice Manager refused/);
  });
});
