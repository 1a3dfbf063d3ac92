import { AuditEventRow } from './entities/audit.entity.js';
import { ClientRow, ContactRow } from './entities/client.entity.js';
import { AppLinkRow, ConnectionRow, SyncRunRow } from './entities/connection.entity.js';
import { PracticeRow, WorkspaceRow } from './entities/practice.entity.js';
import { UserIdentityRow, UserRow } from './entities/user.entity.js';

/** Every entity the ORM maps. Each area appends its rows here. */
export const entities = [
  PracticeRow, WorkspaceRow, UserRow, UserIdentityRow, ClientRow, ContactRow, AuditEventRow,
  ConnectionRow, AppLinkRow, SyncRunRow,
];
