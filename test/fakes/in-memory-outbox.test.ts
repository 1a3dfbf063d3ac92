import { outboxStoreContract } from '../contracts/outbox-store.contract.js';
import { InMemoryOutboxStore } from './in-memory-outbox.js';

outboxStoreContract('the in-memory fake', async () => new InMemoryOutboxStore());
