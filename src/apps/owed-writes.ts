/**
 * Two-way writes to an app go through the outbox: what a link owes its app (domain/sync/link-sync.ts
 * owedChanges) becomes one 'client' write, keyed by the app, our client and the change set. The
 * link's pending state is saved first; recording the write comes after, and a crash in between is
 * healed by the next sync, which records the same key again (still one row).
 */
import { createHash } from 'node:crypto';
import type { WriteRequest } from '../../domain/outbox/entry.js';
import type { Client } from '../../domain/practice/client.js';
import type { AppLink } from '../../domain/practice/connection.js';
import { owedChanges } from '../../domain/sync/link-sync.js';
import { meaningText, storedValue } from '../../domain/sync/values.js';

/** Where the shared sync and conflict resolution record writes: the outbox, then a wake of its drain. */
export type WriteQueue = {
  /** Records the write unless one with its key is already there. */
  record(request: WriteRequest): Promise<void>;
  /** Asks for a drain soon: once after a batch of records, not per record. */
  wake(): Promise<void>;
};

/** What a 'client' write carries: the app's record (null when there is none yet), our reference, and the values it must show. */
export type ClientWritePayload = {
  readonly externalId: string | null;
  readonly reference: string;
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
};

/** A short name for a set of values that stays the same for the same values, so re-recording keeps one row. */
const changeSetId = (values: Readonly<Record<string, unknown>>): string =>
  createHash('sha256').update(meaningText(values)).digest('hex').slice(0, 16);

/** The write a link owes its app, or null when it owes none. */
export const owedClientWrite = (link: AppLink, client: Pick<Client, 'id' | 'name'>): WriteRequest | null => {
  const owed = owedChanges(link);
  if (!owed.length) return null;
  const values = Object.fromEntries(owed.map((c) => [c.field, storedValue(c.to)]));
  const payload: ClientWritePayload = { externalId: link.externalId, reference: client.id, name: client.name, values };
  return { practiceId: link.practiceId, app: link.provider, kind: 'client', sourceId: client.id, period: changeSetId(values), payload };
};

/** Records what the link owes, if anything; true when a write was recorded. */
export const recordOwedWrite = async (queue: WriteQueue | undefined, link: AppLink, client: Pick<Client, 'id' | 'name'>): Promise<boolean> => {
  const write = queue && owedClientWrite(link, client);
  if (!write) return false;
  await queue.record(write);
  return true;
};
