import { tenantIsolationContract } from '../contracts/tenant-isolation.contract.js';
import { InMemoryAppClientStore } from './in-memory-app-clients.js';
import { InMemoryDeliveryLedger, InMemoryNotificationOutbox, InMemoryNotificationRouteStore } from './in-memory-chat.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemoryContactStore, InMemorySyncRunStore } from './in-memory-clients.js';
import { InMemoryOAuthNonces, InMemoryPracticeFlags, InMemoryWebhookReceipts } from './in-memory-apps.js';
import { InMemoryInvoiceStore } from './in-memory-invoices.js';
import { InMemoryJobStore } from './in-memory-jobs.js';
import { InMemoryAppDirectory, InMemoryUserAppLinkStore } from './in-memory-app-directory.js';
import { InMemoryChatThreadStore } from './in-memory-chat-threads.js';
import { InMemoryOutboxStore } from './in-memory-outbox.js';
import { InMemoryAuditLog, InMemoryUserStore } from './in-memory-practice.js';
import {
  InMemoryBillingScheduleStore, InMemoryProposalStore, InMemoryServiceStore, InMemorySmartBillingStore, InMemoryTemplateStore,
} from './in-memory-proposals.js';

tenantIsolationContract('the in-memory fakes', async () => {
  const clients = new InMemoryClientStore();
  const links = new InMemoryAppLinkStore(clients);
  return {
    users: new InMemoryUserStore(), clients, contacts: new InMemoryContactStore(), audit: new InMemoryAuditLog(),
    connections: new InMemoryConnectionStore(), links, runs: new InMemorySyncRunStore(),
    services: new InMemoryServiceStore(), proposals: new InMemoryProposalStore(), templates: new InMemoryTemplateStore(),
    schedules: new InMemoryBillingScheduleStore(), smartBillings: new InMemorySmartBillingStore(),
    nonces: new InMemoryOAuthNonces(), flags: new InMemoryPracticeFlags(), receipts: new InMemoryWebhookReceipts(),
    routes: new InMemoryNotificationRouteStore(), outbox: new InMemoryNotificationOutbox(), ledger: new InMemoryDeliveryLedger(),
    writes: new InMemoryOutboxStore(), invoices: new InMemoryInvoiceStore(), appClients: new InMemoryAppClientStore(links),
    jobs: new InMemoryJobStore(), directory: new InMemoryAppDirectory(), userLinks: new InMemoryUserAppLinkStore(), threads: new InMemoryChatThreadStore(),
  };
});
