import type { ScheduleId } from '../../domain/billing/schedule.js';
import type { HeadcountEvidence, LastBilled } from '../../domain/billing/smart-billing.js';
import type { Invoice, InvoiceId, InvoiceKind, InvoiceLine, InvoiceStatus, LineHold } from '../../domain/invoicing/invoice.js';
import type { Amounts } from '../../domain/proposals/pricing.js';
import type { ProposalId } from '../../domain/proposals/proposal.js';
import type { TaxRate } from '../../domain/proposals/tax.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import type { InvoiceLineRow, InvoiceRow } from './entities/invoice.entity.js';

type Json = Record<string, unknown>;
type LinePrice = { quantity: number; unitPrice: number; amounts: Amounts; taxRate: TaxRate };

/** Dates inside JSON are stored as ISO text and come back as strings: these carry an `at` across. */
const atToText = <T extends { at: Date }>(x: T): Json => ({ ...x, at: x.at.toISOString() });
const atToDate = <T extends { at: Date }>(json: unknown): T => {
  const x = json as Json;
  return { ...x, at: new Date(x.at as string) } as T;
};

const holdToJson = (h: LineHold): Json => {
  if (h.kind === 'confirm-amount') return { ...h };
  return {
    ...h, ...(h.lastBilled ? { lastBilled: atToText(h.lastBilled) } : {}), ...(h.evidence ? { evidence: atToText(h.evidence) } : {}),
  };
};

const holdOf = (json: Json): LineHold => {
  const h = json as LineHold;
  if (h.kind === 'confirm-amount') return h;
  return {
    ...h, ...(h.lastBilled ? { lastBilled: atToDate<LastBilled>(h.lastBilled) } : {}), ...(h.evidence ? { evidence: atToDate<HeadcountEvidence>(h.evidence) } : {}),
  };
};

export const invoiceToRow = (i: Invoice): InvoiceRow => ({
  id: i.id, practiceId: i.practiceId, clientId: i.clientId, number: i.number, status: i.status, kind: i.kind,
  proposalId: i.proposal?.id ?? null, proposalNumber: i.proposal?.number ?? null, issueDate: i.issueDate, dueDate: i.dueDate,
  currency: i.currency, net: i.totals.net, vat: i.totals.vat, gross: i.totals.gross, createdAt: i.createdAt, issuedAt: i.issuedAt,
  ledger: i.ledger ? { ...i.ledger } : null,
});

export const lineToRow = (i: Invoice, l: InvoiceLine, position: number): InvoiceLineRow => {
  const price: LinePrice = { quantity: l.quantity, unitPrice: l.unitPrice, amounts: { ...l.amounts }, taxRate: { ...l.taxRate } };
  return {
    invoiceId: i.id, position, practiceId: i.practiceId, scheduleId: l.scheduleId, period: l.period, name: l.name,
    description: l.description, ledgerAccount: l.ledgerAccount ?? null, price,
    headcount: l.headcount ? atToText(l.headcount) : null, hold: l.hold ? holdToJson(l.hold) : null,
  };
};

const lineOf = (r: InvoiceLineRow): InvoiceLine => {
  const { quantity, unitPrice, amounts, taxRate } = r.price as LinePrice;
  return {
    scheduleId: r.scheduleId as ScheduleId | null, period: r.period, name: r.name, description: r.description,
    quantity, unitPrice, amounts, taxRate,
    ...(typeof r.ledgerAccount === 'string' ? { ledgerAccount: r.ledgerAccount } : {}),
    ...(r.headcount ? { headcount: atToDate<HeadcountEvidence>(r.headcount) } : {}),
    ...(r.hold ? { hold: holdOf(r.hold) } : {}),
  };
};

/** Rebuilds an invoice from its row and its line rows (in position order). */
export const invoiceToDomain = (r: InvoiceRow, lines: readonly InvoiceLineRow[]): Invoice => ({
  id: r.id as InvoiceId, practiceId: r.practiceId as PracticeId, clientId: r.clientId as ClientId, number: r.number ?? null,
  status: r.status as InvoiceStatus, kind: r.kind as InvoiceKind,
  proposal: typeof r.proposalId === 'string' ? { id: r.proposalId as ProposalId, number: r.proposalNumber! } : null,
  issueDate: r.issueDate, dueDate: r.dueDate, currency: r.currency, lines: lines.map(lineOf),
  totals: { net: r.net, vat: r.vat, gross: r.gross }, createdAt: r.createdAt, issuedAt: r.issuedAt ?? null,
  ledger: r.ledger ? (r.ledger as unknown as Invoice['ledger']) : null,
});
