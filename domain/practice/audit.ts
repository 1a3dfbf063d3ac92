import type { PracticeId } from '../shared/ids.js';
import type { ChatPlatform } from './user.js';

/** One line of the audit log: who did what, when, and from which chat. */
export type AuditEvent = {
  readonly practiceId: PracticeId;
  readonly at: Date;
  /** The practice user's display name, or a system actor such as "gusto sync" or "client (web)". */
  readonly actor: string;
  readonly chat: ChatPlatform | 'web' | 'system';
  /** Dotted verb, e.g. client.created, practice.updated, client.overwritten. */
  readonly action: string;
  readonly subject?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
};

/** The "who" of an audit line: the actor's name and the chat they acted from. */
export type AuditedBy = Pick<AuditEvent, 'actor' | 'chat'>;
