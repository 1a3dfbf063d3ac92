import type { AppConnection } from '../../domain/practice/connection.js';
import type { AuditLog, ConnectionStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { User } from '../../domain/practice/user.js';
import type { AppError, OAuthNonces } from '../../domain/apps/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId, type PracticeId, type UserId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { card, type Card } from '../cards.js';
import { dailyTimeText, appWinsEveryField, type RegisteredApp } from './app.js';
import { sandboxed } from './cards.js';
import type { SyncRequest } from './sync.js';

export type ConnectDeps = {
  readonly connections: ConnectionStore;
  readonly nonces: OAuthNonces;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** HMAC-SHA256 with the install's state key, hex: keeps `state` unforgeable. */
  readonly sign: (data: string) => string;
  /** Starts a sync in the background (a job); the callback page must not wait for it. */
  readonly requestSync: (practiceId: PracticeId, req: SyncRequest) => Promise<void>;
};

/** A state link is good for 10 minutes and one use. */
const stateTtlMs = 10 * 60_000;

/** `misconfigured`: the bot's own app settings, which no retry by the person fixes; `wrong-account`: they granted something other than one account. */
export type CallbackError = { kind: 'invalid-state' | 'denied' | 'exchange-failed' | 'misconfigured' | 'wrong-account'; reason: string };

const callbackErrorOf = (e: AppError): CallbackError => ({
  kind: e.kind === 'misconfigured' ? 'misconfigured' : e.kind === 'not-a-company' ? 'wrong-account' : 'exchange-failed',
  reason: e.detail,
});
export type Connected = { practiceId: PracticeId; label: string; reconnected: boolean; sandbox: boolean };

/** Constant-time enough for hex of equal length: compares every character. */
const sameText = (a: string, b: string) => a.length === b.length && [...a].reduce((diff, ch, i) => diff | (ch.charCodeAt(0) ^ b.charCodeAt(i)), 0) === 0;

export function createConnect({ declaration: app, adapters }: RegisteredApp, d: ConnectDeps) {
  const makeState = async (practiceId: PracticeId, userId: UserId): Promise<string> => {
    const nonce = d.ids.next();
    const expires = d.clock.now().getTime() + stateTtlMs;
    await d.nonces.put(practiceId, nonce, new Date(expires));
    const body = [practiceId, userId, nonce, String(expires)].map(encodeURIComponent).join('~');
    return `${body}~${d.sign(body)}`;
  };

  const readState = async (state: string | undefined): Promise<Result<{ practiceId: PracticeId; userId: UserId }, CallbackError>> => {
    const bad = (reason: string) => err<CallbackError>({ kind: 'invalid-state', reason });
    const parts = (state ?? '').split('~');
    if (parts.length !== 5) return bad('the link is incomplete');
    const [p, u, nonce, expires, sig] = parts as [string, string, string, string, string];
    if (!sameText(sig, d.sign(parts.slice(0, 4).join('~')))) return bad('the link was not issued by this bot');
    const practiceId = asId<'Practice'>(decodeURIComponent(p));
    if (Number(expires) < d.clock.now().getTime()) return bad('the link has expired');
    if (!(await d.nonces.consume(practiceId, decodeURIComponent(nonce), d.clock.now()))) return bad('the link was already used');
    return ok({ practiceId, userId: asId<'User'>(decodeURIComponent(u)) });
  };

  return {
    /** `connect APP`: the card with the one-time "Connect your account" link. */
    async connectCard(practice: Practice, user: User): Promise<Card> {
      const url = adapters.auth.authorizeUrl(await makeState(practice.id, user.id));
      const connected = (await d.connections.list(practice.id, app.id)).filter((c) => c.status === 'active');
      const how = app.connectsPer === 'client'
        ? `${app.name} grants access one ${app.account.one} at a time. Open the *Connect your account* link, sign in as a ${app.name} admin, choose the ${app.account.one} and click *Authorize*; repeat for each client ${app.account.one}.\n` +
          `Each ${app.account.one} becomes a client here, synced right away and then every day at ${dailyTimeText(app)} (${practice.timeZone}).`
        : `Open the *Connect your account* link, sign in to ${app.name} and click *Authorize*. Its clients sync right away and then every day at ${dailyTimeText(app)} (${practice.timeZone}).`;
      return sandboxed(card(`Connect ${app.name}`, {
        tone: 'info',
        text: how + (appWinsEveryField(app) ? ` ${app.name} is the source of truth for synced fields.` : ''),
        fields: [{ label: `${app.account.many[0]!.toUpperCase()}${app.account.many.slice(1)} connected`, value: connected.length ? connected.map((c) => c.label).join(', ') : 'none yet' }],
        buttons: [{ label: 'Connect your account', url, style: 'primary' }, { label: 'Apps', command: 'apps' }],
        footer: 'The link works once and expires in 10 minutes.',
        visibility: 'private',
      }), app);
    },

    /** GET /oauth/APP/callback: checks state, stores the account's token pair, starts the first sync. */
    async handleCallback(q: { code?: string; state?: string; error?: string }): Promise<Result<Connected, CallbackError>> {
      const state = await readState(q.state);
      if (!state.ok) return state;
      const { practiceId, userId } = state.value;
      const reject = async (e: CallbackError) => {
        await d.audit.record({ practiceId, at: d.clock.now(), actor: userId, chat: 'web', action: `${app.id}.connect_failed`, detail: { reason: e.reason } });
        return err(e);
      };
      if (q.error || !q.code) return reject({ kind: 'denied', reason: q.error ? `${app.name} said: ${q.error}` : `${app.name} sent no authorisation code` });
      const tokens = await adapters.auth.exchangeCode(q.code, d.clock.now());
      if (!tokens.ok) return reject(callbackErrorOf(tokens.error));
      const who = await adapters.identify(tokens.value.accessToken);
      if (!who.ok) return reject(callbackErrorOf(who.error));
      const existing = await d.connections.findByExternalId(practiceId, app.id, who.value.externalId);
      const connection: AppConnection = existing
        ? { ...existing, label: who.value.label, status: 'active', tokens: tokens.value }
        : { id: asId(d.ids.next()), practiceId, provider: app.id, externalId: who.value.externalId, label: who.value.label, status: 'active', tokens: tokens.value, settings: {}, connectedAt: d.clock.now() };
      await d.connections.save(connection);
      await d.audit.record({ practiceId, at: d.clock.now(), actor: userId, chat: 'web', action: existing ? `${app.id}.reconnected` : `${app.id}.connected`, subject: connection.label, detail: { account: connection.externalId } });
      await d.requestSync(practiceId, { trigger: 'connect', externalId: connection.externalId });
      return ok({ practiceId, label: connection.label, reconnected: !!existing, sandbox: app.sandbox });
    },
  };
}

export type AppConnect = ReturnType<typeof createConnect>;
