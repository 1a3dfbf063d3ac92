import { invoiceStoreContract } from '../contracts/invoice-store.contract.js';
import { InMemoryInvoiceStore } from './in-memory-invoices.js';

invoiceStoreContract('the in-memory fake', async () => {
  const store = new InMemoryInvoiceStore();
  return { store, transaction: store.transaction() };
});
