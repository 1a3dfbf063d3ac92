import { priceLine, type PricedLine } from '../proposals/pricing.js';
import { err, ok, type Result } from '../shared/result.js';
import { withLines } from './build.js';
import type { Invoice, InvoiceLine, InvoiceStatus } from './invoice.js';
import { enteredAmount, figureError, pricedLine, type Figure, type LineBasis } from './lines.js';

/** A person's figure, and which line it is for (its 1-based position on the invoice) when several wait. */
export type Approval = Figure & { readonly line?: number };

export type HeldLineRef = { readonly position: number; readonly name: string };

export type InvoiceActionError =
  | { readonly kind: 'not-held'; readonly status: InvoiceStatus; readonly number: number | null }
  | { readonly kind: 'no-such-line'; readonly line: number; readonly held: readonly HeldLineRef[] }
  | { readonly kind: 'which-line'; readonly held: readonly HeldLineRef[] }
  /** Gusto gave no count (it could not be reached, the client is not linked): a person must say how many. */
  | { readonly kind: 'quantity-needed'; readonly line: string }
  /** A range has two ends: a person must say the amount. `low` and `high` are as prices are entered. */
  | { readonly kind: 'amount-needed'; readonly line: string; readonly low: number; readonly high: number }
  | { readonly kind: 'invalid-figure'; readonly line: string; readonly reason: string };

export const heldLines = (inv: Invoice): HeldLineRef[] => inv.lines.flatMap((l, i) => (l.hold ? [{ position: i + 1, name: l.name }] : []));

const confirmLine = (l: InvoiceLine, offering: PricedLine, f: Figure): Result<InvoiceLine, InvoiceActionError> => {
  const reason = figureError(offering, f);
  if (reason) return err({ kind: 'invalid-figure', line: l.name, reason });
  const basis: LineBasis = { scheduleId: l.scheduleId, period: l.period, offering, description: l.description };
  if (f.amount !== undefined) return ok(pricedLine(basis, { amount: f.amount }));
  const hold = l.hold!;
  if (hold.kind === 'headcount') {
    const quantity = f.quantity ?? hold.suggested;
    if (quantity === undefined) return err({ kind: 'quantity-needed', line: l.name });
    // Gusto's reading stays the evidence only for the count it gave; a person's own count has none.
    return ok(pricedLine(basis, { quantity }, hold.evidence?.count === quantity ? { headcount: hold.evidence } : {}));
  }
  const quantity = f.quantity ?? offering.quantity;
  const span = priceLine({ ...offering, quantity });
  if (span.low.gross !== span.high.gross) {
    return err({ kind: 'amount-needed', line: l.name, low: enteredAmount(span.low, offering.taxMode), high: enteredAmount(span.high, offering.taxMode) });
  }
  return ok(pricedLine(basis, { quantity }));
};

/**
 * Confirms a held invoice's waiting lines with a person's figure: no figure confirms Gusto's count or
 * a single-figure estimate; a quantity applies to every waiting line (or the one named), an amount to
 * one line only. The result may still be held when other lines wait; `offeringOf` gives each line's
 * offering (its schedule's accepted line), which is repriced by THE ROUNDING RULE.
 */
export const confirmHeld = (inv: Invoice, a: Approval, offeringOf: (line: InvoiceLine) => PricedLine): Result<Invoice, InvoiceActionError> => {
  if (inv.status !== 'held') return err({ kind: 'not-held', status: inv.status, number: inv.number });
  const held = heldLines(inv);
  if (a.line !== undefined && !held.some((h) => h.position === a.line)) return err({ kind: 'no-such-line', line: a.line, held });
  const targets = a.line !== undefined ? [a.line] : held.map((h) => h.position);
  if (a.amount !== undefined && targets.length > 1) return err({ kind: 'which-line', held });
  const lines = [...inv.lines];
  for (const position of targets) {
    const line = lines[position - 1]!;
    const confirmed = confirmLine(line, offeringOf(line), a);
    if (!confirmed.ok) return confirmed;
    lines[position - 1] = confirmed.value;
  }
  return ok(withLines(inv, lines));
};

/** Skipping bills nothing for the period, and keeps the invoice so the reconciler never bills it again. */
export const skipHeld = (inv: Invoice): Result<Invoice, InvoiceActionError> =>
  inv.status === 'held' ? ok({ ...inv, status: 'skipped' }) : err({ kind: 'not-held', status: inv.status, number: inv.number });
