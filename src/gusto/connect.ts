import type { AppConnection } from '../../domain/practice/connection.js';
import type { AuditLog, ConnectionStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { User } from '../../domain/practice/user.js';
import type { OAuthNonces, AppAuth } from '../../domain/apps/ports.js';
import type { PayrollSystem } from '../../domain/payroll/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId, type PracticeId, type UserId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { card, type Card } from '../cards.js';
import { sandboxed } from './cards.js';
import type { SyncRequest } from './sync.js';

export type ConnectDeps = {
  readonly connections: ConnectionStore;
  readonly nonces: OAuthNonces;
  readonly auth: AppAuth;
  readonly payroll: PayrollSystem;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** HMAC-SHA256 with the install's state key, hex: keeps `state` unforgeable. */
  readonly sign: (data: string) => string;
  /** Starts a sync in the background (a job); the callback page must not wait for it. */
  readonly requestSync: (practiceId: PracticeId, req: SyncRequest) => Promise<void>;
  readonly sandbox: boolean;
};

/** A state link is good for 10 minutes and one use. */
const stateTtlMs = 10 * 60_000;

export type CallbackError = { kind: 'invalid-state' | 'denied' | 'exchange-failed'; reason: string };
export type Connected = { practiceId: PracticeId; label: string; reconnected: boolean; sandbox: boolean };

/** Constant-time enough for hex of equal length: compares every character. */
const sameText = (a: string, b: string) => a.length === b.length && [...a].reduce((diff, ch, i) => diff | (ch.charCodeAt(0) ^ b.charCodeAt(i)), 0) === 0;

export function createGustoConnect(d: ConnectDeps) {
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
    /** `connect gusto`: the card with the one-time "Connect your account" link. */
    async connectCard(practice: Practice, user: User): Promise<Card> {
      const url = d.auth.authorizeUrl(await makeState(practice.id, user.id));
      const connected = (await d.connections.list(practice.id, 'gusto')).filter((c) => c.status === 'active');
      return sandboxed(card('Connect Gusto', {
        tone: 'info',
        text: 'Gusto grants access one company at a time. Open the *Connect your account* link, sign in as a Gusto admin, choose the company and click *Authorize*; repeat for each client company.\n' +
          `Each company becomes a client here, synced right away and then every day at 6am (${practice.timeZone}). Gusto is the source of truth for synced fields.`,
        fields: [{ label: 'Companies connected', value: connected.length ? connected.map((c) => c.label).join(', ') : 'none yet' }],
        buttons: [{ label: 'Connect your account', url, style: 'primary' }, { label: 'Apps', command: 'apps' }],
        footer: 'The link works once and expires in 10 minutes.',
        visibility: 'private',
      }), d.sandbox);
    },

    /** GET /oauth/gusto/callback: checks state, stores the company's token pair, starts the first sync. */
    async handleCallback(q: { code?: string; state?: string; error?: string }): Promise<Result<Connected, CallbackError>> {
      const state = await readState(q.state);
      if (!state.ok) return state;
      const { practiceId, userId } = state.value;
      const reject = async (e: CallbackError) => {
        await d.audit.record({ practiceId, at: d.clock.now(), actor: userId, chat: 'web', action: 'gusto.connect_failed', detail: { reason: e.reason } });
        return err(e);
      };
      if (q.error || !q.code) return reject({ kind: 'denied', reason: q.error ? `Gusto said: ${q.error}` : 'Gusto sent no authorisation code' });
      const tokens = await d.auth.exchangeCode(q.code, d.clock.now());
      if (!tokens.ok) return reject({ kind: 'exchange-failed', reason: tokens.error.detail });
      const who = await d.payroll.identify(tokens.value.accessToken);
      if (!who.ok) return reject({ kind: 'exchange-failed', reason: who.error.detail });
      const existing = await d.connections.findByExternalId(practiceId, 'gusto', who.value.externalId);
      const connection: AppConnection = existing
        ? { ...existing, label: who.value.label, status: 'active', tokens: tokens.value }
        : { id: asId(d.ids.next()), practiceId, provider: 'gusto', externalId: who.value.externalId, label: who.value.label, status: 'active', tokens: tokens.value, settings: {}, connectedAt: d.clock.now() };
      await d.connections.save(connection);
      await d.audit.record({ practiceId, at: d.clock.now(), actor: userId, chat: 'web', action: existing ? 'gusto.reconnected' : 'gusto.connected', subject: connection.label, detail: { company: connection.externalId } });
      await d.requestSync(practiceId, { trigger: 'connect', externalId: connection.externalId });
      return ok({ practiceId, label: connection.label, reconnected: !!existing, sandbox: d.sandbox });
    },
  };
}

export type GustoConnect = ReturnType<typeof createGustoConnect>;
