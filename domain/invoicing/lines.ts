import type { BillingSchedule, ScheduleId } from '../billing/schedule.js';
import type { HeadcountEvidence, SmartBillingAnswer } from '../billing/smart-billing.js';
import { priceLine, unpriceable, type Amounts, type PricedLine } from '../proposals/pricing.js';
import type { Offering, PriceType, TaxMode } from '../proposals/service.js';
import type { CalendarDate } from '../shared/calendar.js';
import { err, ok, type Result } from '../shared/result.js';
import { plainDescription } from './description.js';
import type { InvoiceLine, LineHold } from './invoice.js';

/** A person's figure for a line: a count or hours (`quantity`), or the line's whole amount as prices are entered (`amount`, minor units). */
export type Figure = { readonly quantity?: number; readonly amount?: number };

/** What a line is priced from: the offering as accepted (or as in the library), and the charge it settles. */
export type LineBasis = {
  readonly scheduleId: ScheduleId | null;
  readonly period: CalendarDate | 'once';
  readonly offering: PricedLine;
  readonly description: string;
};

/** An amount as the firm enters prices: before tax for exclusive prices, including it for inclusive ones. */
export const enteredAmount = (a: Amounts, mode: TaxMode): number => (mode === 'inclusive' ? a.gross : a.net);

/** The figure a ledger shows per unit. A range has none until confirmed; its held line shows the low end. */
const unitPriceOf = (p: PriceType): number => {
  switch (p.kind) {
    case 'fixed': return p.amount;
    case 'per-unit': return p.unitPrice;
    case 'hourly': return p.hourlyRate;
    case 'range': return p.min;
  }
};

/**
 * A line priced by THE ROUNDING RULE (priceLine), at the offering's quantity unless a figure replaces
 * it. A confirmed amount bills the line as one fixed amount. The amounts are what is billed: a per-unit
 * minimum can make them more than unit price × quantity, and a held range shows its low end (its hold
 * carries both ends).
 */
export const pricedLine = (b: LineBasis, figure: Figure = {}, extra: { headcount?: HeadcountEvidence; hold?: LineHold } = {}): InvoiceLine => {
  const offering: PricedLine = figure.amount !== undefined
    ? { ...b.offering, price: { kind: 'fixed', amount: figure.amount }, quantity: 1 }
    : { ...b.offering, quantity: figure.quantity ?? b.offering.quantity };
  return {
    scheduleId: b.scheduleId, period: b.period, name: offering.name, description: b.description, quantity: offering.quantity,
    unitPrice: unitPriceOf(offering.price), amounts: priceLine(offering).low, taxRate: offering.taxRate,
    ...(offering.ledgerAccount ? { ledgerAccount: offering.ledgerAccount } : {}), ...extra,
  };
};

/** Why a person's figure can't be billed (a negative count, a fraction of a penny), or null. */
export const figureError = (offering: PricedLine, f: Figure): string | null => {
  if (f.amount !== undefined && !(Number.isSafeInteger(f.amount) && f.amount >= 0)) return 'an amount is a whole number of minor units, 0 or more';
  return f.quantity === undefined ? null : unpriceable({ ...offering, quantity: f.quantity });
};

const descriptionOf = (o: Offering, include: boolean): string => (include ? plainDescription(o.description).text : '');

/**
 * The line a schedule bills for one period. An hourly or range line waits for a person to confirm the
 * figure; a Smart Billing answer bills Gusto's count, or waits for approval with the count it would
 * bill (else what was billed last, else the accepted quantity) as the placeholder; otherwise the
 * accepted quantity is billed. Pass no answer when Smart Billing is off for the line.
 */
export const scheduleLine = (s: BillingSchedule, period: CalendarDate | 'once', answer: SmartBillingAnswer | null, includeDescription: boolean): InvoiceLine => {
  const basis: LineBasis = { scheduleId: s.id, period, offering: s.line, description: descriptionOf(s.line, includeDescription) };
  if (s.needsConfirmation) {
    return pricedLine(basis, {}, { hold: { kind: 'confirm-amount', low: enteredAmount(s.amount.low, s.line.taxMode), high: enteredAmount(s.amount.high, s.line.taxMode) } });
  }
  if (answer?.kind === 'bill') return pricedLine(basis, { quantity: answer.quantity }, { headcount: answer.evidence });
  if (answer?.kind === 'hold') {
    const { kind: _kind, ...why } = answer;
    return pricedLine(basis, { quantity: answer.suggested ?? answer.lastBilled?.quantity ?? s.line.quantity }, { hold: { kind: 'headcount', ...why } });
  }
  return pricedLine(basis);
};

export type InstantLineError =
  | { readonly kind: 'included-service'; readonly service: string }
  | { readonly kind: 'price-needed'; readonly service: string; readonly low: number; readonly high: number }
  | { readonly kind: 'invalid-figure'; readonly line: string; readonly reason: string };

/** A typed price replaces the service's main figure; a range becomes that one amount. */
const withPrice = (p: PriceType, price: number): PriceType => {
  switch (p.kind) {
    case 'fixed': return { ...p, amount: price };
    case 'per-unit': return { ...p, unitPrice: price };
    case 'hourly': return { ...p, hourlyRate: price };
    case 'range': return { kind: 'fixed', amount: price };
  }
};

/**
 * An instant bill's line from a library service: its quantity (1 unless given) at its price (or the
 * one typed, entered the same way). A range has no single price, so it needs one typed.
 */
export const instantLine = (service: Offering, typed: { quantity?: number; price?: number }, includeDescription: boolean): Result<InvoiceLine, InstantLineError> => {
  if (service.included) return err({ kind: 'included-service', service: service.name });
  const offering: PricedLine = { ...service, quantity: 1, ...(typed.price !== undefined ? { price: withPrice(service.price, typed.price) } : {}) };
  const reason = figureError(offering, { ...(typed.quantity !== undefined ? { quantity: typed.quantity } : {}), ...(typed.price !== undefined ? { amount: typed.price } : {}) });
  if (reason) return err({ kind: 'invalid-figure', line: service.name, reason });
  const priced = { ...offering, quantity: typed.quantity ?? 1 };
  const span = priceLine(priced);
  if (span.low.gross !== span.high.gross) {
    return err({ kind: 'price-needed', service: service.name, low: enteredAmount(span.low, service.taxMode), high: enteredAmount(span.high, service.taxMode) });
  }
  return ok(pricedLine({ scheduleId: null, period: 'once', offering: priced, description: descriptionOf(service, includeDescription) }));
};
