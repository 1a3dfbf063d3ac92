import type { AppConnection } from '../../domain/practice/connection.js';
import type { AuditLog, ConnectionStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { User } from '../../domain/practice/user.js';
import type { AppError, OAuthNonces } from '../../domain/apps/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId, type PracticeId, type UserId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { card, errorCard, type Card } from '../cards.js';
import { dailyTimeText, appWinsEveryField, type GrantedAccount, type RegisteredApp } from './app.js';
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
/** `choices`: the grant reaches several accounts, and the person picks one in chat (see `choose`). */
export type Connected = { practiceId: PracticeId; label: string; reconnected: boolean; sandbox: boolean; choices?: readonly GrantedAccount[] };

/** The external id of a grant waiting for its account to be picked: one per practice and app, replaced by the next grant. */
export const choosingId = '(choosing)';
/** `connect APP sign-in`: a fresh sign-in link even while a grant waits (to sign in as another user). */
export const signInAgain = 'sign-in';

type ChoosingSettings = { readonly accounts: readonly GrantedAccount[]; readonly grantedBy: string };

/** Constant-time enough for hex of equal length: compares every character. */
const sameText = (a: string, b: string) => a.length === b.length && [...a].reduce((diff, ch, i) => diff | (ch.charCodeAt(0) ^ b.charCodeAt(i)), 0) === 0;

export function createConnect({ declaration: app, adapters }: RegisteredApp, d: ConnectDeps) {
  /** The accounts a waiting grant reaches, each with its Use button or the reason it can't be used. */
  const chooserCard = (waiting: ChoosingSettings, problem?: string): Card => sandboxed(card(`Choose the ${app.name} ${app.account.one} to connect`, {
    tone: problem ? 'warning' : 'info',
    text: `${problem ? `${problem}\n` : ''}You're signed in to ${app.name}. These are the ${app.account.many} your ${app.name} user can reach; pick the one ${app.capabilities.includes('issue-invoices') ? 'this firm invoices from' : 'this firm works in'}.`,
    rows: waiting.accounts.map((a) => ({
      title: a.label,
      ...(a.refusal ? { text: `Can't be connected: ${a.refusal}` } : {}),
      buttons: a.refusal ? [] : [{ label: 'Use this one', command: `connect ${app.id} ${a.externalId}`, style: 'primary' as const }],
    })),
    buttons: [{ label: 'Sign in again', command: `connect ${app.id} ${signInAgain}` }],
    visibility: 'private',
  }), app);

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
    async connectCard(practice: Practice, user: User, o: { signInAgain?: boolean } = {}): Promise<Card> {
      const waiting = o.signInAgain ? null : await d.connections.findByExternalId(practice.id, app.id, choosingId);
      if (waiting?.status === 'choosing') return chooserCard(waiting.settings as unknown as ChoosingSettings);
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
      if (adapters.accounts) {
        const accounts = await adapters.accounts(tokens.value.accessToken);
        if (!accounts.ok) return reject(callbackErrorOf(accounts.error));
        if (!accounts.value.length) return reject({ kind: 'wrong-account', reason: `this ${app.name} user has no ${app.account.many} to connect` });
        const waiting = await d.connections.findByExternalId(practiceId, app.id, choosingId);
        const settings: ChoosingSettings = { accounts: accounts.value, grantedBy: userId };
        await d.connections.save({
          id: waiting?.id ?? asId(d.ids.next()), practiceId, provider: app.id, externalId: choosingId, label: `${app.name} sign-in`,
          status: 'choosing', tokens: tokens.value, settings, connectedAt: d.clock.now(),
        });
        await d.audit.record({ practiceId, at: d.clock.now(), actor: userId, chat: 'web', action: `${app.id}.granted`, detail: { accounts: accounts.value.length } });
        return ok({ practiceId, label: app.name, reconnected: false, sandbox: app.sandbox, choices: accounts.value });
      }
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

    /**
     * `connect APP ACCOUNT`: picks the account a waiting grant connects, by id or name. An account the
     * app refuses (a Sage business outside the UK) is refused with its reason, and the grant waits on.
     */
    async choose(practice: Practice, user: User, word: string): Promise<Card> {
      const waiting = await d.connections.findByExternalId(practice.id, app.id, choosingId);
      if (waiting?.status !== 'choosing') {
        return errorCard(`No ${app.name} sign-in to choose from`, `Run \`connect ${app.id}\` and sign in to ${app.name} first; then pick the ${app.account.one} here.`, [{ label: `Connect ${app.name}`, command: `connect ${app.id}`, style: 'primary' }]);
      }
      const { accounts } = waiting.settings as unknown as ChoosingSettings;
      const wanted = word.trim().toLowerCase();
      const exact = accounts.filter((a) => a.externalId.toLowerCase() === wanted || a.label.toLowerCase() === wanted);
      const matches = exact.length ? exact : accounts.filter((a) => a.label.toLowerCase().startsWith(wanted));
      if (matches.length !== 1) return chooserCard(waiting.settings as unknown as ChoosingSettings, matches.length ? `"${word}" matches more than one ${app.account.one}.` : `No ${app.account.one} called "${word}".`);
      const account = matches[0]!;
      if (account.refusal) {
        await d.audit.record({ practiceId: practice.id, at: d.clock.now(), actor: user.displayName, chat: user.identities[0]?.platform ?? 'system', action: `${app.id}.connect_refused`, subject: account.label, detail: { reason: account.refusal } });
        return errorCard(`${account.label} can't be connected`, `${account.refusal}\nPick another ${app.account.one}, or sign in to ${app.name} as a user who can reach the right one.`, [
          ...accounts.filter((a) => !a.refusal).map((a) => ({ label: `Use ${a.label}`, command: `connect ${app.id} ${a.externalId}` })),
          { label: 'Sign in again', command: `connect ${app.id} ${signInAgain}` },
        ]);
      }
      const existing = await d.connections.findByExternalId(practice.id, app.id, account.externalId);
      const connection: AppConnection = existing
        ? { ...existing, label: account.label, status: 'active', tokens: waiting.tokens }
        : { id: asId(d.ids.next()), practiceId: practice.id, provider: app.id, externalId: account.externalId, label: account.label, status: 'active', tokens: waiting.tokens, settings: {}, connectedAt: d.clock.now() };
      await d.connections.save(connection);
      await d.connections.remove(practice.id, waiting.id);
      await d.audit.record({ practiceId: practice.id, at: d.clock.now(), actor: user.displayName, chat: user.identities[0]?.platform ?? 'system', action: existing ? `${app.id}.reconnected` : `${app.id}.connected`, subject: account.label, detail: { account: account.externalId } });
      await d.requestSync(practice.id, { trigger: 'connect', externalId: account.externalId });
      return sandboxed(card(`${existing ? 'Reconnected' : 'Connected'}: ${account.label}`, {
        tone: 'success',
        text: `${app.name} is ${existing ? 'reconnected' : 'connected'} to *${account.label}*.` + (app.capabilities.includes('issue-invoices')
          ? `\nNext: confirm the app settings — the default sales account, invoice terms and tax-rate mapping — and click *Enable app*. Until then no invoice goes to ${app.name}.`
          : '') + (app.afterConnect ? `\n${app.afterConnect.text}` : ''),
        buttons: [
          ...(app.capabilities.includes('issue-invoices') ? [{ label: 'App settings', command: `${app.id} settings`, style: 'primary' as const }] : []),
          ...(app.afterConnect?.buttons ?? []),
          { label: 'Apps', command: 'apps' },
        ],
      }), app);
    },
  };
}

export type AppConnect = ReturnType<typeof createConnect>;
