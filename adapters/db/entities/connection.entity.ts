import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { SyncCounts } from '../../../domain/practice/connection.js';
import type { FieldConflict, PendingWrites } from '../../../domain/sync/link-state.js';

export const ConnectionRow = defineEntity({
  name: 'ConnectionRow',
  tableName: 'app_connection',
  uniques: [{ properties: ['practiceId', 'provider', 'externalId'] }],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    provider: p.text(),
    externalId: p.text(),
    label: p.text(),
    status: p.text(),
    /** AES-256-GCM sealed JSON of the token set (see secret-box.ts); never stored in the clear. */
    tokensSealed: p.text(),
    settings: p.json<Record<string, unknown>>(),
    connectedAt: p.datetime().columnType('timestamptz'),
    lastSyncAt: p.datetime().columnType('timestamptz').nullable(),
  }),
});
export type ConnectionRow = InferEntity<typeof ConnectionRow>;

export const AppLinkRow = defineEntity({
  name: 'AppLinkRow',
  tableName: 'app_link',
  indexes: [{ properties: ['practiceId', 'clientId'] }],
  properties: (p) => ({
    practiceId: p.text().primary(),
    provider: p.text().primary(),
    externalId: p.text().primary(),
    clientId: p.text(),
    syncLevel: p.text(),
    /** Field values both sides agreed on at the last sync; null before the first. */
    baseline: p.json<Record<string, unknown>>().nullable(),
    pending: p.json<PendingWrites>().nullable(),
    conflicts: p.json<FieldConflict[]>().nullable(),
  }),
});
export type AppLinkRow = InferEntity<typeof AppLinkRow>;

export const SyncRunRow = defineEntity({
  name: 'SyncRunRow',
  tableName: 'sync_run',
  indexes: [
    { properties: ['practiceId', 'provider', 'startedAt'] },
    // Open runs by the process running them: what the look-out for dead processes' runs reads.
    { name: 'sync_run_open_index', expression: 'create index "sync_run_open_index" on "sync_run" ("owner") where "finished_at" is null' },
  ],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    provider: p.text(),
    trigger: p.text(),
    startedAt: p.datetime().columnType('timestamptz'),
    finishedAt: p.datetime().columnType('timestamptz').nullable(),
    counts: p.json<SyncCounts>(),
    errors: p.json<string[]>(),
    /** The worker (bot process) running it; see adapters/db/worker-presence.ts. */
    owner: p.text().nullable(),
    /** Closed because its worker died mid-run, not because it finished. */
    interrupted: p.boolean().default(false),
  }),
});
export type SyncRunRow = InferEntity<typeof SyncRunRow>;
