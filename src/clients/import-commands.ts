import type { ClientId } from '../../domain/shared/ids.js';
import type { Result } from '../../domain/shared/result.js';
import type { Actor } from '../actor.js';
import { offersClients } from '../apps/app.js';
import { errorCard, type Card } from '../cards.js';
import { rest, type Args } from '../commands/args.js';
import type { Command, CommandContext } from '../commands/command.js';
import type { AppClientError, ImportApp } from './app-client-access.js';
import { chooseSeveralCard, importListCard, linkChooserCard, pickInput, reviewCard } from './app-client-cards.js';
import { appClientErrorCard, mapCard } from './app-client-error-cards.js';
import type { MapError } from './app-client-mapping.js';
import { bulkReportCards, convertCard, hiddenCard, linkedCard, notSameCard } from './app-client-outcome-cards.js';
import type { AppClientImport } from './app-clients.js';

const group = 'Clients';
const actions = ['convert', 'link', 'skip', 'unskip', 'not-same', 'next', 'all'] as const;
type Action = (typeof actions)[number];

const shown = <T>(r: Result<T, AppClientError | MapError>, render: (v: T) => Card | readonly Card[]): readonly Card[] => {
  if (!r.ok) return [appClientErrorCard(r.error)];
  const cards = render(r.value);
  return Array.isArray(cards) ? cards : [cards as Card];
};

/**
 * The records a Next step is about: typed (`next ID ID`), or the list form's ticked boxes, which every
 * chat submits as `pickN=true` beside `of=ID,ID,…` (Slack and Teams send unticked ones as `false`).
 */
export const chosenIds = (args: Args): string[] => {
  const offered = (args.named.of ?? '').split(',').filter(Boolean);
  const ticked = offered.filter((_, i) => ['true', 'yes', 'on', '1'].includes((args.named[pickInput(i + 1)] ?? '').toLowerCase()));
  return [...args.positional.slice(2), ...ticked];
};

const pageArg = (raw: string | undefined): number | null =>
  raw === undefined ? 1 : /^\d{1,5}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : null;

const needsId = (app: string, action: Action, what = 'ID'): Card =>
  errorCard(`Which ${app} client?`, `Give its id, as the import list's buttons do: \`clients import ${app} ${action} ${what}\`.`, [{ label: 'Import list', command: `clients import ${app}` }]);

async function runAction(uc: AppClientImport, actor: Actor, app: string, action: Action, args: Args): Promise<readonly Card[]> {
  const id = args.positional[2];
  if (action === 'all') return shown(await uc.importAll(actor, app), bulkReportCards);
  if (action === 'next') {
    const ids = chosenIds(args);
    return shown(await uc.review(actor.practice, app, ids), (r) => reviewCard(r.app, r.items, r.missing));
  }
  if (!id) return [needsId(app, action, action === 'not-same' ? 'ID CLIENT-ID' : 'ID')];
  switch (action) {
    case 'convert': {
      const asNew = (args.positional[3] ?? '').toLowerCase() === 'new';
      return shown(await uc.convert(actor, app, id, { asNew }), convertCard);
    }
    case 'link': {
      const client = rest(args, 3);
      if (client) return shown(await uc.link(actor, app, id, client), linkedCard);
      return shown(await uc.review(actor.practice, app, [id]), (r) => (r.items[0] ? linkChooserCard(r.app, r.items[0]) : appClientErrorCard({ kind: 'record-not-found', app: r.app, query: id })));
    }
    case 'skip': return shown(await uc.hide(actor, app, id), (r) => hiddenCard(r.app, r.record, true));
    case 'unskip': return shown(await uc.unhide(actor, app, id), (r) => hiddenCard(r.app, r.record, false));
    case 'not-same': {
      const clientId = args.positional[3];
      if (!clientId) return [needsId(app, action, 'ID CLIENT-ID')];
      return shown(await uc.notSame(actor, app, id, clientId as ClientId), (r) => notSameCard(r.app, r.record, r.client, r.matches));
    }
  }
}

/** `clients import APP …` and `client map CLIENT APP [RECORD]`: staff work, like `client add`. */
export const importCommands = (uc: AppClientImport, apps: readonly ImportApp[]): Command[] => {
  const offering = apps.filter(offersClients);
  return [
    {
      verb: 'clients import', group,
      usage: 'clients import APP [hidden|choose] [page=N] [search=…] | APP convert ID [new] | link ID CLIENT | skip ID | unskip ID | not-same ID CLIENT-ID | next ID … | all',
      summary: "Import an app's clients: convert each into a client here, link it to one you have, or leave it out",
      async run(ctx: CommandContext) {
        const app = ctx.args.positional[0]?.toLowerCase();
        if (!app) return [errorCard('Which app?', `Name one: ${offering.map((a) => `\`clients import ${a.id}\``).join(', ') || 'no app here offers its clients'}.`)];
        const actor: Actor = { practice: ctx.practice, user: ctx.user };
        const word = ctx.args.positional[1]?.toLowerCase();
        if (word && (actions as readonly string[]).includes(word)) return runAction(uc, actor, app, word as Action, ctx.args);
        const page = pageArg(ctx.args.named.page);
        if (page === null) return [errorCard('Page must be a number', `Use page=2 for the second page: \`clients import ${app} page=2\`.`)];
        const search = ctx.args.named.search ? { search: ctx.args.named.search } : {};
        if (word === 'choose') return shown(await uc.list(ctx.practice, app, { page, view: 'to-import', ...search }), chooseSeveralCard);
        if (word && word !== 'hidden') {
          return [errorCard(`\`clients import ${app}\` has no "${word}"`, `Use one of ${actions.join(', ')}, \`hidden\` for the clients left out, or search=NAME.`, [{ label: 'Import list', command: `clients import ${app}` }])];
        }
        const view = word === 'hidden' ? 'hidden' : 'to-import';
        return shown(await uc.list(ctx.practice, app, { page, view, ...search }), importListCard);
      },
    },
    {
      verb: 'client map', group, usage: 'client map CLIENT APP [RECORD]',
      summary: "Map a client to the app's client of another name, so its invoices go there (without RECORD, offers the likeliest)",
      async run(ctx: CommandContext) {
        const words = ctx.args.positional;
        const at = words.findIndex((w, i) => i > 0 && apps.some((a) => a.id === w.toLowerCase()));
        if (at < 0) {
          return [errorCard('Which client, and which app?', `For example: \`client map "Acme Co Limited" ${offering[0]?.id ?? 'APP'} "Acme Co Ltd"\`.`)];
        }
        const client = words.slice(0, at).join(' ');
        const record = words.slice(at + 1).join(' ');
        return shown(await uc.map({ practice: ctx.practice, user: ctx.user }, words[at]!.toLowerCase(), client, record || undefined), mapCard);
      },
    },
  ];
};
