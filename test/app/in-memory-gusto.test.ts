import { gustoPortsContract } from '../contracts/gusto-ports.contract.js';
import { InMemoryConnectionLock, InMemoryOAuthNonces, InMemoryPracticeFlags, InMemoryWebhookReceipts } from '../fakes/in-memory-gusto.js';

gustoPortsContract('in-memory', async () => ({
  nonces: new InMemoryOAuthNonces(), flags: new InMemoryPracticeFlags(), receipts: new InMemoryWebhookReceipts(), lock: new InMemoryConnectionLock(),
}));
