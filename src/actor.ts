import type { AuditEvent } from '../domain/practice/audit.js';

/** Who is acting, as the audit log records it. */
export type Actor = { readonly name: string; readonly chat: AuditEvent['chat'] };
