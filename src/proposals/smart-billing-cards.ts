import type { ProposalLine } from '../../domain/proposals/content.js';
import { reference, type Proposal } from '../../domain/proposals/proposal.js';
import type { GustoCompany, SmartBillingError, SmartBillingSetting } from '../../domain/proposals/smart-billing.js';
import { card, errorCard, type Button, type Card, type Row } from '../cards.js';
import { describePrice } from './cards.js';

const q = (s: string) => `"${s.replace(/"/g, "'")}"`;
export const smartBillingCommand = (p: Proposal, service: string, value: string) =>
  `proposal smart-billing ${reference(p)} ${q(service)} company=${value === 'later' || value === 'off' ? value : q(value)}`;

export const stateOf = (s: SmartBillingSetting | undefined): string =>
  !s ? 'off' : s.status === 'pending' ? 'waiting for Gusto ("I\'ll add it later")' : `on, counting ${s.company.name}`;

/** The proposal card's Smart Billing row: each per-unit service and whether it bills Gusto's count. */
export const summaryRow = (p: Proposal, lines: readonly ProposalLine[], settings: readonly SmartBillingSetting[]): Row => ({
  title: 'Smart Billing (Labs)',
  text: [...new Set(lines.map((l) => l.name))].map((name) => `• ${name}: ${stateOf(settings.find((s) => s.serviceName === name))}`).join('\n'),
  buttons: [{ label: 'Smart Billing', command: `proposal smart-billing ${reference(p)}` }],
});

export const labsOffCard = (): Card => card('Smart Billing is switched off for your practice', {
  tone: 'warning',
  text: 'Smart Billing is a Labs feature: once it is on, a per-employee service bills the active employee count Gusto reports each time an invoice is made, instead of the number typed into the proposal.\n'
    + 'An admin turns it on with `/ignition labs smart-billing on`; then come back to this proposal and choose the Gusto company.',
  buttons: [{ label: 'Turn on Smart Billing (admins)', command: 'labs smart-billing on', style: 'primary' }],
});

/** The choices for one service: the client's company first, other connected companies, later, off. */
export const choiceButtons = (p: Proposal, service: string, companies: readonly GustoCompany[], current?: SmartBillingSetting): Button[] => [
  ...companies.slice(0, 3).map((c, i) => ({ label: `Use ${c.name}`, command: smartBillingCommand(p, service, c.name), ...(i === 0 ? { style: 'primary' as const } : {}) })),
  ...(current?.status === 'pending' ? [] : [{ label: "I'll add it later", command: smartBillingCommand(p, service, 'later') }]),
  ...(current ? [{ label: 'Turn off', command: smartBillingCommand(p, service, 'off'), style: 'danger' as const }] : []),
];

/** Every per-unit service of a proposal with its Smart Billing state and the buttons to change it. */
export const panelCard = (
  p: Proposal, lines: readonly ProposalLine[], settings: readonly SmartBillingSetting[], linked: GustoCompany | null, companies: readonly GustoCompany[],
  disconnected = false,
): Card => {
  const byName = new Map(lines.map((l) => [l.name, l]));
  const rows: Row[] = [...byName.values()].map((l) => {
    const current = settings.find((s) => s.lineId === l.id) ?? settings.find((s) => s.serviceName === l.name);
    return { title: `${l.name}: ${stateOf(current)}`, text: `${describePrice(l.price, p.currency)} × ${l.quantity} on the proposal`, buttons: choiceButtons(p, l.name, companies, current) };
  });
  const where = linked
    ? `${p.clientName} is linked to the Gusto company ${linked.name}.`
    : disconnected
      ? `${p.clientName}'s Gusto company was disconnected, so its count can't be read. An admin can connect it again with \`connect gusto\`; until then, choose "I'll add it later" and I'll ask again once it is back.`
      : companies.length
      ? `${p.clientName} is not linked to a Gusto company yet. Pick one of the connected companies, or "I'll add it later" and I'll ask again once their Gusto is connected.`
      : `No Gusto company is connected yet. Choose "I'll add it later" and I'll ask again once ${p.clientName}'s Gusto is connected.`;
  return card(`Smart Billing on ${reference(p)} · ${p.clientName}`, {
    text: `With Smart Billing on, each invoice for a service bills the active employee count Gusto reports at that moment, instead of the quantity written here. ${where}`,
    rows,
    buttons: [{ label: 'Show proposal', command: `proposal show ${reference(p)}` }, ...(companies.length && !disconnected ? [] : [{ label: 'Connect Gusto', command: 'connect gusto' }])],
  });
};

