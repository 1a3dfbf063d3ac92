import type { BillingSchedule } from '../../domain/billing/schedule.js';
import { bySection, tierTotals, type ProposalLine } from '../../domain/proposals/content.js';
import { formatSpan, periodNoun, priceLine, type Span, type Totals } from '../../domain/proposals/pricing.js';
import { reference, type Accepted, type Declined, type Proposal, type Sent, type Viewed } from '../../domain/proposals/proposal.js';
import { describeBilling, type PriceType } from '../../domain/proposals/service.js';
import { describeTotals } from '../../domain/proposals/terms.js';
import { formatMoney, money } from '../../domain/shared/money.js';
import { plural } from '../../domain/shared/plural.js';
import { card, type Button, type Card, type Field, type Row } from '../cards.js';
import { clientChooserCard } from '../clients/cards.js';
import { quoteArg } from '../commands/command.js';
import type { ProposalError } from './errors.js';
import { proposalThread } from '../threads.js';

const m = (minor: number, currency: string) => formatMoney(money(minor, currency));
const day = (d: Date) => d.toISOString().slice(0, 10);

export const describePrice = (p: PriceType, currency: string): string => {
  switch (p.kind) {
    case 'fixed': return m(p.amount, currency);
    case 'per-unit': return `${m(p.unitPrice, currency)} per ${p.unitLabel}${p.minimum ? ` (minimum ${m(p.minimum, currency)})` : ''}`;
    case 'hourly': return `${m(p.hourlyRate, currency)} an hour (estimate)`;
    case 'range': return `${m(p.min, currency)}–${m(p.max, currency)} (estimate)`;
  }
};

const billingSuffix = (l: ProposalLine): string =>
  l.billing.kind === 'recurring' ? ` a ${periodNoun[l.billing.frequency]}` : l.billing.kind === 'on-completion' ? ' on completion' : ' upfront';

export const lineText = (l: ProposalLine, currency: string): string => {
  if (l.included) return `• ${l.name} — included`;
  const qty = l.quantity !== 1 || l.price.kind === 'per-unit' ? ` × ${l.quantity}` : '';
  return `• ${l.name}${qty} — ${formatSpan(priceLine(l), currency)}${billingSuffix(l)} incl. ${l.taxRate.name}`;
};

export const totalsText = (t: Totals, currency: string): string => describeTotals(t, currency);

const statusLine = (p: Proposal): string => {
  switch (p.status) {
    case 'draft': return 'Draft — not sent yet';
    case 'sent': return `Sent ${day(p.sentAt)}${p.sentTo ? ` to ${p.sentTo}` : ''} · not opened yet · expires ${day(p.expiresAt)}`;
    case 'viewed': return `Opened by the client ${day(p.viewedAt)} · expires ${day(p.expiresAt)}`;
    case 'accepted': return `Accepted ${day(p.acceptedAt)} by ${p.acceptance.evidence.signerName}${p.acceptance.evidence.method === 'internal' ? ` (accepted internally by ${p.acceptance.evidence.acceptedBy})` : ''}`;
    case 'declined': return `Declined ${day(p.declinedAt)}${p.declineReason ? `: "${p.declineReason}"` : ''}`;
    case 'expired': return `Expired ${day(p.expiredAt)}`;
    case 'revoked': return `Revoked ${day(p.revokedAt)} by ${p.revokedBy}`;
  }
};

const actions = (p: Proposal): Button[] => {
  const ref = reference(p);
  if (p.status === 'draft') return [{ label: 'Send', command: `proposal send ${ref}`, style: 'primary' }, { label: 'Clone', command: `proposal clone ${ref}` }];
  if (p.status === 'sent' || p.status === 'viewed') {
    return [{ label: 'Accept for the client', command: `proposal accept-internally ${ref}` }, { label: 'Revoke', command: `proposal revoke ${ref}`, style: 'danger' }];
  }
  if (p.status === 'accepted') return [{ label: 'Billing schedules', command: `proposal schedules ${ref}`, style: 'primary' }, { label: 'Clone', command: `proposal clone ${ref}` }];
  return [{ label: 'Clone into a new draft', command: `proposal clone ${ref}`, style: 'primary' }];
};

