import { proposalStoreContract } from '../contracts/proposal-store.contract.js';
import { InMemoryBillingScheduleStore, InMemoryProposalStore, InMemoryServiceStore, InMemoryTemplateStore } from './in-memory-proposals.js';

proposalStoreContract('the in-memory fakes', async () => ({
  proposals: new InMemoryProposalStore(), services: new InMemoryServiceStore(),
  templates: new InMemoryTemplateStore(), schedules: new InMemoryBillingScheduleStore(),
}));
