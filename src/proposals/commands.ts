import type { ProposalStatus } from '../../domain/proposals/proposal.js';
import { reference } from '../../domain/proposals/proposal.js';
import { tierTotals } from '../../domain/proposals/content.js';
import { whyNotEligible } from '../../domain/proposals/smart-billing.js';
import type { Client } from '../../domain/practice/client.js';
import { plural } from '../../domain/shared/plural.js';
import { card, errorCard, type Card } from '../cards.js';
import { rest } from '../commands/args.js';
import { quoteArg, type Command, type CommandContext } from '../commands/command.js';
import { clientFields } from '../clients/cards.js';
import { acceptedCard, proposalCard, proposalClientChooserCard, scheduleRow, totalsText } from './cards.js';
import { explain, type ProposalError } from './errors.js';
import { addServiceForm, given, newProposalForm } from './forms.js';
import { serviceCommands } from './service-commands.js';
import type { JobTemplates } from './service-templates.js';
import { smartBillingCommands } from './smart-billing-commands.js';
import type { ProposalUseCases } from './use-cases.js';

const group = 'Proposals';
const statuses: readonly ProposalStatus[] = ['draft', 'sent', 'viewed', 'accepted', 'declined', 'expired', 'revoked'];
const refused = (title: string, e: ProposalError): Card[] => [errorCard(title, explain(e))];
const actor = (c: CommandContext) => ({ practice: c.practice, user: c.user });
const needRef = (verb: string): Card[] => [errorCard('Which proposal?', `\`${verb} P-12\` — give the proposal number (see \`proposals\`).`)];

/** Gusto fills in a linked client's company details; the person starting a proposal reviews them. */
const gustoDetailsCard = (client: Client, timeZone: string): Card => ({
  title: `${client.name}: company details from Gusto`,
  text: 'Check these before you send the proposal. Gusto is the source of truth for them, so correct a mistake in Gusto, or edit it here after choosing a lower sync level for this client.',
  fields: clientFields(client, timeZone),
  buttons: [{ label: 'Show client', command: `client show ${client.id}` }, { label: 'Sync level', command: `client-sync ${quoteArg(client.name)}` }],
});

