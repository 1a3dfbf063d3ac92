import type { Service } from '../../domain/proposals/service.js';
import { describeBilling } from '../../domain/proposals/service.js';
import { formatRate } from '../../domain/proposals/tax.js';
import { card, errorCard, type Card } from '../cards.js';
import { rest } from '../commands/args.js';
import type { Command } from '../commands/command.js';
import { describePrice, scheduleRow } from './cards.js';
import { explain, type ProposalError } from './errors.js';
import { given, serviceForm } from './forms.js';
import type { ProposalUseCases } from './use-cases.js';

const group = 'Service library';
const refused = (title: string, e: ProposalError): Card[] => [errorCard(title, explain(e))];

const serviceFields = (s: Service) => [
  { label: 'Price', value: describePrice(s.price, s.currency) + (s.taxMode === 'inclusive' ? ' incl. tax' : ' + tax') },
  { label: 'Billing', value: describeBilling(s.billing) },
  { label: 'Tax', value: s.taxRate.name.includes('%') ? s.taxRate.name : `${s.taxRate.name} (${formatRate(s.taxRate)})` },
  ...(s.included ? [{ label: 'Included', value: 'Shown to clients, never invoiced' }] : [{ label: 'Sales account', value: s.ledgerAccount ?? 'the default' }]),
];

const serviceCard = (title: string, s: Service): Card => card(title, {
  tone: 'success', text: s.description || undefined, fields: serviceFields(s),
  buttons: [{ label: 'Add to my draft', command: `proposal add "${s.name}"`, style: 'primary' }, { label: 'All services', command: 'services' }],
});

const addUsage = 'service add NAME price=250 | unit-price=12 unit="active employee" [minimum=60] | hourly=90 | range=500-900 ' +
  '[billing=upfront|on-completion|weekly|monthly|quarterly|yearly] [start=acceptance|DATE] [end=never|N|DATE] [tax=standard|20] ' +
  '[prices=exclusive|inclusive] [included=yes] [description="…"] [sales-account=CODE] [job-template=NAME]';

export const serviceCommands = (uc: ProposalUseCases): Command[] => [
  {
    verb: 'services', usage: 'services [all]', summary: 'List the service library (all includes archived ones).', group, audited: false,
    async run({ practice, user, args }) {
      const list = await uc.services.list({ practice, user }, args.positional[0] === 'all');
      if (!list.length) return [card('No services yet', { text: `Add your first with \`${addUsage}\`.` })];
      return [card(`Service library (${list.length})`, {
        rows: list.map((s) => ({
          title: `${s.name}${s.archived ? ' (archived)' : ''}`,
          text: serviceFields(s).map((f) => `${f.label}: ${f.value}`).join(' · '),
          buttons: s.archived ? [] : [{ label: 'Add to my draft', command: `proposal add "${s.name}"` }],
        })),
      })];
    },
  },
  {
    verb: 'service add', usage: addUsage, summary: 'Add a service to the library.', group,
    async run({ practice, user, args }) {
      const pairs = { ...given(args.named), ...(rest(args) ? { name: rest(args) } : {}) };
      if (!Object.keys(pairs).length) return [serviceForm(practice)];
      const r = await uc.services.add({ practice, user }, pairs);
      return r.ok ? [serviceCard(`Added ${r.value.name}`, r.value)] : refused('Service not added', r.error);
    },
  },
  {
    verb: 'service edit', usage: 'service edit NAME field=value…', summary: 'Change a library service (proposals already made keep their copy).', group,
    async run({ practice, user, args }) {
      if (!rest(args)) return [errorCard('Which service?', '`service edit NAME price=300` — name the service to change.')];
      const changes = given(args.named);
      if (!Object.keys(changes).length) {
        const found = await uc.services.find({ practice, user }, rest(args));
        return found.ok ? [serviceForm(practice, found.value)] : refused('Which service?', found.error);
      }
      const r = await uc.services.edit({ practice, user }, rest(args), changes);
      return r.ok ? [serviceCard(`Updated ${r.value.name}`, r.value)] : refused('Service not changed', r.error);
    },
  },
  {
    verb: 'service archive', usage: 'service archive NAME', summary: 'Retire a service; proposals that use it are unaffected.', group,
    async run({ practice, user, args }) {
      if (!rest(args)) return [errorCard('Which service?', '`service archive NAME` — name the service to retire.')];
      const r = await uc.services.archive({ practice, user }, rest(args));
      return r.ok ? [card(`Archived ${r.value.name}`, { text: 'It no longer appears in `services`; existing proposals keep it.' })] : refused('Service not archived', r.error);
    },
  },
  {
    verb: 'service complete', usage: 'service complete P-12 SERVICE', summary: 'Mark work billed on completion as done, so its bill is due.', group,
    async run({ practice, user, args }) {
      const [ref, ...name] = args.positional;
      if (!ref || !name.length) return [errorCard('Which service?', '`service complete P-12 "Year-end accounts"` — give the proposal and the service.')];
      const r = await uc.schedules.complete({ practice, user }, ref, name.join(' '));
      if (!r.ok) return refused('Not marked complete', r.error);
      return [card(`${r.value.schedule.line.name} is complete`, {
        tone: 'success', text: 'Its bill is now due and will go out with the next invoice run.',
        rows: [scheduleRow(r.value.schedule, r.value.proposal.currency)],
        buttons: [{ label: 'Billing schedules', command: `proposal schedules ${ref}` }],
      })];
    },
  },
];
