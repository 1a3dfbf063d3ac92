import type { AuditedBy } from '../domain/practice/audit.js';
import type { Practice } from '../domain/practice/practice.js';
import type { User } from '../domain/practice/user.js';
import type { CommandContext } from './commands/command.js';

/** Who is acting from chat: the same pair the chat core hands every command. */
export type Actor = { readonly practice: Practice; readonly user: User };

/** How the audit log names whoever ran a command: by name, from the chat the request came through. */
export const auditedBy = (ctx: Pick<CommandContext, 'user' | 'request'>): AuditedBy =>
  ({ actor: ctx.user.displayName, chat: ctx.request.identity.platform });
