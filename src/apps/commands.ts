import type { PracticeId } from '../../domain/shared/ids.js';
import { card, errorCard, type Card } from '../cards.js';
import type { Command } from '../commands/command.js';
import { rest } from '../commands/args.js';
import type { AppDeclaration } from './app.js';
import { noAppConnectedCard, sandboxed } from './cards.js';
import { signInAgain } from './connect.js';
import type { SyncOutcome, SyncRequest } from './sync.js';
import type { AppsUseCases, AppUseCases } from './use-cases.js';

export type AppCommandDeps = {
  readonly apps: AppsUseCases;
  /** Runs the sync inline (shell, no scheduler: returns the outcome) or queues it as a job (returns null). */
  readonly startSync: (app: AppUseCases, practiceId: PracticeId, req: SyncRequest) => Promise<SyncOutcome | null>;
};

const group = 'Apps';

const list = (apps: readonly AppDeclaration[]) => apps.map((a) => `\`${a.id}\``).join(', ');

/** The app a command names, or the card that says which apps there are. */
const pick = (d: AppCommandDeps, word: string | undefined, verb: string): AppUseCases | Card => {
  const apps = d.apps.each.map((u) => u.app.declaration);
  const only = d.apps.each.length === 1 ? d.apps.each[0] : undefined;
  if (!word) {
    return only ?? errorCard(`Which app?`, `Name one: ${list(apps)}.`, apps.map((a) => ({ label: `${verb} ${a.name}`, command: `${verb} ${a.id}` })));
  }
  return d.apps.byId.get(word.toLowerCase()) ?? errorCard(`No app called "${word}"`, `The apps here are ${list(apps)}.`, [{ label: 'Apps', command: 'apps' }]);
};

/** The verbs every registered app shares: connect, disconnect, sync, apps, client-sync. */
export const appCommands = (d: AppCommandDeps): Command[] => {
  const names = d.apps.each.map((u) => u.app.declaration.id).join('|');
  const syncOne = async (u: AppUseCases, practiceId: PracticeId, req: SyncRequest): Promise<Card> => {
    const app = u.app.declaration;
    // Checked before queuing: a queued job with nothing to read would leave "sync started" unanswered.
    const blocked = await u.sync.blocked(practiceId);
    if (blocked) return blocked;
    const outcome = await d.startSync(u, practiceId, req);
    if (outcome) return outcome.card;
    return sandboxed(card(`${app.name} sync started`, {
      tone: 'info',
      text: `I'm reading each connected ${app.name} ${app.account.one} now. This message shows progress, and the result goes to the channel set for sync results.`,
    }), app);
  };
  return [
    {
      verb: 'connect', usage: `connect ${names} [ACCOUNT]`, group, adminOnly: true,
      summary: 'Connect an app; its data syncs right away and then daily at the app\'s set time (ACCOUNT picks one where a sign-in reaches several)',
      run: async ({ practice, user, args }) => {
        const u = pick(d, args.positional[0], 'Connect');
        if ('title' in u) return [u];
        const account = args.positional.slice(1).join(' ');
        if (!account || account === signInAgain) return [await u.connect.connectCard(practice, user, { signInAgain: account === signInAgain })];
        return [await u.connect.choose(practice, user, account)];
      },
    },
    {
      verb: 'disconnect', usage: `disconnect ${names} [ACCOUNT]`, group, adminOnly: true,
      summary: 'Revoke Ignition\'s access to a connected account and forget its tokens',
      run: async ({ practice, user, args }) => {
        const u = pick(d, args.positional[0], 'Disconnect');
        return 'title' in u ? [u] : [await d.apps.settings.disconnect(u.app, practice, user, args.positional.slice(1).join(' '))];
      },
    },
    {
      verb: 'apps', usage: 'apps', group, audited: false,
      summary: 'Connected apps: status, accounts connected, last and next sync',
      run: async ({ practice }) => Promise.all(d.apps.each.map((u) => d.apps.overview.tile(u.app.declaration, practice))),
    },
    {
      verb: 'sync', usage: `sync [${names}]`, group,
      summary: 'Sync an app now (every connected app when none is named)',
      run: async ({ practice, args, request }) => {
        const req: SyncRequest = { trigger: 'manual', ...(request.replyTo ? { replyTo: request.replyTo } : {}) };
        const named = args.positional[0];
        if (named) {
          const u = pick(d, named, 'Sync');
          return 'title' in u ? [u] : [await syncOne(u, practice.id, req)];
        }
        const connected = [];
        for (const u of d.apps.each) if (!(await u.sync.blocked(practice.id))) connected.push(u);
        if (connected.length === 0 && d.apps.each.length === 1) return [await syncOne(d.apps.each[0]!, practice.id, req)];
        if (connected.length === 0) return [noAppConnectedCard(d.apps.each.map((u) => u.app.declaration))];
        return Promise.all(connected.map((u) => syncOne(u, practice.id, req)));
      },
    },
    {
      verb: 'client-sync', usage: `client-sync [CLIENT] [${names}] [all|names|none]`, group, adminOnly: true,
      summary: 'Choose how much of an app\'s data syncs to a client: all, names only, or nothing (without a level, offers the choice)',
      run: async ({ practice, user, args }) => [await d.apps.settings.clientSync(practice, user, args.positional)],
    },
    ...smartBillingCommands(d),
  ];
};

/** Smart Billing's Labs switch and preview, when an app counts employees. */
const smartBillingCommands = (d: AppCommandDeps): Command[] => {
  const counting = d.apps.counting?.app.declaration;
  if (!counting) return [];
  return [
    {
      verb: 'labs smart-billing', usage: 'labs smart-billing on|off', group, adminOnly: true,
      summary: `Turn Smart Billing for ${counting.name} on or off (bill per-employee services by ${counting.name}'s active count)`,
      run: async ({ practice, user, args }) => [await d.apps.settings.setSmartBilling(counting, practice, user, (args.positional[0] ?? '').toLowerCase())],
    },
    {
      verb: 'smart-billing preview', usage: 'smart-billing preview CLIENT', group, audited: false,
      summary: 'Show what the next invoice would bill for a client\'s per-employee services',
      run: async ({ practice, args }) => [await d.apps.overview.preview(practice, rest(args))],
    },
  ];
};
