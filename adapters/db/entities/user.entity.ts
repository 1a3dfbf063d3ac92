import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const UserRow = defineEntity({
  name: 'UserRow',
  tableName: 'app_user',
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text().index(),
    displayName: p.text(),
    role: p.text(),
    createdAt: p.datetime().columnType('timestamptz'),
  }),
});
export type UserRow = InferEntity<typeof UserRow>;

/** One chat login of a user: a Slack user in a team, a Teams AAD object in a tenant, a shell name. */
export const UserIdentityRow = defineEntity({
  name: 'UserIdentityRow',
  tableName: 'user_identity',
  properties: (p) => ({
    platform: p.text().primary(),
    workspaceId: p.text().primary(),
    chatUserId: p.text().primary(),
    practiceId: p.text(),
    userId: p.text().index(),
  }),
});
export type UserIdentityRow = InferEntity<typeof UserIdentityRow>;
