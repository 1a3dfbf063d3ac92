import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** One staff member or job template an app has (domain/apps/directory.ts), as last imported. */
export const AppDirectoryEntryRow = defineEntity({
  name: 'AppDirectoryEntryRow',
  tableName: 'app_directory_entry',
  properties: (p) => ({
    practiceId: p.text().primary(),
    app: p.text().primary(),
    kind: p.text().primary(),
    externalId: p.text().primary(),
    name: p.text(),
    email: p.text().nullable(),
  }),
});
export type AppDirectoryEntryRow = InferEntity<typeof AppDirectoryEntryRow>;

/** When a practice's list of one kind was last imported: an empty list imported is still imported. */
export const AppDirectoryImportRow = defineEntity({
  name: 'AppDirectoryImportRow',
  tableName: 'app_directory_import',
  properties: (p) => ({
    practiceId: p.text().primary(),
    app: p.text().primary(),
    kind: p.text().primary(),
    importedAt: p.datetime().columnType('timestamptz'),
  }),
});
export type AppDirectoryImportRow = InferEntity<typeof AppDirectoryImportRow>;

/** A user here linked to an app's staff member: one per user and app, one user per staff member. */
export const UserAppLinkRow = defineEntity({
  name: 'UserAppLinkRow',
  tableName: 'user_app_link',
  uniques: [{ properties: ['practiceId', 'app', 'externalId'] }],
  properties: (p) => ({
    practiceId: p.text().primary(),
    userId: p.text().primary(),
    app: p.text().primary(),
    externalId: p.text(),
    name: p.text(),
    linkedAt: p.datetime().columnType('timestamptz'),
  }),
});
export type UserAppLinkRow = InferEntity<typeof UserAppLinkRow>;
