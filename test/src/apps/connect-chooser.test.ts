import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sageDeclaration } from '../../../adapters/sage/registration.js';
import type { AppError } from '../../../domain/apps/ports.js';
import type { TokenSet } from '../../../domain/practice/connection.js';
import { newPractice } from '../../../domain/practice/practice.js';
import { asId } from '../../../domain/shared/ids.js';
import { err, ok, type Result } from '../../../domain/shared/result.js';
import type { GrantedAccount, RegisteredApp } from '../../../src/apps/app.js';
import { appCommands } from '../../../src/apps/commands.js';
import { choosingId } from '../../../src/apps/connect.js';
import type { SyncRequest } from '../../../src/apps/sync.js';
import { createAppsUseCases } from '../../../src/apps/use-cases.js';
import type { Card } from '../../../src/cards.js';
import { createChatCore } from '../../../src/commands/core.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryConnectionLock, InMemoryOAuthNonces, InMemoryPracticeFlags, recordingReplies } from '../../fakes/in-memory-apps.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemorySyncRunStore } from '../../fakes/in-memory-clients.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../../fakes/in-memory-practice.js';
import { recordingNotifier } from '../../fakes/recording-notifier.js';

const irishRefusal = 'this bot deploys invoices to UK Sage businesses only, and this business is registered in Ireland.';
const uk: GrantedAccount = { externalId: 'biz-uk', label: 'Smith & Co Ltd', refusal: null };
const irish: GrantedAccount = { externalId: 'biz-ie', label: 'Smith & Co Ireland', refusal: irishRefusal };

/**
 * A Sage-like app whose sign-in reaches a UK and an Irish business, wired through createAppsUseCases
 * and the shared `connect` verb on in-memory stores; "boss" is the practice's admin. Each code the
 * token endpoint exchanges gives the pair numbered after it.
 */
const world = async (o: { accounts?: Result<readonly GrantedAccount[], AppError> } = {}) => {
  const clock = fixedClock('2026-03-02T10:00:00Z');
  const practice = newPractice(asId('pr1'), 'Smith & Co', clock.now());
  const practices = new InMemoryPracticeStore();
  await practices.create(practice, { platform: 'slack', workspaceId: 'T1' });
  const clients = new InMemoryClientStore();
  const stores = {
    practices, clients, connections: new InMemoryConnectionStore(), links: new InMemoryAppLinkStore(clients), runs: new InMemorySyncRunStore(),
    audit: new InMemoryAuditLog(), nonces: new InMemoryOAuthNonces(), flags: new InMemoryPracticeFlags(), lock: new InMemoryConnectionLock(),
  };
  const identified: string[] = [];
  const tokensFor = (code: string): TokenSet => ({ accessToken: `access-${code}`, refreshToken: `refresh-${code}`, expiresAt: new Date(clock.now().getTime() + 5 * 60_000) });
  const app: RegisteredApp = {
    declaration: sageDeclaration(false),
    adapters: {
      auth: {
        authorizeUrl: (state) => `https://sage.example/authorize?state=${encodeURIComponent(state)}`,
        exchangeCode: async (code) => ok(tokensFor(code)),
        refresh: async () => err({ kind: 'needs-reconnect', detail: 'not refreshed in these tests' }),
        revoke: async () => {},
      },
      identify: async (accessToken) => { identified.push(accessToken); return ok({ externalId: 'biz-uk', label: 'Smith & Co Ltd' }); },
      accounts: async () => o.accounts ?? ok([uk, irish]),
    },
  };
  const syncs: SyncRequest[] = [];
  const apps = createAppsUseCases([app], {
    ...stores, notifier: recordingNotifier(), replies: recordingReplies(), clock, ids: sequentialIds('conn'),
    sign: (data) => createHmac('sha256', 'test-state-key').update(data).digest('hex'),
    requestSync: async (_practiceId, req) => { syncs.push(req); },
  });
  const sage = apps.each[0]!;
  const core = createChatCore({
    practices, users: new InMemoryUserStore(), audit: stores.audit, clock, ids: sequentialIds('u'),
    commands: appCommands({ apps, startSync: async () => null }), roleForNewUser: () => 'admin',
  });
  const say = async (text: string): Promise<Card> =>
    (await core.handle({ identity: { platform: 'slack', workspaceId: 'T1', userId: 'boss' }, displayName: 'boss', text })).cards[0]!;

  /** Presses "Connect your account" on `connect sage`, signs in to Sage and comes back through the callback with `code`. */
  const signIn = async (code = 'first', command = 'connect sage') => {
    const link = (await say(command)).buttons?.find((b) => b.url)?.url ?? '';
    return sage.connect.handleCallback({ code, state: new URL(link).searchParams.get('state') ?? '' });
  };
  const all = () => stores.connections.list(practice.id, 'sage');
  const actions = () => stores.audit.events.filter((e) => e.action.startsWith('sage.')).map((e) => e.action);
  return { ...stores, practice, say, signIn, all, actions, identified, syncs };
};