export const proposalCard = (p: Proposal): Card => {
  const c = p.content;
  const tierRows: Row[] = c.tiers.map((t) => ({
    title: `Option: ${t.name}`,
    text: [...bySection(t.lines).map(([s, ls]) => `*${s}*\n${ls.map((l) => lineText(l, p.currency)).join('\n')}`), `Total: ${totalsText(tierTotals(t), p.currency)}`].join('\n'),
  }));
  const addOnRow: Row[] = c.addOns.length ? [{ title: 'Optional add-ons', text: c.addOns.map((l) => lineText(l, p.currency)).join('\n') }] : [];
  const agreed: Row[] = p.status === 'accepted' ? [{
    title: `Agreed: ${p.acceptance.snapshot.tier.name}${p.acceptance.snapshot.addOns.length ? ` + ${p.acceptance.snapshot.addOns.map((a) => a.name).join(', ')}` : ''}`,
    text: totalsText(p.acceptance.snapshot.totals, p.currency),
  }] : [];
  return card(`${reference(p)} · ${p.clientName} — ${c.title}`, {
    tone: p.status === 'accepted' ? 'success' : p.status === 'declined' || p.status === 'expired' || p.status === 'revoked' ? 'warning' : 'info',
    text: statusLine(p) + (c.tiers.length ? '' : '\nNo services yet: add some with `proposal add SERVICE`.'),
    fields: [{ label: 'Valid for', value: `${plural(c.validDays, 'day')} after sending` }, { label: 'Options', value: c.tiers.length ? c.tiers.map((t) => t.name).join(', ') : 'none yet' }],
    rows: [...agreed, ...tierRows, ...addOnRow],
    buttons: actions(p),
  });
};

const spanFields = (t: Totals, currency: string): Field[] => [
  ...(t.oneOff.high.gross ? [{ label: 'Due now', value: formatSpan(t.oneOff, currency) }] : []),
  ...(t.onCompletion.high.gross ? [{ label: 'On completion', value: formatSpan(t.onCompletion, currency) }] : []),
  ...Object.entries(t.recurring).map(([f, s]) => ({ label: `Each ${periodNoun[f as keyof typeof periodNoun]}`, value: formatSpan(s as Span, currency) })),
];

/** The card a firm's channel gets when a client signs: what happened, what it's worth, what to do next. */
export const acceptedCard = (p: Accepted, schedules: readonly BillingSchedule[], viewUrl?: string): Card => {
  const s = p.acceptance.snapshot;
  const e = p.acceptance.evidence;
  const ref = reference(p);
  const pending = schedules.filter((x) => x.kind === 'on-completion' && x.status === 'pending');
  return card(`${s.clientName} accepted ${ref}: ${s.tier.name}`, {
    tone: 'success',
    text: `${e.method === 'client' ? `${e.signerName} signed` : `${e.acceptedBy} accepted on the client's behalf`} ${day(e.signedAt)}. ` +
      `${plural(schedules.length, 'billing schedule is', 'billing schedules are')} ready for invoicing` +
      (pending.length ? `; ${pending.length} will bill when you mark the work complete.` : '.'),
    fields: [
      { label: 'Client', value: s.clientName }, { label: 'Option', value: s.tier.name },
      ...(s.addOns.length ? [{ label: 'Add-ons', value: s.addOns.map((a) => a.name).join(', ') }] : []),
      ...spanFields(s.totals, s.currency),
      e.method === 'client' ? { label: 'Signed by', value: e.signerName } : { label: 'Accepted by', value: `${e.acceptedBy}, for ${e.signerName}` },
    ],
    buttons: [
      { label: 'View proposal', command: `proposal show ${ref}`, style: 'primary' },
      ...pending.slice(0, 3).map((x) => ({ label: `Mark "${x.line.name}" complete`, command: `service complete ${ref} "${x.line.name}"` })),
      { label: 'Billing schedules', command: `proposal schedules ${ref}` },
    ],
    ...(viewUrl ? { links: [{ label: 'Open the signed page', url: viewUrl }] } : {}),
    footer: `Evidence: ${e.method === 'client' ? `IP ${e.ip}, ` : ''}content SHA-256 ${e.contentSha256.slice(0, 16)}…`,
    visibility: 'channel',
    thread: proposalThread(p.id),
  });
};

