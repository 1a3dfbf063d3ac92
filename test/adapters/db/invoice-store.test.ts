import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceId } from '../../../domain/invoicing/invoice.js';
import { asId } from '../../../domain/shared/ids.js';
import { MikroOrmInvoiceStore } from '../../../adapters/db/invoice-store.js';
import { mikroOrmUnitOfWork } from '../../../adapters/db/unit-of-work.js';
import { invoice } from '../../builders/invoices.js';
import { invoiceStoreContract } from '../../contracts/invoice-store.contract.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';
import { latch, sleep } from '../../support/latch.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

/** Each transaction forks its own entity manager, so two of them run on two connections. */
async function openStore() {
  await db.orm.em.getConnection().execute('truncate invoice, invoice_line, invoice_sequence');
  return {
    store: new MikroOrmInvoiceStore(db.em()),
    transaction: mikroOrmUnitOfWork(db.em(), (tx) => new MikroOrmInvoiceStore(tx)),
  };
}

invoiceStoreContract(`the MikroORM store on ${databaseKind()} PostgreSQL`, openStore);

describe('invoices on PostgreSQL', () => {
  it('gives a charge to the transaction waiting on it when the one holding it fails', async () => {
    const { store, transaction } = await openStore();
    const firstWrote = latch();

    const first = transaction.run(async (tx) => {
      await tx.insert(invoice({ id: 'i1' as InvoiceId }));
      firstWrote.open();
      await sleep(50);
      throw new Error('the first run crashed');
    });
    const second = transaction.run(async (tx) => { await firstWrote.opened; return tx.insert(invoice({ id: 'i2' as InvoiceId })); });

    await expect(first).rejects.toThrow('the first run crashed');
    expect(await second).toBe(true);
    expect((await store.list(asId('pr1'))).map((i) => i.id)).toEqual(['i2']);
  });
});
