import type { PracticeId, UserId } from '../shared/ids.js';

export type Role = 'admin' | 'staff';
export type ChatPlatform = 'slack' | 'teams' | 'shell';

/** Who someone is on a chat platform: Slack team + user id, Teams tenant + AAD object id, or a shell login. */
export type ChatIdentity = {
  readonly platform: ChatPlatform;
  readonly workspaceId: string;
  readonly userId: string;
};

export type User = {
  readonly id: UserId;
  readonly practiceId: PracticeId;
  readonly displayName: string;
  readonly role: Role;
  readonly identities: readonly ChatIdentity[];
  readonly createdAt: Date;
};

export const isAdmin = (user: User): boolean => user.role === 'admin';