describe('signing in to Sage, whose sign-in reaches several businesses', () => {
  it('keeps the grant waiting for a business to be picked, without asking who the token belongs to or syncing', async () => {
    const w = await world();

    const back = await w.signIn();

    expect(back).toEqual({ ok: true, value: { practiceId: w.practice.id, label: 'Sage', reconnected: false, sandbox: false, choices: [uk, irish] } });
    expect(await w.all()).toMatchObject([{ externalId: choosingId, status: 'choosing', tokens: { accessToken: 'access-first' }, settings: { accounts: [uk, irish] } }]);
    expect(w.identified).toEqual([]);
    expect(w.syncs).toEqual([]);
    expect(w.actions()).toEqual(['sage.granted']);
  });

  it('keeps one waiting grant per practice: a second sign-in replaces the first', async () => {
    const w = await world();
    await w.signIn('first');

    await w.signIn('second', 'connect sage sign-in');

    expect((await w.all()).map((c) => [c.externalId, c.tokens.accessToken])).toEqual([[choosingId, 'access-second']]);
  });

  it('refuses a sign-in whose Sage user reaches no business, and keeps nothing', async () => {
    const w = await world({ accounts: ok([]) });

    const back = await w.signIn();

    expect(back).toEqual({ ok: false, error: { kind: 'wrong-account', reason: 'this Sage user has no businesses to connect' } });
    expect(await w.all()).toEqual([]);
    expect(w.actions()).toEqual(['sage.connect_failed']);
  });
});

describe('connect sage while a grant waits', () => {
  it('offers the chooser: Use this one for the UK business, the reason the Irish one cannot be used, and Sign in again', async () => {
    const w = await world();
    await w.signIn();

    const chooser = await w.say('connect sage');

    expect(chooser).toMatchObject({ title: 'Choose the Sage business to connect', tone: 'info', visibility: 'private' });
    expect(chooser.rows).toEqual([
      { title: 'Smith & Co Ltd', buttons: [{ label: 'Use this one', command: 'connect sage biz-uk', style: 'primary' }] },
      { title: 'Smith & Co Ireland', text: `Can't be connected: ${irishRefusal}`, buttons: [] },
    ]);
    expect(chooser.buttons).toEqual([{ label: 'Sign in again', command: 'connect sage sign-in' }]);
  });

  it('gives a fresh sign-in link on connect sage sign-in, leaving the grant waiting', async () => {
    const w = await world();
    await w.signIn();

    const card = await w.say('connect sage sign-in');

    expect(card.title).toBe('Connect Sage');
    expect(card.buttons?.[0]).toMatchObject({ label: 'Connect your account', url: expect.stringMatching(/^https:\/\/sage\.example\/authorize\?state=/) });
    expect((await w.all()).map((c) => c.status)).toEqual(['choosing']);
  });
});

