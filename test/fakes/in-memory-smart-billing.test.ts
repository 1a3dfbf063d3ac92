import { smartBillingStoreContract } from '../contracts/smart-billing-store.contract.js';
import { InMemoryBillingScheduleStore, InMemorySmartBillingStore } from './in-memory-proposals.js';

smartBillingStoreContract('the in-memory fakes', async () => ({ smartBillings: new InMemorySmartBillingStore(), schedules: new InMemoryBillingScheduleStore() }));
