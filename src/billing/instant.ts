import { buildInvoice } from '../../domain/invoicing/build.js';
import type { Invoice, InvoiceId } from '../../domain/invoicing/invoice.js';
import { instantLine } from '../../domain/invoicing/lines.js';
import type { ServiceId } from '../../domain/proposals/service.js';
import { calendarDateIn } from '../../domain/shared/calendar.js';
import type { ClientId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { Actor } from '../actor.js';
import type { InvoiceRunDeps } from './deps.js';
import type { InvoiceError } from './errors.js';
import { auditInvoice, byActor, queueDeployments } from './issuing.js';

/** An instant bill: a quantity (1 unless given) and a price (the service's unless given, minor units as prices are entered). */
export type InstantBill = { readonly clientId: ClientId; readonly serviceId: ServiceId; readonly quantity?: number; readonly price?: number };

export function createInstantBill(d: InvoiceRunDeps) {
  return {
    /** Bills one library service to a client at once: no schedule, no proposal, issued and numbered today. */
    async billInstantly(actor: Actor, bill: InstantBill): Promise<Result<Invoice, InvoiceError>> {
      const practice = actor.practice;
      const client = await d.clients.get(practice.id, bill.clientId);
      if (!client) return err({ kind: 'not-found', what: 'client', ref: bill.clientId });
      const service = await d.services.get(practice.id, bill.serviceId);
      if (!service || service.archived) return err({ kind: 'not-found', what: 'service', ref: bill.serviceId, ...(service ? { hint: `${service.name} is archived.` } : {}) });
      const settings = await d.settings(practice.id);
      const line = instantLine(service, { ...(bill.quantity !== undefined ? { quantity: bill.quantity } : {}), ...(bill.price !== undefined ? { price: bill.price } : {}) }, settings.includeDescriptions);
      if (!line.ok) return line;
      const now = d.clock.now();
      const input = {
        id: d.ids.next() as InvoiceId, practiceId: practice.id, clientId: client.id, kind: 'instant' as const, proposal: null,
        issueDate: calendarDateIn(now, practice.timeZone), terms: settings.terms, currency: service.currency, lines: [line.value], createdAt: now,
      };
      const invoice = await d.transaction.run(async (tx) => {
        const issued = buildInvoice(input, await tx.invoices.nextNumber(practice.id));
        // An instant line bills no schedule's charge, so nothing can already hold its key.
        if (!(await tx.invoices.insert(issued))) throw new Error(`instant invoice ${issued.id} was refused by the store`);
        await queueDeployments(d, tx, issued, now);
        await auditInvoice(tx, byActor(actor), 'invoice.instant', issued, now, { service: service.name });
        return issued;
      });
      await d.wakeOutbox();
      return ok(invoice);
    },
  };
}
