import { auditedBy } from '../actor.js';
import type { ConflictSide } from '../../domain/sync/conflicts.js';
import { appNamesOf, type AppInfo } from '../apps/registered.js';
import { errorCard } from '../cards.js';
import { rest } from '../commands/args.js';
import type { Command } from '../commands/command.js';
import { conflictsCard, resolvedCard, resolveErrorCard } from './cards.js';
import type { SyncUseCases } from './use-cases.js';

const group = 'Apps';
const sides: readonly ConflictSide[] = ['ours', 'theirs'];

const usageCard = () =>
  errorCard('Say which client, field and side', 'For example: `resolve-conflict "Acme Ltd" phone ours` keeps our phone number; `theirs` keeps the app\'s.');

/** `apps`: the registered apps, which cards name and `app=` may pick. */
export const syncCommands = (uc: SyncUseCases, apps: readonly Pick<AppInfo, 'provider' | 'name'>[]): Command[] => {
  const nameOf = appNamesOf(apps);
  const isRegistered = (app: string) => apps.some((a) => a.provider === app);
  return [
  {
    verb: 'conflicts', group, usage: 'conflicts [CLIENT]', audited: false,
    summary: 'Show two-way fields both sides changed differently, with both values and Keep ours / Keep theirs.',
    async run(ctx) {
      const query = rest(ctx.args);
      const open = await uc.conflicts(ctx.practice, query);
      return [open.ok ? conflictsCard(open.value, nameOf, query || undefined) : resolveErrorCard(open.error)];
    },
  },
  {
    verb: 'resolve-conflict', group, usage: 'resolve-conflict CLIENT FIELD ours|theirs [app=APP]',
    summary: 'Settle a sync conflict: keep our value (sent to the app) or the app\'s (copied to the client).',
    async run(ctx) {
      const words = ctx.args.positional;
      const side = (words.at(-1) ?? '').toLowerCase() as ConflictSide;
      const field = words.at(-2);
      const client = words.slice(0, -2).join(' ').trim();
      if (!sides.includes(side) || !field || !client) return [usageCard()];
      const app = ctx.args.named.app?.toLowerCase();
      if (app !== undefined && !isRegistered(app)) return [errorCard(`No app is called "${app}"`, `Apps are ${apps.map((a) => a.provider).join(', ')}.`)];
      const result = await uc.resolve(ctx.practice, auditedBy(ctx), client, field, side, app);
      return [result.ok ? resolvedCard(result.value, nameOf) : resolveErrorCard(result.error)];
    },
  },
];
};
