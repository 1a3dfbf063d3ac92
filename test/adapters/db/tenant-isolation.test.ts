import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { MikroOrmAppClientStore } from '../../../adapters/db/app-client-store.js';
import { MikroOrmAppLinkStore } from '../../../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../../../adapters/db/audit-log.js';
import { MikroOrmBillingScheduleStore } from '../../../adapters/db/billing-schedule-store.js';
import { MikroOrmDeliveryLedger, MikroOrmNotificationOutbox, MikroOrmNotificationRouteStore } from '../../../adapters/db/chat-stores.js';
import { MikroOrmClientStore } from '../../../adapters/db/client-store.js';
import { MikroOrmConnectionStore } from '../../../adapters/db/connection-store.js';
import { MikroOrmContactStore } from '../../../adapters/db/contact-store.js';
import { MikroOrmOAuthNonces, MikroOrmPracticeFlags, MikroOrmWebhookReceipts } from '../../../adapters/db/app-stores.js';
import { MikroOrmInvoiceStore } from '../../../adapters/db/invoice-store.js';
import { MikroOrmJobStore } from '../../../adapters/db/job-store.js';
import { MikroOrmAppDirectory, MikroOrmUserAppLinkStore } from '../../../adapters/db/app-directory-store.js';
import { MikroOrmChatThreadStore } from '../../../adapters/db/chat-thread-store.js';
import { MikroOrmOutboxStore } from '../../../adapters/db/outbox-store.js';
import { MikroOrmProposalStore } from '../../../adapters/db/proposal-store.js';
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import { MikroOrmServiceStore, MikroOrmTemplateStore } from '../../../adapters/db/service-store.js';
import { MikroOrmSmartBillingStore } from '../../../adapters/db/smart-billing-store.js';
import { MikroOrmSyncRunStore } from '../../../adapters/db/sync-run-store.js';
import { MikroOrmUserStore } from '../../../adapters/db/user-store.js';
import { tenantIsolationContract } from '../../contracts/tenant-isolation.contract.js';
import { databaseKind, openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); }, 120_000);
afterAll(async () => { await db?.close(); });

const box = createSecretBox(randomBytes(32));
const tables = [
  'app_user', 'user_identity', 'client', 'contact', 'audit_event', 'app_connection', 'app_link', 'sync_run', 'service', 'proposal',
  'proposal_link', 'proposal_template', 'billing_schedule', 'smart_billing_setting', 'oauth_nonce', 'practice_flag', 'webhook_receipt',
  'notification_route', 'notification_outbox', 'chat_delivery', 'app_outbox', 'invoice', 'invoice_line', 'invoice_sequence',
  'app_client', 'app_match_rejection', 'job_deployment', 'app_directory_entry', 'app_directory_import', 'user_app_link',
  'chat_thread', 'chat_thread_home',
];

tenantIsolationContract(`the MikroORM stores on ${databaseKind()} PostgreSQL`, async () => {
  await db.orm.em.getConnection().execute(`truncate ${tables.join(', ')}`);
  const em = db.em();
  return {
    users: new MikroOrmUserStore(em), clients: new MikroOrmClientStore(em), contacts: new MikroOrmContactStore(em), audit: new MikroOrmAuditLog(em),
    connections: new MikroOrmConnectionStore(em, box), links: new MikroOrmAppLinkStore(em), runs: new MikroOrmSyncRunStore(em),
    services: new MikroOrmServiceStore(em), proposals: new MikroOrmProposalStore(em), templates: new MikroOrmTemplateStore(em),
    schedules: new MikroOrmBillingScheduleStore(em), smartBillings: new MikroOrmSmartBillingStore(em),
    nonces: new MikroOrmOAuthNonces(em), flags: new MikroOrmPracticeFlags(em), receipts: new MikroOrmWebhookReceipts(em),
    routes: new MikroOrmNotificationRouteStore(em), outbox: new MikroOrmNotificationOutbox(em), ledger: new MikroOrmDeliveryLedger(em),
    writes: new MikroOrmOutboxStore(em), invoices: new MikroOrmInvoiceStore(em), appClients: new MikroOrmAppClientStore(em),
    jobs: new MikroOrmJobStore(em), directory: new MikroOrmAppDirectory(em), userLinks: new MikroOrmUserAppLinkStore(em),
    threads: new MikroOrmChatThreadStore(em),
  };
});
