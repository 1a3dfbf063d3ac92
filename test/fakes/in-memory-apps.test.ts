import { appPortsContract } from '../contracts/app-ports.contract.js';
import { InMemoryConnectionLock, InMemoryOAuthNonces, InMemoryPracticeFlags, InMemoryWebhookReceipts } from './in-memory-apps.js';

appPortsContract('in-memory', async () => ({
  nonces: new InMemoryOAuthNonces(), flags: new InMemoryPracticeFlags(), receipts: new InMemoryWebhookReceipts(), lock: new InMemoryConnectionLock(),
}));
