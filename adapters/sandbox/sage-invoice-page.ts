/**
 * The sandbox's stand-in for an invoice's page in Sage Accounting: where the `links` web URL of a
 * sales invoice leads, so a person following it from a card sees what the bot created.
 */
import type { FastifyInstance } from 'fastify';
import { formatMoney, money } from '../../domain/shared/money.js';
import { invoiceNumber, type SageBook, type SageInvoiceRecord } from './sage-data.js';
import { escapeHtml as escape, sandboxPage as page } from './sage-html.js';
import { contactDisplay } from './sage-payloads.js';

export const invoicePage = (inv: SageInvoiceRecord, book: SageBook): string => {
  const cash = (pence: number) => escape(formatMoney(money(pence, book.business.currency)));
  const rate = (id: string) => book.taxRates.find((t) => t.id === id);
  const rows = inv.lines.map((l) => `<tr><td>${escape(l.description)}</td><td class="n">${l.quantity}</td><td class="n">${l.unitPrice}</td>`
    + `<td class="n">${cash(l.net)}</td><td>${escape(rate(l.taxRateId)?.name ?? l.taxRateId)}</td><td class="n">${cash(l.tax)}</td></tr>`).join('');
  const number = invoiceNumber(inv);
  const contact = contactDisplay({ name: inv.contactName, reference: inv.contactReference });
  return page(`${number} · ${book.business.name}`, `<h1>Sales invoice ${escape(number)}</h1>
<p>${escape(book.business.name)}</p>
<dl><dt>Customer</dt><dd>${escape(contact)}</dd><dt>Date</dt><dd>${inv.date}</dd><dt>Due</dt><dd>${inv.dueDate}</dd>
<dt>Reference</dt><dd>${escape(inv.reference ?? '—')}</dd><dt>Status</dt><dd>Unpaid${inv.sent ? ', sent' : ''}</dd>
${inv.notes ? `<dt>Notes</dt><dd>${escape(inv.notes)}</dd>` : ''}</dl>
<table><thead><tr><th>Description</th><th class="n">Qty</th><th class="n">Unit price</th><th class="n">Net</th><th>VAT rate</th><th class="n">VAT</th></tr></thead>
<tbody>${rows}</tbody></table>
<p>Net ${cash(inv.net)} · VAT ${cash(inv.tax)} · <strong>Total ${cash(inv.total)}</strong></p>`);
};

export function registerSageInvoicePage(app: FastifyInstance, books: () => SageBook[]): void {
  app.get<{ Params: { id: string } }>('/app/invoices/:id', async (req, reply) => {
    for (const book of books()) {
      const inv = book.data.invoices.find((i) => i.id === req.params.id);
      if (inv) return reply.type('text/html; charset=utf-8').send(invoicePage(inv, book));
    }
    return reply.code(404).type('text/html; charset=utf-8').send(page('Not found', '<h1>No such invoice</h1><p>This sandbox has no invoice with that id.</p>'));
  });
}
