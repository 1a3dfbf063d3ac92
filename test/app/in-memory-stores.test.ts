import { practiceStoresContract } from '../contracts/practice-stores.contract.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemoryContactStore, InMemorySyncRunStore } from '../fakes/in-memory-clients.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../fakes/in-memory-practice.js';

practiceStoresContract('the in-memory fakes', async () => ({
  practices: new InMemoryPracticeStore(), users: new InMemoryUserStore(), clients: new InMemoryClientStore(),
  contacts: new InMemoryContactStore(), audit: new InMemoryAuditLog(), connections: new InMemoryConnectionStore(),
  links: new InMemoryAppLinkStore(), runs: new InMemorySyncRunStore(),
}));
