import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Totals are minor units in bigint columns; issue and due dates are ISO text (days in the practice's
 * zone, not instants). A held invoice has no number yet: PostgreSQL treats nulls as distinct, so the
 * unique key only binds numbered invoices.
 */
export const InvoiceRow = defineEntity({
  name: 'InvoiceRow',
  tableName: 'invoice',
  uniques: [{ properties: ['practiceId', 'number'] }],
  indexes: [{ properties: ['practiceId', 'createdAt'] }, { properties: ['practiceId', 'clientId'] }, { properties: ['practiceId', 'status'] }],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    clientId: p.text(),
    number: p.integer().nullable(),
    status: p.text(),
    kind: p.text(),
    proposalId: p.text().nullable(),
    proposalNumber: p.integer().nullable(),
    issueDate: p.text(),
    dueDate: p.text(),
    currency: p.text(),
    net: p.bigint('number'),
    vat: p.bigint('number'),
    gross: p.bigint('number'),
    createdAt: p.datetime().columnType('timestamptz'),
    issuedAt: p.datetime().columnType('timestamptz').nullable(),
    ledger: p.json<Record<string, unknown>>().nullable(),
  }),
});
export type InvoiceRow = InferEntity<typeof InvoiceRow>;

/**
 * One row per line. (practice, schedule, period) is the charge's unique key: it is what makes a line
 * for a charge exist at most once, whichever run, retry or process writes it. An instant bill's line
 * has no schedule, and its null never collides.
 */
export const InvoiceLineRow = defineEntity({
  name: 'InvoiceLineRow',
  tableName: 'invoice_line',
  uniques: [{ properties: ['practiceId', 'scheduleId', 'period'] }],
  properties: (p) => ({
    invoiceId: p.text().primary(),
    position: p.integer().primary(),
    practiceId: p.text(),
    scheduleId: p.text().nullable(),
    period: p.text(),
    name: p.text(),
    description: p.text(),
    ledgerAccount: p.text().nullable(),
    /** Quantity, unit price, amounts (minor units) and tax rate: read whole, never queried inside. */
    price: p.json<Record<string, unknown>>(),
    headcount: p.json<Record<string, unknown>>().nullable(),
    hold: p.json<Record<string, unknown>>().nullable(),
  }),
});
export type InvoiceLineRow = InferEntity<typeof InvoiceLineRow>;

/** The last invoice number each practice has drawn; its row lock serialises numbering. */
export const InvoiceSequenceRow = defineEntity({
  name: 'InvoiceSequenceRow',
  tableName: 'invoice_sequence',
  properties: (p) => ({
    practiceId: p.text().primary(),
    last: p.integer(),
  }),
});
export type InvoiceSequenceRow = InferEntity<typeof InvoiceSequenceRow>;
