import { appClientStoreContract } from '../contracts/app-client-store.contract.js';
import { InMemoryAppClientStore } from './in-memory-app-clients.js';
import { InMemoryAppLinkStore } from './in-memory-clients.js';

appClientStoreContract('the in-memory fake', async () => {
  const links = new InMemoryAppLinkStore();
  return { appClients: new InMemoryAppClientStore(links), links };
});
