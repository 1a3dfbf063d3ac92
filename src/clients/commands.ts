import { editableClientFields } from '../../domain/practice/client.js';
import { auditedBy } from '../actor.js';
import { errorCard } from '../cards.js';
import { rest } from '../commands/args.js';
import type { Command } from '../commands/command.js';
import { changedFieldsText, clientAddedCard, clientCard, clientInputErrorCard, clientListCard, findErrorCard } from './cards.js';
import type { ClientUseCases } from './use-cases.js';
import { appNamesOf, type AppInfo } from '../apps/registered.js';

const pageSize = 10;

const pageArg = (raw: string | undefined): number | null => {
  if (raw === undefined) return 1;
  return /^\d{1,5}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : null;
};

/** `apps`: the registered apps, which client cards name. */
export const clientCommands = (uc: ClientUseCases, apps: readonly AppInfo[]): Command[] => {
  const nameOf = appNamesOf(apps);
  return [
  {
    verb: 'clients', group: 'Clients', usage: 'clients [search] [page=N]', summary: 'List clients, or search by name, trade name or email.', audited: false,
    async run(ctx) {
      const page = pageArg(ctx.args.named.page);
      if (page === null) return [errorCard('Page must be a number', 'Use page=2 for the second page.')];
      const query = rest(ctx.args);
      return [clientListCard(ctx.practice, query, page, pageSize, await uc.list(ctx.practice, query, page, pageSize), apps)];
    },
  },
  {
    verb: 'client add', group: 'Clients', usage: 'client add NAME [email=…] [phone=…] [vat-number=…] [company-number=…] [status=lead]', summary: 'Add a client or lead.',
    async run(ctx) {
      const name = rest(ctx.args);
      if (!name) return [errorCard('The client needs a name', 'For example: `client add Acme Ltd email=accounts@acme.example`.')];
      const result = await uc.add(ctx.practice, auditedBy(ctx), name, ctx.args.named);
      return [result.ok ? clientAddedCard(ctx.practice, result.value) : clientInputErrorCard(result.error)];
    },
  },
  {
    verb: 'client show', group: 'Clients', usage: 'client show NAME|ID', summary: 'Show a client with contacts and linked apps.', audited: false,
    async run(ctx) {
      const query = rest(ctx.args);
      if (!query) return [errorCard('Which client?', 'For example: `client show Acme Ltd`.')];
      const result = await uc.show(ctx.practice, query);
      return [result.ok ? clientCard(ctx.practice, result.value, nameOf) : findErrorCard(result.error)];
    },
  },
  {
    verb: 'client edit', group: 'Clients', usage: 'client edit NAME field=value …', summary: `Change ${editableClientFields.join(', ')}.`,
    async run(ctx) {
      const query = rest(ctx.args);
      if (!query) return [errorCard('Which client?', 'For example: `client edit Acme Ltd phone="020 7946 0000"`.')];
      const result = await uc.edit(ctx.practice, auditedBy(ctx), query, ctx.args.named);
      if (!result.ok) return [result.error.kind === 'not-found' || result.error.kind === 'ambiguous' ? findErrorCard(result.error) : clientInputErrorCard(result.error)];
      const changed = changedFieldsText(result.value.changed);
      const shown = clientCard(ctx.practice, { client: result.value.client, contacts: [], links: [] }, nameOf);
      return [{ ...shown, tone: 'success', title: changed ? `Updated ${result.value.client.name}` : `${result.value.client.name} already had those details`, text: changed ? `Changed ${changed}.` : 'Nothing needed changing.' }];
    },
  },
];
};
