import { countedQuantities, recordLastBilled } from '../../domain/invoicing/schedule-effects.js';
import type { Invoice, InvoiceLine } from '../../domain/invoicing/invoice.js';
import { invoiceNumberText } from '../../domain/invoicing/invoice.js';
import { newOutboxEntry } from '../../domain/outbox/entry.js';
import type { AuditedBy } from '../../domain/practice/audit.js';
import type { Actor } from '../actor.js';
import type { InvoiceRunDeps, InvoiceStores } from './deps.js';

/**
 * Thrown inside a unit of work to roll it back when another run or person got to the invoice first:
 * the number it took goes back, so numbers keep no gaps. Caught by `unlessSuperseded`, never further.
 */
class Superseded extends Error {}
export const supersede = (): never => { throw new Superseded('superseded'); };

/** Runs the work, or answers 'superseded' when it rolled itself back with `supersede`. */
export const unlessSuperseded = async <T>(work: () => Promise<T>): Promise<T | 'superseded'> => {
  try {
    return await work();
  } catch (e) {
    if (e instanceof Superseded) return 'superseded';
    throw e;
  }
};

/**
 * Each Smart Billing schedule records the quantity it billed (or a person confirmed): the next
 * count's point of comparison. `before` are the lines as stored before this step.
 */
export const recordCounts = async (tx: InvoiceStores, invoice: Invoice, before: readonly InvoiceLine[], at: Date): Promise<void> => {
  for (const { scheduleId, quantity } of countedQuantities(before, invoice.lines)) {
    const s = await tx.schedules.get(invoice.practiceId, scheduleId);
    if (s) await tx.schedules.saveMany([recordLastBilled(s, quantity, at)]);
  }
};

/** Queues the writes that deploy an issued invoice. */
export const queueDeployments = async (d: InvoiceRunDeps, tx: InvoiceStores, invoice: Invoice, at: Date): Promise<void> => {
  for (const w of await d.deploymentsFor(invoice)) await tx.outbox.enqueue(newOutboxEntry(w, d.ids.next(), at));
};

/** A person acting from chat, as the audit log names them. */
export const byActor = (a: Actor): AuditedBy => ({ actor: a.user.displayName, chat: a.user.identities[0]?.platform ?? 'system' });

/** The audit line of an invoice's step, naming it by number once it has one. */
export const auditInvoice = (tx: InvoiceStores, by: AuditedBy, action: string, invoice: Invoice, at: Date, detail: Record<string, unknown> = {}): Promise<void> =>
  tx.audit.record({
    practiceId: invoice.practiceId, at, ...by, action, subject: invoice.number === null ? `held invoice ${invoice.id}` : invoiceNumberText(invoice.number),
    detail: { invoiceId: invoice.id, kind: invoice.kind, clientId: invoice.clientId, gross: invoice.totals.gross, ...(invoice.proposal ? { proposal: invoice.proposal.number } : {}), ...detail },
  });
