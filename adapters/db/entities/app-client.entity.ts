import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A client as a connected app has it (domain/sync/app-client.ts); one row per practice, app and app id. */
export const AppClientRow = defineEntity({
  name: 'AppClientRow',
  tableName: 'app_client',
  /** The import list reads a practice's app in name order, a page at a time. */
  indexes: [{ properties: ['practiceId', 'provider', 'nameKey', 'externalId'] }],
  properties: (p) => ({
    practiceId: p.text().primary(),
    provider: p.text().primary(),
    externalId: p.text().primary(),
    name: p.text(),
    /** The name as normaliseName reads it, like client.name_key: the list's order and an exact-name join. */
    nameKey: p.text(),
    /** The name as matching reads it ("Ltd" for "Limited", "and" for "&"): a search for "Acme Limited" finds "Acme Ltd". */
    matchKey: p.text(),
    email: p.text().nullable(),
    vatNumber: p.text().nullable(),
    companyNumber: p.text().nullable(),
    reference: p.text().nullable(),
    updatedAt: p.datetime().columnType('timestamptz'),
    firstSeenAt: p.datetime().columnType('timestamptz'),
    deletedAt: p.datetime().columnType('timestamptz').nullable(),
    hiddenAt: p.datetime().columnType('timestamptz').nullable(),
  }),
});
export type AppClientRow = InferEntity<typeof AppClientRow>;

/** "Not the same": an app's record and one of our clients a person said differ, never suggested again. */
export const AppMatchRejectionRow = defineEntity({
  name: 'AppMatchRejectionRow',
  tableName: 'app_match_rejection',
  properties: (p) => ({
    practiceId: p.text().primary(),
    provider: p.text().primary(),
    externalId: p.text().primary(),
    clientId: p.text().primary(),
    rejectedAt: p.datetime().columnType('timestamptz'),
  }),
});
export type AppMatchRejectionRow = InferEntity<typeof AppMatchRejectionRow>;