export const nothingEligibleCard = (p: Proposal): Card => card(`Nothing on ${reference(p)} can use Smart Billing`, {
  tone: 'warning',
  text: 'Smart Billing works for services priced per unit, such as per active employee, that are invoiced (not included). Add one with `proposal add SERVICE`, or give a service a per-unit price with `service edit`.',
  buttons: [{ label: 'Show proposal', command: `proposal show ${reference(p)}` }],
});

/** What the choice means for the next invoice, and what to do next. */
export const chosenCard = (p: Proposal, line: ProposalLine, saved: SmartBillingSetting | null, linked: GustoCompany | null): Card => {
  const ref = reference(p);
  const back: Button = { label: 'Show proposal', command: `proposal show ${ref}` };
  const scheduleNote = p.status === 'accepted' ? ' Its billing schedule is updated too.' : '';
  if (!saved) {
    return card(`Smart Billing is off for ${line.name} (${ref})`, {
      tone: 'success', text: `Invoices bill the quantity on the proposal: ${line.quantity}.${scheduleNote}`,
      buttons: [back, { label: 'Smart Billing options', command: `proposal smart-billing ${ref}` }],
    });
  }
  if (saved.status === 'pending') {
    return card(`Smart Billing for ${line.name} will wait for Gusto (${ref})`, {
      tone: 'success',
      text: `Until a company is chosen, invoices bill the quantity on the proposal (${line.quantity}). When ${p.clientName}'s Gusto company is connected I'll post a card offering to turn Smart Billing on.${scheduleNote}`,
      buttons: [{ label: 'Connect Gusto', command: 'connect gusto' }, back],
    });
  }
  const other = linked && linked.externalId !== saved.company.externalId;
  return card(`Smart Billing is on for ${line.name} (${ref})`, {
    tone: other ? 'warning' : 'success',
    text: `Each invoice for ${line.name} will bill the active employees Gusto reports for ${saved.company.name} at that time, instead of the ${line.quantity} on the proposal. If Gusto can't be reached, or the count moved a lot since the last bill, the invoice waits for your approval.${scheduleNote}`
      + (other ? `\nNote: ${p.clientName} is linked to ${linked.name}; these invoices count ${saved.company.name}, as chosen here.` : '')
      + (!linked ? `\nNote: ${p.clientName} is not linked to a Gusto company; these invoices count ${saved.company.name}, as chosen here.` : ''),
    buttons: [{ label: 'Preview the next bill', command: `smart-billing preview ${q(p.clientName)}` }, back,
      { label: 'Turn off', command: smartBillingCommand(p, line.name, 'off'), style: 'danger' }],
  });
};

/** Posted when the client's Gusto company is linked and services were kept "for later". */
export const reofferCard = (p: Proposal, services: readonly string[], company: GustoCompany): Card => card(
  `Turn on Smart Billing for ${p.clientName}?`, {
    text: `${p.clientName}'s Gusto company ${company.name} is now connected. On ${reference(p)} you chose "I'll add it later" for ${services.join(', ')}. `
      + 'Turn Smart Billing on and each invoice bills the active employee count Gusto reports at the time.',
    rows: services.map((s) => ({ title: s, buttons: [
      { label: `Enable with ${company.name}`, command: smartBillingCommand(p, s, company.name), style: 'primary' as const },
      { label: 'Not for this service', command: smartBillingCommand(p, s, 'off') },
    ] })),
    buttons: [{ label: 'Show proposal', command: `proposal show ${reference(p)}` }],
    footer: 'Until you choose, invoices bill the quantity written on the proposal.',
  });

export const smartBillingErrorCard = (e: SmartBillingError, p: Proposal): Card => {
  switch (e.kind) {
    case 'closed': return errorCard('Smart Billing not changed', `${reference(p)} is ${e.status}, so nothing of it will be billed.`);
    case 'not-eligible': return errorCard('Smart Billing not changed', `${e.service} can't use Smart Billing: ${e.reason}.`, [{ label: 'Smart Billing options', command: `proposal smart-billing ${reference(p)}` }]);
    case 'unknown-company': return errorCard(`No connected Gusto company called "${e.name}"`,
      e.known.length ? `Choose one of: ${e.known.join(', ')}. Or use company=later.` : 'No Gusto company is connected. Connect one with `/ignition connect gusto`, or use company=later.',
      [{ label: 'Smart Billing options', command: `proposal smart-billing ${reference(p)}` }]);
  }
};
