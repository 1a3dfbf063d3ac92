import { AuditEventRow } from './entities/audit.entity.js';
import { ClientRow, ContactRow } from './entities/client.entity.js';
import { AppLinkRow, ConnectionRow, SyncRunRow } from './entities/connection.entity.js';
import { PracticeRow, WorkspaceRow } from './entities/practice.entity.js';
import { UserIdentityRow, UserRow } from './entities/user.entity.js';
import { ProposalLinkRow, ProposalRow, ProposalTemplateRow, ServiceRow } from './entities/proposal.entity.js';
import { BillingScheduleRow } from './entities/billing-schedule.entity.js';
import { ConnectionLeaseRow, OAuthNonceRow, PracticeFlagRow, WebhookReceiptRow } from './entities/app.entity.js';
import { SmartBillingRow } from './entities/smart-billing.entity.js';
import { OutboxRow } from './entities/outbox.entity.js';
import { InvoiceLineRow, InvoiceRow, InvoiceSequenceRow } from './entities/invoice.entity.js';
import { AppClientRow, AppMatchRejectionRow } from './entities/app-client.entity.js';
import { JobDeploymentRow } from './entities/job.entity.js';
import { AppDirectoryEntryRow, AppDirectoryImportRow, UserAppLinkRow } from './entities/app-directory.entity.js';
import { ChatDeliveryRow, NotificationOutboxRow, NotificationRouteRow } from './entities/chat.entity.js';
import { ChatThreadHomeRow, ChatThreadRow } from './entities/chat-thread.entity.js';

/** Every entity the ORM maps. Each area appends its rows here. */
export const entities = [
  PracticeRow, WorkspaceRow, UserRow, UserIdentityRow, ClientRow, ContactRow, AuditEventRow,
  ConnectionRow, AppLinkRow, SyncRunRow,
  ServiceRow, ProposalRow, ProposalLinkRow, ProposalTemplateRow, BillingScheduleRow,
  ConnectionLeaseRow, OAuthNonceRow, PracticeFlagRow, WebhookReceiptRow,
  ChatDeliveryRow, NotificationRouteRow, NotificationOutboxRow, ChatThreadRow, ChatThreadHomeRow,
  SmartBillingRow,
  OutboxRow,
  InvoiceRow, InvoiceLineRow, InvoiceSequenceRow,
  AppClientRow, AppMatchRejectionRow,
  JobDeploymentRow,
  AppDirectoryEntryRow, AppDirectoryImportRow, UserAppLinkRow,
];
