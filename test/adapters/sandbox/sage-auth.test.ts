import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approveSageConsent, startSageSandbox, type ServedSageSandbox } from '../../../adapters/sandbox/sage.js';
import { authorizeQuery, callback, sageApp, sageHarness, type SageHarness } from './sage-harness.js';

describe('the Sage sandbox consent page, over a real loopback server', () => {
  let served: ServedSageSandbox;
  beforeAll(async () => { served = await startSageSandbox({ ...sageApp, clock: () => new Date('2026-06-15T10:00:00Z') }); });
  afterAll(async () => { await served.close(); });
  const authorizeUrl = (extra: Record<string, string> = {}) => `${served.url}/oauth2/auth/central?${authorizeQuery(extra)}`;

  it('shows an Approve/Deny page naming the user\'s businesses', async () => {
    const res = await fetch(authorizeUrl());
    const page = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(page).toContain('Wren &#38; Hale Joinery Ltd');
    expect(page).toContain('Liffey Lane Studios Ltd');
    expect(page).toContain('value="allow"');
    expect(page).toContain('value="deny"');
  });

  it('redirects an approval back with code, country and state, as Sage\'s callback carries them', async () => {
    const res = await approveSageConsent(authorizeUrl({ state: 'xyz' }));
    const back = new URL(res.headers.get('location') ?? '');

    expect(res.status).toBe(302);
    expect(`${back.origin}${back.pathname}`).toBe(callback);
    expect(back.searchParams.get('code')).toMatch(/.{20,}/);
    expect(back.searchParams.get('country')).toBe('gb');
    expect(back.searchParams.get('state')).toBe('xyz');
  });

  it('sends access_denied back when the user presses Deny', async () => {
    const back = new URL((await approveSageConsent(authorizeUrl({ state: 'd-1' }), { deny: true })).headers.get('location') ?? '');

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

describe('the Sage sandbox token endpoint', () => {
  let h: SageHarness;
  beforeEach(async () => { h = await sageHarness(); });
  afterEach(async () => { await h.close(); });
  const code = async (query = authorizeQuery()) => (await h.consent(query)).back.searchParams.get('code') ?? '';

  it('exchanges a code for Sage\'s token response: 5-minute access, 31-day refresh, bearer, the scope asked for', async () => {
    const { status, body } = await h.exchange(await code());

    expect(status).toBe(200);
    expect(body).toMatchObject({ expires_in: 300, refresh_token_expires_in: 2678400, token_type: 'bearer', scope: 'full_access' });
    expect(body.requested_by_id).toEqual(expect.any(String));
  });

  it('takes the scope from `scopes` when `scope` is absent', async () => {
    const query = authorizeQuery();
    query.delete('scope');
    query.set('scopes', 'readonly');

    const { body } = await h.exchange(await code(query));

    expect(body.scope).toBe('readonly');
  });

  it('accepts a code once only', async () => {
    const c = await code();

    const first = await h.exchange(c);
    const second = await h.exchange(c);

    expect(first.status).toBe(200);
    expect(second).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('lets a code expire 60 seconds after it was issued', async () => {
    const early = await code(), late = await code();

    h.clock.advance(59_000);
    const inTime = await h.exchange(early);
    h.clock.advance(2_000);
    const tooLate = await h.exchange(late);

    expect(inTime.status).toBe(200);
    expect(tooLate).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a redirect_uri that differs by a single character', async () => {
    const res = await h.exchange(await code(), `${callback}/`);

    expect(res).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('answers wrong app credentials with 401 invalid_client', async () => {
    const res = await h.token({ grant_type: 'authorization_code', code: await code(), redirect_uri: callback, client_id: sageApp.clientId, client_secret: 'guess' });

    expect(res).toEqual({ status: 401, body: { error: 'invalid_client' } });
  });

  it('answers an unknown grant type with invalid_grant, as Sage\'s guide says', async () => {
    const res = await h.token({ grant_type: 'password', client_id: sageApp.clientId, client_secret: sageApp.clientSecret });

    expect(res).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('rotates refresh tokens: the new pair works and the old refresh token is refused at once', async () => {
    const first = await h.connect();

    const rotated = await h.refresh(first.refresh_token);
    const reused = await h.refresh(first.refresh_token);
    const next = await h.refresh(String(rotated.body.refresh_token));
    const call = await h.call('GET', '/businesses', { token: String(rotated.body.access_token) });

    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(first.refresh_token);
    expect(reused).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect(next.status).toBe(200);
    expect(call.status).toBe(200);
  });

  it('expires access tokens after 300 seconds of the sandbox\'s clock', async () => {
    const { access_token } = await h.connect();

    h.clock.advance(299_000);
    const fresh = await h.call('GET', '/businesses', { token: access_token });
    h.clock.advance(1_000);
    const stale = await h.call('GET', '/businesses', { token: access_token });

    expect(fresh.status).toBe(200);
    expect(stale.status).toBe(401);
    expect(stale.body).toEqual([{ $severity: 'error', $dataCode: 'AuthorizationFailure', $message: 'Access denied.', $source: '' }]);
  });

  it('expires refresh tokens after 31 days', async () => {
    const { refresh_token } = await h.connect();

    h.clock.advance(2_678_400_000);
    const res = await h.refresh(refresh_token);

    expect(res).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });
});
