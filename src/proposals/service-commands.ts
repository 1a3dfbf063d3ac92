import type { Service } from '../../domain/proposals/service.js';
import { describeBilling } from '../../domain/proposals/service.js';
import { formatRate } from '../../domain/proposals/tax.js';
import { card, errorCard, type Card } from '../cards.js';
import { rest } from '../commands/args.js';
import { quoteArg, type Command, type CommandContext } from '../commands/command.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { resolveTemplate, templateChooserCard, templateName, templateRefusedCard, type JobTemplates } from './service-templates.js';
import { describePrice, scheduleRow } from './cards.js';
import { explain, type ProposalError } from './errors.js';
import { given, serviceForm } from './forms.js';
import type { ProposalUseCases } from './use-cases.js';

const group = 'Service library';
const refused = (title: string, e: ProposalError): Card[] => [errorCard(title, explain(e))];

/** The linked job template's name, when the practice app's templates are wired: what the fields show. */
type Linked = { readonly label: string; readonly name: (s: Service) => string | undefined };

const serviceFields = (s: Service, linked?: Linked) => {
  const template = linked?.name(s);
  return [
    { label: 'Price', value: describePrice(s.price, s.currency) + (s.taxMode === 'inclusive' ? ' incl. tax' : ' + tax') },
    { label: 'Billing', value: describeBilling(s.billing) },
    { label: 'Tax', value: s.taxRate.name.includes('%') ? s.taxRate.name : `${s.taxRate.name} (${formatRate(s.taxRate)})` },
    ...(s.included ? [{ label: 'Included', value: 'Shown to clients, never invoiced' }] : [{ label: 'Sales account', value: s.ledgerAccount ?? 'the default' }]),
    ...(template ? [{ label: linked!.label, value: template }] : []),
    ];
};

const serviceCard = (title: string, s: Service, linked?: Linked): Card => card(title, {
  tone: 'success', text: s.description || undefined, fields: serviceFields(s, linked),
  buttons: [
    { label: 'Add to my draft', command: `proposal add "${s.name}"`, style: 'primary' },
    ...(linked ? [{ label: 'Job template', command: `service templates ${quoteArg(s.name)}` }] : []),
    { label: 'All services', command: 'services' },
  ],
});

const addUsage = 'service add NAME price=250 | unit-price=12 unit="active employee" [minimum=60] | hourly=90 | range=500-900 ' +
  '[billing=upfront|on-completion|weekly|monthly|quarterly|yearly] [start=acceptance|DATE] [end=never|N|DATE] [tax=standard|20] ' +
  '[prices=exclusive|inclusive] [included=yes] [description="…"] [sales-account=CODE] [xpm-template=NAME]';

/** `templates`: the practice app's imported job templates (XPM's); without them `xpm-template=` is stored as typed. */
export const serviceCommands = (uc: ProposalUseCases, templates?: JobTemplates): Command[] => {
  const linkedFor = async (practiceId: PracticeId): Promise<Linked | undefined> => {
    if (!templates) return undefined;
    const list = await templates.list(practiceId);
    return { label: `${templates.app.name} job template`, name: (s) => templateName(s, list) };
  };
  /** The service form, with the imported templates to pick from. */
  const formFor = async (practice: CommandContext['practice'], s?: Service) =>
    serviceForm(practice, s, templates ? { label: `${templates.app.name} job template`, list: await templates.list(practice.id) } : undefined);
  /** A typed template name made its id; the refusal card when it names none of the imported ones. */
  const resolved = async (practiceId: PracticeId, pairs: Record<string, string>, service: () => Promise<Service | null>) => {
    const r = await resolveTemplate(templates, practiceId, pairs);
    return r.ok ? r : { ok: false as const, card: templateRefusedCard(templates!, await service(), r.error) };
  };
  return [
    {
      verb: 'services', usage: 'services [all]', summary: 'List the service library (all includes archived ones).', group, audited: false,
      async run({ practice, user, args }) {
        const list = await uc.services.list({ practice, user }, args.positional[0] === 'all');
        if (!list.length) return [card('No services yet', { text: `Add your first with \`${addUsage}\`.` })];
        const linked = await linkedFor(practice.id);
        return [card(`Service library (${list.length})`, {
          rows: list.map((s) => ({
            title: `${s.name}${s.archived ? ' (archived)' : ''}`,
            text: serviceFields(s, linked).map((f) => `${f.label}: ${f.value}`).join(' · '),
            buttons: s.archived ? [] : [{ label: 'Add to my draft', command: `proposal add "${s.name}"` }],
          })),
        })];
      },
    },
    {
      verb: 'service add', usage: addUsage, summary: 'Add a service to the library.', group,
      async run({ practice, user, args }) {
        const pairs = { ...given(args.named), ...(rest(args) ? { name: rest(args) } : {}) };
        if (!Object.keys(pairs).length) return [await formFor(practice)];
        const typed = await resolved(practice.id, pairs, async () => null);
        if (!typed.ok) return [typed.card];
        const r = await uc.services.add({ practice, user }, typed.value);
        return r.ok ? [serviceCard(`Added ${r.value.name}`, r.value, await linkedFor(practice.id))] : refused('Service not added', r.error);
      },
    },
    {
      verb: 'service edit', usage: 'service edit NAME field=value…', summary: 'Change a library service (proposals already made keep their copy).', group,
      async run({ practice, user, args }) {
        if (!rest(args)) return [errorCard('Which service?', '`service edit NAME price=300` — name the service to change.')];
        const changes = given(args.named);
        if (!Object.keys(changes).length) {
          const found = await uc.services.find({ practice, user }, rest(args));
          return found.ok ? [await formFor(practice, found.value)] : refused('Which service?', found.error);
        }
        const typed = await resolved(practice.id, changes, async () => {
          const found = await uc.services.find({ practice, user }, rest(args));
          return found.ok ? found.value : null;
        });
        if (!typed.ok) return [typed.card];
        const r = await uc.services.edit({ practice, user }, rest(args), typed.value);
        return r.ok ? [serviceCard(`Updated ${r.value.name}`, r.value, await linkedFor(practice.id))] : refused('Service not changed', r.error);
      },
    },
    ...(templates ? [{
      verb: 'service templates', usage: 'service templates NAME', summary: `Link a service to one of ${templates.app.name}'s job templates.`, group, audited: false,
      async run({ practice, user, args }: CommandContext): Promise<Card[]> {
        if (!rest(args)) return [errorCard('Which service?', '`service templates NAME` — name the service to link to a job template.')];
        const found = await uc.services.find({ practice, user }, rest(args));
        if (!found.ok) return refused('Which service?', found.error);
        return [templateChooserCard(templates, found.value, await templates.list(practice.id))];
      },
    }] : []),
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
};
