/**
 * The real Sage client and OAuth against the Sage sandbox on a loopback server of its own, both on
 * one clock the test holds: a sleep (a Retry-After, a backoff) moves that clock instead of waiting,
 * and `waits` records it. Connects as the bot does: authorize URL, Approve, code exchange.
 */
import { createSageClient, type SageClientOptions } from '../../../adapters/sage/client.js';
import { createSageAuth } from '../../../adapters/sage/oauth.js';
import { approveSageConsent, startSageSandbox } from '../../../adapters/sandbox/sage.js';
import { fixedClock } from '../../fakes/clock.js';
import { sageApp } from '../sandbox/sage-harness.js';

export const redirectUri = 'https://bot.test/oauth/sage/callback';

export async function startSageLoopback(at = '2026-06-15T10:00:00Z') {
  const clock = fixedClock(at);
  const sandbox = await startSageSandbox({ ...sageApp, clock: clock.now });
  const auth = createSageAuth({
    ...sageApp, redirectUri, authorizeUrl: `${sandbox.url}/oauth2/auth/central`, tokenUrl: `${sandbox.url}/token`, sleep: async () => {},
  });
  const waits: number[] = [];
  const sleep = async (ms: number) => { waits.push(ms); clock.advance(ms); };

  /** The code Sage hands back when the person presses Approve on the consent page. */
  const approve = async (authorizeUrl: string) => {
    const back = new URL((await approveSageConsent(authorizeUrl)).headers.get('location') ?? 'http://no-redirect/');
    return { code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state'), country: back.searchParams.get('country') };
  };

  const connect = async () => {
    const { code } = await approve(auth.authorizeUrl('state-1'));
    const tokens = await auth.exchangeCode(code, clock.now());
    if (!tokens.ok) throw new Error(`the sandbox refused the code: ${tokens.error.detail}`);
    return tokens.value;
  };

  const client = (accessToken: string, extra: Partial<SageClientOptions> = {}) => createSageClient({
    baseUrl: `${sandbox.url}/v3.1`, token: async () => accessToken, now: () => clock.now().getTime(), sleep, ...extra,
  });

  const [uk, ie] = sandbox.businesses();
  return { sandbox, clock, auth, approve, connect, client, waits, uk: uk!, ie: ie!, close: () => sandbox.close() };
}

export type SageLoopback = Awaited<ReturnType<typeof startSageLoopback>>;

/** Every API call of one route the sandbox has answered so far ("GET /v3.1/contacts"). */
export const served = (l: SageLoopback, route: string): number => l.sandbox.calls.byRoute.get(route) ?? 0;
