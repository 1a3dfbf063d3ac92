import { directoryOf } from '../../src/commands/core.js';
import { linkSyncStateContract } from '../contracts/link-sync-state.contract.js';
import { practiceStoresContract } from '../contracts/practice-stores.contract.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemoryContactStore, InMemorySyncRunStore } from './in-memory-clients.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from './in-memory-practice.js';

practiceStoresContract('the in-memory fakes', async () => {
  const practices = new InMemoryPracticeStore();
  const users = new InMemoryUserStore();
  const clients = new InMemoryClientStore();
  return {
    practices, users, directory: directoryOf(practices, users), clients,
    contacts: new InMemoryContactStore(), audit: new InMemoryAuditLog(), connections: new InMemoryConnectionStore(),
    links: new InMemoryAppLinkStore(clients), runs: new InMemorySyncRunStore(),
  };
});

linkSyncStateContract('the in-memory fakes', async () => {
  const clients = new InMemoryClientStore();
  return { clients, links: new InMemoryAppLinkStore(clients) };
});