/** Every proposal and service verb of the /ignition grammar. */
export const proposalCommands = (uc: ProposalUseCases, jobTemplates?: JobTemplates): Command[] => [
  ...serviceCommands(uc, jobTemplates),
  {
    verb: 'proposal new', usage: 'proposal new CLIENT [template=people-advisory] [new-client=yes] [from=APP:ID]',
    summary: 'Start a draft for a client; a name matching several clients or an app\'s customers asks which, a new name is added as a lead.', group,
    async run(c) {
      const named = given(c.args.named);
      const clientName = rest(c.args) || named.client;
      if (!clientName) return [newProposalForm(await uc.drafting.templates(actor(c)))];
      const r = await uc.drafting.create(actor(c), clientName, named.template, {
        createNew: /^(yes|y|true)$/i.test(named['new-client'] ?? ''), ...(named.from ? { from: named.from } : {}),
      });
      if (!r.ok && r.error.kind === 'choose-client') return [proposalClientChooserCard(r.error, named.template)];
      if (!r.ok && r.error.kind === 'not-imported' && r.error.decide) {
        return [errorCard('No proposal started', explain(r.error), [{ label: `Decide ${r.error.name}`, command: r.error.decide, style: 'primary' }])];
      }
      if (!r.ok && r.error.kind === 'not-imported' && r.error.client) {
        return [errorCard('No proposal started', explain(r.error), [{ label: `Use ${r.error.client.name}`, command: `proposal new ${r.error.client.id}${named.template ? ` template=${quoteArg(named.template)}` : ''}` }])];
      }
      if (!r.ok) return refused('No proposal started', r.error);
      const { proposal, client, clientCreated, template, payrollLinked, adopted } = r.value;
      const notes = [
        clientCreated ? `${client.name} is new, so I added them as a lead.` : '',
        adopted?.created ? `${client.name} is now a client here, linked to ${adopted.app}.` : '',
        adopted && !adopted.created ? `${client.name} was already a client here (same name or email), so I linked it to ${adopted.app} rather than adding a second one.` : '',
        template ? `Started from "${template.name}".` : 'Add services with `proposal add SERVICE [tier=NAME] [qty=N]` (up to three tiers).',
        template?.perEmployee && !client.activeEmployees ? `${client.name} has no headcount from a payroll app yet, so per-employee lines are priced for 1; change with qty=N or link Gusto.` : '',
        !template && payrollLinked ? `${client.name} is linked to Gusto: the People Advisory Packages template prices three tiers per employee.` : '',
      ].filter(Boolean);
      return [{ ...proposalCard(proposal), title: `Started ${reference(proposal)} for ${client.name}`, text: notes.join('\n'),
        buttons: [
          ...(!template && payrollLinked ? [{ label: 'Use People Advisory template', command: `proposal new "${client.name}" template=people-advisory` }] : []),
          { label: 'Add a service', command: `proposal add proposal=${reference(proposal)}`, style: 'primary' as const },
          { label: 'Show', command: `proposal show ${reference(proposal)}` }, { label: 'Services', command: 'services' },
        ] }, ...(payrollLinked ? [gustoDetailsCard(client, c.practice.timeZone)] : [])];
    },
  },
  {
    verb: 'proposal add', usage: 'proposal add SERVICE [qty=N] [price=AMOUNT] [tier=NAME|all] [addon=yes] [section=NAME] [proposal=P-12]',
    summary: 'Add a library service to your draft, in a tier or as an optional add-on.', group,
    async run(c) {
      const named = given(c.args.named);
      const serviceName = rest(c.args) || named.service;
      if (!serviceName) {
        const draft = await uc.drafting.current(actor(c), named.proposal);
        if (!draft.ok) return refused('Service not added', draft.error);
        return [addServiceForm(await uc.services.list(actor(c)), reference(draft.value), draft.value.content.tiers.map((t) => t.name))];
      }
      const { service: _s, ...placement } = named;
      const r = await uc.drafting.addService(actor(c), serviceName, placement);
      if (!r.ok) return refused('Service not added', r.error);
      const p = r.value.proposal;
      const tier = p.content.tiers.find((t) => t.name === r.value.placedIn);
      const smart = whyNotEligible(r.value.line) === null && (await uc.smartBilling.summary(p))
        ? [{ label: 'Set up Smart Billing', command: `proposal smart-billing ${reference(p)}` }] : [];
      return [card(`Added ${r.value.line.name} to ${reference(p)} (${r.value.placedIn})`, {
        tone: 'success', text: tier ? `${tier.name} now comes to ${totalsText(tierTotals(tier), p.currency)}.` : undefined,
        buttons: [{ label: 'Show proposal', command: `proposal show ${reference(p)}` }, { label: 'Send', command: `proposal send ${reference(p)}`, style: 'primary' }, ...smart],
      })];
    },
  },
  {
    verb: 'proposal remove', usage: 'proposal remove SERVICE [proposal=P-12]', summary: 'Take a service off your draft.', group,
    async run(c) {
      const r = await uc.drafting.removeLine(actor(c), c.args.named.proposal, rest(c.args));
      return r.ok ? [proposalCard(r.value)] : refused('Nothing removed', r.error);
    },
  },
  {
    verb: 'proposal edit', usage: 'proposal edit [P-12] [title="…"] [cover="Dear {client}…"] [terms="…"] [valid-days=30]',
    summary: 'Set the title, cover letter, terms or validity of a draft; the letter and terms fill in {client}, {practice}, {date}, {tier}, {totals}.', group,
    async run(c) {
      const r = await uc.drafting.edit(actor(c), c.args.positional[0] ?? c.args.named.proposal, c.args.named);
      return r.ok ? [proposalCard(r.value)] : refused('Proposal not changed', r.error);
    },
  },
  {
    verb: 'proposal show', usage: 'proposal show P-12', summary: 'Show a proposal with its options, totals and status.', group, audited: false,
    async run(c) {
      if (!c.args.positional[0]) return needRef('proposal show');
      const r = await uc.drafting.show(actor(c), c.args.positional[0]);
      if (!r.ok) return refused('Not found', r.error);
      const shown = proposalCard(r.value);
      const smart = await uc.smartBilling.summary(r.value);
      return [smart ? { ...shown, rows: [...(shown.rows ?? []), smart] } : shown];
    },
  },
  {
    verb: 'proposal send', usage: 'proposal send P-12 [to=EMAIL]', summary: 'Send the client a private link to review and sign.', group,
    async run(c) {
      if (!c.args.positional[0]) return needRef('proposal send');
      const r = await uc.sending.send(actor(c), c.args.positional[0], c.args.named.to, c.request.replyTo);
      if (!r.ok) return refused('Not sent', r.error);
      const { proposal, link, emailedTo, emailError } = r.value;
      return [card(`${reference(proposal)} is on its way to ${proposal.clientName}`, {
        tone: emailError ? 'warning' : 'success',
        text: (emailedTo ? `I emailed the link to ${emailedTo}. ` : emailError ? `Sent, but ${emailError}. ` : 'Email is not set up, so share this link with the client yourself. ') +
          `The link is private to them and works until ${proposal.expiresAt.toISOString().slice(0, 10)}. I'll tell this channel when they open it.`,
        fields: [{ label: 'Link', value: link }],
        links: [{ label: 'Open the client page', url: link }],
        buttons: [{ label: 'Show proposal', command: `proposal show ${reference(proposal)}` }],
        visibility: 'private',
      })];
    },
  },
  {
    verb: 'proposal link', usage: 'proposal link P-12', summary: 'Get a fresh client link to share (earlier links keep working).', group,
    async run(c) {
      if (!c.args.positional[0]) return needRef('proposal link');
      const r = await uc.sending.newLink(actor(c), c.args.positional[0]);
      if (!r.ok) return refused('No link issued', r.error);
      return [card(`A new link for ${reference(r.value.proposal)}`, {
        text: `Share it with ${r.value.proposal.clientName} only: anyone with the link can sign. Earlier links still work.`,
        fields: [{ label: 'Link', value: r.value.link }], links: [{ label: 'Open the client page', url: r.value.link }], visibility: 'private',
      })];
    },
  },
  {
    verb: 'proposals', usage: `proposals [${statuses.join('|')}]`, summary: 'List recent proposals, optionally by status.', group, audited: false,
    async run(c) {
      const status = c.args.positional[0]?.toLowerCase();
      if (status && !statuses.includes(status as ProposalStatus)) return [errorCard('Unknown status', `\`${status}\` is not a status; use one of ${statuses.join(', ')}.`)];
      const list = await uc.drafting.list(actor(c), status as ProposalStatus | undefined);
      if (!list.length) return [card(status ? `No ${status} proposals` : 'No proposals yet', { text: 'Start one with `proposal new CLIENT`.' })];
      return [card(status ? `${status[0]!.toUpperCase()}${status.slice(1)} proposals` : 'Recent proposals', {
        rows: list.map((p) => ({ title: `${reference(p)} · ${p.clientName} — ${p.content.title}`, text: `${p.status} · updated ${p.updatedAt.toISOString().slice(0, 10)}`,
          buttons: [{ label: 'Show', command: `proposal show ${reference(p)}` }] })),
      })];
    },
  },
  {
    verb: 'proposal revoke', usage: 'proposal revoke P-12', summary: 'Withdraw a sent proposal; its link stops working.', group,
    async run(c) {
      if (!c.args.positional[0]) return needRef('proposal revoke');
      const r = await uc.sending.revoke(actor(c), c.args.positional[0]);
      return r.ok ? [{ ...proposalCard(r.value), title: `Revoked ${reference(r.value)}` }] : refused('Not revoked', r.error);
    },
  },
  {
    verb: 'proposal accept-internally', usage: 'proposal accept-internally P-12 [tier=NAME] [addons="A,B"] [signer="Jane Client"]',
    summary: "Record acceptance on the client's behalf (shown as internally accepted).", group,
    async run(c) {
      if (!c.args.positional[0]) return needRef('proposal accept-internally');
      const r = await uc.acceptInternally(actor(c), c.args.positional[0], c.args.named);
      return r.ok ? [{ ...acceptedCard(r.value.proposal, r.value.schedules), visibility: 'private' }] : refused('Not accepted', r.error);
    },
  },
  {
    verb: 'proposal clone', usage: 'proposal clone P-12', summary: 'Copy any proposal into a new draft.', group,
    async run(c) {
      if (!c.args.positional[0]) return needRef('proposal clone');
      const r = await uc.drafting.clone(actor(c), c.args.positional[0]);
      return r.ok ? [{ ...proposalCard(r.value), title: `${reference(r.value)} is a new draft copied from ${c.args.positional[0]}` }] : refused('Not cloned', r.error);
    },
  },
  {
    verb: 'proposal save-as-template', usage: 'proposal save-as-template P-12 name="Monthly bookkeeping"', summary: 'Save a proposal as a template for the firm.', group,
    async run(c) {
      if (!c.args.positional[0]) return needRef('proposal save-as-template');
      const r = await uc.drafting.saveAsTemplate(actor(c), c.args.positional[0], c.args.named.name ?? rest(c.args, 1));
      return r.ok ? [card(`Saved template "${r.value.name}"`, { tone: 'success', text: `Use it with \`proposal new CLIENT template=${r.value.key}\`.` })] : refused('Template not saved', r.error);
    },
  },
  {
    verb: 'proposal templates', usage: 'proposal templates', summary: 'List proposal templates, built-in and your own.', group, audited: false,
    async run(c) {
      const list = await uc.drafting.templates(actor(c));
      return [card('Proposal templates', { rows: list.map((t) => ({ title: t.name, text: `template=${t.key} · ${plural(t.content.tiers.length, 'option')}${t.perEmployee ? ' · priced per active employee' : ''}` })) })];
    },
  },
  {
    verb: 'proposal schedules', usage: 'proposal schedules P-12', summary: 'Billing schedules created when a proposal was accepted.', group, audited: false,
    async run(c) {
      if (!c.args.positional[0]) return needRef('proposal schedules');
      const r = await uc.schedules.forProposal(actor(c), c.args.positional[0]);
      if (!r.ok) return refused('Not found', r.error);
      const { proposal, schedules } = r.value;
      if (!schedules.length) return [card(`${reference(proposal)} has no billing schedules`, { text: proposal.status === 'accepted' ? 'Everything on it is included at no charge.' : `It is ${proposal.status}; schedules are created when it is accepted.` })];
      return [card(`Billing schedules for ${reference(proposal)} · ${proposal.clientName}`, { rows: schedules.map((s) => scheduleRow(s, proposal.currency)) })];
    },
  },
  ...smartBillingCommands(uc),
];