describe('choosing the business', () => {
  it('connects the UK business with the grant\'s tokens, drops the waiting grant and starts its first sync', async () => {
    const w = await world();
    await w.signIn();

    const done = await w.say('connect sage biz-uk');

    expect(done).toMatchObject({ title: 'Connected: Smith & Co Ltd', tone: 'success' });
    expect(done.text).toContain('click *Enable app*. Until then no invoice goes to Sage.');
    expect(done.buttons).toEqual([{ label: 'App settings', command: 'sage settings', style: 'primary' }, { label: 'Apps', command: 'apps' }]);
    expect(await w.all()).toMatchObject([{ externalId: 'biz-uk', label: 'Smith & Co Ltd', status: 'active', tokens: { accessToken: 'access-first', refreshToken: 'refresh-first' }, settings: {} }]);
    expect(w.syncs).toEqual([{ trigger: 'connect', externalId: 'biz-uk' }]);
    expect(w.actions()).toEqual(['sage.granted', 'sage.connected']);
  });

  it('finds the business by its full name in any case, or by the start of its name', async () => {
    const byName = await world();
    const byStart = await world();
    await byName.signIn();
    await byStart.signIn();

    const named = await byName.say('connect sage smith & co ltd');
    const started = await byStart.say('connect sage Smith & Co L');

    expect([named.title, started.title]).toEqual(['Connected: Smith & Co Ltd', 'Connected: Smith & Co Ltd']);
  });

  it('refuses the Irish business with a card that says why, offers the UK one, and keeps the grant waiting', async () => {
    const w = await world();
    await w.signIn();

    const refused = await w.say('connect sage Smith & Co Ireland');

    expect(refused).toMatchObject({ title: "Smith & Co Ireland can't be connected", tone: 'error' });
    expect(refused.text).toBe(`${irishRefusal}\nPick another business, or sign in to Sage as a user who can reach the right one.`);
    expect(refused.buttons).toEqual([{ label: 'Use Smith & Co Ltd', command: 'connect sage biz-uk' }, { label: 'Sign in again', command: 'connect sage sign-in' }]);
    expect((await w.all()).map((c) => c.status)).toEqual(['choosing']);
    expect(w.syncs).toEqual([]);
    expect(w.audit.events.at(-2)).toMatchObject({ action: 'sage.connect_refused', subject: 'Smith & Co Ireland', detail: { reason: irishRefusal } });
  });

  it('shows the chooser again, saying what went wrong, for a word that names no business or more than one', async () => {
    const w = await world();
    await w.signIn();

    const none = await w.say('connect sage Acme');
    const several = await w.say('connect sage Smith');

    expect(none).toMatchObject({ title: 'Choose the Sage business to connect', tone: 'warning' });
    expect(none.text).toMatch(/^No business called "Acme"\./);
    expect(several.text).toMatch(/^"Smith" matches more than one business\./);
    expect((await w.all()).map((c) => c.status)).toEqual(['choosing']);
  });

  it('says to sign in first when no grant waits', async () => {
    const w = await world();

    const card = await w.say('connect sage biz-uk');

    expect(card).toMatchObject({ title: 'No Sage sign-in to choose from', tone: 'error', buttons: [{ label: 'Connect Sage', command: 'connect sage', style: 'primary' }] });
    expect(await w.all()).toEqual([]);
  });

  it('reconnects a business connected before: its settings kept, its tokens replaced', async () => {
    const w = await world();
    await w.signIn('first');
    await w.say('connect sage biz-uk');
    const [connected] = await w.all();
    await w.connections.save({ ...connected!, status: 'needs-reconnect', settings: { ledger: { enabled: true } } });
    await w.signIn('again');

    const done = await w.say('connect sage biz-uk');

    expect(done.title).toBe('Reconnected: Smith & Co Ltd');
    expect(await w.all()).toMatchObject([{ id: connected!.id, status: 'active', tokens: { accessToken: 'access-again' }, settings: { ledger: { enabled: true } } }]);
    expect(w.actions()).toEqual(['sage.granted', 'sage.connected', 'sage.granted', 'sage.reconnected']);
  });
});
