import { card, errorCard, type Card } from '../cards.js';
import type { Command } from '../commands/command.js';
import { rest } from '../commands/args.js';
import { sandboxed } from './cards.js';
import type { GustoConnect } from './connect.js';
import type { GustoOverview } from './overview.js';
import type { GustoSettings } from './settings.js';
import type { SyncOutcome, SyncRequest } from './sync.js';
import type { PracticeId } from '../../domain/shared/ids.js';

export type GustoCommandDeps = {
  readonly connect: GustoConnect;
  readonly settings: GustoSettings;
  readonly overview: GustoOverview;
  /** The card to show instead of starting a sync that has nothing to read (no company connected); null otherwise. */
  readonly syncBlocked: (practiceId: PracticeId) => Promise<Card | null>;
  /** Runs the sync inline (shell: returns the outcome) or queues it as a job (chat: returns null). */
  readonly startSync: (practiceId: PracticeId, req: SyncRequest) => Promise<SyncOutcome | null>;
  readonly sandbox: boolean;
};

const group = 'Apps';

/** The Gusto verbs of the /ignition grammar. */
export const gustoCommands = (d: GustoCommandDeps): Command[] => [
  {
    verb: 'connect gusto', usage: 'connect gusto', group, adminOnly: true,
    summary: 'Connect a Gusto company (once per company); its details sync right away and daily at 6am',
    run: async ({ practice, user }) => [await d.connect.connectCard(practice, user)],
  },
  {
    verb: 'disconnect gusto', usage: 'disconnect gusto [COMPANY]', group, adminOnly: true,
    summary: 'Revoke Ignition\'s access to a Gusto company and forget its tokens',
    run: async ({ practice, user, args }) => [await d.settings.disconnect(practice, user, rest(args))],
  },
  {
    verb: 'apps', usage: 'apps', group, audited: false,
    summary: 'Connected apps: Gusto status, companies, last and next sync',
    run: async ({ practice }) => [await d.overview.tile(practice)],
  },
  {
    verb: 'sync', usage: 'sync [gusto]', group,
    summary: 'Sync Gusto company data now',
    run: async ({ practice, args, request }) => {
      const app = (args.positional[0] ?? 'gusto').toLowerCase();
      if (app !== 'gusto') return [errorCard(`I can't sync "${app}" here`, 'This command syncs Gusto: `/ignition sync gusto`.')];
      // Checked before queuing: a queued job with nothing to read would leave "sync started" unanswered.
      const blocked = await d.syncBlocked(practice.id);
      if (blocked) return [blocked];
      const outcome = await d.startSync(practice.id, { trigger: 'manual', ...(request.replyTo ? { replyTo: request.replyTo } : {}) });
      if (outcome) return [outcome.card];
      return [sandboxed(card('Gusto sync started', {
        tone: 'info',
        text: 'I\'m reading each connected Gusto company now. This message shows progress, and the result goes to the channel set for sync results.',
      }), d.sandbox)];
    },
  },
  {
    verb: 'client-sync', usage: 'client-sync [CLIENT] [all|names|none]', group, adminOnly: true,
    summary: 'Choose how much Gusto data syncs to a client: all, names only, or nothing (without a level, offers the choice)',
    run: async ({ practice, user, args }) => [await d.settings.clientSync(practice, user, args.positional)],
  },
  {
    verb: 'labs smart-billing', usage: 'labs smart-billing on|off', group, adminOnly: true,
    summary: 'Turn Smart Billing for Gusto on or off (bill per-employee services by Gusto\'s active count)',
    run: async ({ practice, user, args }) => [await d.settings.setSmartBilling(practice, user, (args.positional[0] ?? '').toLowerCase())],
  },
  {
    verb: 'smart-billing preview', usage: 'smart-billing preview CLIENT', group, audited: false,
    summary: 'Show what the next invoice would bill for a client\'s per-employee services',
    run: async ({ practice, args }) => [await d.overview.preview(practice, rest(args))],
  },
];
