import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approveXpmConsent, startXpmSandbox, type ServedXpmSandbox } from '../../../adapters/sandbox/xpm.js';
import { authorizeQuery, basic, callback, xpmApp, xpmHarness, type XpmHarness } from './xpm-harness.js';

describe('the XPM sandbox consent page, over a real loopback server', () => {
  let served: ServedXpmSandbox;
  beforeAll(async () => { served = await startXpmSandbox({ ...xpmApp, clock: () => new Date('2026-06-15T10:00:00Z') }); });
  afterAll(async () => { await served.close(); });
  const authorizeUrl = (extra: Record<string, string> = {}) => `${served.url}/identity/connect/authorize?${authorizeQuery(extra)}`;

  it('shows an Allow/Cancel page naming the practice and the scopes asked for', async () => {
    const res = await fetch(authorizeUrl());
    const page = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(page).toContain('Harbour &#38; Finch Accountants');
    expect(page).toContain('practicemanager.client');
    expect(page).toContain('value="allow"');
    expect(page).toContain('value="deny"');
  });

  it('redirects an approval back with a code and the state', async () => {
    const res = await approveXpmConsent(authorizeUrl({ state: 'xyz' }));
    const back = new URL(res.headers.get('location') ?? '');

    expect(res.status).toBe(302);
    expect(`${back.origin}${back.pathname}`).toBe(callback);
    expect(back.searchParams.get('code')).toMatch(/.{20,}/);
    expect(back.searchParams.get('state')).toBe('xyz');
  });

  it('sends access_denied back when the user cancels', async () => {
    const back = new URL((await approveXpmConsent(authorizeUrl({ state: 'd-1' }), { deny: true })).headers.get('location') ?? '');

    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('d-1');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('refuses to show the page to an app it does not know', async () => {
    const res = await fetch(authorizeUrl({ client_id: 'someone-else' }));

    expect(res.status).toBe(400);
    expect(await res.text()).toContain('unknown client_id');
  });
});

describe('the XPM sandbox token endpoint', () => {
  let h: XpmHarness;
  beforeEach(async () => { h = await xpmHarness(); });
  afterEach(async () => { await h.close(); });
  const code = async () => (await h.consent()).back.searchParams.get('code') ?? '';

  it('exchanges a code, with HTTP Basic client auth, for Xero\'s token response: 30-minute access, a refresh token, an id token', async () => {
    const { status, body } = await h.exchange(await code());

    expect(status).toBe(200);
    expect(body).toMatchObject({ expires_in: 1800, token_type: 'Bearer', scope: expect.stringContaining('offline_access') });
    expect(String(body.access_token).split('.')).toHaveLength(3);
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.id_token).toEqual(expect.any(String));
  });

  it('refuses client credentials sent other than by Basic auth, and wrong ones, with invalid_client', async () => {
    const c = await code();

    const inBody = await h.token({ grant_type: 'authorization_code', code: c, redirect_uri: callback, client_id: xpmApp.clientId, client_secret: xpmApp.clientSecret }, null);
    const wrong = await h.token({ grant_type: 'authorization_code', code: c, redirect_uri: callback }, basic(xpmApp.clientId, 'guess'));

    expect(inBody).toEqual({ status: 400, body: { error: 'invalid_client' } });
    expect(wrong).toEqual({ status: 400, body: { error: 'invalid_client' } });
  });

  it('accepts a code once only, and only with the same redirect_uri', async () => {
    const c = await code();

    const other = await h.exchange(c, `${callback}/`);
    const first = await h.exchange(c);
    const second = await h.exchange(c);

    expect(other).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect(first.status).toBe(200);
    expect(second).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('expires access tokens after 30 minutes of the sandbox\'s clock', async () => {
    const { access_token } = await h.connect();

    h.clock.advance(1_799_000);
    const fresh = await h.call('GET', '/connections', { token: access_token });
    h.clock.advance(1_000);
    const stale = await h.call('GET', '/connections', { token: access_token });

    expect(fresh.status).toBe(200);
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.raw)).toMatchObject({ Title: 'Unauthorized', Status: 401 });
  });

  it('rotates refresh tokens, and lets the replaced one be retried within the 30-minute grace period', async () => {
    const first = await h.connect();

    const rotated = await h.refresh(first.refresh_token);
    h.clock.advance(29 * 60_000);
    const retried = await h.refresh(first.refresh_token);
    const next = await h.refresh(String(rotated.body.refresh_token));

    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(first.refresh_token);
    expect(retried.status).toBe(200);
    expect(next.status).toBe(200);
    expect((await h.call('GET', '/connections', { token: String(retried.body.access_token) })).status).toBe(200);
  });

  it('answers invalid_grant for a replaced refresh token once the grace period is over', async () => {
    const first = await h.connect();
    const rotated = await h.refresh(first.refresh_token);

    h.clock.advance(30 * 60_000);
    const late = await h.refresh(first.refresh_token);
    const current = await h.refresh(String(rotated.body.refresh_token));

    expect(late).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect(current.status).toBe(200);
  });

  it('lets an unused refresh token expire after 60 days', async () => {
    const { refresh_token } = await h.connect();

    h.clock.advance(60 * 86_400_000);

    expect(await h.refresh(refresh_token)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('the XPM sandbox connections', () => {
  let h: XpmHarness;
  afterEach(async () => { await h.close(); });

  it('lists the practice tenant as PRACTICEMANAGER, beside an accounting organisation when there is one', async () => {
    h = await xpmHarness({ accountingTenant: true });
    const token = await h.connected();

    const res = await h.call('GET', '/connections', { token });
    const tenants = JSON.parse(res.raw) as Record<string, string>[];

    expect(tenants.map((t) => [t.tenantType, t.tenantName])).toEqual([
      ['PRACTICEMANAGER', 'Harbour & Finch Accountants'], ['ORGANISATION', 'Harbour & Finch Accountants (Accounting)'],
    ]);
    expect(tenants[0]).toMatchObject({ tenantId: h.sandbox.tenantId, id: expect.any(String), authEventId: expect.any(String), createdDateUtc: expect.any(String) });
  });

  it('filters by authEventId, and keeps the connection id when the user consents again', async () => {
    h = await xpmHarness();
    const token = await h.connected();
    const before = JSON.parse((await h.call('GET', '/connections', { token })).raw) as Record<string, string>[];

    const again = await h.connected();
    const after = JSON.parse((await h.call('GET', '/connections', { token: again })).raw) as Record<string, string>[];
    const oldEvent = await h.call('GET', `/connections?authEventId=${before[0]!.authEventId}`, { token: again });

    expect(after[0]!.id).toBe(before[0]!.id);
    expect(after[0]!.authEventId).not.toBe(before[0]!.authEventId);
    expect(JSON.parse(oldEvent.raw)).toEqual([]);
  });

  it('disconnects a tenant: the practice API then answers 403', async () => {
    h = await xpmHarness();
    const token = await h.connected();
    const [connection] = JSON.parse((await h.call('GET', '/connections', { token })).raw) as { id: string }[];

    const deleted = await h.call('DELETE', `/connections/${connection!.id}`, { token });
    const listed = await h.call('GET', '/connections', { token });
    const api = await h.call('GET', '/practicemanager/3.1/staff.api/list', { token });

    expect(deleted.status).toBe(204);
    expect(JSON.parse(listed.raw)).toEqual([]);
    expect(api.status).toBe(403);
    expect(JSON.parse(api.raw)).toMatchObject({ Title: 'Forbidden', Status: 403 });
  });

  it('needs a bearer token', async () => {
    h = await xpmHarness();

    const res = await h.call('GET', '/connections');

    expect(res.status).toBe(401);
  });
});

describe('the XPM sandbox scopes', () => {
  let h: XpmHarness;
  beforeEach(async () => { h = await xpmHarness(); });
  afterEach(async () => { await h.close(); });

  it('lets a read scope read but not write, and refuses an area the token has no scope for, with 403', async () => {
    const { back } = await h.consent(authorizeQuery({ scope: 'offline_access practicemanager.client.read' }));
    const token = String((await h.exchange(back.searchParams.get('code') ?? '')).body.access_token);

    const read = await h.call('GET', '/practicemanager/3.1/client.api/list', { token });
    const write = await h.call('POST', '/practicemanager/3.1/client.api/add', { token, body: '<Client><Name>X</Name></Client>' });
    const jobs = await h.call('GET', '/practicemanager/3.1/template.api/list', { token });

    expect(read.status).toBe(200);
    expect([write.status, jobs.status]).toEqual([403, 403]);
    expect(JSON.parse(write.raw)).toMatchObject({ Title: 'Forbidden', Status: 403 });
    expect(h.sandbox.clients()).toHaveLength(40);
  });
});