/**
 * The first post of a proposal's thread, in the channel it was sent from. The client's link stays in
 * the sender's private reply: anyone holding it can sign.
 */
export const sentCard = (p: Sent, by: string): Card => card(`${reference(p)} went to ${p.clientName}`, {
  text: `${by} sent "${p.content.title}"${p.sentTo ? ` to ${p.sentTo}` : ''}; it expires ${day(p.expiresAt)}. ` +
    'Its story continues in this thread: when they open it, when they sign, when it is invoiced and when its job is made.',
  buttons: [{ label: 'View proposal', command: `proposal show ${reference(p)}` }, { label: 'New link', command: `proposal link ${reference(p)}` }],
  visibility: 'channel',
  thread: proposalThread(p.id),
});

export const viewedCard = (p: Viewed): Card => card(`${p.clientName} opened ${reference(p)}`, {
  text: `They are reading "${p.content.title}" now. It expires ${day(p.expiresAt)}.`,
  buttons: [{ label: 'View proposal', command: `proposal show ${reference(p)}` }],
  visibility: 'channel',
  thread: proposalThread(p.id),
});

export const declinedCard = (p: Declined): Card => card(`${p.clientName} declined ${reference(p)}`, {
  tone: 'warning',
  text: p.declineReason ? `Their reason: "${p.declineReason}"` : 'They gave no reason.',
  fields: [{ label: 'Proposal', value: p.content.title }],
  buttons: [{ label: 'Clone and revise', command: `proposal clone ${reference(p)}`, style: 'primary' }, { label: 'View proposal', command: `proposal show ${reference(p)}` }],
  visibility: 'channel',
  thread: proposalThread(p.id),
});

export const scheduleRow = (s: BillingSchedule, currency: string): Row => ({
  title: `${s.line.name} — ${formatSpan(s.amount, currency)}${s.needsConfirmation ? ' (estimate, confirm before billing)' : ''}`,
  text: (s.kind === 'upfront' ? `Upfront: ${s.status} on ${s.dueOn}`
    : s.kind === 'on-completion' ? (s.status === 'pending' ? 'On completion: waiting for the work to be marked complete' : `On completion: ${s.status}, completed ${s.completedOn}`)
    : `${describeBilling(s.line.billing)} · first bill ${s.startsOn} · ${s.status}`)
    + (s.smartBilling ? `\nSmart Billing: ${s.smartBilling.status === 'enabled' ? `bills ${s.smartBilling.companyName}'s active employees from Gusto` : 'waiting for a Gusto company'}` : ''),
});

/**
 * "Which client is NAME?" for a new proposal: the clients here it matches, the clients connected apps
 * offer for import (picking one imports it, saved and linked) and, only as a choice, a new client.
 */
export const proposalClientChooserCard = (e: Extract<ProposalError, { kind: 'choose-client' }>, template?: string): Card => {
  const t = template ? ` template=${quoteArg(template)}` : '';
  const base = clientChooserCard({
    name: e.name, matches: e.matches, doing: 'this proposal is for',
    use: (client) => `proposal new ${client.id}${t}`,
    ...(e.canCreate ? { create: `proposal new ${quoteArg(e.name)} new-client=yes${t}` } : {}),
  });
  if (!e.offered.length) return base;
  const offeredRows: Row[] = e.offered.map((o) => ({
    title: `${o.appName} customer ${o.name}`,
    text: [`Not a client here yet: choosing it adds it as a client, linked to ${o.appName}`, o.email, o.reference].filter(Boolean).join(' · '),
    buttons: [{ label: `Use ${o.appName} customer ${o.name}`, command: `proposal new ${quoteArg(o.name)} from=${quoteArg(`${o.provider}:${o.externalId}`)}${t}` }],
  }));
  const here = e.matches.length ? `${plural(e.matches.length, 'client')} you already have and ` : '';
  return {
    ...base,
    text: `"${e.name}" matches ${here}${plural(e.offered.length, `customer`)} in ${[...new Set(e.offered.map((o) => o.appName))].join(' and ')} not yet added here. ` +
      `Choose the one this proposal is for${e.canCreate ? `, or create a new client named "${e.name}"` : ''}. Nothing has been created yet.`,
    rows: [...(base.rows ?? []), ...offeredRows],
  };
};

